// NEAR_DUPLICATE after a small edit, from what the last lint compared and found (near-duplicate.ts
// KeptWords) instead of every question's words again: the pairs that do not involve a changed card
// stay as they were (a pair's similarity depends on its two questions only), and each changed card
// is compared with every other card. The result is nearDuplicates' over the new cards, exactly:
// nearDuplicates finds every pair that reaches the threshold, keeps for each card the earliest
// such card it does not waive, and credits the waivers of every pair it found. Its one other
// outcome, stopping at its budget, is ruled out first (probeBound); when it cannot be, the caller
// runs nearDuplicates itself. Pure.
import { words, type KeptWords, type NearDuplicate, type NearDuplicateResult } from './near-duplicate.js';

/** What nearAfterEdit reads of the last lint's comparison: KeptWords, with its words looked up
 *  rather than listed (a re-lint looks up a few; the card cache keeps them as one text). */
export interface KeptSets extends Omit<KeptWords, 'vocabulary'> {
  /** How many words the last lint ranked, and the rank of each word asked (undefined: it had none). */
  words: number;
  ranksOf(words: readonly string[]): Array<number | undefined>;
  /** probeBound of the last lint's sets, when it was worked out then (see nearAfterEdit). */
  bound?: ProbeBound;
}

/** KeptSets of nearDuplicates' own KeptWords. */
export function keptSets(kept: KeptWords): KeptSets {
  const rank = new Map(kept.vocabulary.map((w, r) => [w, r]));
  return { ids: kept.ids, ends: kept.ends, pairs: kept.pairs, words: kept.vocabulary.length, ranksOf: (words) => words.map((w) => rank.get(w)) };
}

/**
 * NEAR_DUPLICATE over the cards of the last lint (`kept`, n cards) with cards a..b-1 replaced by
 * cards whose question texts are `stems`; `waives(i)` over the new cards' indices. Undefined when
 * nearDuplicates could have stopped at `budget` on the new cards, or the last lint's comparison
 * was not whole.
 */
export function nearAfterEdit(kept: KeptSets, a: number, b: number, stems: readonly string[], waives: (i: number) => boolean, threshold: number, budget: number): NearDuplicateResult | undefined {
  const n = kept.ends.length;
  if (!(a >= 0 && a <= b && b <= n)) return undefined;
  const sets = newSets(kept, a, b, stems);
  if (!surelyUnder(kept.bound, sets, a, stems.length, threshold, budget) && probeBound(sets, threshold).bound > budget) return undefined;
  const c = stems.length;
  const moved = c - (b - a);
  const pairs: number[] = [];
  for (let k = 0; k < kept.pairs.length; k += 2) {
    const first = kept.pairs[k]!;
    const second = kept.pairs[k + 1]!;
    if ((first >= a && first < b) || (second >= a && second < b)) continue;
    pairs.push(first < a ? first : first + moved, second < a ? second : second + moved);
  }
  // Each changed card against every other card (and each pair of changed cards once).
  const { ids, ends } = sets;
  const stamp = new Int32Array(sets.words).fill(-1);
  for (let k = 0; k < c; k++) {
    const x = a + k;
    const xFrom = x === 0 ? 0 : ends[x - 1]!;
    const xTo = ends[x]!;
    if (xTo === xFrom) continue;
    for (let i = xFrom; i < xTo; i++) stamp[ids[i]!] = x;
    for (let y = 0; y < ends.length; y++) {
      if (y === x || (y >= a && y < x)) continue;
      const yFrom = y === 0 ? 0 : ends[y - 1]!;
      const yTo = ends[y]!;
      if (yTo === yFrom) continue;
      let shared = 0;
      for (let i = yFrom; i < yTo; i++) if (stamp[ids[i]!] === x) shared++;
      if (shared === 0) continue;
      // As nearDuplicates works it out (sortedJaccard): the same numbers, the same division.
      const similarity = shared / (yTo - yFrom + (xTo - xFrom) - shared);
      if (similarity < threshold) continue;
      pairs.push(Math.min(x, y), Math.max(x, y));
    }
  }
  const best = new Map<number, NearDuplicate>();
  const waiversUsed = new Set<number>();
  for (let k = 0; k < pairs.length; k += 2) {
    const first = pairs[k]!;
    const second = pairs[k + 1]!;
    const waivedFirst = waives(first);
    const waivedSecond = waives(second);
    if (waivedFirst) waiversUsed.add(first);
    if (waivedSecond) waiversUsed.add(second);
    if (waivedFirst || waivedSecond) continue;
    const had = best.get(second);
    if (!had || first < had.match) best.set(second, { index: second, match: first, similarity: 0 });
  }
  const matches = [...best.values()].sort((p, q) => p.index - q.index);
  for (const m of matches) m.similarity = jaccardOf(sets, m.match, m.index);
  return { matches, waiversUsed, truncated: false };
}

/** Word sets as nearDuplicates keeps them: set t is ids[ends[t - 1]] to ids[ends[t] - 1], ascending;
 *  ids below `words`. */
export interface WordSets {
  ids: Int32Array;
  ends: Int32Array;
  words: number;
}

