// The study queue: which cards a session drills, in what order, within the daily limits. Pure.
import type { Card, CardHead } from './model.js';
import { stateKey, type CardState, type Settings } from './progress.js';
import {
  makeScheduler,
  nextRollover,
  retrievabilityAt,
  studyDayStart,
  studyDaysBefore,
  type Scheduler,
} from './schedule.js';

export interface QueueFilters {
  /** Deck ids to study; absent or empty: all. */
  decks?: string[];
  /** Cards carrying any of these (merged deck + card) tags; absent or empty: all. */
  tags?: string[];
  /** `--limit N`: at most N cards this session. */
  limit?: number;
  /** `--new N`: introduce up to N new cards this session, whatever today's allowance has left. */
  newOverride?: number;
  /** With an exam date: today's share of the plan toward it (core/exam-plan.ts). */
  exam?: ExamToday;
}

export interface ExamToday {
  /** Cards to review today although FSRS has them due later: brought forward for the exam. */
  bringForward: ReadonlySet<string>;
  /** New cards the plan introduces today (replaces new-per-day). */
  newToday: number;
  /** Reviews today may reach this many (the exam's max-per-day replaces reviews-per-day). */
  reviewRoom: number;
}

export interface TodayCounts {
  newIntroduced: number;
  reviewsDone: number;
}

/** `C`: whole cards, or only their heads (what the queue reads: id and tags). */
export interface QueueInput<C extends CardHead = Card> {
  /** In deck order; new cards are introduced in this order. `key`: stateKey(deck, card.id), when
   *  the caller keeps it (one string per card for every pass, instead of one per card per pass). */
  cards: Array<{ deck: string; card: C; key?: string }>;
  /** Keyed by stateKey(deck, card.id). */
  states: Map<string, CardState>;
  now: Date;
  settings: Settings;
  filters: QueueFilters;
  today: TodayCounts;
  /** Reuse a scheduler built from the same settings (optional). */
  scheduler?: Scheduler;
}

export interface QueueItem<C extends CardHead = Card> {
  deck: string;
  card: C;
  /** null: a new card */
  state: CardState | null;
  kind: 'review' | 'new';
}

/**
 * A time limit that stored timestamps can be compared with as they are: the store writes them with
 * toISOString() (`2026-03-02T10:00:00.000Z`), and such strings sort in time order, so the passes
 * over every card compare strings instead of parsing 10,000 dates. Any other spelling a valid
 * state may hold (an import's `2026-03-02T10:00:00Z`) is parsed.
 */
export function timeLimit(ms: number): (iso: string) => number {
  const limit = new Date(ms).toISOString();
  const canonical = limit.length === 24; // years 0-9999
  // <0: before the limit, 0: at it, >0: after it
  return (iso) => (canonical && isCanonicalIso(iso) ? (iso < limit ? -1 : iso > limit ? 1 : 0) : Math.sign(Date.parse(iso) - ms));
}

/** `yyyy-mm-ddThh:mm:ss.sssZ` by its separators (digits in between are what a valid state holds). */
function isCanonicalIso(iso: string): boolean {
  return (
    iso.length === 24 &&
    iso.charCodeAt(23) === 90 /* Z */ &&
    iso.charCodeAt(10) === 84 /* T */ &&
    iso.charCodeAt(19) === 46 /* . */ &&
    iso.charCodeAt(4) === 45 /* - */ &&
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(13) === 58 /* : */ &&
    iso.charCodeAt(16) === 58
  );
}

function within(iso: string | undefined, from: (iso: string) => number, to: (iso: string) => number): boolean {
  return iso !== undefined && from(iso) >= 0 && to(iso) < 0;
}

/** Today's use of the daily limits, per card. A card first answered today counts as new only,
 *  not also as a review; any other card last reviewed today counts as one review. */
