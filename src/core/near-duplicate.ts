// NEAR_DUPLICATE: two cards whose question text is nearly the same. Similarity is the Jaccard index
// of the two texts' word sets (lowercased letters and digits, function words such as "a", "the",
// "of" left out): |A ∩ B| / |A ∪ B|. Pairs are found
// with prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007): with
// words sorted rarest first, two sets with a Jaccard index of at least t must share a word among the
// first |A| - ceil(t·|A|) + 1 words of each. Only those words are indexed, so a 10,000-card deck
// compares each card with a handful of candidates, not with every other card; and unlike MinHash
// the answer is exact. Pure: no I/O.
import type { Card } from './model.js';
import { BLANK } from './validate-cards.js';

/** Two texts sharing at least this share of their words (Jaccard) are near duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.8;

/** The text a student reads as the question: prompt, statement, front, or cloze text with its answers filled in. */
export function stemText(card: Card): string {
  switch (card.type) {
    case 'basic':
      return card.front;
    case 'truefalse':
      return card.statement;
    case 'cloze':
      return card.text.replace(BLANK, (_m, alts: string) => alts.split('|')[0]!);
    default:
      return card.prompt;
  }
}

/**
 * Left out of the word sets: on short questions "a" for "the" would otherwise weigh as much as
 * "EC2" for "Lambda", and the first is the same question while the second is not.
 */
const FUNCTION_WORDS = new Set(
  'a an the of to in on at for from by with as and or but is are was were be been it its this that these those there do does did can could should would will which'.split(' '),
);

/** A word: a run of letters and digits (of any script). */
const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return [...new Set((text.toLowerCase().match(WORD) ?? []).filter((w) => !FUNCTION_WORDS.has(w)))];
}

/**
 * words() of every text, as sorted lists of word ranks, rarest word first (ties by the word): the
 * form nearDuplicates compares. The same sets as mapping words() through a rank table, built without
 * it: each word is looked up once, in one vocabulary map, and the ranks of all texts share one
 * array. On the 10,000-card bench deck, the per-text arrays, sets and second and third lookups of
 * that way took ~105 ms and ~15 MB of fresh memory (page faults, the bulk of its time on a virtual
 * machine); this ~55 ms and ~8 MB. `words`: how many different words (ranks are 0 to words - 1).
 */
export function rankedWordSets(texts: readonly string[]): { sets: Int32Array[]; words: number } {
  const { ids, ends, words } = rankedWordLists(texts);
  return { sets: texts.map((_, t) => ids.subarray(t === 0 ? 0 : ends[t - 1]!, ends[t]!)), words };
}

/**
 * rankedWordSets as one list: text t's sorted ranks are ids[ends[t - 1]] to ids[ends[t] - 1]. A
 * view per text (an Int32Array object each) was ~1,000 pages of fresh memory per lint of the
 * 10,000-card bench deck, made again on every re-lint.
 */
function rankedWordLists(texts: readonly string[]): { ids: Int32Array; ends: Int32Array; words: number; byRank: Int32Array; vocabulary: string[] } {
  const idOf = new Map<string, number>();
  const vocabulary: string[] = [];
  // Sized for the input, grown when short: a deck lint looks at the few hundred questions of the
  // bundled decks on every run, and blocks made for 10,000 cycled fresh memory it did not need.
  const guess = Math.max(64, Math.ceil(texts.reduce((sum, t) => sum + t.length, 0) / 8));
  let counts: Int32Array = new Int32Array(guess);
  // lastText[id] === t: word `id` is already in text t's list (a text's words are a set).
  let lastText: Int32Array = new Int32Array(guess).fill(-1);
  let ids: Int32Array = new Int32Array(guess);
  let n = 0;
  const ends = new Int32Array(texts.length);
  texts.forEach((text, t) => {
    // match(), not an exec() loop: its native loop was faster on the few hundred questions a lint
    // of the bundled decks compares (before the JIT has warmed up to an exec loop).
    for (const w of text.toLowerCase().match(WORD) ?? []) {
      if (FUNCTION_WORDS.has(w)) continue;
      let id = idOf.get(w);
      if (id === undefined) {
        id = vocabulary.length;
        idOf.set(w, id);
        vocabulary.push(w);
        if (id === counts.length) {
          counts = grown(counts, 0);
          lastText = grown(lastText, -1);
        }
      }
      if (lastText[id] === t) continue;
      lastText[id] = t;
      counts[id]!++;
      if (n === ids.length) ids = grown(ids, 0);
      ids[n++] = id;
    }
    ends[t] = n;
  });
  // Rarest first; equally rare words in code-unit order (the order < gives strings).
  const byRank = Int32Array.from(vocabulary, (_, id) => id).sort(
    (a, b) => counts[a]! - counts[b]! || (vocabulary[a]! < vocabulary[b]! ? -1 : vocabulary[a]! > vocabulary[b]! ? 1 : 0),
  );
  const rank = new Int32Array(vocabulary.length);
  byRank.forEach((id, r) => (rank[id] = r));
  for (let i = 0; i < n; i++) ids[i] = rank[ids[i]!]!;
  for (let t = 0; t < texts.length; t++) sortRange(ids, t === 0 ? 0 : ends[t - 1]!, ends[t]!);
  return { ids, ends, words: vocabulary.length, byRank, vocabulary };
}

