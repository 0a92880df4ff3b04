// How surprising a count of successes is when each trial i succeeds by chance with probability p[i]
// (a Poisson binomial). Used by KEY_LONGEST: "the key is the longest option in k of n cards" against
// 1/options per card. Pure arithmetic, no I/O.

/** Exact up to this many trials (an O(n²) recurrence); a normal approximation beyond. */
const EXACT_UP_TO = 1000;

/** P(X >= k) for X the number of successes of independent trials with success chances `p`. */
export function upperTail(p: readonly number[], k: number): number {
  if (k <= 0) return 1;
  if (k > p.length) return 0;
  return p.length <= EXACT_UP_TO ? exactTail(p, k) : normalTail(p, k);
}

function exactTail(p: readonly number[], k: number): number {
  // dist[j] = P(j successes so far); only j < k is kept, the rest is 1 minus their sum.
  const dist = new Float64Array(k);
  dist[0] = 1;
  for (const pi of p) {
    for (let j = k - 1; j >= 1; j--) dist[j] = dist[j]! * (1 - pi) + dist[j - 1]! * pi;
    dist[0] = dist[0]! * (1 - pi);
  }
  let below = 0;
  for (const d of dist) below += d;
  return Math.min(1, Math.max(0, 1 - below));
}

/** With hundreds of trials the count is close to normal; a continuity correction of 0.5. */
function normalTail(p: readonly number[], k: number): number {
  let mean = 0;
  let variance = 0;
  for (const pi of p) {
    mean += pi;
    variance += pi * (1 - pi);
  }
  if (variance === 0) return k <= mean ? 1 : 0;
  return 0.5 * erfc((k - 0.5 - mean) / Math.sqrt(2 * variance));
}

/** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