export function todayCounts(
  states: ReadonlyMap<string, CardState> | Iterable<CardState>,
  now: Date,
  hour: number,
): TodayCounts {
  const start = timeLimit(studyDayStart(now, hour).getTime());
  const end = timeLimit(nextRollover(now, hour).getTime());
  let newIntroduced = 0;
  let reviewsDone = 0;
  const values: Iterable<CardState> = states instanceof Map ? states.values() : (states as Iterable<CardState>);
  for (const s of values) {
    if (within(s.first_review, start, end)) newIntroduced++;
    else if (within(s.last_review, start, end)) reviewsDone++;
  }
  return { newIntroduced, reviewsDone };
}

export function matches(entry: { deck: string; card: CardHead }, filters: QueueFilters): boolean {
  if (filters.decks && filters.decks.length > 0 && !filters.decks.includes(entry.deck)) return false;
  if (filters.tags && filters.tags.length > 0 && !entry.card.tags.some((t) => filters.tags!.includes(t))) {
    return false;
  }
  return true;
}

/**
 * Due reviews first, then new cards in deck order. Reviews are ordered by how many study days
 * they are overdue (most first), then by lowest predicted recall, then deck order. Comparing whole
 * study days rather than milliseconds lets recall break ties among cards due the same day.
 * Leeches are left out.
 */
export function buildQueue<C extends CardHead>(input: QueueInput<C>): Array<QueueItem<C>> {
  const { reviews, fresh, newRoom } = candidates(input);
  const queue = [...reviews, ...fresh.slice(0, newRoom)];
  const { limit } = input.filters;
  return limit !== undefined ? queue.slice(0, Math.max(0, limit)) : queue;
}

export interface HeldBack {
  /** New cards left out because today's new-card allowance (new-per-day) is used up. */
  newCards: number;
  /** Due reviews left out because today's review allowance (reviews-per-day) is used up. */
  reviews: number;
}

/** What today's limits keep out of the queue, so an empty session can say why it is empty. */
export function heldBack<C extends CardHead>(input: QueueInput<C>): HeldBack {
  const { reviewCount, fresh, reviewRoom, newRoom } = candidates(input);
  // `--new N` is the student's own choice, not today's limit: nothing is "held back" by it.
  const newCards = input.filters.newOverride === undefined ? Math.max(0, fresh.length - newRoom) : 0;
  return { newCards, reviews: Math.max(0, reviewCount - reviewRoom) };
}

/** Every card the filters let through, due reviews sorted, and the room today's limits leave. */
function candidates<C extends CardHead>(input: QueueInput<C>): { reviews: Array<QueueItem<C>>; reviewCount: number; fresh: Array<QueueItem<C>>; reviewRoom: number; newRoom: number } {
  const { now, settings, filters, today } = input;
  const hour = settings.rolloverHour;
  const sched = input.scheduler ?? makeScheduler(settings);
  const rollover = timeLimit(nextRollover(now, hour).getTime()); // due before this: due today (isDueToday, hoisted)

  const daysBefore = studyDaysBefore(now, hour);
  const due: Array<Review<C>> = [];
  const fresh: Array<QueueItem<C>> = [];
  input.cards.forEach((entry, order) => {
    if (!matches(entry, filters)) return;
    const key = entry.key ?? stateKey(entry.deck, entry.card.id);
    const state = input.states.get(key) ?? null;
    if (state === null) {
      fresh.push({ deck: entry.deck, card: entry.card, state: null, kind: 'new' });
      return;
    }
    if (state.leech === true) return;
    if (rollover(state.due) >= 0 && !filters.exam?.bringForward.has(key)) return; // not due today
    due.push({
      item: { deck: entry.deck, card: entry.card, state, kind: 'review' },
      // whole study days between the day it came due and today (negative: brought forward)
      daysOverdue: daysBefore(Date.parse(state.due)),
      r: 0,
      order,
    });
  });

  const { reviewRoom, newRoom } = roomToday(settings, filters, today);
  const recall = retrievabilityAt(sched, now);
  const reviews = firstReviews(due, reviewRoom, (d) => recall(d.item.state!)).map((d) => d.item);
  return { reviews, reviewCount: due.length, fresh, reviewRoom, newRoom };
}

