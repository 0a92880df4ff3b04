// What the card cache of a big deck holds (card-cache.ts signs and stores it; lint-source.ts reads
// and writes it): the checks of every card of the deck's last lint, the text of that lint, and the
// body of each valid card, as the deck cache keeps it:
//
//   {"context":"<what the checks depend on>","text":<bytes>,"cards":[[start,end,entry,bodyStart,bodyEnd],...]}\n<deck text><bodies>
//
// All places are UTF-8 byte offsets: `start`/`end` place a card's text in the deck text (`text`
// bytes after the first line), `bodyStart`/`bodyEnd` its body's JSON text (a valid card only) in the
// bodies after it. Only the
// first line is decoded and parsed. A card of the new text is found by where it is: the new text's
// bytes are compared with the old text's from the start and from the end (a few memcmp calls), and a
// card that lies in the common start, or the common end, is the stored card at the same place
// (moved by the length change, for the end). Its text is then the stored card's, byte for byte.
// Cards in between (the edit) are checked again. Until this layout, each card's text was looked up
// in a Map of the old text's cards: the whole old text decoded and 10,000 keys hashed per re-lint.
// A card cut and pasted elsewhere is now checked again; it used to be found.
// An entry holds what the deck-wide rules read of its card (core/cached-card.ts StoredCard), not
// the whole card, and the body goes into the re-lint's deck-cache entry as the bytes it is here,
// never decoded (see lint-source.ts). The file is signed (card-cache.ts); every entry is still
// checked (core/cached-card.ts) before use.
import type { CardContext } from '../core/card-check.js';
import { compactEntry, type CardEntry } from '../core/cached-card.js';
import { LINT_RULES_VERSION } from '../core/validate.js';
import { utf8Pieces } from './utf8-pieces.js';
import { sectionStart, writeDelta, type DeltaSource, type TailMac } from './delta-section.js';

/** The card cache of one lint. `items`: the stored items in order, as read (untrusted until
 *  isCardEntry), used only when `context` is this lint's; `text` and `bodies` the bytes they place
 *  cards in. After the lint, `store` is what the cache should hold next (see CardStore), when it
 *  should be rewritten. */
export interface CardMemo {
  items: unknown[];
  text?: Uint8Array;
  bodies?: Uint8Array;
  context?: string;
  salt: string;
  /** Rewrite the cache when more cards than this were not in it (default: MIN_REWRITE, or 1% of the deck). */
  rewriteAfter?: number;
  store?: CardStore;
  /** Cards taken from the cache and cards checked, in the last lint. */
  hits?: number;
  misses?: number;
}

/** The card cache is rewritten when more cards than this (and more than 1%) were not in it. */
export const MIN_REWRITE = 16;

/** Whether a lint that missed `misses` of `cards` cards rewrites the cache: rewriting costs about
 *  as much as checking a few hundred cards, so after a small edit the few changed cards are checked
 *  again on each lint instead, until a bigger change. */
export function shouldRewrite(misses: number, cards: number, rewriteAfter?: number): boolean {
  return misses > (rewriteAfter ?? Math.max(MIN_REWRITE, cards / 100));
}

/** What a card's check depends on besides its text: the rules, the recall version, the deck's tags and `typos`. */
export function cardContext(ctx: CardContext, salt: string): string {
  return `recall-card:${STORE_FORMAT}:${LINT_RULES_VERSION}:${salt}:${JSON.stringify([ctx.deckTags, ctx.typos])}`;
}

/** The layout above (3: with the section of delta-section.ts at the end when the lint allows; 2:
 *  without; 1 held whole cards). A file of another layout has another context: every card misses,
 *  and the file is rewritten. */
const STORE_FORMAT = 3;

const byteLength = (b: string | Uint8Array) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length);

