// The Poisson-binomial distribution: the number of successes among independent trials that each
// have their own probability. Exact dynamic programme, O(n²) time and O(n) memory: an exam has tens
// to a few hundred questions, where this is exact and fast, so no normal approximation is needed.

/** P(K = k) for k = 0..n, where K is the number of successes among trials with probabilities `p`. */
export function poissonBinomialPmf(p: readonly number[]): number[] {
  const pmf = new Array<number>(p.length + 1).fill(0);
  pmf[0] = 1;
  p.forEach((raw, i) => {
    const q = Math.min(1, Math.max(0, raw));
    // Walk k downwards so pmf[k - 1] is still the value before trial i.
    for (let k = i + 1; k >= 1; k--) pmf[k] = pmf[k]! * (1 - q) + pmf[k - 1]! * q;
    pmf[0] = pmf[0]! * (1 - q);
  });
  return pmf;
}

/** P(K ≥ k) for the same trials; 1 when k ≤ 0, 0 when k exceeds the number of trials. */
export function probabilityAtLeast(p: readonly number[], k: number): number {
  if (k <= 0) return 1;
  const pmf = poissonBinomialPmf(p);
  let sum = 0;
  for (let i = Math.ceil(k); i < pmf.length; i++) sum += pmf[i]!;
  return Math.min(1, Math.max(0, sum));
}
