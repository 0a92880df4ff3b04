// The CI gate through the built binary: with --min-score failing a run, the exit code, stderr and
// every report (JSON, TAP, JUnit, text) say the same thing; reports list questions in deck order
// whatever the seed; questions left out of the answers file are marked unanswered.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'tap-parser';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, FIXTURES, JUNIT_XSD, recall, tempDir } from './helpers.js';

const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml');
const DECK_ORDER = ['role-creds', 'principals', 'role-password', 'assume-call', 'creds-cloze', 'assume-steps'];
// MIXED without its true/false answer: 3 right of 6, one unanswered.
const PARTIAL = 'role-creds: b\nprincipals: [a, c]\nassume-call: sts:assumerole\ncreds-cloze: [Secret Key, token]\nassume-steps: [a, b, c]\n';

beforeAll(ensureBuilt);
afterAll(cleanTemps);

const quiz = (args: string[], input?: string) =>
  recall(['quiz', ALL_TYPES, '--answers', input === undefined ? MIXED : '-', ...args], { home: tempDir(), ...(input !== undefined ? { input } : {}) });

describe('--min-score failing a run', () => {
  it('JSON: passed false, minScore carried, exit 1 and the reason on stderr', () => {
    const r = quiz(['--reporter', 'json', '--min-score', '100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('recall: score 66.6% is below --min-score 100\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 6, correct: 4, unanswered: 0, score: 66.6, passMark: 100, minScore: 100, passed: false });
  });

  it('TAP: the closing comment states the miss and never says passed', async () => {
    const r = quiz(['--reporter', 'tap', '--min-score', '100']);
    expect(r.code).toBe(1);
    const comments = r.stdout.split('\n').filter((l) => l.startsWith('#'));
    expect(comments.slice(0, 2)).toEqual(['# Score: 66.6% (4/6 correct), FAILED (pass mark 100%, from --min-score)', '# score 66.6% is below --min-score 100']);
    expect(r.stdout.toLowerCase()).not.toContain('passed');
    const parsed = await new Promise<{ ok: boolean; fail: number }>((resolve) => new Parser((x) => resolve(x as never)).end(r.stdout));
    expect(parsed).toMatchObject({ ok: false, fail: 2 });
  });

  it('JUnit: a failed "pass mark" testcase and the figures as properties, valid against the Ant schema', () => {
    const work = tempDir();
    const file = path.join(work, 'report.xml');
    const r = quiz(['--reporter', 'junit', '--output', file, '--min-score', '100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('recall: score 66.6% is below --min-score 100\n');
    expect(r.stdout.split('\n')[0]).toBe('Score: 66.6% (4/6 correct), FAILED (pass mark 100%, from --min-score)');
    const lint = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toContain('<property name="minScore" value="100"/>');
    expect(xml).toContain('<property name="passed" value="false"/>');
    expect(xml).toContain('<failure message="score 66.6% is below --min-score 100" type="below-pass-mark">');
  });

  it('text: the same score line as the interactive quiz', () => {
    const r = quiz(['--min-score', '100']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('Score: 66.6% (4/6 correct), FAILED (pass mark 100%, from --min-score)');
  });
});

describe('stable reports', () => {
  it('lists questions in deck order whatever the seed', () => {
    const orders = ['1', '2', '3'].map((seed) => {
      const r = quiz(['--reporter', 'json', '--seed', seed, '--pass', '0']);
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    });
    for (const order of orders) expect(order).toEqual(DECK_ORDER);
    const taps = ['1', '2'].map((seed) => quiz(['--reporter', 'tap', '--seed', seed, '--pass', '0']).stdout.replace(/^# time .*$/m, ''));
    expect(taps[0]).toBe(taps[1]);
    expect(taps[0]).toContain(`ok 1 - ${DECK_ID}/role-creds`);
  });
});

describe('unanswered questions', () => {
  it('are wrong in the score but marked unanswered in JSON, TAP and JUnit', () => {
    const json = JSON.parse(quiz(['--reporter', 'json', '--pass', '0'], PARTIAL).stdout) as { unanswered: number; correct: number; items: Array<{ id: string; answered: boolean; correct: boolean }> };
    expect(json).toMatchObject({ correct: 4, unanswered: 1 });
    expect(json.items.filter((i) => !i.answered).map((i) => [i.id, i.correct])).toEqual([['role-password', false]]);

    const tap = quiz(['--reporter', 'tap', '--pass', '0'], PARTIAL).stdout;
    expect(tap).toContain(`not ok 3 - ${DECK_ID}/role-password\n  ---\n  message: "unanswered (counts as wrong)"\n  answered: false`);

    const work = tempDir();
    const file = path.join(work, 'r.xml');
    expect(quiz(['--reporter', 'junit', '--output', file, '--pass', '0'], PARTIAL).code).toBe(0);
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).toMatch(/<testcase name="e2e-all-types\/role-password"[^>]*>\n\s*<failure message="unanswered \(counts as wrong\); expected false" type="unanswered">/);
    expect(xml.match(/type="wrong-answer"/g)).toHaveLength(1);
  });
});
