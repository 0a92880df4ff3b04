// Hostile answers files and progress imports: every one is exit 2 with a message, never 70, a hang
// or a stack overflow; a refused import writes nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

const NOW = '2026-03-10T10:00:00Z';
const DECK = `deck: geo
title: Geography
cards:
  - id: capital
    type: choice
    prompt: Capital of France?
    choices:
      - { text: Paris, correct: true }
      - { text: Lyon }
`;

const state = {
  due: '2026-03-12T04:00:00.000Z',
  stability: 3.2,
  difficulty: 5.1,
  elapsed_days: 0,
  scheduled_days: 2,
  learning_steps: 0,
  reps: 1,
  lapses: 0,
  state: 2,
  last_review: '2026-03-10T09:00:00.000Z',
  hash: 'h',
};
const review = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `imp-${n}`,
  at: '2026-03-10T09:00:00.000Z',
  deck: 'geo',
  card: 'capital',
  kind: 'study',
  rating: 'good',
  correct: true,
  ms: 900,
  state,
  ...extra,
});
const exportOf = (reviews: unknown[]) => JSON.stringify({ format: 'recall-progress', version: 1, cards: [], reviews });

type NotRegular = [what: string, target: () => string, why: RegExp];
/** What can stand where an input file should be and is not a regular file, with the reason recall
 *  gives; `dir` is the test's temp folder (a FIFO is made there when the case runs). */
const notRegularFiles = (dir: () => string): NotRegular[] => [
  ['/dev/zero', () => '/dev/zero', /is a device/],
  ['a folder', () => dir(), /is a folder/],
  [
    'a FIFO with no writer',
    () => {
      const p = path.join(dir(), 'fifo');
      execFileSync('mkfifo', [p]);
      return p;
    },
    /is a FIFO/,
  ],
];

