// A report or export on standard output, through the built binary. `--output -` is standard output
// (as `deck export -o -` and `progress export -` already had it): the report alone, no file named
// "-". /dev/stdout and its kin are symbolic links, which recall never writes through: refused
// before anything is recorded, with a message that names the spelling that works.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ALL_TYPES, BIN, cleanTemps, ensureBuilt, FIXTURES, readJournal, recall, recallEnv, tempDir } from '../e2e/helpers.js';

const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml');

beforeAll(ensureBuilt, 120_000);
afterAll(cleanTemps);

/** recall with its stdout on a full disk (/dev/full): what it says on stderr, and its exit code. */
function intoFullDisk(args: string[], home: string) {
  const fd = fs.openSync('/dev/full', 'w');
  try {
    return spawnSync(process.execPath, [BIN, ...args], { env: recallEnv(home), stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  } finally {
    fs.closeSync(fd);
  }
}

/** What recall says on stderr when its reader leaves after the first byte (`| head -c 1`). */
function intoHead(args: string[]): string {
  const line = [process.execPath, BIN, ...args].map((a) => JSON.stringify(a)).join(' ');
  return spawnSync('sh', ['-c', `${line} | head -c 1 >/dev/null`], { env: recallEnv(path.join(tempDir(), 'home')), encoding: 'utf8' }).stderr;
}

describe('reports and exports on standard output', () => {
  it('quiz --output - prints the report alone on stdout and makes no file', () => {
    const home = path.join(tempDir(), 'home');
    const work = tempDir();
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', '-'], { home, cwd: work });
    expect(r.code, r.stderr).toBe(1); // 4/6 is below the default pass mark
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites/);
    expect(r.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(r.stdout).not.toMatch(/^Tag +Correct/m); // no text summary mixed in
    expect(fs.readdirSync(work)).toEqual([]);
    expect(readJournal(home).length).toBeGreaterThan(0); // the quiz was recorded, once
  });

  it('quiz --output - with a JSON report gives JSON a pipe can parse', () => {
    const home = path.join(tempDir(), 'home');
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'json', '--output', '-'], { home, cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 6 });
  });

  it.each(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'])('quiz --output %s is exit 2 pointing to --output -, before the quiz is recorded', (output) => {
    const home = path.join(tempDir(), 'home');
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', output], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `recall: cannot write ${output}: it is a symbolic link to standard output, and recall never writes through a symbolic link; for standard output, give --output - (or leave --output out: --reporter alone prints the report there); the quiz was not started\n`,
    );
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(home, 'journal.jsonl'))).toBe(false);
  });

  it.runIf(fs.existsSync('/dev/full'))('quiz --output - on a full disk (> /dev/full): exit 2, and says the quiz was recorded, as a report file does', () => {
    const home = path.join(tempDir(), 'home');
    const r = intoFullDisk(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', '-'], home);
    expect(r.stderr).toBe(
      [
        'recall: score 66.6% is below the pass mark 72%',
        'recall: cannot write to standard output: no space left on device (ENOSPC)',
        'recall: the quiz itself was graded and recorded (recall stats shows it), though its report was not written; taking it again would record a second attempt',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(2);
    expect(readJournal(home).length).toBe(6);
    // A reader that leaves (| head) took what it wanted: nothing more is said.
    expect(intoHead(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'junit', '--output', '-'])).toBe('recall: score 66.6% is below the pass mark 72%\n');
  });

  it.runIf(fs.existsSync('/dev/full'))('scripted study on a full disk (> /dev/full): exit 2, and says the answers were saved', () => {
    for (const reporter of [[], ['--reporter', 'json']]) {
      const home = path.join(tempDir(), 'home');
      const r = intoFullDisk(['study', ALL_TYPES, '--answers', MIXED, ...reporter], home);
      expect(r.stderr).toBe(
        [
          'recall: cannot write to standard output: no space left on device (ENOSPC)',
          'recall: the answers were graded and saved (recall stats shows them), though their report was not written',
          '',
        ].join('\n'),
      );
      expect(r.status).toBe(2);
      expect(readJournal(home).length).toBeGreaterThan(0);
    }
    // A reader that leaves (| head) took what it wanted: nothing more is said.
    expect(intoHead(['study', ALL_TYPES, '--answers', MIXED])).toBe('');
  });

  it.runIf(fs.existsSync('/usr/bin/setsid'))('quiz --output /dev/tty with no terminal (a CI job): exit 2 in words, and says the quiz was recorded', () => {
    const home = path.join(tempDir(), 'home');
    // setsid -w: a new session, which has no controlling terminal, so /dev/tty cannot be opened.
    const r = spawnSync('setsid', ['-w', process.execPath, BIN, 'quiz', ALL_TYPES, '--answers', MIXED, '--output', '/dev/tty'], { env: recallEnv(home), stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect(r.stderr).toContain('recall: cannot write the report to /dev/tty: no such device or address (ENXIO). The quiz itself was graded and recorded');
    expect(r.status).toBe(2);
    expect(readJournal(home).length).toBe(6);
  });

  it('quiz --output /dev/stderr says how to get the report there', () => {
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--output', '/dev/stderr'], { home: path.join(tempDir(), 'home') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link to standard error.*give --output - and redirect it \(1>&2\)/);
  });

  it('an interactive quiz refuses --output -: its stdout is the terminal showing the quiz', () => {
    const r = recall(['quiz', ALL_TYPES, '--output', '-'], { home: path.join(tempDir(), 'home') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--output - puts the report on standard output, which in an interactive quiz is the terminal/);
  });

  it('deck import -o - is exit 2 (an import writes deck files), not a folder named "-"', () => {
    const work = tempDir();
    fs.writeFileSync(path.join(work, 'cards.txt'), '#separator:tab\nWhat is IAM?\tIdentity and Access Management\n');
    const r = recall(['deck', 'import', 'cards.txt', '-o', '-'], { home: path.join(tempDir(), 'home'), cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('recall: deck import writes deck files, not standard output: give -o a .yaml file (-o my-deck.yaml) or a folder (-o decks/)\n');
    expect(fs.readdirSync(work)).toEqual(['cards.txt']);
  });

  it('deck export -o /dev/stdout and progress export /dev/stdout point to -', () => {
    const home = path.join(tempDir(), 'home');
    const deck = recall(['deck', 'export', 'iam-exam-signals', '--format', 'csv', '-o', '/dev/stdout'], { home });
    expect(deck.code).toBe(2);
    expect(deck.stderr).toMatch(/cannot write \/dev\/stdout: it is a symbolic link to standard output.*give -o -\n$/);
    const progress = recall(['progress', 'export', '/dev/stdout'], { home });
    expect(progress.code).toBe(2);
    expect(progress.stderr).toMatch(/give - \(or no FILE\)\n$/);
    expect(recall(['deck', 'export', 'iam-exam-signals', '--format', 'csv', '-o', '-'], { home }).stdout).toMatch(/iam-exam-signals/);
  });
});
