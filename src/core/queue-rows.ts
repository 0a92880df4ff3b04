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
import { firstReviews, roomToday, type DueReview, type QueueFilters, type TodayCounts } from './queue.js';
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
  /** The rows with a state, by due time (then row): the due reviews are the first of them. */
  byDue: Uint32Array;
  /** Every state with a first or last review, most recent first by the later of the two (row i,
   *  or row n + j for other state j): today's counts are made from the first few. */
  recent: Uint32Array;
}

// Why the two orders: at a start nothing is optimised yet, and a loop over 10,000 rows that reads a
// time of each (a double, boxed by V8's interpreter at every read) cost ~5-10 ms per pass. In these
// orders the queue reads the due reviews it takes and the groups they are in, and today's counts
// the states answered today, and stop.

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
    byDue: new Uint32Array(0),
    recent: new Uint32Array(0),
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
  const orders = rowOrders(rows);
  rows.byDue = orders.byDue;
  rows.recent = orders.recent;
  return rows;
}

/** StateRows' byDue and recent orders of the other columns. */
export function rowOrders(rows: Omit<StateRows, 'byDue' | 'recent'>): { byDue: Uint32Array; recent: Uint32Array } {
  const n = rows.flags.length;
  const withState: number[] = [];
  for (let i = 0; i < n; i++) if ((rows.flags[i]! & HAS_STATE) !== 0) withState.push(i);
  const byDue = withState.slice().sort((a, b) => rows.due[a]! - rows.due[b]! || a - b);
  // Each state by the later of its first and last review (-Infinity: neither), most recent first.
  const m = rows.otherFirst.length;
  const latest = new Float64Array(n + m).fill(-Infinity);
  const later = (first: number, last: number) => Math.max(Number.isNaN(first) ? -Infinity : first, Number.isNaN(last) ? -Infinity : last);
  for (const i of withState) latest[i] = later(rows.first[i]!, rows.last[i]!);
  for (let j = 0; j < m; j++) latest[n + j] = later(rows.otherFirst[j]!, rows.otherLast[j]!);
  const recent: number[] = [];
  for (let id = 0; id < n + m; id++) if (latest[id]! > -Infinity) recent.push(id);
  recent.sort((a, b) => latest[b]! - latest[a]! || a - b);
  return { byDue: Uint32Array.from(byDue), recent: Uint32Array.from(recent) };
}

/** todayCounts (core/queue.ts) of the states the rows were made from: of the most recent states,
 *  until one was last answered before today. */
export function todayCountsOfRows(rows: StateRows, now: Date, hour: number): TodayCounts {
  const start = studyDayStart(now, hour).getTime();
  const end = nextRollover(now, hour).getTime();
  const { recent, first, last, otherFirst, otherLast } = rows;
  const n = rows.flags.length;
  let newIntroduced = 0;
  let reviewsDone = 0;
  for (let k = 0; k < recent.length; k++) {
    const id = recent[k]!;
    const f = id < n ? first[id]! : otherFirst[id - n]!;
    const l = id < n ? last[id]! : otherLast[id - n]!;
    if (!(f >= start) && !(l >= start)) break; // the later of the two is before today: so are the rest
    if (f >= start && f < end) newIntroduced++;
    else if (l >= start && l < end) reviewsDone++;
  }
  return { newIntroduced, reviewsDone };
}

/**
 * Each card's tags as small numbers (rows in deck order): `tags` holds every tag once, in the order
 * the cards first carry them (the order a Set of the cards' tags has, which matchTags reads), and
 * row i's tags are `ids[start[i]]` to `ids[start[i + 1] - 1]`.
 */
export interface CardTags {
  tags: string[];
  start: Uint32Array;
  ids: Uint32Array;
}

/** The CardTags of `cards`. */
export function tagColumns(cards: ReadonlyArray<{ card: CardHead }>): CardTags {
  const n = cards.length;
  const byName = new Map<string, number>();
  const start = new Uint32Array(n + 1);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = ids.length;
    for (const t of cards[i]!.card.tags) {
      let id = byName.get(t);
      if (id === undefined) byName.set(t, (id = byName.size));
      ids.push(id);
    }
  }
  start[n] = ids.length;
  return { tags: [...byName.keys()], start, ids: Uint32Array.from(ids) };
}

