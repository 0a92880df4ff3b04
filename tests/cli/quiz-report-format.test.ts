// `recall quiz --output FILE` without --reporter: the file's extension picks the format. The text
// summary went into report.xml, which a CI's JUnit upload then could not read.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';
import { reporterFor } from '../../src/commands/quiz.js';

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
beforeEach(() => {
  home = tempHome();
  env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2026-03-10T10:00:00Z' };
  fs.writeFileSync(path.join(home.dir, 'key.yaml'), 'role-definition: b\nrole-no-standing-keys: false\n');
});
afterEach(() => home.cleanup());

const quiz = (...extra: string[]) => recall(['quiz', 'iam-users-vs-roles', '--answers', path.join(home.dir, 'key.yaml'), '--min-score', '0', ...extra], { env, cwd: home.dir });
const read = (name: string) => fs.readFileSync(path.join(home.dir, name), 'utf8');

describe('quiz --output without --reporter', () => {
  it.each([
    ['report.xml', (t: string) => expect(t).toMatch(/^<\?xml [^\n]*\?>\n<testsuites/)],
    ['report.JSON', (t: string) => expect(JSON.parse(t)).toMatchObject({ total: 26, correct: 2, passed: true })],
    ['report.tap', (t: string) => expect(t).toMatch(/^TAP version 14\n1\.\.26\n/)],
    ['report.txt', (t: string) => expect(t).toMatch(/^Score: 7\.6% \(2\/26 correct/)],
    ['report', (t: string) => expect(t).toMatch(/^Score: /)],
  ])('writes %s in the format its name asks for, the text summary on stdout', async (name, check) => {
    const r = await quiz('--output', name);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Score: 7\.6%/);
    check(read(name));
  });

  it('lets an explicit --reporter win over the extension', async () => {
    const r = await quiz('--output', 'summary.xml', '--reporter', 'text');
    expect(r.code).toBe(0);
    expect(read('summary.xml')).toMatch(/^Score: /);
  });

  it('refuses an --output named .yaml before the quiz, leaving that file as it was', async () => {
    // The report replaced the answer key (or a deck) named there.
    const r = await quiz('--output', 'key.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: --output key.yaml: no report is YAML, and a .yaml file may be a deck or an answers file, which the report would replace; name it report.txt\n');
    expect(read('key.yaml')).toBe('role-definition: b\nrole-no-standing-keys: false\n');
    expect(fs.existsSync(path.join(home.dir, 'store', 'journal.jsonl'))).toBe(false);
  });

  it('keeps text on stdout with no --output', async () => {
    const r = await quiz();
    expect(r.out).toMatch(/^Score: /);
  });

  it.each([
    [undefined, 'text'],
    ['out/r.xml', 'junit'],
    ['r.Json', 'json'],
    ['r.tap', 'tap'],
    ['r.xml.txt', 'text'],
    ['xml', 'text'],
  ] as const)('reporterFor(%j) is %s', (output, format) => expect(reporterFor(output)).toBe(format));
});
