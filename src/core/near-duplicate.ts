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

export function words(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !FUNCTION_WORDS.has(w)))];
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  let shared = 0;
  for (const w of b) if (set.has(w)) shared++;
  const union = a.length + b.length - shared;
  return union === 0 ? 1 : shared / union;
}

export interface SimilarPair {
  /** Indices into the input, first < second. */
  first: number;
  second: number;
  similarity: number;
}

/** Every pair of texts with a Jaccard index of at least `threshold`, sorted by second then first. */
export function similarPairs(texts: readonly string[], threshold = NEAR_DUPLICATE_JACCARD): SimilarPair[] {
  const sets = texts.map(words);
  const freq = new Map<string, number>();
  for (const s of sets) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => freq.get(a)! - freq.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  for (const s of sets) s.sort(rarestFirst);

  // Smaller sets first, so every indexed set is no larger than the one probing the index.
  const order = sets.map((_, i) => i).filter((i) => sets[i]!.length > 0);
  order.sort((a, b) => sets[a]!.length - sets[b]!.length || a - b);
  const index = new Map<string, number[]>();
  const pairs: SimilarPair[] = [];
  // 1e-9: 0.8 * 5 must be 4, not 4.000000000000001.
  const prefixLength = (n: number) => n - Math.ceil(threshold * n - 1e-9) + 1;
  for (const i of order) {
    const set = sets[i]!;
    const minSize = threshold * set.length - 1e-9;
    const seen = new Set<number>();
    const prefix = set.slice(0, prefixLength(set.length));
    for (const w of prefix) {
      for (const j of index.get(w) ?? []) {
        if (seen.has(j) || sets[j]!.length < minSize) continue;
        seen.add(j);
        const similarity = jaccard(sets[j]!, set);
        if (similarity >= threshold) pairs.push({ first: Math.min(i, j), second: Math.max(i, j), similarity });
      }
    }
    for (const w of prefix) {
      const list = index.get(w);
      if (list) list.push(i);
      else index.set(w, [i]);
    }
  }
  return pairs.sort((a, b) => a.second - b.second || a.first - b.first);
}
