// `recall optimize`, the pure part: the training set built from the journal, and the rules that
// decide whether fitted weights are saved. No I/O; the optimizer itself is an adapter
// (adapters/fsrs-binding.ts).
import type { JournalEntry, ReviewEntry } from './progress.js';
import type { SelfRating } from './model.js';
import { stateKey } from './progress.js';
import { studyDayNumber } from './schedule.js';

/** Below this many study reviews nothing is saved (unless --force): too few to fit 21 weights. */
export const MIN_REVIEWS = 400;

/** One review as the FSRS optimizer takes it: rating 1-4 and whole study days since the last one. */
export interface TrainingReview {
  rating: 1 | 2 | 3 | 4;
  deltaT: number;
}

export interface TrainingSet {
  /** Each card's study reviews in time order; the first has deltaT 0. */
  cards: TrainingReview[][];
  /** Study reviews in `cards`. */
  reviews: number;
  /** Cards whose study history does not start when the card was new (left out, see below). */
  partial: number;
}

const RATING: Record<SelfRating, TrainingReview['rating']> = { again: 1, hard: 2, good: 3, easy: 4 };

interface Kept {
  at: number;
  rating: SelfRating;
  /** the card was new before this review */
  fresh: boolean;
}

/**
 * The training set: every card's study reviews, in time order, with the elapsed time counted in
 * local study days (the rollover hour and the time zone the scheduler uses, schedule.ts), so the
 * fit sees the intervals the student actually had.
 *
 * - Quiz answers are left out. They are given under exam conditions (a timer, no self-grade, often
 *   the same card again minutes later), not when the schedule asked for the card, so their timing
 *   says nothing about the forgetting curve the schedule depends on. They are kept for what they do
 *   measure: how well predicted recall matches exam answers (the readiness calibration, stats).
 * - An undone review never happened; a reset (by the user, or because the card's answer changed)
 *   starts the card's history again, since what was remembered before was another answer.
 * - A card whose first study review is not of a new card (its history began in a quiz, or before
 *   `before` was recorded and was then cut by a reset) is left out: the optimizer reads a card's
 *   first review as its first sight, and would learn wrong initial stabilities from it.
 */
export function trainingSet(entries: readonly JournalEntry[], rolloverHour: number): TrainingSet {
  const undone = new Set<string>();
  for (const e of entries) if (e.op === 'undo') undone.add(e.ref);

  const byCard = new Map<string, Kept[]>();
  for (const e of entries) {
    if (e.op === 'reset') {
      reset(byCard, e.deck, e.card, Date.parse(e.at));
    } else if (e.op === 'review' && e.kind === 'study' && !undone.has(e.id)) {
      const at = Date.parse(e.at);
      if (!Number.isFinite(at) || !(e.rating in RATING)) continue;
      const key = stateKey(e.deck, e.card);
      let list = byCard.get(key);
      if (list === undefined) byCard.set(key, (list = []));
      list.push({ at, rating: e.rating, fresh: isFresh(e) });
    }
  }

  const cards: TrainingReview[][] = [];
  let reviews = 0;
  let partial = 0;
  for (const list of byCard.values()) {
    if (list.length === 0) continue;
    // Imports append another machine's history after ours: order by time (stable for equal times).
    list.sort((a, b) => a.at - b.at);
    if (!(list[0] as Kept).fresh) {
      partial++;
      continue;
    }
    let prevDay = 0;
    const seq = list.map((r, i): TrainingReview => {
      const day = studyDayNumber(new Date(r.at), rolloverHour);
      const deltaT = i === 0 ? 0 : Math.max(0, Math.round(day - prevDay));
      prevDay = day;
      return { rating: RATING[r.rating], deltaT };
    });
    cards.push(seq);
    reviews += seq.length;
  }
  return { cards, reviews, partial };
}

/** Entries written before `before` was recorded have neither; treat them as starting fresh. */
function isFresh(e: ReviewEntry): boolean {
  return e.before === undefined;
}

/** A reset drops what came before it, for one card or (card absent) a whole deck. */
function reset(byCard: Map<string, Kept[]>, deck: string, card: string | undefined, at: number): void {
  const drop = (key: string) => {
    const list = byCard.get(key);
    // A merged reset from another machine only cuts what is older than itself.
    if (list !== undefined) byCard.set(key, Number.isFinite(at) ? list.filter((r) => r.at > at) : []);
  };
  if (card !== undefined) return drop(stateKey(deck, card));
  const prefix = `${deck}/`;
  for (const key of byCard.keys()) if (key.startsWith(prefix) && key.indexOf('/') === deck.length) drop(key);
}

/**
 * The items the optimizer trains and evaluates on: for each review on a later study day than the one
 * before it, the card's history up to and including that review (the review is what is predicted).
 *
 * Same-day reviews (learning steps) stay in the histories but are not predicted: recall schedules
 * in whole days, and the binding's evaluate() rejects an item that ends on a same-day review after
 * two long-term reviews (InvalidInput), while fitting aborts the whole process on an item with no
 * long-term review at all. srs-benchmark scores FSRS on long-term reviews the same way.
 */
export function trainingItems(set: TrainingSet): TrainingReview[][] {
  const items: TrainingReview[][] = [];
  for (const seq of set.cards) {
    for (let i = 1; i < seq.length; i++) if ((seq[i] as TrainingReview).deltaT > 0) items.push(seq.slice(0, i + 1));
  }
  return items;
}

export interface Metrics {
  logLoss: number;
  rmse: number;
}

/** Whether the fitted weights replace the current ones: only when they predict the history better. */
export function isBetter(before: Metrics | null, after: Metrics | null): boolean {
  return before !== null && after !== null && after.logLoss < before.logLoss;
}

/** Study reviews still needed before optimize saves anything without --force (0: enough). */
export function reviewsNeeded(reviews: number): number {
  return Math.max(0, MIN_REVIEWS - reviews);
}
