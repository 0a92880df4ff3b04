// One validator for everything that carries a card's schedule into recall from outside the running
// process: journal replay, the checkpoint, and `progress import`. They must agree, or a state one
// reader accepts makes another fail on every later start. Pure: the readers decide what to do with
// a rejected value (skip the line, treat the checkpoint as a miss, refuse the import).
//
// The ranges are ts-fsrs's own: it throws "Invalid memory state" for a difficulty below 1 or a
// stability below S_MIN, and Date arithmetic on a due date near the edge of the Date range throws
// RangeError. Both were exit 70 on every later run; here they are rejected at the door.
import type { CardState, JournalEntry } from './progress.js';
import { SELF_RATINGS } from './model.js';

/** ts-fsrs S_MIN and S_MAX (stability in days; every value it computes is clamped to these). */
export const STABILITY_MIN = 0.001;
export const STABILITY_MAX = 36500;
/** ts-fsrs clamps difficulty to [1, 10]. */
export const DIFFICULTY_MIN = 1;
export const DIFFICULTY_MAX = 10;
/** Dates are accepted from 1970 through 9999: four-digit ISO years, and far from the edge of the
 *  JavaScript Date range even after adding the longest interval (36,500 days). */
export const DATE_MIN_MS = Date.UTC(1970, 0, 1);
export const DATE_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Day counts cannot exceed the span of accepted dates. */
export const DAYS_MAX = Math.ceil((DATE_MAX_MS - DATE_MIN_MS) / 86_400_000);
/** Review and lapse counts: far beyond any real history, small enough to stay exact. */
export const COUNT_MAX = 1_000_000_000;
/** Learning steps index (ts-fsrs counts steps taken within the configured step list). */
export const STEPS_MAX = 1000;
/** Identifiers (entry id, deck id, card id, hash) longer than this are not recall's. */
export const ID_MAX = 1024;
/** A review's recorded answer time, in milliseconds. Generous (a prompt can be left open for
 *  days); it only keeps the number finite and sane for stats. */
export const MS_MAX = 365 * 86_400_000;
/** The most questions a journaled quiz can have asked from one deck (decks are capped far below). */
const QUESTIONS_MAX = 10_000_000;

// yyyy-mm-ddThh:mm[:ss[.fff]] with an optional zone. Fields are checked against the calendar below:
// Date.parse rolls 2026-02-30 over to 2 March instead of rejecting it.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface IsoParseOptions {
  /** Require a time and a zone (Z or an offset): stored instants must not depend on the local zone. */
  instant?: boolean;
}

/**
 * Parses an ISO 8601 date or date-time, rejecting impossible calendar fields (2026-02-30, 25:00)
 * rather than rolling them over. Returns the time in ms, or undefined. Range is not checked here.
 */
export function parseIsoDate(text: string, opts: IsoParseOptions = {}): number | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, , zone] = m;
  if (opts.instant === true && (h === undefined || zone === undefined)) return undefined;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) return undefined;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3)) > 59) return undefined;
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** Two to four ASCII digits of `v` at `at` as a number, or -1. */
function digitsAt(v: string, at: number, n: number): number {
  let out = 0;
  for (let i = at; i < at + n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    out = out * 10 + c;
  }
  return out;
}

/**
 * The exact shape recall writes (toISOString: `yyyy-mm-ddThh:mm:ss.sssZ`), checked by hand: a
 * checkpoint holds ~3 dates per card, and the general parse below (regex, Date.parse) cost several
 * times the JSON.parse of the whole file. Undefined when `v` is not in this shape or not a real
 * calendar date (then the general parse decides).
 */
