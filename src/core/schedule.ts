// Scheduling policy around ts-fsrs: settings, per-card seeded fuzz, local study days, ratings.
// Pure: the clock arrives as an argument; local time comes from Date's local getters (process TZ).
import {
  fsrs,
  createEmptyCard,
  generatorParameters,
  GenSeedStrategyWithCardId,
  Rating,
  StrategyMode,
  type Card as FsrsCard,
  type FSRS,
  type Grade,
  type StepUnit,
} from 'ts-fsrs';
import type { SelfRating } from './model.js';
import type { CardState, Settings } from './progress.js';

export interface Scheduler {
  readonly fsrs: FSRS;
  readonly settings: Settings;
}

export interface ReviewKey {
  deck: string;
  card: string;
  hash: string;
}

const DAY_MS = 86_400_000;

const GRADE: Record<SelfRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

/** ts-fsrs reads this extra field on the card to seed its fuzz, so a fixed clock gives a fixed schedule. */
const SEED_FIELD = 'recall_seed';

/**
 * The one place an FSRS scheduler is built: study, quiz --weakest, stats and exam readiness all
 * come here, so weights fitted by `recall optimize` (settings.params) reach every one of them.
 */
export function makeScheduler(settings: Settings): Scheduler {
  const params = generatorParameters({
    // null: ts-fsrs's default weights. The store has checked a saved list (fsrs-params.ts).
    ...(settings.params ? { w: settings.params } : {}),
    request_retention: settings.retention,
    maximum_interval: settings.maxInterval,
    learning_steps: settings.learningSteps as StepUnit[],
    relearning_steps: settings.relearningSteps as StepUnit[],
    enable_fuzz: true,
    enable_short_term: true,
  });
  // Seed = deck/card + reps: the same card at the same repetition always gets the same fuzz,
  // while different cards reviewed together spread out instead of clumping on one day.
  const f = fsrs(params).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId(SEED_FIELD));
  return { fsrs: f, settings };
}

// ---------------------------------------------------------------------------------------------
// Local study days. DST-safe: local dates are built with new Date(y, m, d, hour), never by adding 24h.

/** The most recent local rollover at or before `now`. */
export function studyDayStart(now: Date, hour: number): Date {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour);
  if (today.getTime() <= now.getTime()) return today;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, hour);
}

/** The first local rollover strictly after `now`. */
export function nextRollover(now: Date, hour: number): Date {
  const start = studyDayStart(now, hour);
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1, hour);
}

/**
 * How many study days before the one containing `now` the instant `t` (ms) falls in: 0 the same
 * study day, 1 the one before, -1 the next. Equal to counting with studyDayStart, but each day
 * boundary is computed once (new Date(y, m, d - k, hour)) and then only compared: the queue and
 * stats ask this for every card, and a local-calendar Date per card was most of the queue's time.
 */
export function studyDaysBefore(now: Date, hour: number): (t: number) => number {
  const today = studyDayStart(now, hour);
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  const starts = new Map<number, number>();
  const startOf = (k: number): number => {
    let at = starts.get(k);
    if (at === undefined) starts.set(k, (at = new Date(y, m, d - k, hour).getTime()));
    return at;
  };
  return (t) => {
    // A study day is 23-25 hours long: the estimate is off by at most one day near a boundary.
    let k = Math.floor((today.getTime() - t) / DAY_MS) + 1;
    while (startOf(k) > t) k++;
    while (startOf(k - 1) <= t) k--;
    return k;
  };
}

