// "Did you mean ...?": the closest names to a mistyped one, for commands, options and tags.
// Pure and small on purpose: commander has the same idea inside, but does not export it.

/** Optimal string alignment distance: Levenshtein plus a swap of two neighbours (`stduy` -> `study`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to `word` (case-insensitive), nearest first, at most `max` of them. A
 * candidate counts as close within about a third of the word's length (at least 1 edit), or when
 * one contains the other (`trap` for `traps`, `iam` for `iam-role`).
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(candidates)) {
    const n = name.toLowerCase();
    const dist = editDistance(w, n);
    const limit = Math.max(1, Math.floor(w.length / 3));
    if (dist <= limit) scored.push({ name, score: dist });
    else if (w.length >= 3 && (n.includes(w) || w.includes(n)) && n.length >= 3) scored.push({ name, score: limit + 1 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
