// TAP version 14: plan first, one test point per question, a YAML diagnostic block for each miss.
import { cardKey } from '../model.js';
import type { QuizResult, ReportMeta } from '../quiz.js';

/** TAP descriptions end at `#` (a directive): escape it, and the backslash that escapes. */
function description(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

/** JSON strings are valid YAML double-quoted scalars: no quoting rules of our own to get wrong. */
const yamlString = (s: string): string => JSON.stringify(s);

export function renderTap(result: QuizResult, meta?: ReportMeta): string {
  const lines = ['TAP version 14', `1..${result.total}`];
  result.items.forEach((item, i) => {
    const name = description(cardKey(item.deck, item.id));
    if (item.correct) {
      lines.push(`ok ${i + 1} - ${name}`);
      return;
    }
    lines.push(
      `not ok ${i + 1} - ${name}`,
      '  ---',
      `  message: ${yamlString('wrong answer')}`,
      `  type: ${item.type}`,
      `  expected: ${yamlString(item.expected)}`,
      `  given: ${yamlString(item.given)}`,
      `  tags: [${item.tags.map(yamlString).join(', ')}]`,
      '  ...',
    );
  });
  lines.push(`# score ${result.score}% (${result.correct}/${result.total}), ${result.passed ? 'passed' : 'failed'}`);
  if (meta) lines.push(`# time ${(meta.durationMs / 1000).toFixed(1)}s`);
  return lines.join('\n') + '\n';
}
