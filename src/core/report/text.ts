// The human summary: score and verdict, per-tag table weakest first, then every miss.
// Plain text; the command may colour it (colour is decoration, NO_COLOR reads the same).
import { cardKey } from '../model.js';
import { tagTable, type QuizResult, type ReportMeta } from '../quiz.js';

export function formatDuration(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function renderText(result: QuizResult, meta?: ReportMeta): string {
  const out: string[] = [];
  const verdict = result.passed ? 'PASSED' : 'FAILED';
  out.push(`Score: ${result.score.toFixed(1)}% (${result.correct}/${result.total} correct), ${verdict} (pass mark ${result.passPct}%)`);
  if (meta) out.push(`Time: ${formatDuration(meta.durationMs)}`);

  const rows = tagTable(result);
  if (rows.length > 0) {
    const width = Math.max(3, ...rows.map((r) => oneLine(r.tag).length));
    out.push('', `${'Tag'.padEnd(width)}  Correct  Total       %`);
    for (const r of rows) {
      out.push(`${oneLine(r.tag).padEnd(width)}  ${String(r.correct).padStart(7)}  ${String(r.total).padStart(5)}  ${r.pct.toFixed(1).padStart(6)}`);
    }
  }

  const misses = result.items.filter((i) => !i.correct);
  if (misses.length > 0) {
    out.push('', `Missed (${misses.length}):`);
    for (const m of misses) {
      out.push(`  ${oneLine(cardKey(m.deck, m.id))} [${m.type}]`, `    given:    ${oneLine(m.given)}`, `    expected: ${oneLine(m.expected)}`);
    }
  } else if (result.total > 0) {
    out.push('', 'No misses.');
  }
  return out.join('\n') + '\n';
}

/** One line per value, and no control characters: deck text must not drive the terminal (ESC, BEL). */
const oneLine = (s: string): string =>
  s.replace(/\s*[\r\n]+\s*/g, ' / ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
