// The exam: one date in the profile, and readiness for it. Pure: time arrives as an argument.
//
// Each card's recall on the exam day is FSRS's forgetting curve from its state (retrievabilityAt),
// mapped through the student's own calibration. A card never studied counts as not known (0):
// recall gives no credit for guessing, so the readiness numbers are a floor for choice and
// true/false questions, where a blind guess would score 1/n or 1/2.
import type { CardHead } from './model.js';
import { stateKey, type CardState, type Settings } from './progress.js';
import { retrievabilityAt, studyDayStart, type Scheduler } from './schedule.js';
import { applyCalibration, type Calibration } from './calibration.js';
import { probabilityAtLeast } from './poisson-binomial.js';
import { compareText } from './text-order.js';

export interface ExamConfig {
  /** Local calendar date of the exam, YYYY-MM-DD. */
  date: string;
  /** Predicted recall on the day that counts a card as ready (0.5-0.99). */
  target: number;
  /** Pass mark in percent (1-100). */
  pass: number;
  /** Questions on the exam (1-1000). */
  questions: number;
  /** Most cards a day that study may plan (1-10000). */
  maxPerDay: number;
  /** Narrows the scope to cards with any of these tags (lower case); empty: all. */
  tags: string[];
}

export const EXAM_DEFAULTS = { target: 0.9, pass: 72, questions: 65, maxPerDay: 200 } as const;

export const EXAM_RANGES = {
  target: { min: 0.5, max: 0.99, integer: false },
  pass: { min: 1, max: 100, integer: false },
  questions: { min: 1, max: 1000, integer: true },
  maxPerDay: { min: 1, max: 10000, integer: true },
} as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date (no 2026-02-30) within a sane range, or null. */
export function parseExamDate(raw: string): { y: number; m: number; d: number } | null {
  const m = DATE.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days ? { y, m: mo, d } : null;
}

/** Shape and range check of a stored exam (the store is untrusted). A string says what is wrong. */
export function checkExamConfig(v: unknown): ExamConfig | string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'exam is not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.date !== 'string' || parseExamDate(o.date) === null) return 'exam date is not a real YYYY-MM-DD date';
  for (const [key, r] of Object.entries(EXAM_RANGES)) {
    const n = o[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < r.min || n > r.max || (r.integer && !Number.isInteger(n)))
      return `exam ${key} must be a number from ${r.min} to ${r.max}`;
  }
  if (!Array.isArray(o.tags) || o.tags.length > 100 || o.tags.some((t) => typeof t !== 'string' || t.length > 200))
    return 'exam tags must be a list of at most 100 short strings';
  return {
    date: o.date,
    target: o.target as number,
    pass: o.pass as number,
    questions: o.questions as number,
    maxPerDay: o.maxPerDay as number,
    tags: (o.tags as string[]).map((t) => t.toLowerCase()),
  };
}

/** When the exam is taken: the start of its local study day (exam morning). */
export function examMoment(exam: Pick<ExamConfig, 'date'>, settings: Pick<Settings, 'rolloverHour'>): Date {
  const d = parseExamDate(exam.date)!;
  return new Date(d.y, d.m - 1, d.d, settings.rolloverHour);
}

/** Whole local study days from the study day of `now` to the exam's (0 on the day, negative after). */
export function daysUntil(exam: Pick<ExamConfig, 'date'>, now: Date, settings: Pick<Settings, 'rolloverHour'>): number {
  const start = studyDayStart(now, settings.rolloverHour);
  const d = parseExamDate(exam.date)!;
  return Math.round((Date.UTC(d.y, d.m - 1, d.d) - Date.UTC(start.getFullYear(), start.getMonth(), start.getDate())) / 86_400_000);
}

export interface ScopedCard {
  deck: string;
  /** Readiness reads a card's id, tags and answer hash only. */
  card: CardHead;
}

/** The cards an exam covers: all given, or those with one of its tags (case-insensitive). */
export function examScope<T extends ScopedCard>(cards: readonly T[], tags: readonly string[]): T[] {
  if (tags.length === 0) return [...cards];
  const want = new Set(tags.map((t) => t.toLowerCase()));
  return cards.filter((c) => c.card.tags.some((t) => want.has(t.toLowerCase())));
}

