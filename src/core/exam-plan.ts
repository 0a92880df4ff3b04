// Study that plans toward the exam day. Pure: the clock, states and settings arrive as arguments.
//
// The plan is a day-by-day simulation from today to the day before the exam, assuming every
// review is answered Good (the plan is redone at every study start, so a lapse is planned around
// the next day). Each simulated day:
//  - reviews: cards FSRS has due that day, plus cards brought forward: a card whose predicted
//    recall on exam morning is below target is due on the last day from which one successful
//    review would carry it over the target (never later than the day before the exam);
//  - new cards: enough that every unseen card is introduced before the last days
//    (the reserve: 1-2 days kept for reviews), at least the usual new-per-day;
//  - the day before the exam also takes a pass over the weakest cards (recall < target + 5 points);
//  - everything stays under max-per-day; what does not fit waits for the next day.
import { stateKey, type CardState, type Settings } from './progress.js';
import { nextRollover, retrievabilityAt, review, studyDayStart, type Scheduler } from './schedule.js';
import { applyCalibration, type Calibration } from './calibration.js';
import { examMoment, type ExamConfig, type ScopedCard } from './exam.js';
import type { TodayCounts } from './queue.js';

export interface PlanDay {
  /** Local study day, YYYY-MM-DD. */
  date: string;
  reviews: number;
  new: number;
}

export interface ExamPlan {
  days: PlanDay[];
  /** Keys (deck/card) to review today beyond what FSRS has due: brought forward for the exam. */
  bringForward: Set<string>;
  /** New cards to introduce today (what is left of today's planned share). */
  newToday: number;
  /** Reviews today may reach this many (max-per-day less what was done today). */
  reviewRoomToday: number;
}

