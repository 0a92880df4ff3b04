// FSRS weights as a setting: `recall optimize` fits them, `recall config` shows and resets them,
// makeScheduler() hands them to ts-fsrs. Pure. A params value read from progress.json is untrusted:
// it must be exactly what ts-fsrs 5 (FSRS-6) takes, or the scheduler would silently clip or drop it.

/** FSRS-6 has 21 weights; ts-fsrs 5 and the optimizer binding 0.5 both use FSRS-6. */
export const PARAM_COUNT = 21;

/**
 * ts-fsrs's clamp ranges for each weight, CLAMP_PARAMETERS(W17_W18_Ceiling, enable_short_term = true),
 * copied rather than imported: the store checks settings on every start-up and importing ts-fsrs there
 * would put it on every command's start-up path. tests/core/fsrs-params.test.ts fails when ts-fsrs
 * changes them.
 */
export const PARAM_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0.001, 100],
  [0.001, 100],
  [0.001, 100],
  [0.001, 100],
  [1, 10],
  [0.001, 4],
  [0.001, 4],
  [0.001, 0.75],
  [0, 4.5],
  [0, 0.8],
  [0.001, 3.5],
  [0.001, 5],
  [0.001, 0.25],
  [0.001, 0.9],
  [0, 4],
  [0, 1],
  [1, 6],
  [0, 2],
  [0, 2],
  [0.01, 0.8],
  [0.1, 0.8],
];

/** Why `value` is not a usable params setting, or undefined. null (or absent) means the defaults. */
export function paramsProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (!Array.isArray(value)) return `must be "default" or a list of ${PARAM_COUNT} numbers`;
  if (value.length !== PARAM_COUNT)
    return `must be ${PARAM_COUNT} numbers (FSRS-6), not ${value.length}`;
  for (let i = 0; i < value.length; i++) {
    const w = value[i] as unknown;
    const [min, max] = PARAM_RANGES[i] as readonly [number, number];
    if (typeof w !== 'number' || !Number.isFinite(w)) return `weight w${i} must be a number, got ${JSON.stringify(w)?.slice(0, 20)}`;
    if (w < min || w > max) return `weight w${i} must be from ${min} to ${max}, got ${w}`;
  }
  return undefined;
}

/** `config set params` input: "default", or 21 numbers separated by commas or spaces. */
export function parseParams(raw: string): number[] | null | string {
  const text = raw.trim();
  if (text === 'default') return null;
  const parts = text.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map((p) => (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(p) ? Number(p) : NaN));
  const bad = parts.findIndex((_, i) => Number.isNaN(numbers[i]));
  if (parts.length === 0) return `params must be "default" or ${PARAM_COUNT} numbers separated by commas`;
  if (bad >= 0) return `params must be "default" or ${PARAM_COUNT} numbers separated by commas; "${parts[bad]?.slice(0, 20)}" is not a number`;
  return paramsProblem(numbers) === undefined ? numbers : `params ${paramsProblem(numbers)}`;
}

/** How `config get params` shows them: "default", or the weights as comma-separated numbers. */
export function formatParams(params: readonly number[] | null): string {
  return params === null ? 'default' : params.map((w) => String(w)).join(',');
}

/**
 * Fitted weights as recall stores them: rounded to 4 decimals (as Anki shows them; the optimizer
 * works in 32-bit floats, so more digits are noise) and kept inside ts-fsrs's ranges, so what is
 * evaluated, saved and scheduled with is the same list.
 */
export function tidyParams(params: readonly number[]): number[] {
  return params.map((w, i) => {
    const [min, max] = PARAM_RANGES[i] ?? [-Infinity, Infinity];
    return Math.min(max, Math.max(min, Math.round(w * 10_000) / 10_000));
  });
}
