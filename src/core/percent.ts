// The one way recall turns "right out of asked" into a percentage, for every score it shows or
// reports (quiz score, per-tag tables, stats' quiz history and weak spots, the study summary's
// accuracy, the exam header's "ready"): one decimal (or whole percents where a column is narrow),
// rounded down.
// Rounded down, not to nearest, so a shown score never claims more than was earned: 71.96% shows as
// 71.9%, not as a 72.0% that would then fail a 72% pass mark. Integer arithmetic keeps 18/25 at
// exactly 72, not 71.99999.

/** 0-100 with `decimals` decimals (default one), rounded down; 0 when nothing was asked. */
export function percentOf(part: number, whole: number, decimals: 0 | 1 = 1): number {
  const scale = decimals === 1 ? 10 : 1;
  return whole <= 0 ? 0 : Math.floor((part * 100 * scale) / whole) / scale;
}

/**
 * A share already divided (true retention, a mean predicted recall) as a percentage, rounded down
 * like percentOf: 0.8996 shows as 89.9%, not as a 90.0% beside "desired 90% (below target)". The
 * 1e-9 undoes float error (0.57 * 1000 is 569.99...), and is far below the gap to the next step for
 * any share of counts under a million.
 */
export function percentOfShare(share: number, decimals: 0 | 1 = 1): number {
  const scale = decimals === 1 ? 10 : 1;
  return Math.floor(share * 100 * scale + 1e-9) / scale;
}

/** `66.6%`, `100.0%`: always one decimal, so columns line up and 66.6 never reads as 67. */
export function formatPercent(pct: number): string {
  return `${pct.toFixed(1)}%`;
}
