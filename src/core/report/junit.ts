// JUnit XML in the Apache Ant dialect (a copy: tests/fixtures/schemas/junit-ant.xsd), which CI report viewers read.
// That schema is strict: bare <testsuites> (no attributes), and on each suite a zone-less timestamp,
// hostname, package, id, then <properties/>, the testcases, <system-out/> and <system-err/>.
//
// After the decks' suites comes one more, `recall.score` (a dot: no deck id can take that name): its
// properties carry the score, the pass mark, --min-score and the verdict, and its one testcase,
// `pass mark`, fails when the quiz does. So a CI viewer shows the same verdict as the exit code.
// An unanswered question is a failure of type "unanswered", not "wrong-answer".
import { cardKey } from '../model.js';
import { neutralize } from '../sanitize.js';
import { missText, scoreText, verdictText, type QuizItem, type QuizResult, type ReportMeta } from '../quiz.js';

export const SCORE_SUITE = 'recall.score';

// Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/U+FFFF).
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Controls show as `\e`, `\x07` (neutralize), as in every other report; what is left that XML
 *  cannot hold (a lone surrogate, U+FFFE) is dropped. */
export function xmlText(s: string): string {
  return s.replace(ILLEGAL, (ch) => (neutralize(ch) === ch ? '' : neutralize(ch))).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep tabs/newlines (which parsers would turn into spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `2026-11-27T10:00:00`: UTC, no zone or fraction, as the schema's pattern demands. */
export function junitTimestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

export function renderJunit(result: QuizResult, meta: ReportMeta): string {
  const decks = new Map<string, QuizItem[]>();
  for (const item of result.items) {
    const list = decks.get(item.deck) ?? [];
    list.push(item);
    decks.set(item.deck, list);
  }
  const hostname = meta.hostname.trim() === '' ? 'localhost' : meta.hostname;
  const timestamp = junitTimestamp(meta.timestamp);
  const itemMs = (item: QuizItem): number =>
    meta.itemMs?.get(cardKey(item.deck, item.id)) ??
    // No per-question times: share the run's duration evenly so suite times still add up.
    (result.total > 0 ? meta.durationMs / result.total : 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  let id = 0;
  for (const [deck, items] of decks) {
    const failures = items.filter((i) => !i.correct).length;
    const time = items.reduce((sum, i) => sum + itemMs(i), 0);
    lines.push(
      `  <testsuite name="${xmlAttr(deck)}" tests="${items.length}" failures="${failures}" errors="0" ` +
        `time="${seconds(time)}" timestamp="${timestamp}" hostname="${xmlAttr(hostname)}" ` +
        `package="${xmlAttr(deck)}" id="${id++}">`,
      '    <properties/>',
    );
    for (const item of items) {
      const open = `    <testcase name="${xmlAttr(cardKey(deck, item.id))}" classname="${xmlAttr(deck)}" time="${seconds(itemMs(item))}"`;
      if (item.correct) {
        lines.push(open + '/>');
        continue;
      }
      const [message, type] = item.answered ? [`expected ${item.expected}, given ${item.given}`, 'wrong-answer'] : [`unanswered (counts as wrong); expected ${item.expected}`, 'unanswered'];
      lines.push(
        open + '>',
        `      <failure message="${xmlAttr(message)}" type="${type}">${xmlText(`expected: ${item.expected}\ngiven: ${item.given}`)}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  }
  const properties: Array<[string, string]> = [
    ['score', String(result.score)],
    ['correct', String(result.correct)],
    ['total', String(result.total)],
    ['unanswered', String(result.unanswered)],
    ['passMark', String(result.passPct)],
    ...(result.minScore !== undefined ? [['minScore', String(result.minScore)] as [string, string]] : []),
    ['passed', String(result.passed)],
  ];
  const miss = missText(result);
  lines.push(
    `  <testsuite name="${SCORE_SUITE}" tests="1" failures="${miss ? 1 : 0}" errors="0" time="0.000" timestamp="${timestamp}" ` +
      `hostname="${xmlAttr(hostname)}" package="${SCORE_SUITE}" id="${id++}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${name}" value="${xmlAttr(value)}"/>`),
    '    </properties>',
    `    <testcase name="pass mark" classname="${SCORE_SUITE}" time="0.000"${miss ? '>' : '/>'}`,
    ...(miss
      ? [`      <failure message="${xmlAttr(miss)}" type="below-pass-mark">${xmlText(`Score: ${scoreText(result)}, ${verdictText(result)}`)}</failure>`, '    </testcase>']
      : []),
    `    <system-out>${xmlText(`Score: ${scoreText(result)}, ${verdictText(result)}`)}</system-out>`,
    '    <system-err/>',
    '  </testsuite>',
  );
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
