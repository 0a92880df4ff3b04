// The session clock. RECALL_NOW fixes the wall clock to one instant for the whole run, so the same
// RECALL_NOW and the same answers give the same schedule, to the millisecond. Durations (how long
// an answer took, a quiz countdown) are a separate, monotonic stopwatch: they stay real.
import { UsageError } from '../errors.js';
import { DATE_MAX_MS, DATE_MIN_MS, parseIsoDate } from '../core/card-state.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function clockFromEnv(env: Record<string, string | undefined>): () => Date {
  const fixed = env.RECALL_NOW;
  if (fixed === undefined || fixed === '') return () => new Date();
  // parseIsoDate, not Date.parse: Date.parse rolls 2026-02-30 over to 2 March. Every date recall
  // stores must lie in the range the state validator accepts, so the clock must too.
  const t = ISO_DATE_TIME.test(fixed.trim()) ? parseIsoDate(fixed.trim()) : undefined;
  if (t === undefined || t < DATE_MIN_MS || t > DATE_MAX_MS) {
    throw new UsageError(
      `RECALL_NOW must be a real ISO date-time between 1970 and 9999, such as 2025-01-31T09:00:00Z, got "${fixed}"`,
      'BAD_RECALL_NOW',
    );
  }
  return () => new Date(t);
}

/** Milliseconds since the stopwatch was made; never goes backwards, whatever the wall clock does. */
export function stopwatch(): () => number {
  // process.hrtime, not performance.now(): the global `performance` loads perf_hooks (~2 ms of start-up).
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
}