/**
 * What the cache should hold next: for every card of `text`, in order, where its text starts and
 * ends (bytes), its entry (a live object) and its body's JSON text (or its UTF-8 bytes) when it is
 * a valid card; and the text's UTF-8 bytes. Kept in columns (no array per card: 10,000 per re-lint
 * that rarely writes them) and written out a piece at a time (writeStore): made one string, the
 * bench deck's content was a 3.7 MB join, flattened to 6 MB with the deck text, then encoded to
 * 6 MB of bytes, ~4,000 pages of fresh memory (~50 ms here) for a file written once.
 */
export interface CardStore {
  context: string;
  text: Uint8Array;
  starts: number[];
  ends: number[];
  entries: CardEntry[];
  bodies: Array<string | Uint8Array | undefined>;
  /** Whether the card has anything of its own to report or say (diagnostics, findings, YAML
   *  diagnostics, a waiver, a place it is named by): a re-lint then reads its entry. */
  parse: boolean[];
  /** What the section for re-lints after a small edit needs besides (delta-section.ts), when the
   *  lint can be their base. */
  delta?: DeltaSource;
}

/** An empty store for `text` (the cards are added as the lint goes: addCard). */
export function newStore(context: string, text: Uint8Array): CardStore {
  return { context, text, starts: [], ends: [], entries: [], bodies: [], parse: [] };
}

export function addCard(store: CardStore, start: number, end: number, entry: CardEntry, body: string | Uint8Array | undefined, parse: boolean): void {
  store.parse.push(parse);
  store.starts.push(start);
  store.ends.push(end);
  store.entries.push(entry);
  store.bodies.push(body);
}

/** Each card's item of the `cards` list, as JSON: where its text is in the deck text, its entry
 *  without its empty lists (compactEntry), and where its body is, after the bodies before it. */
function* itemTexts(store: CardStore, bodyEnds?: Uint32Array): Generator<string> {
  let bodyAt = 0;
  for (let i = 0; i < store.entries.length; i++) {
    const body = store.bodies[i];
    const bytes = body === undefined ? 0 : byteLength(body);
    if (bodyEnds) bodyEnds[i] = bodyAt + bytes;
    const bodyPlace = body === undefined ? '' : `,${bodyAt},${bodyAt + bytes}`;
    yield `[${store.starts[i]},${store.ends[i]},${JSON.stringify(compactEntry(store.entries[i]!))}${bodyPlace}]`;
    bodyAt += bytes;
  }
}

const headOf = (store: CardStore) => `{"context":${JSON.stringify(store.context)},"text":${store.text.length},"cards":[`;

/** The cache's content as one buffer (the lint worker hands it over as bytes; tests read it). */
export function storeBytes(store: CardStore): Buffer {
  const parts: Uint8Array[] = [];
  writeStore(store, (bytes) => parts.push(Buffer.from(bytes)));
  return Buffer.concat(parts);
}

/**
 * The cache's content (storeBytes, the same bytes) as pieces, passed to `write` in order. A piece
 * may be a buffer refilled for the next: `write` must be done with it when it returns.
 */
export function writeStore(store: CardStore, write: (bytes: Uint8Array) => void, tail?: TailMac): void {
  const pieces = utf8Pieces(write);
  const { put, putBytes, flush, written } = pieces;
  const { delta } = store;
  // With a section, where each card's item of the first line starts and ends, and where its body ends.
  const n = store.entries.length;
  const places = delta ? { items: new Uint32Array(2 * n), bodyEnds: new Uint32Array(n) } : undefined;
  put(headOf(store));
  let i = 0;
  for (const item of itemTexts(store, places?.bodyEnds)) {
    if (i > 0) put(',');
    if (places) places.items[2 * i] = written();
    put(item);
    if (places) places.items[2 * i + 1] = written();
    i++;
  }
  put(']}\n');
  const textAt = written();
  if (delta && tail) {
    // The tail's MAC starts with the deck text (delta-section.ts): what is buffered goes first.
    flush();
    tail.start();
  }
  putBytes(store.text);
  const bodiesAt = written();
  for (const body of store.bodies) if (body !== undefined) typeof body === 'string' ? put(body) : putBytes(body);
  if (delta && places) writeDelta(delta, store, { ...places, textAt, bodiesAt }, pieces, tail);
  flush();
}

