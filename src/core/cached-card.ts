// An entry of the card cache of big decks (adapters/card-cache.ts): one card's check (card-check.ts)
// and the YAML diagnostics of its text, with the line the card started on when it was checked, so
// the entry still fits (shifted) when lines above the card are added or removed. A valid card is
// kept as a StoredCard: what the deck-wide rules read of it (RuleCard) and what its head in the
// deck cache holds besides; its body (the rest of the card, as the deck cache keeps it) is kept
// beside the entries as bytes (adapters/card-store.ts), copied into the new deck-cache entry
// without being parsed.
// Entries are signed, and checked here before use like deck-cache entries (cached-lint.ts): the
// check covers every field the deck-wide rules read, and that an entry with an error holds no card.
// A body is checked when a command makes its card whole (cached-lint.ts fullCard). Pure.
import type { CardCheck } from './card-check.js';
import type { PlacedFinding } from './validate-items.js';
import { isDiagnostic, splitCard } from './cached-lint.js';
import { ITEM_CODES, ruleCard, type RuleCard } from './item-lint.js';
import { CARD_TYPES, type Card, type CardHead, type Diagnostic } from './model.js';

/** What the card cache keeps of a valid card besides its body: its RuleCard, with the rest of its
 *  head in the deck cache (its tags of its own only, see ownHead, and its answer hash). One object,
 *  not a RuleCard and a head: ~10% less to read and parse per re-lint. */
export interface StoredCard extends RuleCard {
  tags: string[];
  hash: string;
}

/** A valid card as a re-lint uses it: its StoredCard and its body's JSON text, or that text's UTF-8
 *  bytes as the card cache holds them. */
export interface CachedCard {
  card: StoredCard;
  body: string | Uint8Array;
}

/** The card's head in the deck cache (what splitCard and ownHead give), a new object. */
export function headOf(card: StoredCard): CardHead {
  return { id: card.id, type: card.type, tags: card.tags, hash: card.hash };
}

/** A card check and its YAML diagnostics as they were when the card started on line `base`.
 *  File names in them are the file's at the time: the reader replaces them. An empty list may be
 *  left out (compactEntry), as it is in the cache: most cards have no diagnostics, findings or YAML
 *  diagnostics, and those three empty arrays were a quarter of the objects a re-lint of the
 *  10,000-card bench deck parsed. They are read as they are stored, never filled in: adding them
 *  to 10,000 parsed entries grew each entry's objects, ~1,600 pages of fresh memory per re-lint. */
export interface CardEntry {
  base: number;
  check: Omit<CardCheck<StoredCard>, 'diagnostics' | 'findings'> & { diagnostics?: Array<Omit<Diagnostic, 'file'>>; findings?: PlacedFinding[] };
  yaml?: Array<Omit<Diagnostic, 'file'>>;
}

/**
 * The card as the card cache and the deck cache keep it: its RuleCard, its head with only its own
 * tags (`deckTags`, the deck's tag list, is kept once per deck), and its body's JSON text. Made
 * the same way as a deck-cache entry's cards (adapters/deck-entry.ts entryOf), so a re-lint's entry
 * is the one a lint of the whole text writes.
 */
export function cachedCard(card: Card, deckTags: readonly string[], deckTagSet: ReadonlySet<string>): CachedCard {
  const { head, body } = splitCard(card);
  const r = ruleCard(card);
  // Every key in one order for every card, an absent fact undefined (JSON leaves it out, as it
  // leaves out an absent key: the same text). Of a spread of RuleCards of a few shapes, reading a
  // fact a card lacks missed V8's caches: ~5 us a read, 50 ms over the bench deck's 10,000 cards.
  const stored: StoredCard = { id: r.id, type: r.type, pos: r.pos, stem: r.stem, lint: r.lint, options: r.options, keyLongest: r.keyLongest, answer: r.answer, tags: ownHead(head, deckTags, deckTagSet).tags, hash: head.hash ?? '' };
  return { card: stored, body };
}

