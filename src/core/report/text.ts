// The human summary: score and verdict, per-tag table weakest first, then every miss.
// Plain text; the command may colour it (colour is decoration, NO_COLOR reads the same).
import { cardKey } from '../model.js';
import { formatPercent } from '../percent.js';
import { scoreText, tagTable, verdictText, type QuizResult, type ReportMeta } from '../quiz.js';
import { maxOf } from '../arrays.js';
import { neutralize } from '../sanitize.js';

export function formatDuration(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * The score line, one wording for the interactive and the scripted quiz:
 * `Score: 66.6% (4/6 correct, 1 unanswered), FAILED (pass mark 72%)`. `paint` may colour the verdict.
 */
export function scoreLine(result: QuizResult, paint: (verdict: string) => string = (v) => v): string {
  return `Score: ${scoreText(result)}, ${paint(verdictText(result))}`;
}

export function renderText(result: QuizResult, meta?: ReportMeta): string {
  const out: string[] = [];
  out.push(scoreLine(result));
  if (meta) out.push(`Time: ${formatDuration(meta.durationMs)}`);

  const rows = tagTable(result);
  if (rows.length > 0) {
    const width = maxOf(rows.map((r) => oneLine(r.tag).length), 3);
    out.push('', `${'Tag'.padEnd(width)}  Correct  Total   Score`);
    for (const r of rows) {
      out.push(`${oneLine(r.tag).padEnd(width)}  ${String(r.correct).padStart(7)}  ${String(r.total).padStart(5)}  ${formatPercent(r.pct).padStart(6)}`);
    }
  }

  const misses = result.items.filter((i) => !i.correct);
  if (misses.length > 0) {
    out.push('', `Missed (${misses.length}):`);
    for (const m of misses) {
      out.push(`  ${oneLine(cardKey(m.deck, m.id))} [${m.type}]${m.answered ? '' : ' unanswered'}`, `    given:    ${oneLine(m.given)}`, `    expected: ${oneLine(m.expected)}`);
    }
  } else if (result.total > 0) {
    out.push('', 'No misses.');
  }
  return out.join('\n') + '\n';
}

/**
 * One line per value, neutralised here rather than only as a whole: controls show as `\e`, `\x07`,
 * as on the results screen (dropping them showed a typed `x<ESC>[2Jy` as `x[2Jy`), and a column is
 * padded to the width it is shown at (a bidi control padded at its raw width pushed its row out).
 */
const oneLine = (s: string): string => neutralize(s.replace(/\s*[\r\n]+\s*/g, ' / '));
