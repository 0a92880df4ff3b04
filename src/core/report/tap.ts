// TAP version 14: plan first, one test point per question, a YAML diagnostic block for each miss,
// then comments: the score line and, when the quiz failed, why. An unanswered question is a failed
// test point whose diagnostic says "unanswered", not "wrong answer" (TAP's only directives, SKIP and
// TODO, would hide a question that counts as wrong).
import { cardKey } from '../model.js';
import { missText, scoreText, verdictText, type QuizResult, type ReportMeta } from '../quiz.js';

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
      `  message: ${yamlString(item.answered ? 'wrong answer' : 'unanswered (counts as wrong)')}`,
      `  answered: ${item.answered}`,
      `  type: ${item.type}`,
      `  expected: ${yamlString(item.expected)}`,
      `  given: ${yamlString(item.given)}`,
      `  tags: [${item.tags.map(yamlString).join(', ')}]`,
      '  ...',
    );
  });
  lines.push(`# Score: ${scoreText(result)}, ${verdictText(result)}`);
  const miss = missText(result);
  if (miss) lines.push(`# ${miss}`);
  if (meta) lines.push(`# time ${(meta.durationMs / 1000).toFixed(1)}s`);
  return lines.join('\n') + '\n';
}
