// A deck-cache entry's bytes (deck-cache.ts signs and stores them): the lint result as JSON with card
// heads (core/cached-lint.ts) and where each card's body ends, a newline, then the bodies as JSON
// texts one after another. Kept apart from deck-cache.ts, which does the file work, so that the lint
// worker (lint-worker.ts) can encode the entry where the lint ran and hand over only its bytes: a
// structured clone of the whole linted deck cost ~300 ms of a cold lint of the 10,000-card bench
// deck (~140 ms to serialise in the worker, ~170 ms to rebuild on the main thread).
import { isCachedLint, splitCard, type CachedDeck, type CachedLint } from '../core/cached-lint.js';
import { headOf, ownHead, type CachedCard } from '../core/cached-card.js';
import type { CardHead } from '../core/model.js';
import type { LintResult } from './lint-source.js';
import { utf8Pieces } from './utf8-pieces.js';

export type { CachedLint };

/** What an entry keeps: a lint result and, with a deck, each card's body as JSON text, in card order. */
export interface DeckEntry extends CachedLint {
  /** JSON texts, or their UTF-8 bytes (a re-lint copies stored bodies as they are). */
  bodies?: Array<string | Uint8Array>;
  /** The cards' heads as JSON, joined by commas (JSON.stringify of the list without its brackets),
   *  when the lint has made them already (for the card cache's section, delta-section.ts): written
   *  as it is instead of made again. One string, not one per card: held from the lint to the
   *  entry's write, 10,000 small strings were copied by each young collection on the way. */
  headsJson?: string;
}

const byteLength = (b: string | Uint8Array) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length);

/** A decoded entry: the lint result, and card `i`'s body text, decoded from the entry when asked. */
export interface DeckHit extends CachedLint {
  body(i: number): string;
}

/**
 * An entry's bytes (before signing) in one buffer, the bytes writeEntry writes: the head as JSON, a
 * newline, then the bodies. For the lint worker, which hands them over in one transfer; encoded
 * straight into a buffer of the exact size (a buffer per body and their concatenation touched ~3x
 * the entry's size in fresh memory).
 */
export function encodeEntry(entry: DeckEntry): Buffer {
  const { bodies = [], headsJson: _heads, ...lint } = entry;
  let at = 0;
  const bodyEnds = bodies.map((b) => (at += byteLength(b)));
  // JSON.stringify escapes every newline inside strings: the first newline ends the head.
  const head = JSON.stringify(lint.deck ? { ...lint, bodyEnds } : lint);
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + 1 + at);
  out.write(head, 0);
  out[headBytes] = 0x0a;
  let pos = headBytes + 1;
  for (const b of bodies) {
    if (typeof b === 'string') pos += out.write(b, pos);
    else pos += (out.set(b, pos), b.length);
  }
  return out;
}

/**
 * An entry's bytes (before signing, encodeEntry's), as UTF-8 pieces (utf8-pieces.ts) passed to
 * `write` in order: the head as JSON (what JSON.stringify gives), a newline, then the bodies. Every piece is
 * the same buffer refilled: `write` must be done with it when it returns. Written a piece at a time
 * to the cache file (deck-cache.ts): made whole, the bench deck's head was a 0.9 MB string and the
 * entry a 2.8 MB buffer, ~1,800 pages of fresh memory.
 */
export function writeEntry(entry: DeckEntry, write: (bytes: Uint8Array) => void): void {
  const { bodies = [], headsJson, ...lint } = entry;
  let at = 0;
  const bodyEnds = bodies.map((b) => (at += byteLength(b)));
  const { put, putBytes, flush } = utf8Pieces(write);
  const raw = headsJson !== undefined && lint.deck ? { list: lint.deck.cards, json: headsJson } : undefined;
  // JSON.stringify escapes every newline inside strings: the first newline ends the head.
  putJson(lint.deck ? { ...lint, bodyEnds } : lint, put, 0, raw);
  put('\n');
  for (const b of bodies) typeof b === 'string' ? put(b) : putBytes(b);
  flush();
}

/**
 * JSON.stringify(value) for plain data (objects, arrays, strings, numbers, booleans, null), in
 * pieces: the head and its deck a member at a time, their lists (cards, diagnostics, bodyEnds) an
 * item at a time, each item (a card's head, a diagnostic) whole.
 */
