// Lints one deck text: YAML with positions, then the pure validator. Kept apart from load-decks.ts
// so that yaml is imported only when a deck is not in the cache.
import { checkCard, type CardCheck, type CardContext } from '../core/card-check.js';
import { expandEntry, isCardEntry, shiftEntry, type CardEntry } from '../core/cached-card.js';
import type { Deck, Diagnostic } from '../core/model.js';
import { validateDeck, type DeckHeader, type ValidateResult } from '../core/validate.js';
import type { WaiverUse } from '../core/waivers.js';
import { appendAll } from '../core/arrays.js';
import { answerHash } from '../core/hash.js';
import { ChunkDeclined, parseDeckInChunks, parseDeckSource, type ChunkedDeck } from './yaml-deck.js';
import { cardContext, shouldRewrite, type CardItem, type CardMemo } from './card-store.js';
export { MIN_REWRITE, readCardMemo, storeText, writeStore, type CardMemo, type CardStore } from './card-store.js';
export { withSteadyYoungGeneration } from './young-gen.js';

/** Decks from this size on are read a few cards at a time when they allow it (lintInChunks), which
 *  also reads the plain layout without yaml (yaml-fast.ts): a 230 KB deck took ~0.5 s in one piece. */
export const CHUNKED_FROM_BYTES = 16 * 1024;

export interface LintResult {
  deck: Deck | null;
  diagnostics: Diagnostic[];
  header?: DeckHeader;
  waivers: WaiverUse[];
}

/** Lints one file from its text (no I/O); the seam for tests and the cache keyed by content. */
export function lintSource(text: string, file: string, memo?: CardMemo): LintResult {
  return (text.length >= CHUNKED_FROM_BYTES ? lintInChunks(text, file, undefined, memo) : undefined) ?? lintWhole(text, file);
}

/** The text parsed in one piece, then validated: the reference result. */
export function lintWhole(text: string, file: string): LintResult {
  const parsed = parseDeckSource(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { deck: null, diagnostics: parsed.diagnostics, waivers: [] };
  return merge(parsed.diagnostics, validateDeck(parsed.tree, file));
}

/**
 * The same result as lintWhole, with each group of cards validated as soon as it is parsed and its
 * tree dropped: a 2.3 MB deck then never holds more than its validated cards and one group's YAML.
 * With `memo`, cards are read one per group and a card whose text is unchanged since the last lint
 * (with the same deck tags and `typos`) is taken from the card cache instead of parsed and checked.
 * Undefined when the text must be parsed in one piece (see parseDeckInChunks).
 */
export function lintInChunks(text: string, file: string, groupChars?: number, memo?: CardMemo): LintResult | undefined {
  const chunked = parseDeckInChunks(text, file, memo ? 1 : groupChars);
  if (!chunked) return undefined;
  const items: CardItem[] = [];
  try {
    const result = validateDeck(chunked.header, file, (ctx) => (memo ? cachedChecks(chunked, file, ctx, memo, items) : checks(chunked, file, ctx)));
    if (memo && shouldRewrite(memo.misses!, chunked.groups.length, memo.rewriteAfter)) memo.store = { context: memo.context!, items, text };
    return merge(chunked.diagnostics, result);
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
}

function* checks(chunked: ChunkedDeck, file: string, ctx: CardContext): Generator<CardCheck> {
  let index = 0;
  for (const node of chunked.cards) yield checkCard(node, index++, ctx, file, true);
}

/**
 * Card by card (one per group), from the cache when it holds the card's text under this lint's
 * context. `items` receives every card's item for the cache's next content (card-store.ts); the
 * context is left in `memo.context`.
 */
function* cachedChecks(chunked: ChunkedDeck, file: string, ctx: CardContext, memo: CardMemo, items: CardItem[]): Generator<CardCheck> {
  memo.hits = 0;
  memo.misses = 0;
  const context = cardContext(ctx, memo.salt);
  const entries = memo.context === context ? memo.entries : new Map<string, unknown>();
  memo.context = context;
  let index = 0;
  for (const group of chunked.groups) {
    // Cold (nothing stored): no lookup, which would hash every card's text for nothing.
    const stored = entries.size === 0 ? undefined : expandEntry(entries.get(group.text));
    const hit = stored !== undefined && isCardEntry(stored) && (stored.check.index === undefined || stored.check.index === index) ? stored : undefined;
    if (hit) {
      memo.hits++;
      items.push([group.offset, group.text, hit]);
      const { check, yaml } = shiftEntry(hit, group.line - hit.base);
      if (yaml.length > 0) appendAll(chunked.diagnostics, yaml.map((d) => ({ ...d, file })));
      // Cards without tags of their own share the deck's array, as when checked (see withDeckTags).
      if (check.card && sameTags(check.card.tags, ctx.deckTags)) check.card.tags = ctx.deckTags;
      // Most cards have no diagnostic to name the file in: their check is used as it is, not copied
      // (10,000 copies per re-lint of the bench deck). validateDeck only reads a check.
      yield check.diagnostics.length === 0 ? (check as CardCheck) : { ...check, diagnostics: check.diagnostics.map((d) => ({ ...d, file })) };
      index++;
      continue;
    }
    memo.misses++;
    const part = chunked.read(group);
    appendAll(chunked.diagnostics, part.diagnostics);
    for (const node of part.items) {
      const check = checkCard(node, index++, ctx, file, true);
      // The live objects, serialised when the cache is written (before the lint returns); the answer
      // hash goes with the card (load-decks.ts hashes every card of a lint, and would otherwise do
      // it on the main thread).
      if (check.card) check.card.hash = answerHash(check.card);
      items.push([group.offset, group.text, { base: group.line, check, yaml: part.diagnostics } satisfies CardEntry]);
      yield check;
    }
  }
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function merge(yamlDiagnostics: Diagnostic[], result: ValidateResult): LintResult {
  const diagnostics = [...yamlDiagnostics, ...result.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { deck: result.deck, diagnostics, waivers: result.waivers, ...(result.header ? { header: result.header } : {}) };
}
