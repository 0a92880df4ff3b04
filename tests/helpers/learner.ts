// A simulated learner for the optimizer tests and bench: recall schedules with its default weights
// (core/schedule.ts, as a student who never optimized), while the student remembers by other, "true"
// weights: each answer is right with the probability the true FSRS forgetting curve gives. Seeded.
// The result is the journal recall itself would have written.
import { createEmptyCard, fsrs, default_w, type Card as FsrsCard, type Grade } from 'ts-fsrs';
import { DEFAULT_SETTINGS, serializeEntry, type CardState, type ReviewEntry, type Settings } from '../../src/core/progress.js';
import type { SelfRating } from '../../src/core/model.js';
import { makeScheduler, review } from '../../src/core/schedule.js';
import { rng } from '../../src/core/random.js';

/** A learner unlike the default one: slower first memories, faster forgetting curve, bigger Easy. */
export const TRUE_WEIGHTS: number[] = (() => {
  const w = [...default_w];
  w[0] = 0.6; // initial stability after Again
  w[1] = 2.5; // after Hard
  w[2] = 5; // after Good
  w[3] = 20; // after Easy
  w[8] = 1.2; // how much a success grows stability
  w[20] = 0.35; // decay: a steeper curve than the default 0.1542
  return w;
})();

export interface LearnerOptions {
  /** Study reviews to write (the last card may stop early). */
  reviews: number;
  seed?: number;
  deck?: string;
  /** Reviews per card at most (then a new card starts). */
  perCard?: number;
  /** First day of the history (UTC midnight). */
  start?: Date;
  settings?: Settings;
}

const GRADE: Record<SelfRating, Grade> = { again: 1, hard: 2, good: 3, easy: 4 };

/** Journal entries, in time order, of a learner with TRUE_WEIGHTS studying under recall's schedule. */
export function simulateLearner(opts: LearnerOptions): ReviewEntry[] {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const sched = makeScheduler(settings);
  const truth = fsrs({ w: TRUE_WEIGHTS, enable_fuzz: false, enable_short_term: true });
  const random = rng(opts.seed ?? 1);
  const deck = opts.deck ?? 'sim';
  const perCard = opts.perCard ?? 12;
  const start = (opts.start ?? new Date('2024-01-01T00:00:00Z')).getTime();
  const entries: ReviewEntry[] = [];
  let n = 0;
  for (let c = 0; n < opts.reviews; c++) {
    const card = `c${c}`;
    const key = { deck, card, hash: 'h' };
    // 20 new cards a day, at 10:00 UTC plus a minute per card: well clear of the 04:00 rollover.
    let now = new Date(start + Math.floor(c / 20) * 86_400_000 + 10 * 3_600_000 + (c % 20) * 60_000);
    let state: CardState | null = null;
    let mind: FsrsCard = createEmptyCard(now);
    for (let i = 0; i < perCard && n < opts.reviews; i++) {
      const rating = answer(truth, mind, now, random);
      const next = review(sched, state, rating, now, key);
      entries.push({
        id: `sim-${c}-${i}`,
        at: now.toISOString(),
        deck,
        card,
        session: 'sim',
        op: 'review',
        kind: 'study',
        rating,
        correct: null,
        ms: 4000,
        ...(state !== null && state.state !== 0 ? { before: state.state } : {}),
        state: next,
      });
      n++;
      mind = truth.next(mind, now, GRADE[rating]).card;
      state = next;
      // The student studies when recall says so (a same-day step comes back at once, later the same day).
      now = new Date(Math.max(Date.parse(next.due), now.getTime() + 60_000));
    }
  }
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The true learner's answer: right with the true curve's probability; a first sight by fixed odds. */
function answer(truth: ReturnType<typeof fsrs>, mind: FsrsCard, now: Date, random: () => number): SelfRating {
  const u = random();
  if (mind.state === 0) return u < 0.2 ? 'again' : u < 0.3 ? 'hard' : u < 0.9 ? 'good' : 'easy';
  const recalled = random() < truth.get_retrievability(mind, now, false);
  if (!recalled) return 'again';
  return u < 0.1 ? 'hard' : u < 0.9 ? 'good' : 'easy';
}

/** The entries as journal.jsonl text. */
export function journalText(entries: readonly ReviewEntry[]): string {
  return entries.map(serializeEntry).join('');
}
