// Exam mode, pure part: which questions, in which order, the clock rule, and the score.
import { cardKey, isAutoGradable, type Answer, type Card, type CardType } from './model.js';
import { expectedText, type GradeResult } from './grade.js';
import { answerHash } from './hash.js';
import { formatPercent, percentOf } from './percent.js';
import { rng, seedFrom, shuffle } from './random.js';
import { maxOf } from './arrays.js';

export interface QuizQuestion {
  deck: string;
  card: Card;
  /** Display order of the options (choice, multi) or items (order), as deck indices. */
  optionOrder?: number[];
  /** Place of the card among all the cards given (deck order): reports list questions by it, so
   *  they do not change with the quiz order. Absent: the order asked. */
  position?: number;
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
  const pool = opts.cards
    .map((c, position) => ({ ...c, position }))
    .filter(({ card }) => isAutoGradable(card) && (tags.length === 0 || card.tags.some((t) => tags.includes(t))));
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
  return ordered.map(({ deck, card, position }) => {
    const optionOrder = displayOrder(deck, card, opts.seed);
    return optionOrder ? { deck, card, optionOrder, position } : { deck, card, position };
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
  result: QuizGrade;
  /** Clock time the answer was confirmed. */
  at: number;
}

/**
 * The answers that count: those confirmed before the deadline (no limit: all). The last in-time
 * answer to a question wins, since the review screen lets a student change an answer.
 */
export function answersInTime(answers: TimedAnswer[], startedAt: number, limitMs: number | undefined): Map<string, QuizGrade> {
  const out = new Map<string, QuizGrade>();
  for (const a of answers) {
    if (limitMs === undefined || timeLeft(startedAt, limitMs, a.at) > 0) out.set(a.key, a.result);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Score

/** What the student answered, as data (item analysis): choice an option index in deck order, multi
 *  the sorted indexes, true/false the boolean, typed the text, cloze the texts, order the item order. */
export type Picked = number | number[] | boolean | string | string[] | null;

/** A graded answer with the raw response kept for the report. */
export type QuizGrade = GradeResult & { response?: Picked };

export function pickedOf(answer: Answer): Picked {
  switch (answer.type) {
    case 'choice':
      return answer.index;
    case 'multi':
      return [...new Set(answer.indices)].sort((a, b) => a - b);
    case 'truefalse':
      return answer.value;
    case 'typed':
      return answer.text;
    case 'cloze':
      return [...answer.texts];
    case 'order':
      return [...answer.order];
    case 'basic':
      return 'text' in answer ? answer.text : null;
  }
}

export interface QuizItem {
  deck: string;
  id: string;
  /** The card's answer hash: a card changed since is a different item for analysis. */
  hash: string;
  type: CardType;
  tags: string[];
  correct: boolean;
  /** False when no answer was given (in time): counted wrong, but not a wrong answer. */
  answered: boolean;
  given: string;
  expected: string;
  /** The raw answer (see Picked); null when unanswered. */
  picked: Picked;
  /** Choice and multi: the options in deck order, so analysis can name them. */
  options?: Array<{ text: string; correct: boolean }>;
}

export interface QuizResult {
  total: number;
  correct: number;
  /** Questions with no answer (none in the answers file, or none before the deadline). */
  unanswered: number;
  /** 0-100, see percentOf: one decimal, rounded down. */
  score: number;
  /** score reached the pass mark. */
  passed: boolean;
  /** The pass mark used (see passMarkOf). */
  passPct: number;
  /** --min-score, when given. */
  minScore?: number;
  byTag: Record<string, { total: number; correct: number }>;
  /** One per question, in deck order (see QuizQuestion.position). */
  items: QuizItem[];
}

export const UNANSWERED = '(no answer)';

export const DEFAULT_PASS_MARK = 72;

/** The pass mark as the user gave it: --pass, --min-score, either, both or neither. */
export interface PassRule {
  pass?: number;
  minScore?: number;
}

/**
 * One rule for passing, interactive or scripted: a quiz passes when its score reaches the pass mark,
 * and one that does not exits 1. --pass and --min-score both set that mark (--min-score is the name
 * CI recipes use); given both, the higher one counts; given neither, it is 72%.
 */
export function passMarkOf(rule: PassRule): number {
  const given = [rule.pass, rule.minScore].filter((x): x is number => x !== undefined);
  return given.length === 0 ? DEFAULT_PASS_MARK : maxOf(given);
}

export function scoreQuiz(questions: QuizQuestion[], results: Map<string, QuizGrade | undefined>, rule: number | PassRule): QuizResult {
  const { pass, minScore } = typeof rule === 'number' ? { pass: rule, minScore: undefined } : rule;
  const passPct = passMarkOf({ pass, minScore });
  // Deck order, whatever order the questions were asked in: a re-run gives the same report.
  // (sort is stable: questions without a position keep the order asked.)
  const inDeckOrder = [...questions].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  // No prototype: a tag spelled "__proto__" must count like any other.
  const byTag: Record<string, { total: number; correct: number }> = Object.create(null);
  const items: QuizItem[] = inDeckOrder.map(({ deck, card }) => {
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
      hash: card.hash ?? answerHash(card),
      type: card.type,
      tags: [...card.tags],
      correct,
      answered: r !== undefined,
      given: r?.given ?? UNANSWERED,
      expected: r?.expected ?? expectedText(card),
      picked: r?.response ?? null,
      ...(card.type === 'choice' || card.type === 'multi' ? { options: card.choices.map((c) => ({ text: c.text, correct: c.correct })) } : {}),
    };
  });
  const total = items.length;
  const correct = items.filter((i) => i.correct).length;
  const unanswered = items.filter((i) => !i.answered).length;
  const score = percentOf(correct, total);
  // Exact, not on the shown score: 18/25 is exactly 72 and passes a 72% mark.
  const passed = total > 0 ? correct * 100 >= passPct * total : passPct <= 0;
  return { total, correct, unanswered, score, passed, passPct, ...(minScore !== undefined ? { minScore } : {}), byTag, items };
}

/** `97.3% (36/37 correct, 1 unanswered)` */
export function scoreText(result: QuizResult): string {
  const unanswered = result.unanswered > 0 ? `, ${result.unanswered} unanswered` : '';
  return `${formatPercent(result.score)} (${result.correct}/${result.total} correct${unanswered})`;
}

/** `PASSED (pass mark 72%)`, `FAILED (pass mark 100%, from --min-score)`: the verdict everywhere. */
export function verdictText(result: QuizResult): string {
  const from = result.minScore !== undefined && result.minScore === result.passPct ? ', from --min-score' : '';
  return `${result.passed ? 'PASSED' : 'FAILED'} (pass mark ${result.passPct}%${from})`;
}

/** Why a quiz failed, for stderr and the reports: `score 97.3% is below --min-score 100`; null if it passed. */
export function missText(result: QuizResult): string | null {
  if (result.passed) return null;
  const bar = result.minScore !== undefined && result.minScore === result.passPct ? `--min-score ${result.minScore}` : `the pass mark ${result.passPct}%`;
  return `score ${formatPercent(result.score)} is below ${bar}`;
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
      pct: percentOf(correct, total),
    }))
    .sort((a, b) => {
      const pa = a.total === 0 ? 0 : a.correct / a.total;
      const pb = b.total === 0 ? 0 : b.correct / b.total;
      return pa !== pb ? pa - pb : a.total !== b.total ? b.total - a.total : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
    });
}

/** What the reporters receive beside the result; the caller reads the clock and host. */
export interface ReportMeta {
  /** When the quiz started (RECALL_NOW aware): the report's `at`. */
  timestamp: Date;
  /** --student or RECALL_STUDENT, when given. */
  student?: string;
  /** The seed that drew the questions and option order. */
  seed?: number;
  /** recall's version. */
  recallVersion?: string;
  hostname: string;
  durationMs: number;
  /** Milliseconds per question by `deck/id`, when known (JUnit testcase times). */
  itemMs?: Map<string, number>;
}
