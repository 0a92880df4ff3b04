// `recall exam [decks...]`, `recall exam set DATE`, `recall exam clear`: one exam date in the
// profile, readiness for it, and the plan study follows. The numbers come from core/readiness.ts.
import type { Io } from '../io.js';
import { println } from '../io.js';
import { daysUntil, EXAM_DEFAULTS, EXAM_RANGES, parseExamDate, type ExamConfig } from '../core/exam.js';
import { examReport, type ExamReport } from '../core/readiness.js';
import { renderExam } from '../core/exam-text.js';
import { makeScheduler, studyDay } from '../core/schedule.js';
import { todayCounts } from '../core/queue.js';
import type { CardHead } from '../core/model.js';
import type { JournalEntry, CardState, Settings } from '../core/progress.js';
import type { Observation } from '../core/calibration.js';
import { clockFromEnv } from '../adapters/clock.js';
import { closeStore, openStore } from '../adapters/store.js';
import { prefetched } from '../adapters/prefetch.js';
import { makeStyle } from '../adapters/style.js';
import { notDone, UsageError } from '../errors.js';
import { progressDeckIds, readStore, selectDecks, storedExam } from './stats.js';
import { tagFilter } from './common.js';
import { loadDecksOrThrow } from '../adapters/load-decks.js';
import { neutralize, neutralizeJson } from '../core/sanitize.js';
import { wrapWords } from '../core/wrap.js';

export { storedExam };

export interface ExamOptions {
  action: 'show' | 'set' | 'clear';
  decks?: string[];
  date?: string;
  json?: boolean;
  target?: string;
  pass?: string;
  questions?: string;
  maxPerDay?: string;
  tag?: string[];
}

function ranged(flag: string, key: keyof typeof EXAM_RANGES, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const r = EXAM_RANGES[key];
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < r.min || n > r.max || (r.integer && !Number.isInteger(n)))
    throw new UsageError(`${flag} takes ${r.integer ? 'a whole number' : 'a number'} from ${r.min} to ${r.max}, got "${raw}"`, 'USAGE');
  return n;
}

export interface ReadinessSources {
  /** Readiness reads a card's id, tags and answer hash: heads will do. */
  decks: ReadonlyArray<{ id: string; cards: readonly CardHead[] }>;
  states: ReadonlyMap<string, CardState>;
  /** The journal, for calibration; or `observations`, made from it already (core/readiness.ts). */
  entries?: Iterable<JournalEntry>;
  observations?: Observation[];
  settings: Settings;
  exam: ExamConfig | null;
  now: Date;
}

/** The report for the given decks and store contents: shared by exam, study and stats. */
export function readiness(src: ReadinessSources): ExamReport {
  const cards = src.decks.flatMap((d) => d.cards.map((card) => ({ deck: d.id, card })));
  return examReport({
    cards,
    states: src.states,
    entries: src.entries,
    observations: src.observations,
    settings: src.settings,
    sched: makeScheduler(src.settings),
    now: src.now,
    exam: src.exam,
    today: todayCounts(src.states as Map<string, CardState>, src.now, src.settings.rolloverHour),
  });
}

export async function run(opts: ExamOptions, io: Io): Promise<number> {
  const now = clockFromEnv(io.env)();
  await prefetched(); // progress.json, read while the CLI loaded (adapters/prefetch.ts)
  if (opts.action === 'set') {
    const date = examDate(opts.date);
    return set(opts, io, now, date, await examTags(opts, date, io));
  }
  if (opts.action === 'clear') {
    const store = openStore(io);
    try {
      const had = store.exam() !== null;
      if (had) notDone('the exam was not cleared', () => store.setExam(null));
      println(io.stdout, had ? 'Exam cleared: study is back to normal scheduling.' : 'No exam was set.');
    } finally {
      closeStore(store, io);
    }
    return 0;
  }
  const snap = readStore(io, { observations: true });
  const { decks } = await selectDecks(opts.decks ?? [], progressDeckIds(snap), io.cwd, io.env, (line) => println(io.stderr, line));
  const report = readiness({ ...snap, decks, now });
  if (opts.json) io.stdout.write(`${neutralizeJson(JSON.stringify(report, null, 2))}\n`);
  else io.stdout.write(renderExam(report, makeStyle(io), io.stdout.columns ?? 80, studyDay(now, snap.settings.rolloverHour)));
  return 0;
}

/**
 * `exam set --tag`: the tags as the decks spell them, lower-cased as the exam keeps them. A tag no
 * card carries is exit 2 naming it (with the closest tags), as in study and quiz: an exam scoped
 * to nothing would report 0 cards and a 0% pass probability until the typo was found. Checked
 * against the decks named after the date, else the bundled ones (the tag of a deck of one's own
 * needs that deck named: the store keeps progress, not tags).
 */
