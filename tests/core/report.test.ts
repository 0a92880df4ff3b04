import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'tap-parser';
// Named import: the default export types as the module namespace under NodeNext.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Card } from '../../src/core/model.js';
import { grade, type GradeResult } from '../../src/core/grade.js';
import { scoreQuiz, type QuizQuestion, type QuizResult, type ReportMeta } from '../../src/core/quiz.js';
import { renderJson } from '../../src/core/report/json.js';
import { junitTimestamp, renderJunit } from '../../src/core/report/junit.js';
import { renderTap } from '../../src/core/report/tap.js';
import { renderText } from '../../src/core/report/text.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// A copy of the Ant JUnit schema lives in the project (see tests/fixtures/schemas/README.md), so a
// fresh clone with nothing beside it validates reports too.
const junitXsd = path.join(repoRoot, 'tests/fixtures/schemas/junit-ant.xsd');
const reportSchema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs/quiz-report.schema.json'), 'utf8'));

const pos = { line: 1, col: 1 };
const questions: QuizQuestion[] = [
  { deck: 'geo', card: { type: 'choice', id: 'capital', tags: ['europe', 'cities'], pos, prompt: 'P', choices: [{ text: 'Lyon', correct: false }, { text: 'Paris', correct: true }] } },
  { deck: 'geo', card: { type: 'truefalse', id: 'flat', tags: ['europe'], pos, statement: 'S', answer: false } },
  // Text that XML, TAP and YAML all treat specially, plus characters XML 1.0 cannot hold at all.
  { deck: 'geo', card: { type: 'typed', id: 'tricky.v1', tags: ['x<&>"'], pos, prompt: 'P', answer: 'a < b & "c" # d \\ e', accept: [] } },
  { deck: 'iam', card: { type: 'multi', id: 'perm', tags: [], pos, prompt: 'P', choices: [{ text: 'r', correct: true }, { text: 'w', correct: true }] } },
  { deck: 'iam', card: { type: 'order', id: 'flow', tags: ['iam'], pos, prompt: 'P', items: ['a', 'b'] } },
];
const card = (i: number): Card => questions[i]!.card;
const results = new Map([
  ['geo/capital', grade(card(0), { type: 'choice', index: 1 })],
  ['geo/flat', grade(card(1), { type: 'truefalse', value: true })],
  ['geo/tricky.v1', grade(card(2), { type: 'typed', text: 'bell \u0007 </failure> ]]> \uD800 x\ny' })],
  ['iam/perm', grade(card(3), { type: 'multi', indices: [0] })],
  ['iam/flow', grade(card(4), { type: 'order', order: [0, 1] })],
]);
const result: QuizResult = scoreQuiz(questions, results, 72);
const meta: ReportMeta = { timestamp: new Date('2026-11-27T10:00:00.123Z'), hostname: 'ci-runner', durationMs: 12_345 };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-report-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function xmllint(xml: string): { ok: boolean; output: string } {
  const file = path.join(tmp, `report-${fs.readdirSync(tmp).length}.xml`);
  fs.writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', junitXsd, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function parseTap(tap: string): Promise<{ ok: boolean; count: number; pass: number; fail: number; plan: { start: number; end: number }; failures: Array<{ id: number; name: string; diag?: Record<string, unknown> }> }> {
  return new Promise((resolve) => {
    const p = new Parser((r) => resolve(r as never));
    p.end(tap);
  });
}

describe('scored fixture', () => {
  it('has two right and three wrong answers', () => {
    expect(result).toMatchObject({ total: 5, correct: 2, score: 40, passed: false });
  });
});