function putJson(value: unknown, put: (s: string) => void, depth: number, raw?: { list: unknown[]; json: string }): void {
  if (value === null || typeof value !== 'object' || depth >= 3 || (depth >= 2 && !Array.isArray(value))) {
    put(JSON.stringify(value));
  } else if (raw && value === raw.list) {
    // The heads' JSON, made already (DeckEntry.headsJson): what JSON.stringify gives for the list.
    put('[');
    put(raw.json);
    put(']');
  } else if (Array.isArray(value)) {
    put('[');
    value.forEach((v, i) => {
      if (i > 0) put(',');
      // As JSON.stringify writes what JSON cannot hold, in a list.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') put('null');
      else putJson(v, put, depth + 1, raw);
    });
    put(']');
  } else {
    put('{');
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      put(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      putJson(v, put, depth + 1, raw);
    }
    put('}');
  }
}

/** The entry in `bytes`, or undefined when its head is not a whole lint result with one body per card. */
export function decodeEntry(bytes: Buffer): DeckHit | undefined {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(bytes.toString('utf8', 0, nl));
  } catch {
    return undefined;
  }
  if (!isCachedLint(head)) return undefined;
  const { bodyEnds, ...lint } = head as CachedLint & { bodyEnds?: unknown };
  const start = nl + 1;
  const size = bytes.length - start;
  const cards = lint.deck?.cards.length;
  if (cards === undefined ? bodyEnds !== undefined || size !== 0 : !(Array.isArray(bodyEnds) && bodyEnds.length === cards && (cards === 0 ? size === 0 : bodyEnds[cards - 1] === size))) return undefined;
  const ends = (bodyEnds ?? []) as unknown[];
  // Each body's offsets are checked when it is read (a start reads a few of 10,000): a body outside
  // the entry, or not in order, reads as '' and fails the card check like any bad body.
  return {
    ...lint,
    body(i) {
      const from = i === 0 ? 0 : ends[i - 1];
      const to = ends[i];
      if (!isOffset(from, size) || !isOffset(to, size) || to < from) return '';
      return bytes.toString('utf8', start + from, start + to);
    },
  };
}

const isOffset = (v: unknown, size: number): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= size;

/** A lint result as the cache keeps it: card heads with their own tags only, bodies apart. */
export function entryOf(result: LintResult): DeckEntry {
  const deckTags = result.deck?.tags ?? [];
  const deckTagSet = new Set(deckTags);
  return entryFrom(result, (card) => {
    const { head, body } = splitCard(card);
    // Deck-level tags are kept once per deck: each card is stored with only its own tags.
    return { head: ownHead(head, deckTags, deckTagSet), body };
  });
}

/** entryOf for a lint whose cards are already in the deck cache's form (lint-source.ts lintToEntry). */
export function entryOfCached(result: LintResult<CachedCard>): DeckEntry {
  return entryFrom(result, (cached) => ({ head: headOf(cached.card), body: cached.body }));
}

function entryFrom<C>(result: LintResult<C>, split: (card: C) => { head: CardHead; body: string | Uint8Array }): DeckEntry {
  let deck: CachedDeck | null = null;
  let bodies: Array<string | Uint8Array> | undefined;
  if (result.deck) {
    const { source: _source, cards, ...rest } = result.deck;
    const heads: CachedDeck['cards'] = [];
    bodies = [];
    for (const card of cards) {
      const { head, body } = split(card);
      heads.push(head);
      bodies.push(body);
    }
    deck = { ...rest, cards: heads };
  }
  return {
    deck,
    ...(bodies ? { bodies } : {}),
    diagnostics: result.diagnostics.map(({ file: _file, ...d }) => d),
    ...(result.waivers.length > 0 ? { waivers: result.waivers.map(({ file: _file, ...w }) => w) } : {}),
    ...(result.header ? { header: { id: result.header.id, line: result.header.line, col: result.header.col } } : {}),
  };
}

/** An entry made in this process (entryOfCached, whose heads are objects of its own), read as a
 *  hit is (decodeEntry): the reader may change its heads (load-decks.ts gives them their deck's
 *  tags) once the entry is stored. */
export function hitOf(entry: DeckEntry): DeckHit {
  const { bodies = [], headsJson: _heads, ...lint } = entry;
  return {
    ...lint,
    body(i) {
      const b = bodies[i] ?? '';
      return typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
    },
  };
}