/** YYYY-MM-DD of the local study day containing `now`. */
export function studyDay(now: Date, hour: number): string {
  const s = studyDayStart(now, hour);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${s.getFullYear()}-${pad(s.getMonth() + 1)}-${pad(s.getDate())}`;
}

export function isDueToday(state: Pick<CardState, 'due'>, now: Date, hour: number): boolean {
  return new Date(state.due).getTime() < nextRollover(now, hour).getTime();
}

// ts-fsrs counts elapsed days in UTC calendar days (FINDINGS). We hand it a "study-day clock"
// instead of the real one: each local study day [rollover, next rollover) maps linearly onto one
// UTC calendar day [00:00Z, 24:00Z) of the same date. ts-fsrs's day counting then equals local
// study days (two reviews at 23:50 and 00:10 local, before 04:00, are the same day in any time
// zone), and a 23 h or 25 h DST day is stretched to 24 h (learning steps drift by <5% that day).
// Results are mapped back to real time before they are stored.
function toFsrsClock(t: Date, hour: number): Date {
  const start = studyDayStart(t, hour);
  const end = nextRollover(t, hour);
  const frac = (t.getTime() - start.getTime()) / (end.getTime() - start.getTime());
  const base = Date.UTC(start.getFullYear(), start.getMonth(), start.getDate());
  return new Date(base + Math.round(frac * DAY_MS));
}

function fromFsrsClock(f: Date, hour: number): Date {
  const [y, m, d] = [f.getUTCFullYear(), f.getUTCMonth(), f.getUTCDate()];
  const frac = (f.getTime() - Date.UTC(y, m, d)) / DAY_MS;
  const start = new Date(y, m, d, hour).getTime();
  const end = new Date(y, m, d + 1, hour).getTime();
  return new Date(start + Math.round(frac * (end - start)));
}

// ---------------------------------------------------------------------------------------------

function seedOf(key: Pick<ReviewKey, 'deck' | 'card'>): string {
  return `${key.deck}/${key.card}#`;
}

/** Stored state → ts-fsrs card on the study-day clock. */
function toFsrsCard(prev: CardState | null, now: Date, hour: number, key: ReviewKey): FsrsCard {
  const base: FsrsCard =
    prev === null
      ? createEmptyCard(now)
      : {
          due: new Date(prev.due),
          stability: prev.stability,
          difficulty: prev.difficulty,
          elapsed_days: prev.elapsed_days,
          scheduled_days: prev.scheduled_days,
          learning_steps: prev.learning_steps,
          reps: prev.reps,
          lapses: prev.lapses,
          state: prev.state,
          ...(prev.last_review !== undefined ? { last_review: new Date(prev.last_review) } : {}),
        };
  const card: FsrsCard & Record<string, unknown> = {
    ...base,
    due: toFsrsClock(base.due, hour),
    [SEED_FIELD]: seedOf(key),
  };
  if (base.last_review) card.last_review = toFsrsClock(base.last_review, hour);
  else delete card.last_review;
  return card;
}

/** A clock that moved backwards is clamped to the last review (ts-fsrs throws "Invalid delta_t"). */
function clampNow(prev: CardState | null, now: Date): Date {
  if (prev?.last_review === undefined) return now;
  const last = new Date(prev.last_review);
  return now.getTime() < last.getTime() ? last : now;
}

/** ts-fsrs result → stored state. Day-scale intervals come due at the rollover that starts their
 *  study day, so a card scheduled "in 3 days" shows up first thing that local study day. */
function fromFsrsCard(
  out: FsrsCard,
  prev: CardState | null,
  at: Date,
  key: ReviewKey,
  settings: Settings,
): CardState {
  const hour = settings.rolloverHour;
  let due = fromFsrsClock(out.due, hour);
  if (out.scheduled_days >= 1) due = studyDayStart(due, hour);
  const lapsed = out.lapses > (prev?.lapses ?? 0);
  const state: CardState = {
    due: due.toISOString(),
    stability: out.stability,
    difficulty: out.difficulty,
    elapsed_days: out.elapsed_days,
    scheduled_days: out.scheduled_days,
    learning_steps: out.learning_steps,
    reps: out.reps,
    lapses: out.lapses,
    state: out.state as CardState['state'],
    last_review: at.toISOString(),
    first_review: prev?.first_review ?? at.toISOString(),
    hash: key.hash,
  };
  if (prev?.leech === true || (lapsed && isLeechLapse(out.lapses, settings.leechLapses))) state.leech = true;
  return state;
}

// A leech is flagged when lapses reach the threshold and, once un-flagged, again every half
// threshold after that (as Anki does), rather than on every further lapse.
function isLeechLapse(lapses: number, threshold: number): boolean {
  if (lapses < threshold) return false;
  const every = Math.max(1, Math.floor(threshold / 2));
  return (lapses - threshold) % every === 0;
}

