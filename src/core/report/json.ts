// JSON report: exactly the documented shape (docs/quiz-report.schema.json), nothing else.
import type { Picked, QuizResult, ReportMeta } from '../quiz.js';

/** Bumped when the shape changes in a way readers (recall analyze) must know: 2 added the item data. */
export const REPORT_VERSION = 2;

export interface JsonReport {
  version: number;
  recall?: string;
  student?: string;
  seed?: number;
  at?: string;
  total: number;
  correct: number;
  unanswered: number;
  score: number;
  /** The pass mark the score was held to; `passed` and the exit code follow it. */
  passMark: number;
  minScore?: number;
  passed: boolean;
  byTag: Record<string, { total: number; correct: number }>;
  items: Array<{
    deck: string;
    id: string;
    hash: string;
    type: string;
    tags: string[];
    correct: boolean;
    answered: boolean;
    given: string;
    expected: string;
    picked: Picked;
    options?: Array<{ text: string; correct: boolean }>;
  }>;
}

export function toJsonReport(result: QuizResult, meta?: ReportMeta): JsonReport {
  return {
    version: REPORT_VERSION,
    ...(meta?.recallVersion !== undefined ? { recall: meta.recallVersion } : {}),
    ...(meta?.student !== undefined ? { student: meta.student } : {}),
    ...(meta?.seed !== undefined ? { seed: meta.seed } : {}),
    ...(meta ? { at: meta.timestamp.toISOString() } : {}),
    total: result.total,
    correct: result.correct,
    unanswered: result.unanswered,
    score: result.score,
    passMark: result.passPct,
    ...(result.minScore !== undefined ? { minScore: result.minScore } : {}),
    passed: result.passed,
    byTag: Object.fromEntries(Object.entries(result.byTag).map(([tag, t]) => [tag, { total: t.total, correct: t.correct }])),
    items: result.items.map((i) => ({
      deck: i.deck,
      id: i.id,
      hash: i.hash,
      type: i.type,
      tags: [...i.tags],
      correct: i.correct,
      answered: i.answered,
      given: i.given,
      expected: i.expected,
      picked: i.picked,
      ...(i.options ? { options: i.options.map((o) => ({ text: o.text, correct: o.correct })) } : {}),
    })),
  };
}

export function renderJson(result: QuizResult, meta?: ReportMeta): string {
  return JSON.stringify(toJsonReport(result, meta), null, 2) + '\n';
}