export interface PlanInput {
  scope: readonly ScopedCard[];
  states: ReadonlyMap<string, CardState>;
  settings: Settings;
  sched: Scheduler;
  now: Date;
  exam: ExamConfig;
  calibration: Pick<Calibration, 'a' | 'b' | 'fitted'>;
  today: TodayCounts;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The longest gap in whole days after which recall of stability `s` is still at least `target`. */
function daysHeld(sched: Scheduler, s: number, target: number, cal: PlanInput['calibration']): number {
  const held = (t: number): boolean => applyCalibration(cal, sched.fsrs.forgetting_curve(t, s)) >= target;
  if (!held(0)) return -1;
  let lo = 0;
  let hi = 36500;
  if (held(hi)) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (held(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Applies Good until the card leaves its learning steps (as a study session's learn-ahead does). */
function learn(sched: Scheduler, prev: CardState | null, at: Date, key: { deck: string; card: string; hash: string }): CardState {
  let state = review(sched, prev, 'good', at, key);
  for (let i = 0; i < 4 && state.scheduled_days < 1; i++) {
    const next = new Date(Math.max(at.getTime(), Date.parse(state.due)));
    state = review(sched, state, 'good', next, key);
  }
  return state;
}

export function planToExam(input: PlanInput): ExamPlan | null {
  const { scope, settings, sched, exam, calibration } = input;
  const hour = settings.rolloverHour;
  const examAt = examMoment(exam, settings);
  const empty: ExamPlan = { days: [], bringForward: new Set(), newToday: 0, reviewRoomToday: 0 };
  if (input.now.getTime() >= studyDayStart(examAt, hour).getTime()) return null; // exam day or after: normal scheduling

  // Study days from today to the day before the exam.
  const dayStarts: Date[] = [];
  for (let d = studyDayStart(input.now, hour); d.getTime() < studyDayStart(examAt, hour).getTime(); d = nextRollover(d, hour))
    dayStarts.push(d);
  const days = dayStarts.length;
  if (days === 0) return empty;
  const reserve = days >= 6 ? 2 : days >= 3 ? 1 : 0;
  const examRecall = retrievabilityAt(sched, examAt);
  const recallOnDay = (s: CardState): number => applyCalibration(calibration, examRecall(s));

  const states = new Map<string, CardState>();
  const unseen: ScopedCard[] = [];
  for (const c of scope) {
    const s = input.states.get(stateKey(c.deck, c.card.id));
    if (s && s.state !== 0 && s.leech !== true) states.set(stateKey(c.deck, c.card.id), s);
    else if (!s) unseen.push(c);
  }
  const hashOf = new Map(scope.map((c) => [stateKey(c.deck, c.card.id), c.card.hash ?? '']));
  // Day index by which a below-target card must be reviewed: the last day d from which a Good
  // review (stability as if reviewed now: later reviews gain more, so this errs early) holds to the exam.
  const examDayIndex = days; // exam morning is the start of day `days`
  // Cached per card until its simulated state changes: one trial review per card, not one a day.
  const usefulCache = new Map<string, number>();
  const lastUsefulDay = (key: string, s: CardState, at: Date): number => {
    const hit = usefulCache.get(key);
    if (hit !== undefined) return hit;
    const after = review(sched, s, 'good', at, { deck: key.slice(0, key.indexOf('/')), card: key.slice(key.indexOf('/') + 1), hash: s.hash });
    const held = daysHeld(sched, after.stability, exam.target, calibration);
    const day = Math.max(0, Math.min(days - 1, examDayIndex - Math.max(1, held)));
    usefulCache.set(key, day);
    return day;
  };

  const plan: PlanDay[] = [];
  const bringForward = new Set<string>();
  let newToday = 0;
  let reviewRoomToday = 0;
  let next = 0; // next unseen card to introduce
  for (let i = 0; i < days; i++) {
    const start = dayStarts[i]!;
    const at = i === 0 ? input.now : start;
    const end = nextRollover(start, hour).getTime();
    const done = i === 0 ? input.today.reviewsDone + input.today.newIntroduced : 0;
    const room = Math.max(0, exam.maxPerDay - done);
    const due: Array<{ key: string; r: number; forward: boolean }> = [];
    for (const [key, s] of states) {
      const r = recallOnDay(s);
      if (Date.parse(s.due) < end) due.push({ key, r, forward: false });
      else if (r < exam.target && lastUsefulDay(key, s, at) <= i) due.push({ key, r, forward: true });
      else if (i === days - 1 && r < Math.min(0.99, exam.target + 0.05)) due.push({ key, r, forward: true });
    }
    due.sort((a, b) => a.r - b.r); // weakest first when the cap bites
    const reviewed = due.slice(0, room);
    for (const d of reviewed) {
      if (i === 0 && d.forward) bringForward.add(d.key);
      usefulCache.delete(d.key);
      states.set(d.key, review(sched, states.get(d.key)!, 'good', at, { deck: d.key.slice(0, d.key.indexOf('/')), card: d.key.slice(d.key.indexOf('/') + 1), hash: states.get(d.key)!.hash }));
    }
    // New cards: spread what is unseen over the days before the reserve, at least new-per-day.
    const left = unseen.length - next;
    const newDays = days - reserve - i;
    const already = i === 0 ? input.today.newIntroduced : 0;
    let quota = 0;
    if (left > 0 && newDays > 0) quota = Math.max(settings.newPerDay - already, Math.ceil(left / newDays));
    else if (left > 0) quota = left; // inside the reserve with cards still unseen: all of them now
    quota = Math.min(quota, left, Math.max(0, room - reviewed.length));
    for (let k = 0; k < quota; k++) {
      const c = unseen[next++]!;
      const key = stateKey(c.deck, c.card.id);
      states.set(key, learn(sched, null, at, { deck: c.deck, card: c.card.id, hash: hashOf.get(key) ?? '' }));
    }
    if (i === 0) {
      newToday = quota;
      reviewRoomToday = Math.max(0, room - quota);
    }
    plan.push({ date: ymd(start), reviews: reviewed.length, new: quota });
  }
  return { days: plan, bringForward, newToday, reviewRoomToday };
}
