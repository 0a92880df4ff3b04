// Tolerant comparison of typed answers: case, spacing, punctuation and small typos are forgiven.
// Pure: used by grading (typed, cloze, basic-with-accept) and by the UI's near-miss diff.

/**
 * Punctuation folded to spaces. Deliberately a fixed list rather than \p{P}: `#`, `+`, `&`, `%`, `@`
 * and `$` carry meaning in answers such as "C#", "C++" or "50%", so they must still be typed.
 */
const FOLDED = /[.,;:!?'"`‘’“”«»()[\]{}\-‐‑–—_/\\…]/g;

/** Lower case, NFKC, folded punctuation, collapsed whitespace. "  Hello,  World! " -> "hello world". */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(FOLDED, ' ').replace(/\s+/g, ' ').trim();
}

/** Damerau (optimal string alignment) distance over code points: a swapped pair costs one edit. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/** Typos allowed for an answer of this (normalized) length: 0 up to 3 chars, 1 up to 7, 2 up to 12, then ~15%. */
export function typoThreshold(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  if (length <= 12) return 2;
  return Math.max(2, Math.round(length * 0.15));
}

export interface TypedMatch {
  correct: boolean;
  /** Equal after normalization (no typo forgiven). */
  exact: boolean;
  /** Wrong, but within twice the typo threshold (at least one edit): worth showing a diff. */
  near: boolean;
  /** The accepted answer that matched, or the closest one. */
  best: string;
}

const digitRuns = (s: string): string => (s.match(/\d+/g) ?? []).join(' ');

/** Distance with spacing forgiven: "key value" and "keyvalue" are the same answer. */
function looseDistance(a: string, b: string): number {
  if (a === b) return 0; // the common case, a right answer: no distance table to build
  return Math.min(editDistance(a, b), editDistance(a.replace(/ /g, ''), b.replace(/ /g, '')));
}

export function matchTyped(given: string, accepted: string[]): TypedMatch {
  const g = normalizeText(given);
  let best: { answer: string; distance: number; correct: boolean; exact: boolean; near: boolean } | undefined;
  for (const answer of accepted) {
    let e = normalizeText(answer);
    let gg = g;
    // An answer made only of punctuation ("...", "?") would normalize to nothing: compare it raw.
    if (e === '') {
      e = answer.trim();
      gg = given.trim();
    }
    if (gg === '') continue;
    const distance = looseDistance(gg, e);
    const limit = typoThreshold(Array.from(e).length);
    // Numbers are never "typos": 1024 vs 1025 is a different answer, however long the text is.
    const numbersAgree = digitRuns(gg) === digitRuns(e);
    const exact = distance === 0;
    const correct = exact || (numbersAgree && distance <= limit);
    const near = !correct && distance <= Math.max(1, limit * 2);
    const candidate = { answer, distance, correct, exact, near };
    const rank = (c: typeof candidate): number => (c.correct ? 2 : c.near ? 1 : 0);
    if (
      best === undefined ||
      rank(candidate) > rank(best) ||
      (rank(candidate) === rank(best) && candidate.distance < best.distance)
    ) {
      best = candidate;
      if (exact) break; // nothing ranks above an exact match, and ties keep the first
    }
  }
  if (best === undefined) return { correct: false, exact: false, near: false, best: accepted[0] ?? '' };
  return { correct: best.correct, exact: best.exact, near: best.near, best: best.answer };
}

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

/**
 * Character diff of what was typed against what was expected, compared case-insensitively.
 * `same` carries the expected spelling, `add` what the student left out (expected only), `del` what
 * the student typed that is not in the answer. same+add spells `expected`.
 */
export function diffText(given: string, expected: string): DiffOp[] {
  const g = Array.from(given);
  const e = Array.from(expected);
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], ch: string): void => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += ch;
    else if (ch !== '') ops.push({ op, text: ch });
  };
  // Quadratic LCS table; beyond that size a diff is no help to a reader anyway.
  if (g.length * e.length > 250_000) {
    push('del', given);
    push('add', expected);
    return ops;
  }
  const eq = (i: number, j: number): boolean => g[i]!.toLowerCase() === e[j]!.toLowerCase();
  const n = g.length;
  const m = e.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = eq(i, j) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(i, j)) {
      push('same', e[j]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      push('del', g[i++]!);
    } else {
      push('add', e[j++]!);
    }
  }
  while (i < n) push('del', g[i++]!);
  while (j < m) push('add', e[j++]!);
  return ops;
}
