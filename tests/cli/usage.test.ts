// Mistyped commands and options: a suggestion, `recall:` in front, exit 2, never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
beforeAll(() => {
  home = tempHome();
  env = { RECALL_HOME: home.dir };
});
afterAll(() => home.cleanup());

describe('mistyped commands', () => {
  it.each([
    [['stduy'], "recall: unknown command 'stduy' (did you mean study?); see recall --help\n"],
    [['stat'], "recall: unknown command 'stat' (did you mean stats?); see recall --help\n"],
    [['--debug', 'qiuz'], "recall: unknown command 'qiuz' (did you mean quiz?); see recall --help\n"],
    [['deck', 'lnt'], "recall: unknown command 'lnt' (did you mean lint?); see recall deck --help\n"],
    [['config', 'lst'], "recall: unknown command 'lst' (did you mean list?); see recall config --help\n"],
    [['progress', 'frobnicate'], "recall: unknown command 'frobnicate'; see recall progress --help\n"],
    // With --help commander printed the group's help, exit 0, without a word about the typo.
    [['deck', 'lnt', '--help'], "recall: unknown command 'lnt' (did you mean lint?); see recall deck --help\n"],
    [['help', 'deck', 'lnt'], "recall: unknown command 'lnt' (did you mean lint?); see recall deck --help\n"],
    [['deck', 'help', 'lnt'], "recall: unknown command 'lnt' (did you mean lint?); see recall deck --help\n"],
    // exam's default (its readiness report) takes decks, as study does: a typo was read as a deck
    [['exam', 'sett', '2026-12-20'], "recall: unknown command 'sett' (did you mean set?); see recall exam --help\n"],
    [['exam', 'claer'], "recall: unknown command 'claer' (did you mean clear?); see recall exam --help\n"],
    // `help X` printed the whole help on stderr, without a word about X
    [['help', 'stduy'], "recall: unknown command 'stduy' (did you mean study?); see recall --help\n"],
    [['help', 'frobnicate'], "recall: unknown command 'frobnicate'; see recall --help\n"],
    [['exam', 'help', 'sett'], "recall: unknown command 'sett' (did you mean set?); see recall exam --help\n"],
    // A command of a group without its group went to study as a deck: "no such file, folder or
    // bundled deck: lint", with no word about the command meant.
    [['lint', 'decks/'], "recall: unknown command 'lint' (did you mean deck lint?); see recall --help\n"],
    [['export', 'iam-exam-signals', '--format', 'csv'], "recall: unknown command 'export' (did you mean deck export or progress export?); see recall --help\n"],
    [['show'], "recall: unknown command 'show' (did you mean deck show or exam show?); see recall --help\n"],
    [['unsuspend', 'iam-users-vs-roles/credentials-expire'], "recall: unknown command 'unsuspend' (did you mean card unsuspend?); see recall --help\n"],
    [['version'], "recall: unknown command 'version' (did you mean --version?); see recall --help\n"],
  ])('recall %j names the closest command and exits 2', async (args, message) => {
    const r = await recall(args, { env });
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.code).toBe(2);
  });

  it('still takes a deck file whose name looks like a command', async () => {
    const dir = path.join(home.dir, 'work');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stat'), 'deck: stat\ntitle: S\ncards:\n  - { id: a, type: truefalse, statement: s, answer: true, why: w }\n');
    const r = await recall(['stat', '--answers', '-'], { env, cwd: dir, stdin: '{a: true}' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('stat/a');
  });

  it('still takes help for a real command, and decks for exam', async () => {
    const help = await recall(['help', 'quiz'], { env });
    expect([help.code, help.err]).toEqual([0, '']);
    expect(help.out).toMatch(/^Usage: recall quiz/);
    // commander's help command takes one word: `help deck lint` printed deck's help
    for (const args of [['help', 'deck', 'lint'], ['deck', 'help', 'lint'], ['--debug', 'help', 'deck', 'lint']]) {
      const nested = await recall(args, { env });
      expect([nested.code, nested.err]).toEqual([0, '']);
      expect(nested.out).toMatch(/^Usage: recall deck lint/);
    }
    const examSet = await recall(['help', 'exam', 'set'], { env });
    expect(examSet.out).toMatch(/^Usage: recall exam set/);
    const exam = await recall(['exam', 'iam-exam-signals'], { env });
    expect(exam.err).toBe('');
    expect(exam.code).toBe(0);
  });

  it('still takes a deck folder named like a command of a group', async () => {
    const dir = path.join(home.dir, 'work2');
    fs.mkdirSync(path.join(dir, 'export'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'export', 'e.yaml'), 'deck: e\ntitle: E\ncards:\n  - { id: a, type: truefalse, statement: s, answer: true, why: w }\n');
    const r = await recall(['export', '--answers', '-'], { env, cwd: dir, stdin: '{a: true}' });
    expect(r.err).toBe('');
    expect(r.out).toContain('e/a');
  });

  it('leaves a bundled deck id to study', async () => {
    const r = await recall(['iam-exam-signals', '--answers', '-'], { env, stdin: '{}' });
    expect(r.err).not.toMatch(/unknown command/);
  });
});

describe('unknown options', () => {
  it.each([
    [['quiz', '--cout', '3'], "recall: unknown option '--cout' (did you mean --count?)\n"],
    [['--tagg', 'x'], "recall: unknown option '--tagg' (did you mean --tag?)\n"],
    [['deck', 'lint', '--strictt'], "recall: unknown option '--strictt' (did you mean --strict?)\n"],
    [['stats', '--frobnicate'], "recall: unknown option '--frobnicate'\n"],
    [['-v'], "recall: unknown option '-v' (did you mean -V, --version?)\n"],
    // Other test runners' names for a report say how recall spells it.
    [['quiz', '--junit', 'out.xml'], "recall: unknown option '--junit' (reports: --reporter junit|tap|json|text and --output FILE)\n"],
    [['quiz', '--format=json'], "recall: unknown option '--format=json' (reports: --reporter junit|tap|json|text and --output FILE)\n"],
  ])('recall %j says recall: on one line and exits 2', async (args, message) => {
    const r = await recall(args, { env });
    expect(r.err).toBe(message);
    expect(r.code).toBe(2);
  });
});

describe('a command group without its subcommand', () => {
  it.each(['config', 'deck', 'card', 'progress'])('recall %s prints its help and exits 2', async (group) => {
    const r = await recall([group], { env });
    expect(r.err).toMatch(new RegExp(`^Usage: recall ${group} \\[options\\] \\[command\\]`));
    expect(r.err).toContain('Commands:');
    expect(r.code).toBe(2);
  });
});

describe('help examples', () => {
  it.each([[['--help']], [['exam', '--help']]])('recall %j keeps each description apart from its command, as an aligned shell comment', async (args) => {
    const r = await recall(args, { env });
    const examples = r.out.slice(r.out.indexOf('Examples:\n')).split('\n').filter((l) => l.startsWith('  $ '));
    const lines = examples.filter((l) => l.includes('#'));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatch(/^ {2}\$ recall( [^ #][^#]*?)? {2,}# \S/);
    // an example without a description has no run of spaces that would pass for one
    for (const line of examples) if (!line.includes('#')) expect(line).not.toMatch(/\S {3,}\S/);
    expect(new Set(lines.map((l) => l.indexOf('#'))).size).toBe(1);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('what the user typed, echoed in an error', () => {
  // An argument can hold terminal escapes (pasted, or from a script): an error that quotes it must
  // not let the terminal run them. Every message passes the one sanitiser where it is written.
  it.each([
    [['config', 'get', '\u001b[2Jx'], 'unknown setting "\\e[2Jx"'],
    [['quiz', '--count', '\u001b]52;c;aGk=\u0007'], '--count takes a whole number from 1 to 100000, got "\\e]52;c;aGk=\\x07"'],
    [['exam', 'set', '\u202eoops'], 'got "\\u{202E}oops"'],
    [['stats', '--\u001bx'], "unknown option '--\\ex'"],
  ])('recall %j shows the escapes as text and exits 2', async (args, shown) => {
    const r = await recall(args, { env });
    expect(r.code).toBe(2);
    expect(r.err).toContain(shown);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('a mistyped --deck', () => {
  it('names the closest deck id, and every id', async () => {
    const r = await recall(['study', '--deck', 'iam-exam-signal', '--answers', '-'], { env, stdin: '{}' });
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: --deck iam-exam-signal: no such deck (did you mean iam-exam-signals?) among iam-users-vs-roles, iam-trust-vs-permissions, iam-exam-signals, iam-exam-deep-dive\n');
  });
});