export function review(
  sched: Scheduler,
  prev: CardState | null,
  rating: SelfRating,
  now: Date,
  key: ReviewKey,
): CardState {
  const at = clampNow(prev, now);
  const hour = sched.settings.rolloverHour;
  const card = toFsrsCard(prev, at, hour, key);
  const { card: out } = sched.fsrs.next(card, toFsrsClock(at, hour), GRADE[rating]);
  return fromFsrsCard(out, prev, at, key, sched.settings);
}

export interface PreviewItem {
  due: string;
  interval: string;
}

/** What each self-grade would give, for the Again/Hard/Good/Easy menu. */
export function preview(
  sched: Scheduler,
  prev: CardState | null,
  now: Date,
  key: ReviewKey,
): Record<SelfRating, PreviewItem> {
  const at = clampNow(prev, now);
  const result = {} as Record<SelfRating, PreviewItem>;
  for (const rating of ['again', 'hard', 'good', 'easy'] as const) {
    const next = review(sched, prev, rating, at, key);
    const interval =
      next.scheduled_days >= 1
        ? formatDays(next.scheduled_days)
        : formatMinutes((new Date(next.due).getTime() - at.getTime()) / 60_000);
    result[rating] = { due: next.due, interval };
  }
  return result;
}

function trim(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/** Short interval labels: "1m", "10m", "3h", "3d", "2.1mo", "1.2y". */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, minutes);
  if (m < 60) return `${Math.max(1, Math.round(m))}m`;
  if (m < 1440) return `${trim(m / 60)}h`;
  return formatDays(m / 1440);
}

export function formatDays(days: number): string {
  if (days < 30) return `${trim(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

/** Predicted recall probability now (0..1); 0 for a card never reviewed. */
export function retrievability(sched: Scheduler, state: CardState, now: Date): number {
  return retrievabilityAt(sched, now)(state);
}

/**
 * retrievability() for many cards at one `now`: the local study day of `now` is worked out once.
 * What ts-fsrs's get_retrievability computes (whole elapsed days on the forgetting curve), with
 * days counted in local study days as everywhere here, without building a card: the queue and
 * stats call this for every card.
 */
export function retrievabilityAt(sched: Scheduler, now: Date): (state: CardState) => number {
  const at = recallSince(sched, now);
  return (state) => (state.state === 0 || state.last_review === undefined ? 0 : at(Date.parse(state.last_review), state.stability));
}

/**
 * retrievabilityAt's curve for a reviewed card (not new, with a last review), from the last review's
 * time in ms: the study index (core/queue-rows.ts) keeps times as numbers, not strings.
 */
export function recallSince(sched: Scheduler, now: Date): (lastMs: number, stability: number) => number {
  const nowMs = now.getTime();
  const daysBefore = studyDaysBefore(now, sched.settings.rolloverHour);
  return (last, stability) => {
    // A clock behind the last review counts as the review's own time (see clampNow): no days passed.
    const days = nowMs < last ? 0 : daysBefore(last);
    return sched.fsrs.forgetting_curve(Math.max(0, days), stability);
  };
}

/** Days since the epoch of the local study day that `t` falls in (the optimizer's day count too). */
export function studyDayNumber(t: Date, hour: number): number {
  const start = studyDayStart(t, hour);
  return Date.UTC(start.getFullYear(), start.getMonth(), start.getDate()) / DAY_MS;
}

export interface AutoRatingInput {
  correct: boolean;
  elapsedMs: number;
  /** The card's `timeLimit`, or the settings' timeBudget; default 30 s. */
  budgetSeconds?: number;
  usedHint?: boolean;
  /** Right only because a typo was forgiven: the student did not quite know the spelling. */
  typo?: boolean;
}

export function autoRating({ correct, elapsedMs, budgetSeconds = 30, usedHint = false, typo = false }: AutoRatingInput): SelfRating {
  if (!correct) return 'again';
  if (usedHint || typo || elapsedMs > budgetSeconds * 1000) return 'hard';
  return 'good';
}