/** Which rows `--tag` lets through (matches() of core/queue.ts over CardTags); undefined: all. */
export function rowsWithTags(cardTags: CardTags, wanted: readonly string[] | undefined): ((row: number) => boolean) | undefined {
  if (wanted === undefined || wanted.length === 0) return undefined;
  const want = new Uint8Array(cardTags.tags.length);
  cardTags.tags.forEach((t, i) => {
    if (wanted.includes(t)) want[i] = 1;
  });
  const { start, ids } = cardTags;
  return (row) => {
    for (let k = start[row]!; k < start[row + 1]!; k++) if (want[ids[k]!] === 1) return true;
    return false;
  };
}

export interface RowsInput {
  rows: StateRows;
  /** The rows the filters let through (rowsWithTags); undefined: every row. */
  wanted?: (row: number) => boolean;
  now: Date;
  settings: Settings;
  /** `--limit` and `--new`; no exam plan (see the top of this file). The decks are the rows'. */
  filters: Pick<QueueFilters, 'limit' | 'newOverride'>;
  today: TodayCounts;
  scheduler?: Scheduler;
}

export interface RowItem {
  /** The card's row (its place in deck order). */
  row: number;
  kind: 'review' | 'new';
}

interface RowReview extends DueReview {
  item: RowItem;
}

/**
 * buildQueue (core/queue.ts) over the rows: the same cards in the same order, as rows. The due
 * reviews are taken by due time (byDue) until today's room is reached and the study day of the
 * last one taken is done (firstReviews orders within whole groups of equally overdue cards), and
 * the new cards in deck order until today's new cards are: no more rows are read.
 */
export function queueOfRows(input: RowsInput): RowItem[] {
  const { rows, now, settings, filters, today, wanted } = input;
  const hour = settings.rolloverHour;
  const sched = input.scheduler ?? makeScheduler(settings);
  const { reviewRoom, newRoom } = roomToday(settings, filters, today);
  const rollover = nextRollover(now, hour).getTime(); // due at or after this: not due today
  const daysBefore = studyDaysBefore(now, hour);
  const { flags, byDue } = rows;
  const due: RowReview[] = [];
  let cut: number | undefined; // the days overdue of the review that filled today's room
  for (let k = 0; k < byDue.length && reviewRoom > 0; k++) {
    const row = byDue[k]!;
    if ((flags[row]! & LEECH) !== 0 || (wanted !== undefined && !wanted(row))) continue;
    const at = rows.due[row]!;
    if (!(at < rollover)) break; // not due today, nor any after it
    const days = daysBefore(at);
    if (cut !== undefined && days < cut) break;
    due.push({ item: { row, kind: 'review' }, daysOverdue: days, r: 0, order: row });
    if (cut === undefined && due.length >= reviewRoom) cut = days;
  }
  const recall = recallSince(sched, now);
  const reviews = firstReviews(due, reviewRoom, (d) => {
    const row = d.order;
    return flags[row]! >> 2 === 0 || Number.isNaN(rows.last[row]!) ? 0 : recall(rows.last[row]!, rows.stability[row]!);
  }).map((d) => d.item);
  const fresh: RowItem[] = [];
  for (let row = 0; row < flags.length && fresh.length < newRoom; row++) {
    if ((flags[row]! & HAS_STATE) === 0 && (wanted === undefined || wanted(row))) fresh.push({ row, kind: 'new' });
  }
  const queue = [...reviews, ...fresh];
  const { limit } = filters;
  return limit !== undefined ? queue.slice(0, Math.max(0, limit)) : queue;
}

/** A row's card is in learning or relearning (the session header counts them). */
export function rowInLearning(rows: StateRows, row: number): boolean {
  if ((rows.flags[row]! & HAS_STATE) === 0) return false;
  const state = rows.flags[row]! >> 2;
  return state === 1 || state === 3;
}