/** `head` with the deck's tags left out (in place): a card without tags of its own shares the deck's array. */
export function ownHead(head: CardHead, deckTags: readonly string[], deckTagSet: ReadonlySet<string>): CardHead {
  head.tags = head.tags === deckTags ? [] : head.tags.filter((t) => !deckTagSet.has(t));
  return head;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isPos = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isPlace = (v: unknown): v is Obj => isObj(v) && isPos(v.line) && isPos(v.col);
const codes = new Set<string>(ITEM_CODES);
const types = new Set<string>(CARD_TYPES);

function isRuleCard(v: unknown): v is RuleCard & Obj {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.type) || !types.has(v.type) || !isPlace(v.pos) || !isStr(v.stem)) return false;
  if (v.lint !== undefined && !(isObj(v.lint) && isStr(v.lint.why) && Array.isArray(v.lint.ignore) && v.lint.ignore.every(isStr))) return false;
  if (v.options !== undefined && !(v.type === 'choice' && Number.isSafeInteger(v.options) && (v.options as number) >= 2 && typeof v.keyLongest === 'boolean')) return false;
  if (v.options === undefined && v.keyLongest !== undefined) return false;
  return v.answer === undefined ? v.type !== 'truefalse' : v.type === 'truefalse' && typeof v.answer === 'boolean';
}

/** A stored card: a RuleCard with a head's tags and answer hash, naming the card of the check's id. */
function isStoredCard(v: unknown, id: unknown): v is StoredCard {
  return isRuleCard(v) && Array.isArray(v.tags) && v.tags.every(isStr) && isStr(v.hash) && isObj(id) && id.id === v.id;
}

function isFinding(v: unknown): boolean {
  return isPlace(v) && isStr(v.code) && codes.has(v.code) && isStr(v.message);
}

export function isCardEntry(v: unknown): v is CardEntry {
  if (!isObj(v) || !Number.isSafeInteger(v.base) || (v.base as number) < 1 || !isList(v.yaml, isDiagnostic) || !isObj(v.check)) return false;
  const c = v.check;
  if (!isList(c.diagnostics, isDiagnostic) || !isList(c.findings, isFinding)) return false;
  if (c.index !== undefined && !isPos(c.index)) return false;
  if (c.id !== undefined && !(isPlace(c.id) && isStr(c.id.id))) return false;
  if (c.waiver !== undefined) {
    const w = c.waiver;
    if (c.id === undefined || !isObj(w) || !isPlace(w.at) || !isObj(w.waiver) || !isStr(w.waiver.why)) return false;
    if (!Array.isArray(w.waiver.ignore) || !w.waiver.ignore.every(isStr)) return false;
  }
  const isError = (d: unknown) => (d as Obj).severity === 'error';
  const errors = (v.yaml as unknown[] | undefined)?.some(isError) || (c.diagnostics as unknown[] | undefined)?.some(isError);
  if (c.card === undefined) return c.findings === undefined || (c.findings as unknown[]).length === 0;
  return !errors && isStoredCard(c.card, c.id);
}

/** A list left out (empty), or a list of items that pass `item`. */
const isList = (v: unknown, item: (x: unknown) => boolean): boolean => v === undefined || (Array.isArray(v) && v.every(item));

/** The list put back for one left out: one frozen array for all. Nothing adds to a cached entry's
 *  lists; were anything to, it would throw rather than change every entry. */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/** The entry with its lines moved by `by` (a copy, unless there is nothing to move). */
export function shiftEntry(entry: CardEntry, by: number): CardEntry {
  if (by === 0) return entry;
  const at = <T extends { line: number }>(p: T): T => ({ ...p, line: p.line + by });
  const { check } = entry;
  return {
    base: entry.base + by,
    check: {
      ...check,
      ...(check.diagnostics ? { diagnostics: check.diagnostics.map(at) } : {}),
      ...(check.findings ? { findings: check.findings.map(at) } : {}),
      ...(check.id ? { id: at(check.id) } : {}),
      ...(check.waiver ? { waiver: { ...check.waiver, at: at(check.waiver.at) } } : {}),
      ...(check.card ? { card: { ...check.card, pos: at(check.card.pos) } } : {}),
    },
    ...(entry.yaml ? { yaml: entry.yaml.map(at) } : {}),
  };
}

/**
 * A card body's JSON text (splitCard's) with its card's line moved by `by`, or undefined when it is
 * not a card body with a position. Key order is kept, so the text is what splitCard gives for the
 * card at its new place.
 */
export function shiftBody(body: string, by: number): string | undefined {
  if (by === 0) return body;
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObj(v) || !isPlace(v.pos)) return undefined;
  v.pos = { ...v.pos, line: (v.pos.line as number) + by };
  return JSON.stringify(v);
}

/** The entry as the cache stores it: empty lists left out. */
export function compactEntry(entry: CardEntry): unknown {
  const { diagnostics, findings, ...rest } = entry.check;
  return {
    base: entry.base,
    check: { ...rest, ...(diagnostics && diagnostics.length > 0 ? { diagnostics } : {}), ...(findings && findings.length > 0 ? { findings } : {}) },
    ...(entry.yaml && entry.yaml.length > 0 ? { yaml: entry.yaml } : {}),
  };
}