/** Sorts a[from..to) ascending in place: a question's few words by insertion (no view to sort),
 *  a long text's through a view. */
function sortRange(a: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** `a` in an array twice its length, the new half filled with `fill`. */
function grown(a: Int32Array, fill: number): Int32Array {
  const b = new Int32Array(a.length * 2).fill(fill);
  b.set(a);
  return b;
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  let shared = 0;
  for (const w of b) if (set.has(w)) shared++;
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

export interface NearDuplicate {
  /** The card that nearly repeats an earlier one, and the earliest such card (indices into the input). */
  index: number;
  match: number;
  similarity: number;
}

export interface NearDuplicateOptions {
  threshold?: number;
  /** Whether card i waives the rule: a pair with a waiving card is not a match. */
  waives?: (i: number) => boolean;
  /** Whether the pair (first < second) is to be compared at all (e.g. only across decks). */
  consider?: (first: number, second: number) => boolean;
  /** Candidate pairs looked at before giving up (see NEAR_DUPLICATE_BUDGET). */
  budget?: number;
  /** Also give every pair found and the word sets compared (NearDuplicateResult.kept): a re-lint
   *  works NEAR_DUPLICATE out from them for a few changed cards (near-delta.ts). */
  keep?: boolean;
}

/** What nearDuplicates compared and found, for near-delta.ts: text t's words are ids[ends[t - 1]]
 *  to ids[ends[t] - 1], ascending ranks, `vocabulary[r]` the word of rank r; `pairs` every pair
 *  (first, second, flat) whose similarity reached the threshold, waived or not. */
export interface KeptWords {
  ids: Int32Array;
  ends: Int32Array;
  vocabulary: string[];
  pairs: number[];
}

export interface NearDuplicateResult {
  /** One per card that nearly repeats an earlier card, in input order. */
  matches: NearDuplicate[];
  /** Cards whose waiver covered at least one pair. */
  waiversUsed: Set<number>;
  /** The comparison stopped at its budget: `matches` holds what was found until then. */
  truncated: boolean;
  /** With `keep`. */
  kept?: KeptWords;
}

/**
 * Candidate pairs examined at most. Real decks stay far below it (the 10,000-card bench deck looks at
 * fewer than 10^5); a hostile deck of thousands of identical questions would otherwise take quadratic
 * time. Past it the search stops, and the caller says so.
 */
export const NEAR_DUPLICATE_BUDGET = 1_000_000;

/**
 * For each text, the earliest earlier text with a Jaccard index of at least the threshold, found with
 * prefix and positional filtering (PPJoin, Xiao et al. 2008): exact, and on real decks each text meets
 * a handful of candidates.
 */
export function nearDuplicates(texts: readonly string[], opts: NearDuplicateOptions = {}): NearDuplicateResult {
  const threshold = opts.threshold ?? NEAR_DUPLICATE_JACCARD;
  const budget = opts.budget ?? NEAR_DUPLICATE_BUDGET;
  // Words become numbers ranked rarest first, so each set is a sorted list of ranks and two sets
  // intersect by a merge, without building anything. Text t's set is ids[from(t)] to ids[ends[t] - 1].
  const { ids, ends, words: wordCount, byRank, vocabulary } = rankedWordLists(texts);
  const pairs: number[] | undefined = opts.keep ? [] : undefined;
  const from = (t: number) => (t === 0 ? 0 : ends[t - 1]!);
  const size = (t: number) => ends[t]! - from(t);

  // Smaller sets first, so every indexed set is no larger than the one probing the index.
  const order = texts.map((_, i) => i).filter((i) => size(i) > 0);
  order.sort((a, b) => size(a) - size(b) || a - b);
  // word rank -> [record, position of the word in the record, ...]
  // Ranks are 0..wordCount-1: an array, not a Map (its lookups were most of the probing).
  const index: Array<number[] | undefined> = new Array(wordCount);
  const best = new Map<number, NearDuplicate>();
  const waiversUsed = new Set<number>();
  // 1e-9: 0.8 * 5 must be 4, not 4.000000000000001.
  const prefixLength = (n: number) => n - Math.ceil(threshold * n - 1e-9) + 1;
  let looked = 0;
  let truncated = false;
  // seenBy[y] === x: y was already looked at while probing for x (one array, not a Set per probe:
  // a 10,000-card deck probes 10,000 times).
  const seenBy = new Int32Array(texts.length).fill(-1);
  probing: for (const x of order) {
    const xFrom = from(x);
    const xSize = size(x);
    const minSize = threshold * xSize - 1e-9;
    const prefix = prefixLength(xSize);
    for (let i = 0; i < prefix; i++) {
      const postings = index[ids[xFrom + i]!];
      if (!postings) continue;
      for (let k = 0; k < postings.length; k += 2) {
        const y = postings[k]!;
        const j = postings[k + 1]!;
        if (seenBy[y] === x) continue;
        seenBy[y] = x;
        if (++looked > budget) {
          truncated = true;
          break probing;
        }
        const ySize = size(y);
        if (ySize < minSize) continue;
        // ids[xFrom + i] is the first word the two share, so they share at most 1 + the words after it.
        const needed = Math.ceil((threshold / (1 + threshold)) * (xSize + ySize) - 1e-9);
        if (1 + Math.min(xSize - i - 1, ySize - j - 1) < needed) continue;
        const [first, second] = x < y ? [x, y] : [y, x];
        if (opts.consider && !opts.consider(first, second)) continue;
        const similarity = sortedJaccard(ids, from(y), ends[y]!, xFrom, ends[x]!);
        if (similarity < threshold) continue;
        pairs?.push(first, second);
        const waivedFirst = opts.waives?.(first) ?? false;
        const waivedSecond = opts.waives?.(second) ?? false;
        if (waivedFirst) waiversUsed.add(first);
        if (waivedSecond) waiversUsed.add(second);
        if (waivedFirst || waivedSecond) continue;
        const had = best.get(second);
        if (!had || first < had.match) best.set(second, { index: second, match: first, similarity });
      }
    }
    for (let i = 0; i < prefix; i++) {
      const list = index[ids[xFrom + i]!];
      if (list) list.push(x, i);
      else index[ids[xFrom + i]!] = [x, i];
    }
  }
  const matches = [...best.values()].sort((a, b) => a.index - b.index);
  if (!pairs) return { matches, waiversUsed, truncated };
  return { matches, waiversUsed, truncated, kept: { ids: ids.subarray(0, texts.length === 0 ? 0 : ends[texts.length - 1]!), ends, vocabulary: Array.from(byRank, (id) => vocabulary[id]!), pairs } };
}

/** The Jaccard index of two sorted sets, ids[a..aEnd) and ids[b..bEnd). */
function sortedJaccard(ids: Int32Array, a: number, aEnd: number, b: number, bEnd: number): number {
  const sizes = aEnd - a + (bEnd - b);
  let shared = 0;
  for (let i = a, j = b; i < aEnd && j < bEnd; ) {
    if (ids[i] === ids[j]) {
      shared++;
      i++;
      j++;
    } else if (ids[i]! < ids[j]!) i++;
    else j++;
  }
  return shared / (sizes - shared);
}
