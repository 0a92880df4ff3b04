// Lints one deck text: YAML with positions, then the pure validator. Kept apart from load-decks.ts
// so that yaml is imported only when a deck is not in the cache.
import { checkCard, type CardCheck, type CardContext } from '../core/card-check.js';
import { cachedCard, isCardEntry, NONE, shiftBody, shiftEntry, type CachedCard, type CardEntry } from '../core/cached-card.js';
import type { Deck, Diagnostic } from '../core/model.js';
import { validateDeck, type DeckHeader, type DeckOf, type ValidateResult } from '../core/validate.js';
import type { WaiverUse } from '../core/waivers.js';
import { appendAll } from '../core/arrays.js';
import { answerHash } from '../core/hash.js';
import { ChunkDeclined, parseDeckInChunks, parseDeckSource, type ChunkedDeck } from './yaml-deck.js';
import { isAscii } from 'node:buffer';
import { addCard, bodyOf, cardContext, commonEnds, itemAt, newStore, shouldRewrite, storedEntry, storedStarts, type CardMemo, type CardStore } from './card-store.js';
import { entryOfCached, type DeckEntry } from './deck-entry.js';
import { deltaFits, type DeltaSource } from './delta-section.js';
export { MIN_REWRITE, readCardMemo, storeBytes, writeStore, type CardMemo, type CardStore } from './card-store.js';
export { withSteadyYoungGeneration } from './young-gen.js';

/** Decks from this size on are read a few cards at a time when they allow it (lintInChunks), which
 *  also reads the plain layout without yaml (yaml-fast.ts): a 230 KB deck took ~0.5 s in one piece. */
export const CHUNKED_FROM_BYTES = 16 * 1024;

export interface LintResult<C = Deck['cards'][number]> {
  deck: DeckOf<C> | null;
  diagnostics: Diagnostic[];
  header?: DeckHeader;
  waivers: WaiverUse[];
}