describe('JUnit reporter', () => {
  const xml = renderJunit(result, meta);

  it('validates against the Ant JUnit schema with xmllint', () => {
    expect(fs.existsSync(junitXsd), `schema missing at ${junitXsd}`).toBe(true);
    const r = xmllint(xml);
    expect(r.output).toContain('validates');
    expect(r.ok, r.output).toBe(true);
  });

  it('writes one suite per deck with counts, a zone-less timestamp, hostname, package and id', () => {
    expect(xml).toContain(
      '<testsuite name="geo" tests="3" failures="2" errors="0" time="7.407" timestamp="2026-11-27T10:00:00" hostname="ci-runner" package="geo" id="0">',
    );
    expect(xml).toContain('name="iam" tests="2" failures="1" errors="0" time="4.938" timestamp="2026-11-27T10:00:00" hostname="ci-runner" package="iam" id="1"');
    expect(xml.match(/<properties\/>/g)).toHaveLength(2);
    expect(xml.match(/<system-out\/>/g)).toHaveLength(2);
  });

  it('names each testcase DECK/ID and shows expected against given in the failure', () => {
    expect(xml).toMatch(/<testcase name="geo\/capital" classname="geo" time="[\d.]+"\/>/);
    expect(xml).toContain('<failure message="expected false, given true" type="wrong-answer">expected: false\ngiven: true</failure>');
    expect(xml).toContain('expected: a) r, b) w\ngiven: a) r</failure>');
  });

  it('escapes markup, shows controls as \\x07 and drops what XML 1.0 cannot hold at all', () => {
    expect(xml).toContain('expected: a &lt; b &amp; "c" # d \\ e\ngiven: bell \\x07 &lt;/failure&gt; ]]&gt;  x\ny</failure>');
    expect(xml).toContain('message="expected a &lt; b &amp; &quot;c&quot; # d \\ e, given bell \\x07 &lt;/failure&gt; ]]&gt;  x&#10;y"');
    expect(xml).not.toMatch(/[\u0007\uD800]/);
  });

  it('uses per-question times when given and falls back to localhost for an empty hostname', () => {
    const x = renderJunit(result, { ...meta, hostname: '', itemMs: new Map([['geo/capital', 1500]]) });
    expect(x).toMatch(/<testcase name="geo\/capital" classname="geo" time="1.500"\/>/);
    expect(x).toContain('hostname="localhost"');
    expect(xmllint(x).ok).toBe(true);
  });

  it('is really checked: xmllint rejects a timestamp with a zone', () => {
    expect(xmllint(xml.replace(/timestamp="([^"]+)"/, 'timestamp="$1Z"')).ok).toBe(false);
  });

  it('validates an empty quiz too', () => {
    expect(xmllint(renderJunit(scoreQuiz([], new Map(), 72), meta)).ok).toBe(true);
  });

  it('formats timestamps in UTC without zone or fraction', () => {
    expect(junitTimestamp(new Date('2026-03-01T23:59:59.999-05:00'))).toBe('2026-03-02T04:59:59');
  });
});

describe('TAP reporter', () => {
  const tap = renderTap(result, meta);

  it('starts with the version and plan', () => {
    expect(tap.split('\n').slice(0, 2)).toEqual(['TAP version 14', '1..5']);
  });

  it('closes with the same score line as the text summary', () => {
    expect(tap).toContain('\n# Score: 40.0% (2/5 correct), FAILED (pass mark 72%)\n# score 40.0% is below the pass mark 72%\n');
  });

  it('is read by tap-parser with the right pass and fail counts', async () => {
    const parsed = await parseTap(tap);
    expect(parsed).toMatchObject({ ok: false, count: 5, pass: 2, fail: 3, plan: { start: 1, end: 5 } });
    expect(parsed.failures.map((f) => f.name)).toEqual(['geo/flat', 'geo/tricky.v1', 'iam/perm']);
  });

  it('carries expected and given in a YAML block that survives special characters', async () => {
    const parsed = await parseTap(tap);
    const tricky = parsed.failures.find((f) => f.name === 'geo/tricky.v1')!;
    expect(tricky.diag).toMatchObject({ expected: 'a < b & "c" # d \\ e', given: 'bell \u0007 </failure> ]]> \uD800 x\ny', type: 'typed' });
  });

  it('reports an all-correct run as ok', async () => {
    const good = scoreQuiz(questions.slice(0, 1), results, 72);
    expect(await parseTap(renderTap(good))).toMatchObject({ ok: true, count: 1, pass: 1, fail: 0 });
  });
});

describe('JSON reporter', () => {
  const json = JSON.parse(renderJson(result, meta));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(reportSchema);

  it('validates against the published schema', () => {
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has exactly the documented fields', () => {
    expect(Object.keys(json)).toEqual(['version', 'at', 'total', 'correct', 'unanswered', 'score', 'passMark', 'passed', 'byTag', 'items']);
    expect(json.version).toBe(2);
    expect(json.at).toBe(meta.timestamp.toISOString());
    expect(json.byTag).toEqual({ europe: { total: 2, correct: 1 }, cities: { total: 1, correct: 1 }, 'x<&>"': { total: 1, correct: 0 }, iam: { total: 1, correct: 1 } });
    expect(json.items[1]).toEqual({ deck: 'geo', id: 'flat', hash: expect.stringMatching(/^[0-9a-f]{16}$/), type: 'truefalse', tags: ['europe'], correct: false, answered: true, given: 'true', expected: 'false', picked: null });
  });

  it('carries the student, the seed and recall\'s version when given (item analysis)', () => {
    const withWho = JSON.parse(renderJson(result, { ...meta, student: 'ana', seed: 7, recallVersion: '9.9.9' }));
    expect(withWho).toMatchObject({ version: 2, recall: '9.9.9', student: 'ana', seed: 7, at: meta.timestamp.toISOString() });
    expect(validate(withWho), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is rejected by the schema when a field is missing or extra', () => {
    expect(validate({ ...json, extra: 1 })).toBe(false);
    const { items: _items, ...noItems } = json;
    expect(validate(noItems)).toBe(false);
    expect(validate({ ...json, items: [{ ...json.items[0], type: 'essay' }] })).toBe(false);
  });
});

// A run that --min-score fails, with one question left unanswered: every report says the same as the
// exit code, and marks the unanswered question as such.
describe('a run below --min-score, with an unanswered question', () => {
  const partial = new Map<string, GradeResult | undefined>(results);
  partial.set('geo/capital', undefined);
  const failed = scoreQuiz(questions, partial, { minScore: 100 });

  it('JSON says passed: false and carries minScore, passMark and the unanswered question', () => {
    const json = JSON.parse(renderJson(failed, meta));
    expect(json).toMatchObject({ total: 5, correct: 1, unanswered: 1, score: 20, passMark: 100, minScore: 100, passed: false });
    expect(json.items[0]).toMatchObject({ id: 'capital', correct: false, answered: false, given: '(no answer)' });
    expect(json.items.filter((i: { answered: boolean }) => !i.answered)).toHaveLength(1);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(reportSchema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...json, items: [{ ...json.items[0], answered: 'no' }] })).toBe(false);
  });

  it('a --min-score that passes is carried too, with passed: true', () => {
    const ok = JSON.parse(renderJson(scoreQuiz(questions, results, { minScore: 40 }), meta));
    expect(ok).toMatchObject({ score: 40, passMark: 40, minScore: 40, passed: true });
  });

  it('TAP closes with the score line and the miss, and never says passed', async () => {
    const tap = renderTap(failed, meta);
    const comments = tap.split('\n').filter((l) => l.startsWith('#'));
    expect(comments).toEqual([
      '# Score: 20.0% (1/5 correct, 1 unanswered), FAILED (pass mark 100%, from --min-score)',
      '# score 20.0% is below --min-score 100',
      '# time 12.3s',
    ]);
    expect(tap.toLowerCase()).not.toContain('passed');
    const parsed = await parseTap(tap);
    const capital = parsed.failures.find((f) => f.name === 'geo/capital')!;
    expect(capital.diag).toMatchObject({ message: 'unanswered (counts as wrong)', answered: false, given: '(no answer)' });
    expect(parsed.failures.find((f) => f.name === 'geo/flat')!.diag).toMatchObject({ message: 'wrong answer', answered: true });
  });

  it('JUnit carries the verdict as properties and a failed "pass mark" testcase, and validates', () => {
    const xml = renderJunit(failed, meta);
    const lint = xmllint(xml);
    expect(lint.ok, lint.output).toBe(true);
    const suite = xml.slice(xml.indexOf('<testsuite name="recall.score"'));
    expect(suite).toContain('tests="1" failures="1"');
    for (const [name, value] of [['score', '20'], ['unanswered', '1'], ['passMark', '100'], ['minScore', '100'], ['passed', 'false']])
      expect(suite).toContain(`<property name="${name}" value="${value}"/>`);
    expect(suite).toContain('<failure message="score 20.0% is below --min-score 100" type="below-pass-mark">');
    expect(xml).toContain('<failure message="unanswered (counts as wrong); expected b) Paris" type="unanswered">');
    expect(xml.match(/type="wrong-answer"/g)).toHaveLength(3);
  });

  it('JUnit passes the "pass mark" testcase when the quiz passes', () => {
    const xml = renderJunit(scoreQuiz(questions, results, { minScore: 40 }), meta);
    expect(xmllint(xml).ok).toBe(true);
    expect(xml).toContain('<testcase name="pass mark" classname="recall.score" time="0.000"/>');
    expect(xml).toContain('<property name="passed" value="true"/>');
  });

  it('the text summary states the same verdict and marks the unanswered question', () => {
    const text = renderText(failed, meta);
    expect(text.split('\n')[0]).toBe('Score: 20.0% (1/5 correct, 1 unanswered), FAILED (pass mark 100%, from --min-score)');
    expect(text).toContain('  geo/capital [choice] unanswered\n    given:    (no answer)');
  });
});

