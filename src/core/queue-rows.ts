// The study queue worked out from the study index (adapters/study-index.ts): what the queue reads of
// each card's state, as columns of numbers, instead of a Map of 10,000 parsed states. Pure.
//
// Why: the first card of a big store waited for the whole checkpoint to be parsed (~3 MB of JSON,
// 10,000 state objects), though the queue reads six fields of each. The columns give the same
// queue as buildQueue over the states they were made from: times are compared as numbers where
// buildQueue compares toISOString() spellings as strings, which sort in the same order, and any
// other spelling it parses (tests/core/queue-rows.test.ts compares both over seeded random stores).
// Not for an exam plan: study takes the whole store then (its plan reads the journal anyway).
import type { CardHead } from './model.js';
import { stateKey, type CardState, type Settings } from './progress.js';
import { firstReviews, matches, roomToday, type DueReview, type QueueFilters, type TodayCounts } from './queue.js';
import { makeScheduler, nextRollover, recallSince, studyDayStart, studyDaysBefore, type Scheduler } from './schedule.js';

/** Flag bits of a row: a state is stored, it is a leech; the ts-fsrs state is `flags >> 2`. */
export const HAS_STATE = 1;
export const LEECH = 2;

/**
 * What the queue reads of the state of each card of the decks studied (rows in deck order), and
 * what today's counts read of the other states in the store. Times are ms since the epoch (NaN: none).
 */
export interface StateRows {
  flags: Uint8Array;
  due: Float64Array;
  last: Float64Array;
  first: Float64Array;
  stability: Float64Array;
  /** States of cards not in these decks: their first and last review, for today's counts. */
  otherFirst: Float64Array;
  otherLast: Float64Array;
}

type Row = { deck: string; card: CardHead; key?: string };

/** An optional time as ms; undefined when it is there but is not a time (the index is then not made). */
function timeOf(iso: string | undefined): number | undefined {
  if (iso === undefined) return NaN;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The rows of `cards` in `states`, or undefined when the queue could not be worked out from them
 * alone: a key twice among the cards, a state whose answer hash is not the card's (opening the store
 * resets it, commands/common.ts), a time that does not parse or a stability that is not a number.
 */
export function rowsOf(cards: readonly Row[], states: ReadonlyMap<string, CardState>, hashOf: (card: CardHead) => string): StateRows | undefined {
  const n = cards.length;
  const rows: StateRows = {
    flags: new Uint8Array(n),
    due: new Float64Array(n).fill(NaN),
    last: new Float64Array(n).fill(NaN),
    first: new Float64Array(n).fill(NaN),
    stability: new Float64Array(n).fill(NaN),
    otherFirst: new Float64Array(0),
    otherLast: new Float64Array(0),
  };
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const c = cards[i]!;
    const key = c.key ?? stateKey(c.deck, c.card.id);
    if (keys.has(key)) return undefined;
    keys.add(key);
    const s = states.get(key);
    if (s === undefined) continue;
    if (s.hash !== hashOf(c.card)) return undefined;
    const due = Date.parse(s.due);
    const last = timeOf(s.last_review);
    const first = timeOf(s.first_review);
    if (!Number.isFinite(due) || last === undefined || first === undefined || !Number.isFinite(s.stability) || ![0, 1, 2, 3].includes(s.state)) return undefined;
    rows.flags[i] = HAS_STATE | (s.leech === true ? LEECH : 0) | (s.state << 2);
    rows.due[i] = due;
    rows.last[i] = last;
    rows.first[i] = first;
    rows.stability[i] = s.stability;
  }
  const otherFirst: number[] = [];
  const otherLast: number[] = [];
  for (const [key, s] of states) {
    if (keys.has(key)) continue;
    const first = timeOf(s.first_review);
    const last = timeOf(s.last_review);
    if (first === undefined || last === undefined) return undefined;
    otherFirst.push(first);
    otherLast.push(last);
  }
  rows.otherFirst = Float64Array.from(otherFirst);
  rows.otherLast = Float64Array.from(otherLast);
  return rows;
}

/** todayCounts (core/queue.ts) of the states the rows were made from. */
export function todayCountsOfRows(rows: StateRows, now: Date, hour: number): TodayCounts {
  const start = studyDayStart(now, hour).getTime();
  const end = nextRollover(now, hour).getTime();
  const within = (ms: number) => ms >= start && ms < end; // NaN (none): false
  let newIntroduced = 0;
  let reviewsDone = 0;
  const count = (first: number, last: number) => {
    if (within(first)) newIntroduced++;
    else if (within(last)) reviewsDone++;
  };
  for (let i = 0; i < rows.flags.length; i++) if ((rows.flags[i]! & HAS_STATE) !== 0) count(rows.first[i]!, rows.last[i]!);
  for (let i = 0; i < rows.otherFirst.length; i++) count(rows.otherFirst[i]!, rows.otherLast[i]!);
  return { newIntroduced, reviewsDone };
}

export interface RowsInput<C extends CardHead> {
  /** The cards the rows were made from, in the same order. */
  cards: ReadonlyArray<{ deck: string; card: C }>;
  rows: StateRows;
  now: Date;
  settings: Settings;
  /** No exam plan: see the top of this file. */
  filters: Omit<QueueFilters, 'exam'>;
  today: TodayCounts;
  scheduler?: Scheduler;
}

export interface RowItem<C extends CardHead> {
  deck: string;
  card: C;
  kind: 'review' | 'new';
  /** The card's row (its place in `cards`). */
  row: number;
}

interface RowReview<C extends CardHead> extends DueReview {
  item: RowItem<C>;
}

/** buildQueue (core/queue.ts) over the rows: the same cards in the same order. */
export function queueOfRows<C extends CardHead>(input: RowsInput<C>): Array<RowItem<C>> {
  const { rows, now, settings, filters, today } = input;
  const hour = settings.rolloverHour;
  const sched = input.scheduler ?? makeScheduler(settings);
  const rollover = nextRollover(now, hour).getTime(); // due at or after this: not due today
  const daysBefore = studyDaysBefore(now, hour);
  const due: Array<RowReview<C>> = [];
  const fresh: Array<RowItem<C>> = [];
  input.cards.forEach((entry, order) => {
    if (!matches(entry, filters)) return;
    const flags = rows.flags[order]!;
    if ((flags & HAS_STATE) === 0) {
      fresh.push({ deck: entry.deck, card: entry.card, kind: 'new', row: order });
      return;
    }
    if ((flags & LEECH) !== 0) return;
    const at = rows.due[order]!;
    if (at >= rollover) return; // not due today
    due.push({ item: { deck: entry.deck, card: entry.card, kind: 'review', row: order }, daysOverdue: daysBefore(at), r: 0, order });
  });
  const { reviewRoom, newRoom } = roomToday(settings, filters, today);
  const recall = recallSince(sched, now);
  const reviews = firstReviews(due, reviewRoom, (d) => {
    const row = d.order;
    return rows.flags[row]! >> 2 === 0 || Number.isNaN(rows.last[row]!) ? 0 : recall(rows.last[row]!, rows.stability[row]!);
  }).map((d) => d.item);
  const queue = [...reviews, ...fresh.slice(0, newRoom)];
  const { limit } = filters;
  return limit !== undefined ? queue.slice(0, Math.max(0, limit)) : queue;
}

/** A row's card is in learning or relearning (the session header counts them). */
export function rowInLearning(rows: StateRows, row: number): boolean {
  if ((rows.flags[row]! & HAS_STATE) === 0) return false;
  const state = rows.flags[row]! >> 2;
  return state === 1 || state === 3;
}
