// What the card cache of a big deck holds (card-cache.ts signs and stores it; lint-source.ts reads
// and writes it): the checks of every card of the deck's last lint, and the text of that lint, so
// that each check is found again by its card's own text.
//
//   {"context":"<what the checks depend on besides the card>","cards":[[start,end,entry],...]}\n<deck text>
//
// `start`/`end` place a card's text in the deck text that follows the first line. A card of the new
// text is looked up by its exact text (a Map keyed by the string), not by a digest of it: no hash
// per card to compute (10,000 SHA-1 digests were ~15% of a re-lint), and no two texts can share a
// key. The price is the deck text in the file (~2.3 MB more for the bench deck, ~6.5 MB in all).
// The file is signed (card-cache.ts); every entry is still checked (core/cached-card.ts) before use.
import type { CardContext } from '../core/card-check.js';
import { compactEntry, type CardEntry } from '../core/cached-card.js';
import { LINT_RULES_VERSION } from '../core/validate.js';
import { utf8Pieces } from './utf8-pieces.js';

/** The card cache of one lint. `entries`: stored entries by their card's text, as read (untrusted
 *  until isCardEntry), used only when `context` is this lint's. After the lint, `store` is what
 *  the cache should hold next (see storeBody), when it should be rewritten. */
export interface CardMemo {
  entries: Map<string, unknown>;
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
  return `recall-card:${LINT_RULES_VERSION}:${salt}:${JSON.stringify([ctx.deckTags, ctx.typos])}`;
}

/** A card of the deck text: where its text starts, the text, and its entry (a live object). */
export type CardItem = [start: number, text: string, entry: CardEntry];

/** One card's item of the `cards` list, as JSON: where its text is in the deck text, and its entry
 *  without its empty lists (compactEntry). */
export function cardItem([start, text, entry]: CardItem): string {
  return `[${start},${start + text.length},${JSON.stringify(compactEntry(entry))}]`;
}

/**
 * What the cache should hold next: the item of every card of `text`, in order. Kept as the live
 * items and written out a piece at a time (writeStore): made one string, the bench deck's content
 * was a 3.7 MB join, flattened to 6 MB with the deck text, then encoded to 6 MB of bytes, ~4,000
 * pages of fresh memory (~50 ms here) for a file written once.
 */
export interface CardStore {
  context: string;
  items: CardItem[];
  text: string;
}

/** The cache's content as one string (the lint worker hands it over as bytes; tests read it). */
export function storeText(store: CardStore): string {
  return `{"context":${JSON.stringify(store.context)},"cards":[${store.items.map(cardItem).join(',')}]}\n${store.text}`;
}

/**
 * The cache's content (storeText, the same bytes) as UTF-8 pieces (utf8-pieces.ts), passed to
 * `write` in order. Every piece is the same buffer refilled: `write` must be done with it when it
 * returns.
 */
export function writeStore(store: CardStore, write: (bytes: Uint8Array) => void): void {
  const { put, flush } = utf8Pieces(write);
  put(`{"context":${JSON.stringify(store.context)},"cards":[`);
  store.items.forEach((item, i) => put(i === 0 ? cardItem(item) : `,${cardItem(item)}`));
  put(']}\n');
  put(store.text);
  flush();
}

/** A memo from the cache's content; anything not of the shape above reads as no entries. */
export function readCardMemo(body: string | undefined, salt: string): CardMemo {
  const entries = new Map<string, unknown>();
  const empty: CardMemo = { entries, salt };
  const nl = body?.indexOf('\n') ?? -1;
  if (body === undefined || nl < 0) return empty;
  let head: unknown;
  try {
    head = JSON.parse(body.slice(0, nl));
  } catch {
    return empty;
  }
  if (typeof head !== 'object' || head === null) return empty;
  const { context, cards } = head as { context?: unknown; cards?: unknown };
  if (typeof context !== 'string' || !Array.isArray(cards)) return empty;
  const text = body.slice(nl + 1);
  for (const item of cards) {
    if (!Array.isArray(item) || item.length !== 3) continue;
    const [start, end, entry] = item as [unknown, unknown, unknown];
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (start as number) < 0 || (start as number) >= (end as number) || (end as number) > text.length) continue;
    const key = text.slice(start as number, end as number);
    // Two cards with the same text: one entry serves both (a card named by its place is checked
    // against the place anyway, see cachedChecks).
    if (!entries.has(key)) entries.set(key, entry);
  }
  return { entries, context, salt };
}
