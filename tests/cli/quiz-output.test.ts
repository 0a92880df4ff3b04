// `recall quiz --output FILE` through the built binary: a report destination that cannot be written
// is refused before the quiz starts, with the store untouched (a quiz graded and recorded first,
// then refused for its report, was taken again and recorded twice). A write that still fails at
// the end says the quiz was recorded.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, answerWithKeys, cardOnScreen, cleanTemps, ensureBuilt, FIXTURES, linesOf, readJournal, recall, RIGHT, tempDir, Tmux } from '../e2e/helpers.js';

const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml');
const isRoot = process.getuid?.() === 0;
const haveDevFull = fs.existsSync('/dev/full');
/** all-types.mixed.yaml as JSON: an answers file whose name no .yaml rule protects. */
const KEY_JSON = { 'sts-name': 'easy', 'role-creds': 'b', principals: ['a', 'c'], 'role-password': true, 'assume-call': 'sts:assumerole', 'creds-cloze': ['Secret Key', 'token'], 'assume-steps': ['a', 'b', 'c'] };

beforeAll(ensureBuilt, 120_000);
afterAll(cleanTemps);

/**
 * A home with one quiz already in it, and a work folder beside it; both world-usable and owned by
 * nobody when `nobody`, so only the destination under test stands in the way.
 */
function setup(nobody = false): { home: string; work: string; store: () => Record<string, string> } {
  const top = tempDir('recall-quiz-output-');
  const home = path.join(top, 'home');
  const work = path.join(top, 'work');
  fs.mkdirSync(work);
  const first = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'json', '--output', path.join(work, 'first.json')], { home });
  expect(first.code, first.stderr).toBe(1); // 4/6 is below the default pass mark
  expect(recall(['config', 'set', 'new-per-day', '7'], { home }).code).toBe(0); // writes progress.json
  if (nobody) execFileSync('chown', ['-R', '65534:65534', top]);
  fs.chmodSync(top, 0o777);
  // Every file of the store, by name: what a refused quiz must leave exactly as it was.
  const store = () => Object.fromEntries(fs.readdirSync(home).filter((n) => fs.statSync(path.join(home, n)).isFile()).map((n) => [n, fs.readFileSync(path.join(home, n), 'latin1')]));
  expect(Object.keys(store())).toEqual(expect.arrayContaining(['journal.jsonl', 'progress.json']));
  return { home, work, store };
}

/** The quiz with its report sent to `output` (relative to the work folder). */
const quiz = (s: { home: string; work: string }, output: string, nobody = false) =>
  recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', output], { home: s.home, cwd: s.work, nobody });

/** Refused before the quiz: exit 2, the reason in words, no score, the store as it was. */
function expectRefused(r: ReturnType<typeof quiz>, why: RegExp, before: Record<string, string>, after: Record<string, string>): void {
  expect(r.stderr).toMatch(why);
  expect(r.stderr).toMatch(/; the quiz was not started\n$/);
  expect(r.stderr).not.toMatch(/: E[A-Z]+\n/); // never a bare errno code as the whole reason
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
  expect(r.stdout).not.toContain('Score');
  expect(after).toEqual(before);
}