async function examTags(opts: ExamOptions, date: string, io: Io): Promise<string[]> {
  const named = opts.decks ?? [];
  if (!opts.tag || opts.tag.length === 0) {
    // Decks named without --tag would read as "the exam covers these", which is not what they do.
    if (named.length > 0)
      throw new UsageError(`decks after the exam date only check the --tag names against them (no --tag given): the exam covers the decks you study, and recall exam ${named.join(' ')} shows where you stand in them`);
    return [];
  }
  const decks = await loadDecksOrThrow(named, io.cwd, { env: io.env, notice: (line) => println(io.stderr, line) });
  const cards = decks.flatMap((d) => d.cards.map((card) => ({ deck: d.id, card })));
  try {
    return [...new Set(tagFilter(opts.tag, cards)!.map((t) => t.toLowerCase()))];
  } catch (err) {
    if (!(err instanceof UsageError) || named.length > 0) throw err;
    throw new UsageError(`${err.message}
The tags were checked against the bundled decks; for your own decks, name them: recall exam set ${date} my-decks/ --tag TAG`, err.code);
  }
}

/** The exam day as given, once it is a real YYYY-MM-DD date. */
function examDate(raw = ''): string {
  if (parseExamDate(raw) === null)
    // The years recall keeps an exam in (core/exam.ts): 9999-12-31 is a real date, and "must be a
    // real date" alone sent the user looking for what was wrong with it. The argument is shown inert.
    throw new UsageError(`the exam date must be a real date from 2000 to 2200 written YYYY-MM-DD (e.g. 2026-12-20), got "${neutralize(raw)}"`, 'USAGE');
  return raw;
}

/**
 * An exam date before today's study day is exit 2: a plan toward a day gone by would be a plan of
 * nothing, and "365 days ago" a typo of the year found only later. Today is fine: the readiness is
 * read at this morning's rollover and study schedules normally, as it does once any stored exam has
 * passed (that stays a normal state, not an error: this checks only what is being set).
 */
function refusePast(date: string, now: Date, settings: Pick<Settings, 'rolloverHour'>): void {
  if (daysUntil({ date }, now, settings) >= 0) return;
  const today = studyDay(now, settings.rolloverHour);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const calendar = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  // Before the rollover hour the study day is still yesterday's: say why "today" is not the calendar's.
  const why = calendar === today ? '' : ` (a study day starts at ${pad(settings.rolloverHour)}:00, the rollover-hour setting)`;
  // The same day this year, when still ahead, is most likely what was meant (a year mistyped).
  const thisYear = `${today.slice(0, 4)}${date.slice(4)}`;
  const hint = parseExamDate(thisYear) !== null && thisYear > today ? ` (did you mean ${thisYear}?)` : '';
  throw new UsageError(`the exam date ${date} has passed: today is ${today}${why}. Give today or a later date${hint}`, 'USAGE');
}

function set(opts: ExamOptions, io: Io, now: Date, date: string, tags: string[]): number {
  const exam: ExamConfig = {
    date,
    target: ranged('--target', 'target', opts.target, EXAM_DEFAULTS.target),
    pass: ranged('--pass', 'pass', opts.pass, EXAM_DEFAULTS.pass),
    questions: ranged('--questions', 'questions', opts.questions, EXAM_DEFAULTS.questions),
    maxPerDay: ranged('--max-per-day', 'maxPerDay', opts.maxPerDay, EXAM_DEFAULTS.maxPerDay),
    tags,
  };
  // A day already gone is refused once the store's rollover hour is known, before anything is
  // written (openStore's check runs before its repairs).
  const store = openStore(io, { check: (s) => refusePast(exam.date, now, s.settings()) });
  try {
    const settings = store.settings();
    notDone('the exam was not set', () => store.setExam(exam));
    const days = daysUntil(exam, now, settings);
    const when = days > 1 ? `in ${days} days` : days === 1 ? 'tomorrow' : days === 0 ? 'today' : `${-days} days ago: study keeps normal scheduling`;
    // On a terminal the line breaks between words (the terminal cut it mid-word at 40 columns).
    const tty = io.stdout as { isTTY?: boolean; columns?: number };
    const fit = (line: string): string => (tty.isTTY && tty.columns ? wrapWords(line, tty.columns, 2) : line);
    println(io.stdout, fit(`Exam set for ${exam.date} (${when}): target ${exam.target}, pass ${exam.pass}%, ${exam.questions} questions, at most ${exam.maxPerDay} cards a day${exam.tags.length ? `, tags ${neutralize(exam.tags.join(', '))}` : ''}.`));
    println(io.stdout, fit('See where you stand: recall exam'));
  } finally {
    closeStore(store, io);
  }
  return 0;
}