/** The new cards' word sets: the kept ones (ranks of the last lint) and the changed cards' words
 *  as those ranks, words the last lint did not see numbered after them. */
function newSets(kept: KeptSets, a: number, b: number, stems: readonly string[]): WordSets {
  // The changed cards' words, looked up at once; words the last lint did not rank numbered after its own.
  const lists = stems.map(words);
  const asked = [...new Set(lists.flat())];
  const ranks = kept.ranksOf(asked);
  const idOf = new Map<string, number>();
  let next = kept.words;
  asked.forEach((w, i) => idOf.set(w, ranks[i] ?? next++));
  const own = lists.map((list) => list.map((w) => idOf.get(w)!).sort((p, q) => p - q));
  const n = kept.ends.length;
  const from = (t: number) => (t === 0 ? 0 : kept.ends[t - 1]!);
  const before = from(a);
  const after = kept.ids.length - from(b);
  const ownSize = own.reduce((sum, set) => sum + set.length, 0);
  const ids = new Int32Array(before + ownSize + after);
  const ends = new Int32Array(n - (b - a) + stems.length);
  ids.set(kept.ids.subarray(0, before), 0);
  ends.set(kept.ends.subarray(0, a), 0);
  let at = before;
  own.forEach((set, k) => {
    ids.set(set, at);
    ends[a + k] = at += set.length;
  });
  ids.set(kept.ids.subarray(from(b)), at);
  for (let t = b; t < n; t++) ends[t - b + a + stems.length] = kept.ends[t]! - from(b) + at;
  return { ids, ends, words: next };
}

function jaccardOf(sets: WordSets, x: number, y: number): number {
  const { ids, ends } = sets;
  const mine = new Set<number>();
  for (let i = x === 0 ? 0 : ends[x - 1]!; i < ends[x]!; i++) mine.add(ids[i]!);
  let shared = 0;
  const yFrom = y === 0 ? 0 : ends[y - 1]!;
  for (let i = yFrom; i < ends[y]!; i++) if (mine.has(ids[i]!)) shared++;
  // As nearDuplicates works it out (sortedJaccard): the same numbers, the same division.
  return shared / (ends[y]! - yFrom + mine.size - shared);
}

/** What probeBound gives: the bound, and how many prefix words it summed over (the sets' prefixes). */
export interface ProbeBound {
  bound: number;
  prefixes: number;
}

/**
 * At least the candidate pairs nearDuplicates looks at over these sets: a set probes the postings
 * of its prefix, its |s| - ceil(t|s|) + 1 rarest words, and each word's postings hold at most the
 * other sets that have the word. The rarest words are those the fewest sets have, so the sum of
 * the smallest counts (less one) bounds what it looks at, without ranking the words.
 */
export function probeBound(sets: WordSets, threshold: number): ProbeBound {
  const { ids, ends } = sets;
  const counts = new Int32Array(sets.words);
  for (let i = 0; i < (ends.length === 0 ? 0 : ends[ends.length - 1]!); i++) counts[ids[i]!]!++;
  let bound = 0;
  let prefixes = 0;
  let mine = new Int32Array(64);
  for (let t = 0; t < ends.length; t++) {
    const from = t === 0 ? 0 : ends[t - 1]!;
    const size = ends[t]! - from;
    if (size === 0) continue;
    const prefix = Math.min(size, prefixLength(size, threshold));
    prefixes += prefix;
    if (size > mine.length) mine = new Int32Array(size * 2);
    for (let i = 0; i < size; i++) mine[i] = counts[ids[from + i]!]!;
    // The `prefix` smallest counts first: picked out for a question's few words, sorted for a long text.
    if (size > 32) {
      const sorted = mine.subarray(0, size).sort();
      for (let i = 0; i < prefix; i++) bound += sorted[i]! - 1;
      continue;
    }
    for (let i = 0; i < prefix; i++) {
      let least = i;
      for (let j = i + 1; j < size; j++) if (mine[j]! < mine[least]!) least = j;
      const v = mine[least]!;
      mine[least] = mine[i]!;
      mine[i] = v;
      bound += v - 1;
    }
  }
  return { bound, prefixes };
}

const prefixLength = (size: number, threshold: number) => size - Math.ceil(threshold * size - 1e-9) + 1;

/**
 * Whether probeBound of the new sets is surely within `budget`, from the last lint's (`last`)
 * without working it out: taking cards away only lowers the counts; each of the `added` cards
 * raises a word's count by one, so a kept set's smallest counts by at most `added` each; and an
 * added set's own terms are at most the number of other sets each.
 */
function surelyUnder(last: ProbeBound | undefined, sets: WordSets, a: number, added: number, threshold: number, budget: number): boolean {
  if (last === undefined) return false;
  let bound = last.bound + added * last.prefixes;
  for (let t = a; t < a + added; t++) {
    const size = sets.ends[t]! - (t === 0 ? 0 : sets.ends[t - 1]!);
    if (size > 0) bound += Math.min(size, prefixLength(size, threshold)) * (sets.ends.length - 1);
  }
  return bound <= budget;
}