describe('text reporter', () => {
  const text = renderText(result, meta);

  it('gives the score and verdict first', () => {
    expect(text.split('\n')[0]).toBe('Score: 40.0% (2/5 correct), FAILED (pass mark 72%)');
    expect(text.split('\n')[1]).toBe('Time: 12s');
  });

  it('lists tags weakest first, then every miss', () => {
    const tagLines = text.split('\n').filter((l) => /^(europe|cities|iam|x<)/.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(tagLines).toEqual(['x<&>"', 'europe', 'cities', 'iam']);
    expect(text).toContain('Missed (3):');
    expect(text).toContain('  iam/perm [multi]\n    given:    a) r\n    expected: a) r, b) w');
    expect(text).toContain('given:    bell \\x07 </failure> ]]> \uD800 x / y');
    expect(text).not.toContain('\u0007');
  });

  it('shows a control in deck text as the results screen does, and pads the tag column to what is shown', () => {
    const q: QuizQuestion[] = [
      { deck: 'd', card: { type: 'typed', id: 't', tags: ['t\u001b[31mred', 'bidi\u202eevil', 'plain'], pos, prompt: 'P', answer: 'ans', accept: [] } },
    ];
    const r = renderText(scoreQuiz(q, new Map([['d/t', grade(q[0]!.card, { type: 'typed', text: 'x\u001b[2Jy' })]]), 72));
    expect(r).toContain('given:    x\\e[2Jy');
    const rows = r.split('\n').filter((l) => /^(t\\e|bidi|plain)/.test(l));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((l) => l.indexOf(' 0.0%'))).size).toBe(1);
    expect(r).not.toMatch(/[\u001b\u202e]/);
  });
});