describe('recall quiz --output: an unwritable destination is refused before the quiz', () => {
  it.each([
    ['a missing folder', 'missing/out.xml', /^recall: cannot write the report to missing\/out\.xml: the folder missing does not exist;/],
    ['a missing folder, absolute', '/nonexistent-recall-dir/out.xml', /^recall: cannot write the report to \/nonexistent-recall-dir\/out\.xml: the folder \/nonexistent-recall-dir does not exist;/],
    ['a path whose parent is a file', 'a-file/out.xml', /^recall: cannot write the report to a-file\/out\.xml: a-file is not a folder;/],
    ['a folder where a file is expected', 'a-folder', /^recall: cannot write the report to a-folder: a-folder is a folder; give a file name, such as a-folder\/report\.xml;/],
    ['a folder with a trailing slash', 'a-folder/', /^recall: cannot write the report to a-folder\/: a-folder\/ is a folder; give a file name, such as a-folder\/report\.xml;/],
  ])('%s: exit 2, a reason in words, nothing recorded', (_what, output, why) => {
    const s = setup();
    fs.writeFileSync(path.join(s.work, 'a-file'), 'x');
    fs.mkdirSync(path.join(s.work, 'a-folder'));
    const before = s.store();
    const r = quiz(s, output);
    expectRefused(r, why, before, s.store());
    expect(fs.readdirSync(path.join(s.work, 'a-folder'))).toEqual([]);
    expect(fs.readFileSync(path.join(s.work, 'a-file'), 'utf8')).toBe('x');
  });

  describe.runIf(isRoot)('permissions, as an unprivileged user (nobody)', () => {
    it('a read-only folder: refused, nothing created in it, nothing recorded', () => {
      const s = setup(true);
      const ro = path.join(s.work, 'ro');
      fs.mkdirSync(ro);
      execFileSync('chown', ['65534:65534', ro]);
      fs.chmodSync(ro, 0o555);
      const before = s.store();
      const r = quiz(s, 'ro/out.xml', true);
      expectRefused(r, /^recall: cannot write the report to ro\/out\.xml: no permission to create files in the folder ro \(EACCES\);/, before, s.store());
      expect(fs.readdirSync(ro)).toEqual([]);
      // root writes through the mode: the check refuses only what the user cannot write
      expect(quiz(s, 'ro/out.xml').code).toBe(1);
      expect(fs.readFileSync(path.join(ro, 'out.xml'), 'utf8')).toContain('<testsuites');
    });

    it('an existing file without write permission: refused and left as it was, nothing recorded', () => {
      const s = setup(true);
      const locked = path.join(s.work, 'locked.xml');
      fs.writeFileSync(locked, 'old report');
      execFileSync('chown', ['65534:65534', locked]);
      fs.chmodSync(locked, 0o444);
      const before = s.store();
      const r = quiz(s, 'locked.xml', true);
      expectRefused(r, /^recall: cannot write the report to locked\.xml: no permission to write to locked\.xml \(EACCES\);/, before, s.store());
      expect(fs.readFileSync(locked, 'utf8')).toBe('old report');
    });

    it('a writable destination still works as nobody, and replaces an old report', () => {
      const s = setup(true);
      fs.writeFileSync(path.join(s.work, 'report.xml'), 'old report');
      execFileSync('chown', ['65534:65534', path.join(s.work, 'report.xml')]);
      const r = quiz(s, 'report.xml', true);
      expect(r.stderr).toBe('recall: score 66.6% is below the pass mark 72%\n');
      expect(r.code).toBe(1);
      expect(fs.readFileSync(path.join(s.work, 'report.xml'), 'utf8')).toContain('<testsuites');
    });
  });

  it('a named pipe with no reader: refused before the quiz, not a hang after it was recorded', () => {
    const s = setup();
    execFileSync('mkfifo', [path.join(s.work, 'pipe.xml')]);
    const before = s.store();
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', 'pipe.xml'], { home: s.home, cwd: s.work, timeout: 10_000 });
    expect(r.signal).toBeNull(); // killed by the timeout: it hung opening the pipe
    expectRefused(r, /^recall: cannot write the report to pipe\.xml: pipe\.xml is a named pipe, not a file; to feed a pipe, write to standard output \(-\) and pipe that;/, before, s.store());
  });

  it.each([
    ['its JSON answers file', (s: { work: string }) => fs.writeFileSync(path.join(s.work, 'key.json'), JSON.stringify(KEY_JSON)), ['--answers', 'key.json', '--output', 'key.json'], /it is the answers file this quiz reads \(--answers key\.json\)/],
    ['its answers file by a hard link', (s: { work: string }) => (fs.writeFileSync(path.join(s.work, 'key.json'), JSON.stringify(KEY_JSON)), fs.linkSync(path.join(s.work, 'key.json'), path.join(s.work, 'link.json'))), ['--answers', 'key.json', '--output', 'link.json'], /it is the answers file this quiz reads \(--answers key\.json\)/],
    ['a deck it reads, named without .yaml', (s: { work: string }) => fs.copyFileSync(ALL_TYPES, path.join(s.work, 'deck.txt')), ['--answers', MIXED, '--output', './deck.txt'], /it is the file of the deck [a-z0-9-]+ this quiz reads/],
  ])('the report never replaces %s: refused before the quiz, the file kept', (_what, make, args, why) => {
    const s = setup();
    make(s);
    const files = () => Object.fromEntries(fs.readdirSync(s.work).map((n) => [n, fs.readFileSync(path.join(s.work, n), 'utf8')]));
    const inputs = files();
    const before = s.store();
    const deck = args.includes('./deck.txt') ? 'deck.txt' : ALL_TYPES;
    const r = recall(['quiz', deck, ...args], { home: s.home, cwd: s.work });
    expectRefused(r, why, before, s.store());
    expect(files()).toEqual(inputs);
  });

  it.each([
    [['--answers', MIXED, '--output', ''], 'recall: --output takes a file name (or - for standard output), got an empty name\n'],
    [['--answers', ''], 'recall: --answers takes a file (or - for standard input), got an empty name\n'],
  ])('an empty name (%j) is said to be one, not taken for the working folder', (args, err) => {
    const s = setup();
    const before = s.store();
    const r = recall(['quiz', ALL_TYPES, ...args], { home: s.home, cwd: s.work });
    expect(r.stderr).toBe(err);
    expect(r.code).toBe(2);
    expect(s.store()).toEqual(before);
    expect(recall(['study', ALL_TYPES, '--answers', ''], { home: s.home, cwd: s.work }).stderr).toBe('recall: --answers takes a file (or - for standard input), got an empty name\n');
  });

  it('an --answers path that cannot be looked at (through a file) beside an existing report is its own exit 2, not an internal error', () => {
    const s = setup();
    fs.writeFileSync(path.join(s.work, 'old.xml'), 'old report');
    const before = s.store();
    const r = recall(['quiz', ALL_TYPES, '--answers', 'old.xml/key.json', '--output', 'old.xml'], { home: s.home, cwd: s.work });
    expect(r.stderr).toMatch(/^recall: cannot read answers file old\.xml\/key\.json/);
    expect(r.code).toBe(2);
    expect(s.store()).toEqual(before);
    expect(fs.readFileSync(path.join(s.work, 'old.xml'), 'utf8')).toBe('old report');
  });

  it.runIf(haveDevFull)('a write that fails at the end (a full disk) exits 2, says the quiz was recorded, and still shows the score', () => {
    const s = setup();
    const journal = readJournal(s.home).length;
    const r = quiz(s, '/dev/full');
    expect(r.stderr).toBe(
      'recall: cannot write the report to /dev/full: no space left on the device (ENOSPC). The quiz itself was graded and recorded (recall stats shows it); taking it again would record a second attempt\n',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Score: 66\.6% \(4\/6 correct\), FAILED/);
    expect(readJournal(s.home).length).toBe(journal + 6);
  });
});