describe('hostile progress imports', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  let deck: string;
  const file = (name: string, text: string) => {
    const p = path.join(home.dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const journal = () => {
    const p = path.join(env.RECALL_HOME!, 'journal.jsonl');
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
  };
  beforeEach(() => {
    home = tempHome();
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW };
    deck = file('geo.yaml', DECK);
  });
  afterEach(() => home.cleanup());

  it.each([
    ['a due date in year 275760', { state: { ...state, due: '+275760-09-13T00:00:00.000Z' } }, /review 2 \(id "imp-2"\) state\.due/],
    ['a difficulty of -1', { state: { ...state, difficulty: -1 } }, /review 2 \(id "imp-2"\) state\.difficulty is outside 1-10/],
    ['a stability of 0 in review state', { state: { ...state, stability: 0 } }, /state\.stability/],
    ['an unknown rating', { rating: 'perfect' }, /rating is not again, hard, good or easy/],
    ['an unknown kind', { kind: 'exam' }, /kind is not study or quiz/],
    ['an impossible date', { at: '2026-02-30T09:00:00.000Z' }, /review 2 .*at is not an ISO date-time/],
    ['a state number 7', { state: { ...state, state: 7 } }, /state\.state/],
  ])('refuses a file with %s, naming the review, and imports nothing', async (_what, patch, why) => {
    const r = await recall(['progress', 'import', file('x.json', exportOf([review(1), review(2, patch), review(3)]))], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err).toMatch(/nothing was imported/);
    expect(r.err).not.toMatch(/not valid JSON/);
    expect(journal()).toBe('');
    // The store still works: the bad value never reached it.
    expect((await recall(['stats'], { env })).code).toBe(0);
    expect((await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' })).code).toBe(0);
  });

  it('imports a valid export, and stats and study work on the imported state', async () => {
    const r = await recall(['progress', 'import', file('x.json', exportOf([review(1), review(2)]))], { env });
    expect(r.err).toBe('');
    expect(r.out).toMatch(/imported 2 new reviews; 0 were already here/);
    expect((await recall(['stats'], { env })).code).toBe(0);
    const again = await recall(['progress', 'import', path.join(home.dir, 'x.json')], { env });
    expect(again.out).toMatch(/imported 0 new reviews; 2 were already here/);
  });

  it('round-trips its own export, one review per line', async () => {
    await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' });
    const exp = await recall(['progress', 'export', path.join(home.dir, 'out.json')], { env });
    expect(exp.code).toBe(0);
    expect(exp.out).toContain('exported 1 card and 1 review to ');
    const text = fs.readFileSync(path.join(home.dir, 'out.json'), 'utf8');
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'recall-progress', version: 1, cards: [{ deck: 'geo', card: 'capital' }], reviews: [{ deck: 'geo', card: 'capital', kind: 'study' }] });
    expect(text.split('\n').filter((l) => l.includes('"kind"'))).toHaveLength(1);
    const other = { ...env, RECALL_HOME: path.join(home.dir, 'other') };
    const r = await recall(['progress', 'import', path.join(home.dir, 'out.json')], { env: other });
    expect(r.out).toMatch(/^imported 1 new review; 0 were already here$/m);
    const stdoutExport = await recall(['progress', 'export'], { env: other });
    expect(JSON.parse(stdoutExport.out).cards).toEqual(doc.cards);
  });

  it('exports an empty store as valid JSON', async () => {
    const r = await recall(['progress', 'export'], { env });
    expect(JSON.parse(r.out)).toMatchObject({ cards: [], reviews: [] });
  });

  it.each([
    ['a duplicate key in a review', `{"format": "recall-progress", "version": 1, "reviews": [{"id": "a", "id": "b"}]}`, /duplicate key "id"/],
    ['a duplicate top-level key', `{"format": "recall-progress", "version": 1, "reviews": [], "reviews": []}`, /duplicate key "reviews"/],
    ['deep nesting', `{"format": "recall-progress", "version": 1, "reviews": [${'['.repeat(100_000)}${']'.repeat(100_000)}]}`, /nested deeper than 16 levels/],
    ['truncated JSON', exportOf([review(1)]).slice(0, -20), /ends/],
    ['another format', JSON.stringify({ format: 'anki', version: 1, reviews: [] }), /not a recall progress export/],
    ['reviews that are not a list', JSON.stringify({ format: 'recall-progress', version: 1, reviews: {} }), /not a recall progress export/],
    ['an empty file', '', /empty/],
  ])('refuses %s with exit 2', async (_what, text, why) => {
    const r = await recall(['progress', 'import', file('x.json', text)], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(journal()).toBe('');
  });

  it.each([...notRegularFiles(() => home.dir), ['a missing file', () => path.join(home.dir, 'nope.json'), /not found/] as NotRegular])('refuses %s at once with exit 2', async (_what, target, why) => {
    const r = await recall(['progress', 'import', target()], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
  });
});

describe('hostile answers files', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  let deck: string;
  beforeEach(() => {
    home = tempHome();
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW };
    deck = path.join(home.dir, 'geo.yaml');
    fs.writeFileSync(deck, DECK);
  });
  afterEach(() => home.cleanup());

  const withFile = (text: string) => {
    const p = path.join(home.dir, 'answers.json');
    fs.writeFileSync(p, text);
    return p;
  };

  it.each(notRegularFiles(() => home.dir))('refuses %s at once with exit 2 (study and quiz)', async (_what, target, why) => {
    const t = target();
    for (const cmd of ['study', 'quiz']) {
      const r = await recall([cmd, deck, '--answers', t], { env });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
    }
  });

  it.each([
    ['a duplicate JSON key', '{"capital": "a", "capital": "b"}', /duplicate key "capital"/],
    ['deeply nested JSON', `{"capital": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nested deeper than 32 levels/],
    ['deeply nested YAML', `capital: ${'['.repeat(200)}${']'.repeat(200)}\n`, /nested deeper than 32 levels/],
    // Deeper than yaml's parser goes: its stack overflow is the depth limit, not an internal error.
    ['YAML nested past the parser', `capital: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /nested deeper than 32 levels/],
    ['a top-level list nested past the parser', `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /nested deeper than 32 levels/],
    ['a duplicate YAML key', 'capital: a\ncapital: b\n', /capital|duplicate|unique/i],
  ])('refuses %s with exit 2', async (_what, text, why) => {
    for (const via of ['file', 'stdin']) {
      const r = via === 'file' ? await recall(['quiz', deck, '--answers', withFile(text)], { env }) : await recall(['quiz', deck, '--answers', '-'], { env, stdin: text });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
    }
  });

  it('still reads YAML flow style that is not JSON', async () => {
    const r = await recall(['quiz', deck, '--answers', withFile('{capital: a}')], { env });
    expect(r.code).toBe(0);
  });
});
