// JSON report: exactly the documented shape (docs/quiz-report.schema.json), nothing else.
import type { QuizResult, ReportMeta } from '../quiz.js';

export interface JsonReport {
  total: number;
  correct: number;
  score: number;
  passed: boolean;
  byTag: Record<string, { total: number; correct: number }>;
  items: Array<{ deck: string; id: string; type: string; tags: string[]; correct: boolean; given: string; expected: string }>;
}

export function toJsonReport(result: QuizResult): JsonReport {
  return {
    total: result.total,
    correct: result.correct,
    score: result.score,
    passed: result.passed,
    byTag: Object.fromEntries(Object.entries(result.byTag).map(([tag, t]) => [tag, { total: t.total, correct: t.correct }])),
    items: result.items.map((i) => ({
      deck: i.deck,
      id: i.id,
      type: i.type,
      tags: [...i.tags],
      correct: i.correct,
      given: i.given,
      expected: i.expected,
    })),
  };
}

/** Metadata is accepted for a uniform reporter signature; the JSON shape does not include it. */
export function renderJson(result: QuizResult, _meta?: ReportMeta): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}
