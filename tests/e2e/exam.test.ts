// `recall exam` end to end through the built binary: set, show (text and JSON against the schema),
// study that follows the plan, the stats block, clear, and bad input.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { cleanTemps, ensureBuilt, recall, ROOT, tempDir, Tmux } from './helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/exam.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

const CARDS = 100;
let dir: string;
let deckFile: string;
let answersFile: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = tempDir('recall-exam-');
  deckFile = path.join(dir, 'exam-deck.yaml');
  const cards = Array.from({ length: CARDS }, (_, i) => `  - id: q${i}\n    type: typed\n    tags: [${i % 2 ? 'roles' : 'users'}]\n    prompt: "Question ${i}?"\n    answer: "answer${i}"\n`);
  fs.writeFileSync(deckFile, `deck: exam-deck\ntitle: Exam deck\ncards:\n${cards.join('')}`);
  answersFile = path.join(dir, 'answers.json');
  fs.writeFileSync(answersFile, JSON.stringify(Object.fromEntries(Array.from({ length: CARDS }, (_, i) => [`q${i}`, `answer${i}`]))));
});
afterAll(cleanTemps);

const at = { RECALL_NOW: '2026-11-29T10:00:00Z' };

describe('recall exam', () => {
  it('with no exam set says how to set one, exits 0, and its JSON has date null', () => {
    const home = tempDir();
    const text = recall(['exam', deckFile], { home, env: at });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No exam date set');
    expect(text.stdout).toContain('recall exam set');
    const json = recall(['exam', deckFile, '--json'], { home, env: at });
    const report = JSON.parse(json.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ date: null, daysLeft: null, cards: CARDS, seen: 0, plan: [] });
  });

  it('sets an exam, reports days left, readiness and a plan, and clears it', () => {
    const home = tempDir();
    const set = recall(['exam', 'set', '2026-12-04', '--pass', '70', '--questions', '40'], { home, env: at });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Exam set for 2026-12-04 (in 5 days)');
    const text = recall(['exam', deckFile], { home, env: at });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Exam 2026-12-04 · in 5 days · pass mark 70% · 40 questions/);
    expect(text.stdout).toContain('Pass probability');
    expect(text.stdout).toContain('Not enough history to calibrate yet');
    expect(text.stdout).toMatch(/At risk: 100 cards/);
    const json = JSON.parse(recall(['exam', deckFile, '--json'], { home, env: at }).stdout);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json).toMatchObject({ date: '2026-12-04', daysLeft: 5, pass: 70, questions: 40, cards: CARDS });
    expect(json.plan.map((d: { date: string }) => d.date)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(json.plan.reduce((s: number, d: { new: number }) => s + d.new, 0)).toBe(CARDS);

    const stats = JSON.parse(recall(['stats', deckFile, '--json'], { home, env: at }).stdout);
    expect(stats.exam).toMatchObject({ date: '2026-12-04', daysLeft: 5, cards: CARDS });

    const clear = recall(['exam', 'clear'], { home, env: at });
    expect(clear.code).toBe(0);
    expect(JSON.parse(recall(['exam', deckFile, '--json'], { home, env: at }).stdout).date).toBeNull();
  });

  it('study introduces new cards as the plan needs, more than new-per-day, and only until the exam', () => {
    const plain = tempDir();
    const without = JSON.parse(recall(['study', deckFile, '--answers', answersFile, '--reporter', 'json'], { home: plain, env: at }).stdout);
    expect(without.reviewed).toBe(20); // new-per-day

    const home = tempDir();
    recall(['exam', 'set', '2026-12-04'], { home, env: at });
    const planned = JSON.parse(recall(['exam', deckFile, '--json'], { home, env: at }).stdout).plan[0].new;
    expect(planned).toBeGreaterThan(20);
    const withExam = JSON.parse(recall(['study', deckFile, '--answers', answersFile, '--reporter', 'json'], { home, env: at }).stdout);
    expect(withExam.reviewed).toBe(planned);

    // On the exam day the plan is over: normal limits again.
    const after = tempDir();
    recall(['exam', 'set', '2026-11-29'], { home: after, env: at });
    const onDay = JSON.parse(recall(['study', deckFile, '--answers', answersFile, '--reporter', 'json'], { home: after, env: at }).stdout);
    expect(onDay.reviewed).toBe(20);
  });

  it('narrows the scope by tag, case-insensitively', () => {
    const home = tempDir();
    // The tag is in this deck, not in the bundled ones: the deck is named so the tag can be checked.
    expect(recall(['exam', 'set', '2026-12-20', deckFile, '--tag', 'ROLES'], { home, env: at }).code).toBe(0);
    const json = JSON.parse(recall(['exam', deckFile, '--json'], { home, env: at }).stdout);
    expect(json.cards).toBe(CARDS / 2);
    expect(json.tags).toEqual(['roles']);
  });

  it('refuses a tag no card carries with exit 2, naming it and the closest tags, and sets nothing', () => {
    const home = tempDir();
    const typo = recall(['exam', 'set', '2026-12-20', deckFile, '--tag', 'rols'], { home, env: at });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--tag rols: no card has this tag (did you mean roles?)');
    // No deck named: checked against the bundled decks, and the message says how to name one's own.
    const bundled = recall(['exam', 'set', '2026-12-20', '--tag', 'roles', '--tag', 'trap'], { home, env: at });
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toContain('--tag roles: no card has this tag');
    expect(bundled.stderr).not.toContain('--tag trap');
    expect(bundled.stderr).toContain('recall exam set 2026-12-20 my-decks/ --tag TAG');
    expect(bundled.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(recall(['exam', deckFile], { home, env: at }).stdout).toContain('No exam date set');
    // A bundled deck's tag, in any case, is taken as the exam keeps it.
    expect(recall(['exam', 'set', '2026-12-20', '--tag', 'TRAP'], { home, env: at }).code).toBe(0);
    expect(JSON.parse(recall(['exam', '--json'], { home, env: at }).stdout).tags).toEqual(['trap']);
  });

  it.each([
    [['exam', 'set', '2026-02-30'], /real date from 2000 to 2200 written YYYY-MM-DD/],
    [['exam', 'set', '2026-02-30', '--tag', 'no-such-tag'], /real date from 2000 to 2200 written YYYY-MM-DD/],
    [['exam', 'set', '2026-12-20', 'no-such-deck', '--tag', 'trap'], /no such file, folder or bundled deck: no-such-deck/],
    [['exam', 'set', '2026-12-20', 'iam-exam-signals'], /decks after the exam date only check the --tag names/],
    [['exam', 'set', 'next friday'], /real date/],
    [['exam', 'set', '2026-12-20', '--target', '1.5'], /--target takes a number from 0.5 to 0.99/],
    [['exam', 'set', '2026-12-20', '--questions', '0'], /--questions takes a whole number from 1 to 1000/],
    [['exam', 'set', '2026-12-20', '--max-per-day', '2.5'], /--max-per-day takes a whole number/],
  ])('rejects %j with exit 2 and a message', (args, message) => {
    const r = recall(args, { home: tempDir(), env: at });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('a damaged stored exam is exit 2 naming the file, and exam clear mends it', () => {
    const home = tempDir();
    recall(['exam', 'set', '2026-12-20'], { home, env: at });
    const file = path.join(home, 'progress.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.settings.exam.target = 'lots';
    fs.writeFileSync(file, JSON.stringify(data));
    const r = recall(['exam', deckFile], { home, env: at });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('progress.json');
    expect(r.stderr).toContain('recall exam clear');
    expect(recall(['exam', 'clear'], { home, env: at }).code).toBe(0);
    expect(recall(['exam', deckFile], { home, env: at }).code).toBe(0);
  });

  it('study shows the exam and readiness in its header, in a real terminal', async () => {
    const home = tempDir();
    // The tmux driver runs under the e2e clock (2025-03-01T10:00Z): the exam is five days later.
    expect(recall(['exam', 'set', '2025-03-06'], { home }).code).toBe(0);
    const t = new Tmux();
    try {
      t.start(['study', deckFile], home);
      const screen = await t.waitFor(/exam in 5 days · ready \d+%/, 'the exam in the study header');
      expect(screen).toMatch(/exam in 5 days · ready 0%/); // nothing studied yet
    } finally {
      t.kill();
    }
  });
});
