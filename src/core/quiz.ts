// Exam mode, pure part: which questions, in which order, the clock rule, and the score.
import { cardKey, isAutoGradable, type Card, type CardType } from './model.js';
import { expectedText, type GradeResult } from './grade.js';
import { rng, seedFrom, shuffle } from './random.js';

export interface QuizQuestion {
  deck: string;
  card: Card;
  /** Display order of the options (choice, multi) or items (order), as deck indices. */
  optionOrder?: number[];
}

export interface SelectOptions {
  cards: Array<{ deck: string; card: Card }>;
  /** Keep cards having any of these tags; empty or absent keeps all. */
  tags?: string[];
  /** At most this many questions; absent means all. */
  count?: number;
  seed: number;
  /** Predicted recall (0-1) by `deck/id`; undefined or missing means never seen. */
  weakest?: { recall: Map<string, number | undefined> };
}

/**
 * Option order comes from a generator seeded by the quiz seed and the card key, so a card shows
 * its options the same way whatever else the quiz holds (--count, --tag do not reshuffle them).
 */
export function displayOrder(deck: string, card: Card, seed: number): number[] | undefined {
  const count = card.type === 'choice' || card.type === 'multi' ? card.choices.length : card.type === 'order' ? card.items.length : 0;
  if (count === 0) return undefined;
  const random = rng((seed ^ seedFrom(cardKey(deck, card.id))) >>> 0);
  const identity = Array.from({ length: count }, (_, i) => i);
  let order = shuffle(identity, random);
  // An order question shown already in order gives its answer away.
  if (card.type === 'order' && count > 1) {
    for (let tries = 0; tries < 8 && order.every((v, i) => v === i); tries++) order = shuffle(identity, random);
    if (order.every((v, i) => v === i)) order = [...identity.slice(1), 0];
  }
  return order;
}

export function selectQuestions(opts: SelectOptions): QuizQuestion[] {
  const tags = opts.tags ?? [];
  const pool = opts.cards.filter(
    ({ card }) => isAutoGradable(card) && (tags.length === 0 || card.tags.some((t) => tags.includes(t))),
  );
  let ordered = shuffle(pool, rng(opts.seed));
  if (opts.weakest) {
    const recall = opts.weakest.recall;
    const rank = (e: { deck: string; card: Card }): number => recall.get(cardKey(e.deck, e.card.id)) ?? Infinity;
    // Stable sort over the seeded shuffle: ties (and all never-seen cards) keep a seeded order.
    ordered = ordered
      .map((e, i) => ({ e, i, r: rank(e) }))
      .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r < b.r ? -1 : 1))
      .map((x) => x.e);
  }
  if (opts.count !== undefined) ordered = ordered.slice(0, Math.max(0, opts.count));
  return ordered.map(({ deck, card }) => {
    const optionOrder = displayOrder(deck, card, opts.seed);
    return optionOrder ? { deck, card, optionOrder } : { deck, card };
  });
}

// ---------------------------------------------------------------------------------------------
// Time limit. The clock is an argument; a question not answered before the deadline is wrong.

/** Milliseconds left, never below zero. */
export function timeLeft(startedAt: number, limitMs: number, now: number): number {
  return Math.max(0, startedAt + limitMs - now);
}

/** `m:ss` (or `h:mm:ss`) for the countdown. */
export function formatTimeLeft(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export interface TimedAnswer {
  /** `deck/id` */
  key: string;
  result: GradeResult;
  /** Clock time the answer was confirmed. */
  at: number;
}

/**
 * The answers that count: those confirmed before the deadline (no limit: all). The last in-time
 * answer to a question wins, since the review screen lets a student change an answer.
 */
export function answersInTime(answers: TimedAnswer[], startedAt: number, limitMs: number | undefined): Map<string, GradeResult> {
  const out = new Map<string, GradeResult>();
  for (const a of answers) {
    if (limitMs === undefined || timeLeft(startedAt, limitMs, a.at) > 0) out.set(a.key, a.result);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Score

export interface QuizItem {
  deck: string;
  id: string;
  type: CardType;
  tags: string[];
  correct: boolean;
  given: string;
  expected: string;
}

export interface QuizResult {
  total: number;
  correct: number;
  /** 0-100, truncated (not rounded) to one decimal so it never shows a pass that did not happen. */
  score: number;
  passed: boolean;
  /** The pass mark used (not part of the JSON report). */
  passPct: number;
  byTag: Record<string, { total: number; correct: number }>;
  items: QuizItem[];
}

export const UNANSWERED = '(no answer)';

export function scoreQuiz(questions: QuizQuestion[], results: Map<string, GradeResult | undefined>, passPct: number): QuizResult {
  // No prototype: a tag spelled "__proto__" must count like any other.
  const byTag: Record<string, { total: number; correct: number }> = Object.create(null);
  const items: QuizItem[] = questions.map(({ deck, card }) => {
    const r = results.get(cardKey(deck, card.id));
    const correct = r?.correct === true;
    for (const tag of card.tags) {
      const row = (byTag[tag] ??= { total: 0, correct: 0 });
      row.total++;
      if (correct) row.correct++;
    }
    return {
      deck,
      id: card.id,
      type: card.type,
      tags: [...card.tags],
      correct,
      given: r?.given ?? UNANSWERED,
      expected: r?.expected ?? expectedText(card),
    };
  });
  const total = items.length;
  const correct = items.filter((i) => i.correct).length;
  // Integer arithmetic: 18/25 must be exactly 72, not 71.99999.
  const score = total === 0 ? 0 : Math.floor((correct * 1000) / total) / 10;
  const passed = total > 0 ? correct * 100 >= passPct * total : passPct <= 0;
  return { total, correct, score, passed, passPct, byTag, items };
}

export interface TagRow {
  tag: string;
  total: number;
  correct: number;
  /** 0-100, one decimal */
  pct: number;
}

/** Per-tag rows, weakest first (lowest %, then most questions, then by name). */
export function tagTable(result: Pick<QuizResult, 'byTag'>): TagRow[] {
  return Object.entries(result.byTag)
    .map(([tag, { total, correct }]) => ({
      tag,
      total,
      correct,
      pct: total === 0 ? 0 : Math.round((correct * 1000) / total) / 10,
    }))
    .sort((a, b) => {
      const pa = a.total === 0 ? 0 : a.correct / a.total;
      const pb = b.total === 0 ? 0 : b.correct / b.total;
      return pa !== pb ? pa - pb : a.total !== b.total ? b.total - a.total : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
    });
}

/** What the reporters receive beside the result; the caller reads the clock and host. */
export interface ReportMeta {
  timestamp: Date;
  hostname: string;
  durationMs: number;
  /** Milliseconds per question by `deck/id`, when known (JUnit testcase times). */
  itemMs?: Map<string, number>;
}