function fastInstant(v: string): number | undefined {
  if (v.length !== 24 || v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':' || v[19] !== '.' || v[23] !== 'Z') return undefined;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  const ms = digitsAt(v, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** A stored instant: ISO date-time with a zone, 1970-9999. Returns a reason when it is not one. */
export function dateProblem(v: unknown): string | undefined {
  if (typeof v !== 'string') return 'is not a date string';
  if (v.length > 40) return 'is not an ISO date-time';
  const t = fastInstant(v) ?? parseIsoDate(v, { instant: true });
  if (t === undefined) return `is not an ISO date-time with a zone ("${v}")`;
  if (t < DATE_MIN_MS || t > DATE_MAX_MS) return `is outside 1970-9999 ("${v}")`;
  return undefined;
}

function numberProblem(v: unknown, min: number, max: number, integer: boolean): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'is not a finite number';
  if (integer && !Number.isInteger(v)) return `is not a whole number (${v})`;
  if (v < min || v > max) return `is outside ${min}-${max} (${v})`;
  return undefined;
}

function idProblem(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return 'is not a non-empty string';
  if (v.length > ID_MAX) return `is longer than ${ID_MAX} characters`;
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Why `v` is not a card state recall can schedule from, or undefined when it is one.
 * A new card (state 0) may carry zero stability and difficulty (ts-fsrs's empty card); every other
 * state needs values inside the ts-fsrs ranges.
 */
export function cardStateProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'state is not an object';
  const o = v;
  if (o.state !== 0 && o.state !== 1 && o.state !== 2 && o.state !== 3) return 'state.state is not 0, 1, 2 or 3';
  const fresh = o.state === 0;
  // One check at a time, stopping at the first problem: this runs for every card of a checkpoint.
  let p: string | undefined;
  let field = '';
  if ((p = dateProblem(o.due)) !== undefined) field = 'due';
  else if ((p = fresh && o.stability === 0 ? undefined : numberProblem(o.stability, STABILITY_MIN, STABILITY_MAX, false)) !== undefined) field = 'stability';
  else if ((p = fresh && o.difficulty === 0 ? undefined : numberProblem(o.difficulty, DIFFICULTY_MIN, DIFFICULTY_MAX, false)) !== undefined) field = 'difficulty';
  else if ((p = numberProblem(o.elapsed_days, 0, DAYS_MAX, false)) !== undefined) field = 'elapsed_days';
  else if ((p = numberProblem(o.scheduled_days, 0, DAYS_MAX, false)) !== undefined) field = 'scheduled_days';
  else if ((p = numberProblem(o.learning_steps, 0, STEPS_MAX, true)) !== undefined) field = 'learning_steps';
  else if ((p = numberProblem(o.reps, 0, COUNT_MAX, true)) !== undefined) field = 'reps';
  else if ((p = numberProblem(o.lapses, 0, COUNT_MAX, true)) !== undefined) field = 'lapses';
  else if ((p = o.last_review === undefined ? undefined : dateProblem(o.last_review)) !== undefined) field = 'last_review';
  else if ((p = o.first_review === undefined ? undefined : dateProblem(o.first_review)) !== undefined) field = 'first_review';
  else if ((p = o.leech === undefined || typeof o.leech === 'boolean' ? undefined : 'is not true or false') !== undefined) field = 'leech';
  else if ((p = typeof o.hash === 'string' && o.hash.length <= ID_MAX ? undefined : 'is not a short string') !== undefined) field = 'hash';
  return p === undefined ? undefined : `state.${field} ${p}`;
}

export function isCardState(v: unknown): v is CardState {
  return cardStateProblem(v) === undefined;
}

const KINDS = new Set(['study', 'quiz']);
const RESET_REASONS = new Set(['user', 'answer-changed']);

/**
 * Why `v` is not a journal entry recall can fold, or undefined when it is one: the entry's own
 * fields (id, time, deck, op, card, rating, kind, timing) and any card state it carries.
 * `given` and `expected` are free-form (what a student answered) and not checked here.
 */
export function journalEntryProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'entry is not an object';
  const o = v;
  // One field at a time, without a list of checks per entry: this runs for every journal line.
  let p: string | undefined;
  if ((p = idProblem(o.id)) !== undefined) return `id ${p}`;
  if ((p = dateProblem(o.at)) !== undefined) return `at ${p}`;
  if ((p = idProblem(o.deck)) !== undefined) return `deck ${p}`;
  if (o.imported !== undefined && typeof o.imported !== 'boolean') return 'imported is not true or false';
  if (typeof o.deck === 'string' && o.deck.includes('/')) return 'deck contains "/"';
  switch (o.op) {
    case 'review': {
      const p = idProblem(o.card);
      if (p !== undefined) return `card ${p}`;
      if (!KINDS.has(o.kind as string)) return 'kind is not study or quiz';
      if (!(SELF_RATINGS as readonly unknown[]).includes(o.rating)) return 'rating is not again, hard, good or easy';
      if (o.correct !== null && typeof o.correct !== 'boolean') return 'correct is not true, false or null';
      const ms = numberProblem(o.ms, 0, MS_MAX, false);
      if (ms !== undefined) return `ms ${ms}`;
      if (o.before !== undefined && o.before !== 1 && o.before !== 2 && o.before !== 3) return 'before is not 1, 2 or 3';
      const questions = o.questions === undefined ? undefined : numberProblem(o.questions, 1, QUESTIONS_MAX, true);
      if (questions !== undefined) return `questions ${questions}`;
      return o.state === null ? undefined : cardStateProblem(o.state);
    }
    case 'undo': {
      const p = idProblem(o.card) ?? (idProblem(o.ref) === undefined ? undefined : 'ref is not an entry id');
      if (p !== undefined) return p.startsWith('ref') ? p : `card ${p}`;
      return o.state === null ? undefined : cardStateProblem(o.state);
    }
    case 'unsuspend': {
      const p = idProblem(o.card);
      if (p !== undefined) return `card ${p}`;
      return cardStateProblem(o.state);
    }
    case 'reset': {
      if (o.card !== undefined) {
        const p = idProblem(o.card);
        if (p !== undefined) return `card ${p}`;
      }
      if (!RESET_REASONS.has(o.reason as string)) return 'reason is not user or answer-changed';
      return undefined;
    }
    case 'quiz': {
      // Written with the quiz's session, which names the quiz in stats.
      const p = idProblem(o.session);
      if (p !== undefined) return `session ${p}`;
      const questions = numberProblem(o.questions, 1, QUESTIONS_MAX, true);
      return questions === undefined ? undefined : `questions ${questions}`;
    }
    default:
      return 'op is not review, undo, reset, unsuspend or quiz';
  }
}

export function isValidJournalEntry(v: unknown): v is JournalEntry {
  return journalEntryProblem(v) === undefined;
}