/** How many reviews and new cards today's limits (or the exam plan, or `--new N`) leave room for. */
export function roomToday(settings: Settings, filters: QueueFilters, today: TodayCounts): { reviewRoom: number; newRoom: number } {
  const reviewRoom = filters.exam ? filters.exam.reviewRoom : Math.max(0, settings.reviewsPerDay - today.reviewsDone);
  const newRoom =
    filters.newOverride !== undefined
      ? Math.max(0, filters.newOverride)
      : filters.exam
        ? filters.exam.newToday
        : Math.max(0, settings.newPerDay - today.newIntroduced);
  return { reviewRoom, newRoom };
}

/** A due review as firstReviews orders it. */
export interface DueReview {
  daysOverdue: number;
  /** Predicted recall now: worked out only for the cards firstReviews sorts. */
  r: number;
  /** The card's place in deck order. */
  order: number;
}

interface Review<C extends CardHead> extends DueReview {
  item: QueueItem<C>;
}

/**
 * The first `room` due reviews in queue order: most study days overdue, then lowest predicted
 * recall, then deck order. A big store has thousands due and a day takes a few hundred, so only
 * the groups of equally overdue cards that reach into the first `room` are sorted, and only their
 * cards' recall is worked out; the same cards in the same order as sorting all of them.
 */
export function firstReviews<R extends DueReview>(due: R[], room: number, recall: (review: R) => number): R[] {
  if (room <= 0 || due.length === 0) return [];
  let needed = due;
  if (due.length > room) {
    const counts = new Map<number, number>();
    for (const d of due) counts.set(d.daysOverdue, (counts.get(d.daysOverdue) ?? 0) + 1);
    let cut = -Infinity; // the fewest days overdue among the first `room`
    let taken = 0;
    for (const days of [...counts.keys()].sort((a, b) => b - a)) {
      cut = days;
      taken += counts.get(days)!;
      if (taken >= room) break;
    }
    needed = due.filter((d) => d.daysOverdue >= cut);
  }
  for (const d of needed) d.r = recall(d);
  needed.sort((a, b) => b.daysOverdue - a.daysOverdue || a.r - b.r || a.order - b.order);
  return needed.slice(0, room);
}

export interface NextDueOptions {
  /** Cards already queued this session are not "next". */
  queue?: ReadonlyArray<QueueItem<CardHead>>;
  /** Local rollover hour; default 4. */
  rolloverHour?: number;
}

/**
 * When the next studied card (not leech, not in `queue`) becomes available: its due time, or the
 * next rollover for a card already due but held back by today's limits. null when there is none.
 */
export function nextDue(
  cards: ReadonlyArray<{ deck: string; card: CardHead; key?: string }>,
  states: Map<string, CardState>,
  now: Date,
  options: NextDueOptions = {},
): Date | null {
  const queued = new Set((options.queue ?? []).map((q) => stateKey(q.deck, q.card.id)));
  const rollover = nextRollover(now, options.rolloverHour ?? 4).getTime();
  const afterNow = timeLimit(now.getTime());
  let best: number | null = null;
  // The earliest toISOString() spelling is found by comparing strings (see timeLimit), and parsed once.
  let earliest: string | undefined;
  for (const { deck, card, key: kept } of cards) {
    const key = kept ?? stateKey(deck, card.id);
    const state = states.get(key);
    if (!state || state.leech === true || queued.has(key)) continue;
    let at = rollover;
    if (afterNow(state.due) > 0) {
      if (isCanonicalIso(state.due)) {
        if (earliest === undefined || state.due < earliest) earliest = state.due;
        continue;
      }
      at = Date.parse(state.due);
    }
    if (best === null || at < best) best = at;
  }
  if (earliest !== undefined && (best === null || Date.parse(earliest) < best)) best = Date.parse(earliest);
  return best === null ? null : new Date(best);
}