/**
 * The exam as `questions` questions, one drawn from each of that many equal strata of the scope's
 * cards ranked by predicted recall. Each question's chance is its stratum's mean, so a scope with
 * both sure and shaky cards is modelled with less spread than one average card asked N times.
 * The number right then follows the Poisson-binomial distribution of those chances.
 */
export function questionChances(recalls: readonly number[], questions: number): number[] {
  const m = recalls.length;
  if (m === 0 || questions <= 0) return [];
  const sorted = [...recalls].sort((a, b) => a - b);
  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) prefix[i + 1] = prefix[i]! + sorted[i]!;
  const cum = (x: number): number => {
    const i = Math.min(m, Math.floor(x));
    return prefix[i]! + (i < m ? (x - i) * sorted[i]! : 0);
  };
  const width = m / questions;
  const out: number[] = [];
  for (let j = 0; j < questions; j++) out.push((cum((j + 1) * width) - cum(j * width)) / width);
  return out;
}

/** P(score ≥ pass%) on an exam of the given chances per question. */
export function passProbability(chances: readonly number[], pass: number): number {
  if (chances.length === 0) return 0;
  const need = Math.ceil((pass / 100) * chances.length - 1e-9);
  return probabilityAtLeast(chances, need);
}

export interface CardRecall {
  deck: string;
  id: string;
  tags: string[];
  /** Calibrated predicted recall at the exam (0 for a card never studied). */
  recall: number;
  seen: boolean;
}

export interface TagReadiness {
  tag: string;
  cards: number;
  ready: number;
  atRisk: number;
  expectedScore: number;
}

export interface ReadinessFigures {
  cards: number;
  seen: number;
  ready: number;
  expectedScore: number;
  passProbability: number;
  atRisk: Array<{ deck: string; id: string; recall: number }>;
  byTag: TagReadiness[];
}

/** Each card's calibrated recall at `at`. */
export function recallsAt(
  scope: readonly ScopedCard[],
  states: ReadonlyMap<string, CardState>,
  sched: Scheduler,
  calibration: Pick<Calibration, 'a' | 'b' | 'fitted'>,
  at: Date,
): CardRecall[] {
  const r = retrievabilityAt(sched, at);
  return scope.map(({ deck, card }) => {
    const state = states.get(stateKey(deck, card.id));
    const seen = state !== undefined && state.state !== 0;
    return { deck, id: card.id, tags: card.tags, seen, recall: seen ? applyCalibration(calibration, r(state)) : 0 };
  });
}

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

/** Ready, expected score, pass probability, cards at risk and the per-tag view, from recalls. */
export function readinessFigures(
  recalls: readonly CardRecall[],
  opts: Pick<ExamConfig, 'target' | 'pass' | 'questions'>,
): ReadinessFigures {
  const n = recalls.length;
  const mean = n === 0 ? 0 : recalls.reduce((s, c) => s + c.recall, 0) / n;
  const atRisk = recalls
    .filter((c) => c.recall < opts.target)
    .sort((a, b) => a.recall - b.recall || compareText(a.deck, b.deck) || compareText(a.id, b.id))
    .map((c) => ({ deck: c.deck, id: c.id, recall: round(c.recall, 4) }));
  const tags = new Map<string, { cards: number; ready: number; sum: number }>();
  for (const c of recalls) {
    for (const t of c.tags.length > 0 ? c.tags : ['(untagged)']) {
      const g = tags.get(t) ?? { cards: 0, ready: 0, sum: 0 };
      g.cards++;
      g.sum += c.recall;
      if (c.recall >= opts.target) g.ready++;
      tags.set(t, g);
    }
  }
  const byTag = [...tags.entries()]
    .map(([tag, g]) => ({ tag, cards: g.cards, ready: g.ready, atRisk: g.cards - g.ready, expectedScore: round((100 * g.sum) / g.cards, 1) }))
    .sort((a, b) => b.atRisk - a.atRisk || a.expectedScore - b.expectedScore || compareText(a.tag, b.tag));
  return {
    cards: n,
    seen: recalls.filter((c) => c.seen).length,
    ready: n - atRisk.length,
    expectedScore: round(100 * mean, 1),
    passProbability: round(passProbability(questionChances(recalls.map((c) => c.recall), opts.questions), opts.pass), 4),
    atRisk,
    byTag,
  };
}
