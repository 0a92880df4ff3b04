// The shape of a deck-cache entry (adapters/deck-cache.ts), checked before an entry is used.
// Entries are signed, so a failed check means an entry from another build of the same version or a
// bug, not an attack; either way it is a miss. The check covers what later code relies on without
// looking (types of every field read, positions, the diagnostics list), so a bad entry can neither
// crash a command nor hide a lint error. Pure.
//
// A deck's cards are kept in two parts: a head per card (id, type, tags, answer hash:
// what the study queue reads of every card) and the rest of each card as its own JSON text. A
// start parses only the heads; a card's body is parsed, and checked, when the card is used
// (fullCard), so `recall study` of a 10,000-card deck builds the objects of the cards it shows,
// not of all 10,000. The trade: a body that fails its check is found only then, not when the
// entry is read (the loader then lints the deck again, see adapters/load-decks.ts).
import { CARD_TYPES, HEAD_FIELDS, type Card, type CardHead, type Deck, type Diagnostic } from './model.js';
import type { DeckHeader } from './validate.js';
import type { WaiverUse } from './waivers.js';

/** A deck as the cache keeps it: card heads (own tags only), without the file path. */
export type CachedDeck = Omit<Deck, 'source' | 'cards'> & { cards: CardHead[] };

/** A lint result as the deck cache keeps it (each card's body is kept apart: adapters/deck-cache.ts). */
export interface CachedLint {
  deck: CachedDeck | null;
  diagnostics: Array<Omit<Diagnostic, 'file'>>;
  header?: Omit<DeckHeader, 'file'>;
  /** Absent in entries without waivers. */
  waivers?: Array<Omit<WaiverUse, 'file'>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isPos = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const optStr = (v: unknown) => v === undefined || isStr(v);
const types = new Set<string>(CARD_TYPES);

function isOption(v: unknown): boolean {
  return isObj(v) && isStr(v.text) && typeof v.correct === 'boolean' && optStr(v.why);
}

/** A cached head: the answer hash is required, since nothing could compute it from a head alone. */
function isCardHead(v: unknown): boolean {
  return isObj(v) && isStr(v.id) && isStr(v.type) && types.has(v.type) && isStr(v.hash) && (v.tags === undefined || isStrs(v.tags));
}

export function isCard(v: unknown): boolean {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.type) || !types.has(v.type)) return false;
  // Tags may live on the deck only (kept once per deck); when a card has them, they are strings.
  if (v.tags !== undefined && !isStrs(v.tags)) return false;
  if (!optStr(v.explain) || !optStr(v.hint) || !optStr(v.hash)) return false;
  if (v.timeLimit !== undefined && !(typeof v.timeLimit === 'number' && Number.isFinite(v.timeLimit) && v.timeLimit > 0)) return false;
  if (!isObj(v.pos) || !isPos(v.pos.line) || !isPos(v.pos.col)) return false;
  switch (v.type) {
    case 'basic':
      return isStr(v.front) && isStr(v.back) && (v.accept === undefined || isStrs(v.accept));
    case 'choice':
    case 'multi':
      return isStr(v.prompt) && Array.isArray(v.choices) && v.choices.length > 0 && v.choices.every(isOption);
    case 'truefalse':
      return isStr(v.statement) && typeof v.answer === 'boolean';
    case 'typed':
      return isStr(v.prompt) && isStr(v.answer) && isStrs(v.accept);
    case 'cloze':
      return isStr(v.text) && Array.isArray(v.blanks) && v.blanks.every((b) => isStrs(b) && b.length > 0);
    case 'order':
      return isStr(v.prompt) && isStrs(v.items) && v.items.length > 0;
    default:
      return false;
  }
}

export function isDiagnostic(v: unknown): boolean {
  return isObj(v) && isPos(v.line) && isPos(v.col) && (v.severity === 'error' || v.severity === 'warning') && isStr(v.code) && isStr(v.message);
}

function isWaiver(v: unknown): boolean {
  return isObj(v) && isPos(v.line) && isPos(v.col) && optStr(v.deck) && optStr(v.card) && isStrs(v.ignore) && isStr(v.why) && isStrs(v.suppressed);
}

function isDeck(v: unknown): boolean {
  return isObj(v) && isStr(v.id) && isStr(v.title) && optStr(v.description) && isStrs(v.tags) && Array.isArray(v.cards) && v.cards.every(isCardHead);
}

/**
 * True when `v` is a whole, consistent lint result: a deck comes only with no error diagnostics
 * (a deck with errors is never used), and a result without a deck has at least one error (an entry
 * claiming a broken deck is clean would make lint pass). Card bodies are checked when they are
 * used (fullCard).
 */
export function isCachedLint(v: unknown): v is CachedLint {
  if (!isObj(v) || !Array.isArray(v.diagnostics) || !v.diagnostics.every(isDiagnostic)) return false;
  if (v.waivers !== undefined && !(Array.isArray(v.waivers) && v.waivers.every(isWaiver))) return false;
  if (v.header !== undefined && !(isObj(v.header) && isStr(v.header.id) && isPos(v.header.line) && isPos(v.header.col))) return false;
  const errors = (v.diagnostics as Obj[]).some((d) => d.severity === 'error');
  if (v.deck === null) return errors;
  return !errors && isDeck(v.deck);
}

/** A card split for the cache: its head and its body's JSON text (the card without its head fields). */
export function splitCard(card: Card): { head: CardHead; body: string } {
  const { id, type, tags, hash, ...body } = card;
  return { head: { id, type, tags, ...(hash !== undefined ? { hash } : {}) }, body: JSON.stringify(body) };
}

/**
 * The whole card from a cached head and its body text: a new object, or undefined when the body is
 * not JSON, holds a head field, or the card it makes fails the card check.
 */
export function fullCard(head: CardHead, bodyText: string): Card | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (!isObj(body) || HEAD_FIELDS.some((f) => f in body)) return undefined;
  const card: unknown = { ...head, ...body };
  return isCard(card) ? (card as Card) : undefined;
}