/** A memo from the cache's content; anything not of the shape above reads as no items. Items are
 *  checked where they are used (storedItem). */
export function readCardMemo(content: Uint8Array | undefined, salt: string): CardMemo {
  const empty: CardMemo = { items: [], salt };
  const nl = content?.indexOf(0x0a) ?? -1;
  if (content === undefined || nl < 0) return empty;
  let head: unknown;
  try {
    head = JSON.parse(Buffer.from(content.buffer, content.byteOffset, nl).toString('utf8'));
  } catch {
    return empty;
  }
  if (typeof head !== 'object' || head === null) return empty;
  const { context, text, cards } = head as { context?: unknown; text?: unknown; cards?: unknown };
  const rest = content.subarray(nl + 1);
  if (typeof context !== 'string' || !Number.isSafeInteger(text) || (text as number) < 0 || (text as number) > rest.length || !Array.isArray(cards)) return empty;
  // The bodies end before a section for re-lints (delta-section.ts), if there is one.
  const end = sectionStart(content) - (nl + 1);
  if (end < (text as number)) return empty;
  return { items: cards, text: rest.subarray(0, text as number), bodies: rest.subarray(text as number, end), context, salt };
}

const isPlace = (v: unknown, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

/** Stored item `i`'s entry (untrusted), when the item is the card that spans `start`-`end` in the
 *  stored text, with a body that lies inside the bodies (then `bodyOf` gives it). Undefined for
 *  anything else, or an item of the wrong shape. */
export function storedEntry(memo: CardMemo, i: number, start: number, end: number): unknown {
  const item = memo.items[i];
  if (!Array.isArray(item) || (item.length !== 3 && item.length !== 5) || item[0] !== start || item[1] !== end) return undefined;
  if (item.length === 3) return item[2];
  const size = memo.bodies!.length;
  return isPlace(item[3], size) && isPlace(item[4], size) && item[3] <= item[4] ? item[2] : undefined;
}

/** The body's bytes of stored item `i` (one storedEntry accepted), or undefined when it has none. */
export function bodyOf(memo: CardMemo, i: number): Uint8Array | undefined {
  const item = memo.items[i] as unknown[];
  return item.length === 5 ? memo.bodies!.subarray(item[3] as number, item[4] as number) : undefined;
}

/** Where stored items start (bytes), for finding the one at a place (itemAt). An item of the wrong
 *  shape takes the start of the item before it, so that the list stays in order. */
export function storedStarts(memo: CardMemo): Float64Array {
  let last = -Infinity;
  return Float64Array.from(memo.items, (item) => (last = Array.isArray(item) && Number.isSafeInteger(item[0]) ? (item[0] as number) : last));
}

/** The first stored item that starts at `at` (storedStarts, in order as written), or -1. */
export function itemAt(starts: Float64Array, at: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo] === at ? lo : -1;
}

/** How many bytes `a` and `b` share from their start, and from their end (each at most the shorter
 *  length; the two may overlap). Compared a block at a time (memcmp), then byte by byte. */
export function commonEnds(a: Uint8Array, b: Uint8Array): { head: number; tail: number } {
  const n = Math.min(a.length, b.length);
  const A = Buffer.from(a.buffer, a.byteOffset, a.length);
  const B = Buffer.from(b.buffer, b.byteOffset, b.length);
  const BLOCK = 4096;
  let head = 0;
  while (head + BLOCK <= n && A.compare(B, head, head + BLOCK, head, head + BLOCK) === 0) head += BLOCK;
  while (head < n && a[head] === b[head]) head++;
  let tail = 0;
  while (tail + BLOCK <= n && A.compare(B, b.length - tail - BLOCK, b.length - tail, a.length - tail - BLOCK, a.length - tail) === 0) tail += BLOCK;
  while (tail < n && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head, tail };
}
