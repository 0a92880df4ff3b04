// The readiness report for an exam (or for today when none is set): what `recall exam`, its JSON,
// the study header and `recall stats --json` show. Pure.
import type { CardState, JournalEntry, Settings } from './progress.js';
import type { Scheduler } from './schedule.js';
import { fitCalibration, type Observation } from './calibration.js';
import { recallObservations } from './recall-history.js';
import { daysUntil, EXAM_DEFAULTS, examMoment, examScope, readinessFigures, recallsAt, type ExamConfig, type ReadinessFigures, type ScopedCard } from './exam.js';
import { planToExam, type ExamPlan, type PlanDay } from './exam-plan.js';
import type { TodayCounts } from './queue.js';

export interface ExamReport extends ReadinessFigures {
  /** null: no exam set (the figures are then as of now). */
  date: string | null;
  daysLeft: number | null;
  target: number;
  pass: number;
  questions: number;
  maxPerDay: number;
  tags: string[];
  calibration: { answers: number; fitted: boolean; brierBefore: number | null; brierAfter: number | null };
  plan: PlanDay[];
}

export interface ReadinessInput {
  cards: readonly ScopedCard[];
  states: ReadonlyMap<string, CardState>;
  /** The journal, for calibration; or `observations`, recallObservations() of it made already. */
  entries?: Iterable<JournalEntry>;
  observations?: Observation[];
  settings: Settings;
  sched: Scheduler;
  now: Date;
  exam: ExamConfig | null;
  today: TodayCounts;
}

const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function examReport(input: ReadinessInput): ExamReport {
  return examAssessment(input).report;
}

/** The report, and the plan itself (what study needs for today) when an exam lies ahead. */
export function examAssessment(input: ReadinessInput): { report: ExamReport; plan: ExamPlan | null } {
  const { exam, settings, sched, now } = input;
  const opts = exam ?? { ...EXAM_DEFAULTS, date: null, tags: [] as string[] };
  const scope = examScope(input.cards, opts.tags);
  const calibration = fitCalibration(input.observations ?? recallObservations(input.entries ?? [], sched));
  // After the exam day the figures are as of now: the date is kept until `exam clear`.
  const daysLeft = exam ? daysUntil(exam, now, settings) : null;
  const at = exam && daysLeft !== null && daysLeft >= 0 ? examMoment(exam, settings) : now;
  const figures = readinessFigures(recallsAt(scope, input.states, sched, calibration, at), opts);
  const plan = exam ? planToExam({ scope, states: input.states, settings, sched, now, exam, calibration, today: input.today }) : null;
  const report: ExamReport = {
    date: exam?.date ?? null,
    daysLeft,
    target: opts.target,
    pass: opts.pass,
    questions: opts.questions,
    maxPerDay: opts.maxPerDay,
    tags: opts.tags,
    ...figures,
    calibration: { answers: calibration.answers, fitted: calibration.fitted, brierBefore: r4(calibration.brierBefore), brierAfter: r4(calibration.brierAfter) },
    plan: plan?.days ?? [],
  };
  return { report, plan };
}
