// Scripted study and quiz through the built binary: answers from a file or stdin, reports parsed
// by their consumers (JSON.parse, xmllint with the Ant JUnit schema), and every exit code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, exportProgress, FIXTURES, JUNIT_XSD, readJournal, recall, tempDir } from './helpers.js';

const KEY = path.join(FIXTURES, 'all-types.answers.yaml');
const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml');
const INVALID_DECK = path.join(FIXTURES, 'invalid-deck.yaml');
const QUIZ_CARDS = ['role-creds', 'principals', 'role-password', 'assume-call', 'creds-cloze', 'assume-steps'];

beforeAll(ensureBuilt);
afterAll(cleanTemps);

interface StudyReport {
  reviewed: number;
  correct: number;
  unreviewed: number;
  items: Array<{ deck: string; id: string; type: string; rating: string; correct: boolean | null; due: string }>;
}

function studyJson(home: string, answers: string, input?: string): StudyReport {
  const r = recall(['study', ALL_TYPES, '--answers', answers, '--reporter', 'json'], { home, ...(input !== undefined ? { input } : {}) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as StudyReport;
}

function xmllint(file: string): { code: number | null; out: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is needed (Debian: libxml2-utils): ${r.error.message}`);
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('recall study --answers', () => {
  it('studies from an answers file and prints one line per committed answer and a summary', () => {
    const home = tempDir();
    const r = recall(['study', ALL_TYPES, '--answers', KEY], { home });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const id of ['sts-name', ...QUIZ_CARDS]) expect(lines.some((l) => l.startsWith(`good  ${DECK_ID}/${id}  next due `))).toBe(true);
    expect(r.stdout).toContain('Reviewed 7 of 7 cards in the queue; 0 left unreviewed');
    // accuracy counts a self-rated basic card as right unless rated Again
    expect(r.stdout).toContain('Accuracy: 7/7 (100%)');
    expect(readJournal(home).filter((e) => e.op === 'review' && e.kind === 'study')).toHaveLength(7);
  });

  it('writes every count of its summary with the same separators past 999 cards', () => {
    const home = tempDir();
    const dir = tempDir();
    const deck = path.join(dir, 'many.yaml');
    const cards = Array.from({ length: 1_200 }, (_, i) => `  - id: c${i}\n    type: typed\n    prompt: Code word ${i}?\n    answer: word${i}\n`).join('');
    fs.writeFileSync(deck, `deck: many\ntitle: Many\ncards:\n${cards}`);
    const answers = Array.from({ length: 1_100 }, (_, i) => `c${i}: ${i < 1_050 ? `word${i}` : 'wrong'}\n`).join('');
    const r = recall(['study', deck, '--new', '1200', '--answers', '-'], { home, input: answers });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Reviewed 1,100 of 1,200 cards in the queue; 100 left unreviewed (not in the answers file).');
    expect(r.stdout).toContain('Accuracy: 1,050/1,100 (95.4%)'); // 95.45%: rounded down, as quiz scores are
  });

  it('reads the answers from stdin with -, and reports in JSON', () => {
    const home = tempDir();
    const report = studyJson(home, '-', fs.readFileSync(MIXED, 'utf8'));
    expect(report).toMatchObject({ reviewed: 7, correct: 5, unreviewed: 0 }); // basic rated Easy counts as right
    const byId = new Map(report.items.map((i) => [i.id, i]));
    expect(byId.get('sts-name')).toMatchObject({ rating: 'easy', correct: null });
    expect(byId.get('role-creds')).toMatchObject({ rating: 'again', correct: false });
    expect(byId.get('role-password')).toMatchObject({ rating: 'again', correct: false });
    for (const id of ['principals', 'assume-call', 'creds-cloze', 'assume-steps']) expect(byId.get(id), id).toMatchObject({ rating: 'good', correct: true });
    const journal = readJournal(home);
    expect(journal.map((e) => [e.card, e.correct])).toEqual(report.items.map((i) => [i.id, i.correct]));
  });

  it('leaves cards missing from the answers file unreviewed', () => {
    const home = tempDir();
    const report = studyJson(home, '-', 'role-creds: a\nrole-password: false\n');
    expect(report).toMatchObject({ reviewed: 2, unreviewed: 5 });
    expect(readJournal(home).map((e) => e.card)).toEqual(['role-creds', 'role-password']);
  });

  it('gives the same schedule for the same RECALL_NOW and answers, to the minute', () => {
    const a = studyJson(tempDir(), MIXED).items.map((i) => [i.id, i.due.slice(0, 16)]);
    const b = studyJson(tempDir(), MIXED).items.map((i) => [i.id, i.due.slice(0, 16)]);
    expect(a).toEqual(b);
  });

  // BUG: the clock adds the real milliseconds elapsed since start-up to RECALL_NOW, so learning
  // cards (due in minutes) get a due time that differs from run to run in its milliseconds.
  it('gives identical due times for the same RECALL_NOW and answers', () => {
    const a = studyJson(tempDir(), MIXED).items.map((i) => [i.id, i.due]);
    const b = studyJson(tempDir(), MIXED).items.map((i) => [i.id, i.due]);
    expect(a).toEqual(b);
  });

  it('refuses with exit 2 and explains --answers when stdin is not a terminal, without hanging', () => {
    for (const command of ['study', 'quiz']) {
      const r = recall([command, ALL_TYPES], { home: tempDir(), input: '', timeout: 15_000 });
      expect(r.signal, `${command} hung`).toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('needs a terminal');
      expect(r.stderr).toContain(`recall ${command} --answers answers.yaml`);
      expect(r.stdout).toBe('');
    }
  });

  it('without a terminal, names a deck that does not exist before asking for a terminal', () => {
    // `recall nosuchthing` is the default study of a deck called "nosuchthing" (a word close to a
    // command gets "did you mean"): the missing deck is the mistake.
    for (const args of [['nosuchthing'], ['study', 'no-such-deck.yaml'], ['quiz', 'no-such-deck.yaml']]) {
      const r = recall(args, { home: tempDir(), input: '', timeout: 15_000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`no such file, folder or bundled deck: ${args[args.length - 1]}`);
      expect(r.stderr).not.toContain('needs a terminal');
    }
  });
});

describe('recall quiz --answers', () => {
  it('exits 0 when the score meets --min-score, and records the answers with kind quiz', () => {
    const home = tempDir();
    const r = recall(['quiz', ALL_TYPES, '--answers', KEY, '--reporter', 'json', '--min-score', '100'], { home });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { total: number; correct: number; score: number; passed: boolean; items: Array<{ id: string; correct: boolean }> };
    expect(report).toMatchObject({ total: 6, correct: 6, score: 100, passed: true });
    expect(report.items.map((i) => i.id).sort()).toEqual([...QUIZ_CARDS].sort());
    const journal = readJournal(home);
    expect(journal.map((e) => e.card).sort()).toEqual([...QUIZ_CARDS].sort());
    expect(journal.every((e) => e.kind === 'quiz' && e.correct === true)).toBe(true);
  });

  // The rule (README "Exam mode"): one pass mark, --pass or --min-score; below it a quiz fails and
  // exits 1, and every report says failed.
  it('exits 1 below the pass mark (72% by default, or --pass), and --min-score sets the mark', () => {
    const plain = recall(['quiz', ALL_TYPES, '--answers', MIXED], { home: tempDir() });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('Score: 66.6% (4/6 correct), FAILED (pass mark 72%)');
    expect(plain.stderr).toBe('recall: score 66.6% is below the pass mark 72%\n');
    expect(recall(['quiz', ALL_TYPES, '--answers', MIXED, '--pass', '60'], { home: tempDir() }).code).toBe(0);
    expect(recall(['quiz', ALL_TYPES, '--answers', MIXED, '--min-score', '60'], { home: tempDir() }).code).toBe(0);
    const below = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--min-score', '100'], { home: tempDir() });
    expect(below.code).toBe(1);
    expect(below.stderr).toBe('recall: score 66.6% is below --min-score 100\n');
    // Given both, the higher mark counts.
    expect(recall(['quiz', ALL_TYPES, '--answers', MIXED, '--pass', '60', '--min-score', '70'], { home: tempDir() }).code).toBe(1);
  });

  it('exits 2 on an invalid deck', () => {
    const r = recall(['quiz', INVALID_DECK, '--answers', KEY], { home: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid-deck.yaml:');
  });

  it('exits 2 on an invalid answers file, with its line and column', () => {
    const r = recall(['quiz', ALL_TYPES, '--answers', '-'], { home: tempDir(), input: 'role-creds: [a\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:\d+:\d+: invalid answers file/);
  });

  it('exits 2 and names a card in the answers file that no deck has', () => {
    const r = recall(['quiz', ALL_TYPES, '--answers', '-'], { home: tempDir(), input: 'role-creds: a\nno-such-card: b\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-card');
  });

  it('exits 2 on a usage error', () => {
    for (const args of [['--count', 'abc'], ['--min-score', '120'], ['--reporter', 'xml']]) {
      const r = recall(['quiz', ALL_TYPES, '--answers', KEY, ...args], { home: tempDir() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toBe('');
    }
  });

  it('writes the report to --output and keeps the text summary on stdout', () => {
    const work = tempDir();
    const r = recall(['quiz', ALL_TYPES, '--answers', MIXED, '--reporter', 'json', '--output', 'report.json', '--min-score', '50'], { home: tempDir(), cwd: work });
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(work, 'report.json'), 'utf8')) as { total: number; correct: number };
    expect(report).toMatchObject({ total: 6, correct: 4 });
    expect(r.stdout.split('\n')[0]).toBe('Score: 66.6% (4/6 correct), PASSED (pass mark 50%, from --min-score)');
    expect(r.stdout).not.toContain('"total"');
  });

  it('writes JUnit that validates against the Ant JUnit schema, with a failure per wrong answer', () => {
    const work = tempDir();
    for (const [answers, failures] of [[KEY, 0], [MIXED, 2]] as const) {
      const file = path.join(work, `report-${failures}.xml`);
      const r = recall(['quiz', ALL_TYPES, '--answers', answers, '--reporter', 'junit', '--output', file, '--min-score', '50'], { home: tempDir() });
      expect(r.code).toBe(0);
      const lint = xmllint(file);
      expect(lint.out).toContain('validates');
      expect(lint.code).toBe(0);
      const xml = fs.readFileSync(file, 'utf8');
      expect(xml.match(/<testcase /g)).toHaveLength(7); // 6 questions and the "pass mark" case
      expect(xml.match(/<failure/g) ?? []).toHaveLength(failures);
      expect(xml).toContain(`name="${DECK_ID}/role-creds"`);
    }
  });

  // BUG: a right quiz answer to a card never studied is journaled with "state": null. The next
  // start rejects that line as unreadable and takes progress.json for corrupt (moved aside).
  it('leaves a store that loads cleanly after a right answer to a new card', () => {
    const home = tempDir();
    expect(recall(['quiz', ALL_TYPES, '--answers', '-', '--pass', '0'], { home, input: 'role-creds: a\n' }).code).toBe(0);
    const { run, data } = exportProgress(home);
    expect(run.stderr).toBe('');
    expect(fs.readdirSync(home).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    expect(data.reviews.map((r) => [r.card, r.kind, r.correct])).toEqual([['role-creds', 'quiz', true]]);
  });
});
