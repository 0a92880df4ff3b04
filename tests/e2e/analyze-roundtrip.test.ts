// Item analysis end to end: a class's reports made by the real binary (`recall quiz --answers …
// --student …`), then `recall analyze` over the folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, recall, tempDir } from './helpers.js';

beforeAll(ensureBuilt);
afterAll(cleanTemps);

// Six students: how each answers the choice question (0 is right), the true/false one and the typed one.
const CLASS: Array<{ name: string; choice: number; tf: boolean; typed: string }> = [
  { name: 'ana', choice: 0, tf: false, typed: 'AssumeRole' },
  { name: 'ben', choice: 0, tf: false, typed: 'sts:AssumeRole' },
  { name: 'cy', choice: 0, tf: true, typed: 'AssumeRole' },
  { name: 'dee', choice: 1, tf: false, typed: 'GetSessionToken' },
  { name: 'eli', choice: 1, tf: true, typed: 'GetSessionToken' },
  { name: 'fay', choice: 0, tf: true, typed: 'no idea' },
];

describe('recall quiz --student … then recall analyze', () => {
  let reports: string;
  beforeAll(() => {
    const work = tempDir('recall-class-');
    reports = path.join(work, 'reports');
    fs.mkdirSync(reports);
    for (const s of CLASS) {
      const home = tempDir();
      const answers = path.join(work, `${s.name}.json`);
      fs.writeFileSync(answers, JSON.stringify({ 'role-creds': ['a', 'b', 'c'][s.choice], 'role-password': s.tf, 'assume-call': s.typed }));
      const r = recall(['quiz', ALL_TYPES, '--answers', answers, '--student', s.name, '--seed', '3', '--reporter', 'json', '--output', path.join(reports, `${s.name}.json`), '--pass', '0'], { home });
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('writes the student, seed, time, version and each item\'s hash and raw answer into every report', () => {
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'dee.json'), 'utf8'));
    expect(report).toMatchObject({ version: 2, student: 'dee', seed: 3, at: '2025-03-01T10:00:00.000Z', recall: expect.any(String) });
    const byId = Object.fromEntries(report.items.map((i: { id: string }) => [i.id, i]));
    expect(byId['role-creds']).toMatchObject({ picked: 1, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(byId['role-creds'].options.map((o: { correct: boolean }) => o.correct)).toEqual([true, false, false]);
    expect(byId['role-password']).toMatchObject({ picked: false });
    expect(byId['assume-call']).toMatchObject({ picked: 'GetSessionToken' });
    expect(byId['creds-cloze']).toMatchObject({ picked: null, answered: false });
  });

  it('RECALL_STUDENT names the student when --student is not given; a control character is refused', () => {
    const home = tempDir();
    const out = path.join(home, 'r.json');
    const answers = path.join(home, 'a.json');
    fs.writeFileSync(answers, '{"role-password": false}');
    expect(recall(['quiz', ALL_TYPES, '--answers', answers, '--reporter', 'json', '--output', out, '--pass', '0'], { home, env: { RECALL_STUDENT: 'gus' } }).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).student).toBe('gus');
    const bad = recall(['quiz', ALL_TYPES, '--answers', answers, '--student', 'x\u001b[2J', '--pass', '0'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--student takes a name or id of 1-200 printable characters/);
  });

  it('analyses the class: counts, facility, the options with the key marked', () => {
    const r = recall(['analyze', reports, '--json'], { home: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({ reports: 6, students: 6 });
    const item = (id: string) => a.items.find((i: { deck: string; id: string }) => i.deck === DECK_ID && i.id === id);
    expect(item('role-creds')).toMatchObject({ n: 6, facility: 0.6667 });
    expect(item('role-creds').options.map((o: { count: number; correct: boolean }) => [o.count, o.correct])).toEqual([[4, true], [2, false], [0, false]]);
    expect(item('role-creds').flags).toEqual(expect.arrayContaining(['non-functioning-distractor', 'small-sample']));
    expect(item('role-password')).toMatchObject({ facility: 0.5 });
    expect(item('role-password').options.map((o: { text: string; count: number; correct: boolean }) => [o.text, o.count, o.correct])).toEqual([['true', 3, false], ['false', 3, true]]);
    expect(item('assume-call')).toMatchObject({ facility: 0.5, options: [] });
    const text = recall(['analyze', reports], { home: tempDir() });
    expect(text.stdout).toMatch(/6 reports, 6 students/);
    expect(text.stdout).toMatch(/✓ a\) .*Temporary credentials from STS/);
  });
});
