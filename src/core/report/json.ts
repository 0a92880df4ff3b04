// JSON report: exactly the documented shape (docs/quiz-report.schema.json), nothing else.
import type { QuizResult, ReportMeta } from '../quiz.js';

export interface JsonReport {
  total: number;
  correct: number;
  unanswered: number;
  score: number;
  /** The pass mark the score was held to; `passed` and the exit code follow it. */
  passMark: number;
  minScore?: number;
  passed: boolean;
  byTag: Record<string, { total: number; correct: number }>;
  items: Array<{ deck: string; id: string; type: string; tags: string[]; correct: boolean; answered: boolean; given: string; expected: string }>;
}

export function toJsonReport(result: QuizResult): JsonReport {
  return {
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
      type: i.type,
      tags: [...i.tags],
      correct: i.correct,
      answered: i.answered,
      given: i.given,
      expected: i.expected,
    })),
  };
}

/** Metadata is accepted for a uniform reporter signature; the JSON shape does not include it. */
export function renderJson(result: QuizResult, _meta?: ReportMeta): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}