describe('recall quiz --output in a terminal', () => {
  let t: Tmux | undefined;
  afterEach(() => {
    t?.kill();
    t = undefined;
  });

  it('refuses a missing folder before the first question, and records nothing', async () => {
    const s = setup();
    const before = s.store();
    const out = path.join(s.work, 'missing', 'out.json');
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--reporter', 'json', '--output', out], s.home);
    const screen = await t.output(20_000);
    expect(screen).toContain(`recall: cannot write the report to ${out}: the folder ${path.dirname(out)} does not exist; the quiz was not started`);
    expect(screen).toContain('EXIT=2');
    expect(screen).not.toMatch(/Quiz: \d+ question|Question 1 of/);
    expect(s.store()).toEqual(before);
  });

  it('a folder removed during the quiz: exit 2 at the end, saying the quiz was recorded', async () => {
    const s = setup();
    const journal = readJournal(s.home).length;
    const dir = path.join(s.work, 'reports');
    fs.mkdirSync(dir);
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--count', '1', '--pass', '0', '--reporter', 'json', '--output', path.join(dir, 'out.json')], s.home);
    const screen = await t.waitFor((x) => /Question 1 of 1/.test(x) && linesOf(x).at(-1)?.endsWith('review') === true, 'question 1');
    fs.rmSync(dir, { recursive: true });
    await answerWithKeys(t, RIGHT[cardOnScreen(screen)]!);
    await t.waitFor((x) => /Review · 1\/1 answered/.test(x) && linesOf(x).at(-1)?.endsWith('s submit') === true, 'the review screen');
    t.keys('s');
    const end = await t.output(20_000);
    expect(end).toContain('Score: 100.0% (1/1 correct), PASSED');
    expect(end).toContain(`recall: cannot write the report to ${path.join(dir, 'out.json')}: its folder does not exist (ENOENT). The quiz itself was graded and recorded`);
    expect(end).toContain('EXIT=2');
    expect(readJournal(s.home).length).toBe(journal + 1);
  });
});
