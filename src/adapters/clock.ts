// The session clock. RECALL_NOW pins the start of the run for reproducible schedules; the clock then
// advances by the real time elapsed in this process, so answer durations and the order of journal
// entries still make sense. Same RECALL_NOW + same answers = same schedule (FSRS works in days and
// fuzz is seeded per card, so the few real milliseconds a scripted run takes do not change it).
import { UsageError } from '../errors.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function clockFromEnv(env: Record<string, string | undefined>): () => Date {
  const fixed = env.RECALL_NOW;
  if (fixed === undefined || fixed === '') return () => new Date();
  const t = Date.parse(fixed);
  if (!ISO_DATE_TIME.test(fixed.trim()) || Number.isNaN(t)) {
    throw new UsageError(
      `RECALL_NOW must be an ISO date-time such as 2025-01-31T09:00:00Z, got "${fixed}"`,
      'BAD_RECALL_NOW',
    );
  }
  const start = performance.now();
  return () => new Date(t + Math.floor(performance.now() - start));
}