/** Lints one file from its text (no I/O); the seam for tests and the cache keyed by content. */
export function lintSource(text: string, file: string): LintResult {
  return (text.length >= CHUNKED_FROM_BYTES ? lintInChunks(text, file) : undefined) ?? lintWhole(text, file);
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
 * Undefined when the text must be parsed in one piece (see parseDeckInChunks).
 */
export function lintInChunks(text: string, file: string, groupChars?: number): LintResult | undefined {
  const chunked = parseDeckInChunks(text, file, groupChars);
  if (!chunked) return undefined;
  try {
    return merge(chunked.diagnostics, validateDeck(chunked.header, file, (ctx) => checks(chunked, file, ctx)));
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
}

/**
 * A big deck's lint with its card cache (`memo`), as the deck-cache entry of its result
 * (deck-entry.ts): the entry entryOf makes of lintWhole's result, with each card's answer hash.
 * Cards are read one per group, and a card whose text is unchanged since the last lint (with the
 * same deck tags and `typos`) is taken from the card cache instead of parsed and checked: what the
 * deck-wide rules read of it and its head come from its entry, its body's JSON text goes into the
 * new entry as it is. No card is made whole: the entry is what a command reads anyway, whole cards
 * only where it uses them. Leaves the cache's next content in `memo.store` when it should be
 * rewritten. Undefined when the text must be parsed in one piece (see parseDeckInChunks).
 */
export function lintToEntry(text: string, file: string, memo: CardMemo, bytes?: Uint8Array): DeckEntry | undefined {
  const chunked = parseDeckInChunks(text, file, 1);
  if (!chunked) return undefined;
  // The text's UTF-8 bytes, where cards are compared with the stored ones: the file's bytes when
  // they are ASCII (then each character is the byte at the same place), else the text encoded.
  const own = bytes !== undefined && bytes.length === text.length && isAscii(bytes) ? bytes : Buffer.from(text);
  let store: CardStore | undefined;
  let context: CardContext | undefined;
  const cards = (ctx: CardContext) => {
    context = ctx;
    store = newStore(cardContext(ctx, memo.salt), own);
    return cachedChecks(chunked, text, own, file, ctx, memo, store);
  };
  // The deck's own YAML diagnostics, before any card's are added.
  const headerYaml = chunked.diagnostics.slice();
  try {
    const result = validateDeck(chunked.header, file, cards, (cached: CachedCard) => cached.card, true);
    if (store !== undefined && shouldRewrite(memo.misses!, chunked.groups.length, memo.rewriteAfter)) {
      const last = chunked.groups.at(-1);
      // The section for re-lints after a small edit (relint-delta.ts), when this lint can be their base.
      const delta = deltaSource(result, context!, chunked.seqCol - 1, headerYaml, last !== undefined && last.offset + last.text.length === text.length, store.entries.length);
      if (delta) store.delta = delta;
      memo.store = store;
    }
    const entry = entryOfCached(merge(chunked.diagnostics, result));
    // The heads' JSON, made once for the section and the deck-cache entry.
    if (store?.delta && entry.deck) {
      const ends = new Uint32Array(entry.deck.cards.length);
      let at = 0;
      const texts = entry.deck.cards.map((head, i) => {
        const text = JSON.stringify(head);
        ends[i] = at += (i > 0 ? 1 : 0) + Buffer.byteLength(text);
        return text;
      });
      store.delta.heads = { json: (entry.headsJson = texts.join(',')), ends };
    }
    return entry;
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
}

/**
 * What the card cache's section for re-lints needs besides the cards (delta-section.ts), or undefined
 * when a re-lint could not start from this lint: a deck with errors (its entry keeps no cards), a
 * deck waiver (it may be credited by any card), a NEAR_DUPLICATE search cut at its budget (its pairs
 * are not all), keys after the cards list (their lines move with an edit above them).
 */
function deltaSource(result: ValidateResult<CachedCard>, ctx: CardContext, listIndent: number, headerYaml: Diagnostic[], listToEnd: boolean, cards: number): DeltaSource | undefined {
  const { deck, kept, header } = result;
  const near = kept?.near;
  if (!deck || !header || !kept || kept.deckWaiver || !listToEnd || !near || near.truncated || !deltaFits(cards, near.kept)) return undefined;
  const { source: _source, cards: _cards, ...fields } = deck;
  const strip = ({ file: _file, ...d }: Diagnostic) => d;
  return {
    ctx: { deckTags: ctx.deckTags, typos: ctx.typos },
    listIndent,
    // The deck's fields as its deck-cache entry writes them, up to its cards (the last key).
    deckPrefix: JSON.stringify({ ...fields, cards: [] }).slice(0, -2),
    header: { id: header.id, line: header.line, col: header.col },
    headerYaml: headerYaml.map(strip),
    headerDiagnostics: kept.headerDiagnostics.map(strip),
    near: near.kept,
  };
}

function* checks(chunked: ChunkedDeck, file: string, ctx: CardContext): Generator<CardCheck> {
  let index = 0;
  for (const node of chunked.cards) yield checkCard(node, index++, ctx, file, true);
}

/**
 * Card by card (one per group), from the cache when the card lies where the stored text and this
 * one are the same (see card-store.ts), under this lint's context. `bytes` is the text's UTF-8.
 * `store` receives every card for the cache's next content; the context is left in `memo.context`.
 */
function* cachedChecks(chunked: ChunkedDeck, text: string, bytes: Uint8Array, file: string, ctx: CardContext, memo: CardMemo, store: CardStore): Generator<CardCheck<CachedCard>> {
  memo.hits = 0;
  memo.misses = 0;
  const usable = memo.context === store.context && memo.text !== undefined && memo.items.length > 0;
  memo.context = store.context;
  // Cold (nothing stored): nothing to compare.
  const { head, tail } = usable ? commonEnds(memo.text!, bytes) : { head: 0, tail: 0 };
  const starts = usable ? storedStarts(memo) : new Float64Array(0);
  const moved = bytes.length - (memo.text?.length ?? 0);
  // Byte places are character places in ASCII text; otherwise they are counted as the cards go.
  const ascii = bytes.length === text.length;
  let index = 0;
  let charAt = 0;
  let byteAt = 0;
  for (const group of chunked.groups) {
    let start = group.offset;
    let end = start + group.text.length;
    if (!ascii) {
      byteAt += Buffer.byteLength(text.slice(charAt, group.offset));
      start = byteAt;
      end = byteAt += Buffer.byteLength(group.text);
      charAt = group.offset + group.text.length;
    }
    // In the common start: the stored card at the same place; in the common end: moved by the
    // length change. Either way its text is this card's, byte for byte.
    const at = end <= head ? start : start >= bytes.length - tail ? start - moved : -1;
    const k = at >= 0 ? itemAt(starts, at) : -1;
    const stored = k >= 0 ? storedEntry(memo, k, at, at + (end - start)) : undefined;
    const entry = stored !== undefined && isCardEntry(stored) && (stored.check.index === undefined || stored.check.index === index) ? stored : undefined;
    const by = entry ? group.line - entry.base : 0;
    // A valid card's body has its line in it: moved with the card (then decoded and made again),
    // or a miss if it has none or cannot be moved.
    const storedBody = entry?.check.card === undefined ? undefined : bodyOf(memo, k);
    const body = storedBody === undefined ? undefined : by === 0 ? storedBody : shiftBody(Buffer.from(storedBody).toString('utf8'), by);
    if (entry && (entry.check.card === undefined || body !== undefined)) {
      memo.hits++;
      addCard(store, start, end, entry, storedBody, (entry.yaml?.length ?? 0) > 0 || (entry.check.diagnostics?.length ?? 0) > 0 || (entry.check.findings?.length ?? 0) > 0 || entry.check.waiver !== undefined || entry.check.index !== undefined);
      const { check, yaml } = shiftEntry(entry, by);
      if (yaml && yaml.length > 0) appendAll(chunked.diagnostics, yaml.map((d) => ({ ...d, file })));
      // A new check from the stored one, which is never changed (a second lint may read it), its
      // diagnostics naming this file. Field by field, every check of one shape: a spread of each
      // parsed entry (of a few different shapes) took ~5 us a card.
      const diagnostics = check.diagnostics && check.diagnostics.length > 0 ? check.diagnostics.map((d) => ({ ...d, file })) : NONE;
      const kept = check.card;
      yield {
        diagnostics,
        id: check.id,
        waiver: check.waiver,
        card: kept === undefined ? undefined : { card: kept, body: body! },
        findings: check.findings ?? NONE,
        index: check.index,
      };
      index++;
      continue;
    }
    memo.misses++;
    const part = chunked.read(group);
    appendAll(chunked.diagnostics, part.diagnostics);
    for (const node of part.items) {
      const check = checkCard(node, index++, ctx, file, true);
      let card: CachedCard | undefined;
      if (check.card) {
        // The answer hash goes with the card's head (a command reads it from the deck cache).
        check.card.hash = answerHash(check.card);
        card = cachedCard(check.card, ctx.deckTags, ctx.deckTagSet);
      }
      const kept = { ...check, card: card?.card };
      const parse = part.diagnostics.length > 0 || check.diagnostics.length > 0 || check.findings.length > 0 || check.waiver !== undefined || check.index !== undefined;
      addCard(store, start, end, { base: group.line, check: kept, yaml: part.diagnostics } satisfies CardEntry, card?.body, parse);
      yield { ...check, card };
    }
  }
}

function merge<C>(yamlDiagnostics: Diagnostic[], result: ValidateResult<C>): LintResult<C> {
  const diagnostics = [...yamlDiagnostics, ...result.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { deck: result.deck, diagnostics, waivers: result.waivers, ...(result.header ? { header: result.header } : {}) };
}
