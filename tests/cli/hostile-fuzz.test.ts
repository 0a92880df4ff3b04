// Seeded fuzz of hostile input: answers files, progress imports, journal lines and deck-cache
// entries. Every case must end in a result or a documented user error (exit 2), never an internal
// error (exit 70), a crash or a hang. In-process with fakes for the bulk; the built binary for a sample.
// Each case has a time budget (tests/helpers/case-budget.ts): a case over it is a counted hang,
// named with its kind, index and seed, and a binary case past its limit is killed and counted.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswersFile } from '../../src/adapters/answers-file.js';
import { parseStrictJson } from '../../src/adapters/json-reader.js';
import { fileDeckCache } from '../../src/adapters/deck-cache.js';
import { reviewFromExport } from '../../src/commands/progress-import.js';
import { journalEntryProblem } from '../../src/core/card-state.js';
import { parseJournal } from '../../src/core/progress.js';
import { rng } from '../../src/core/random.js';
import { RecallError } from '../../src/errors.js';
import { PassThrough } from 'node:stream';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';
import { caseBudget, spawnWithin, type CaseBudget } from '../helpers/case-budget.js';

const SEED = 11_2026;
const N = 2000;
/** Per in-process case: each takes well under 10 ms; 2 s leaves room for a loaded machine's GC. */
const CASE_MS = 2_000;
/** Per binary case: a run takes 0.2-1 s; past this it is killed and counted as a hang. */
const SPAWN_MS = 20_000;

/** No hang among the cases, and all of them run. */
function expectNoHangs(budget: CaseBudget, cases: number): void {
  expect(budget.hangs(), budget.report()).toEqual([]);
  expect(budget.cases()).toBe(cases);
}

const state = { due: '2026-03-12T04:00:00.000Z', stability: 3.2, difficulty: 5.1, elapsed_days: 0, scheduled_days: 2, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: '2026-03-10T09:00:00.000Z', hash: 'h' };
const review = { id: 'r1', at: '2026-03-10T09:00:00.000Z', deck: 'geo', card: 'capital', kind: 'study', rating: 'good', correct: true, ms: 900, state };

/** Hostile values: wrong types, edges of ranges, escapes, huge and deep things. */
const NASTY: unknown[] = [
  null, true, 0, -1, 1e308, -1e308, 0.5, 275760, '', 'x'.repeat(5000), '\u001b]52;c;SGFjaw==\u0007', '\u202e', '__proto__',
  '+275760-09-13T00:00:00.000Z', '2026-02-30T00:00:00Z', '1969-01-01T00:00:00Z', 'NaN', [], {}, [[[[[]]]]], { __proto__: { x: 1 } }, ['a', 1, null],
];

function mutate(v: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  if (random() < 0.15 || depth > 4) return pick(NASTY);
  if (Array.isArray(v)) return v.map((x) => (random() < 0.3 ? mutate(x, random, depth + 1) : x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (random() < 0.08) continue;
      out[k] = random() < 0.3 ? mutate(x, random, depth + 1) : x;
    }
    if (random() < 0.1) out[pick(['extra', 'op', 'imported', 'before', '__proto__'])] = pick(NASTY);
    return out;
  }
  return random() < 0.5 ? pick(NASTY) : v;
}

/** Text-level damage: cut, duplicate keys, deep nesting, junk bytes. */
function damage(text: string, random: () => number): string {
  const r = random();
  if (r < 0.15) return text.slice(0, Math.floor(random() * text.length));
  if (r < 0.25) return text.replace(/"(\w+)":/, '"$1": 1, "$1":');
  if (r < 0.32) return text.replace(/\[/, '['.repeat(2000)) + ']'.repeat(2000);
  if (r < 0.4) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(at + 1);
  }
  return text;
}

const isUserError = (err: unknown) => err instanceof RecallError;

describe(`seeded fuzz (seed ${SEED})`, () => {
  let home: ReturnType<typeof tempHome>;
  beforeAll(() => (home = tempHome('recall-fuzz-')));
  afterAll(() => home.cleanup());

  it(`${N} answers files: a mapping or a user error, never anything else`, async () => {
    const random = rng(SEED);
    const budget = caseBudget('answers file', SEED, CASE_MS);
    const file = path.join(home.dir, 'answers.json');
    let errors = 0;
    for (let i = 0; i < N; i++) {
      const base = { capital: 'a', flat: false, river: ['Rhine', 'North Sea'], 'geo/order': [2, 0, 1] };
      const text = damage(random() < 0.7 ? JSON.stringify(mutate(base, random)) : `capital: ${JSON.stringify(mutate('a', random))}\n`, random);
      fs.writeFileSync(file, text);
      await budget.run(i, text, async () => {
        try {
          const v = await readAnswersFile(file, { stdin: new PassThrough(), cwd: home.dir });
          expect(typeof v).toBe('object');
        } catch (err) {
          if (!isUserError(err)) throw new Error(`case ${i} (seed ${SEED}): ${String(err)} for ${JSON.stringify(text.slice(0, 200))}`);
          errors++;
        }
      });
    }
    expectNoHangs(budget, N);
    expect(errors).toBeGreaterThan(0);
  }, 120_000);

  it(`${N} import reviews: valid per the validator, or refused with a reason`, async () => {
    const random = rng(SEED + 1);
    const budget = caseBudget('import review', SEED + 1, CASE_MS);
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const text = damage(JSON.stringify({ format: 'recall-progress', version: 1, reviews: [mutate(review, random)] }), random);
      await budget.run(i, text, () => {
        let doc: unknown;
        try {
          doc = parseStrictJson(text, { maxDepth: 16 });
        } catch (err) {
          if (!(err instanceof Error) || err.name === 'RangeError') throw err;
          refused++;
          return;
        }
        const r = (doc as { reviews?: unknown[] })?.reviews?.[0];
        const got = reviewFromExport(r);
        if ('problem' in got) refused++;
        else expect(journalEntryProblem(got.entry)).toBeUndefined();
      });
    }
    expectNoHangs(budget, N);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);

  it(`${N} journal lines: parsed or skipped, never thrown`, async () => {
    const random = rng(SEED + 2);
    const budget = caseBudget('journal line', SEED + 2, CASE_MS);
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(damage(JSON.stringify(mutate({ ...review, op: 'review', id: `j${i}` }, random)), random).replace(/\n/g, ' '));
    // Each line alone under the budget, then all of them as one journal.
    for (let i = 0; i < N; i++) {
      await budget.run(i, lines[i]!, () => {
        const one = parseJournal(lines[i]! + '\n');
        expect(one.entries.length + one.badLines.length).toBeLessThanOrEqual(1);
      });
    }
    expectNoHangs(budget, N);
    const parsed = parseJournal(lines.join('\n') + '\n');
    expect(parsed.entries.length + parsed.badLines.length).toBeLessThanOrEqual(N);
    for (const e of parsed.entries) expect(typeof e.id).toBe('string');
  }, 120_000);

  it(`${N} deck-cache entries: a hit or a miss, never thrown`, async () => {
    const random = rng(SEED + 3);
    const budget = caseBudget('deck-cache entry', SEED + 3, CASE_MS);
    const dir = path.join(home.dir, 'cache');
    fs.mkdirSync(dir, { recursive: true });
    const cache = fileDeckCache(dir, () => Buffer.alloc(32, 5)); // unsigned entries: every one must be a miss
    const entry = { deck: { id: 'geo', title: 'G', tags: ['a'], cards: [{ id: 'c', type: 'basic', front: 'f', back: 'b', tags: [], pos: { line: 1, col: 1 } }] }, diagnostics: [] };
    for (let i = 0; i < N; i++) {
      const text = damage(JSON.stringify(mutate(entry, random)), random);
      fs.writeFileSync(path.join(dir, `k${i % 50}.json`), text);
      await budget.run(i, text, () => expect(() => cache.get(`k${i % 50}`)).not.toThrow());
    }
    expectNoHangs(budget, N);
  }, 120_000);

  it('a sample through the command and the built binary: exit 0, 1 or 2, never 70, never a hang', async () => {
    const random = rng(SEED + 4);
    const inProcess = caseBudget('command run', SEED + 4, CASE_MS * 5);
    const binaryHangs: string[] = [];
    const deck = path.join(home.dir, 'geo.yaml');
    fs.writeFileSync(deck, 'deck: geo\ntitle: Geo\ncards:\n  - id: capital\n    type: choice\n    prompt: Capital?\n    choices:\n      - { text: Paris, correct: true }\n      - { text: Lyon }\n');
    const env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2026-03-10T10:00:00Z' };
    for (let i = 0; i < 40; i++) {
      const file = path.join(home.dir, `in${i}.json`);
      const importing = i % 2 === 0;
      const text = damage(JSON.stringify(importing ? { format: 'recall-progress', version: 1, cards: [], reviews: [mutate(review, random)] } : mutate({ capital: 'a' }, random)), random);
      fs.writeFileSync(file, text);
      const args = importing ? ['progress', 'import', file] : ['quiz', deck, '--answers', file];
      let r: { code: number; err: string } | undefined;
      if (i < 30) r = await inProcess.run(i, text, () => recall(args, { env }));
      else {
        const p = await spawnWithin(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), ...args], { timeoutMs: SPAWN_MS, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
        if (p.code === null) binaryHangs.push(`hang: binary case ${i} (seed ${SEED + 4}) killed after ${p.ms} ms: recall ${args.join(' ')} for ${JSON.stringify(text.slice(0, 200))}`);
        else r = { code: p.code, err: p.err };
      }
      if (r === undefined) continue; // a hang: counted above, reported below
      expect([0, 1, 2], `case ${i} (seed ${SEED + 4}): ${r.err}`).toContain(r.code);
      expect(r.err).not.toMatch(/internal error/);
    }
    expect(inProcess.hangs(), inProcess.report()).toEqual([]);
    expect(binaryHangs, binaryHangs.join('\n')).toEqual([]);
    expect((await recall(['stats'], { env })).code).toBe(0);
  }, 180_000);
});

describe('the per-case time budget', () => {
  it('counts a case that never settles as a hang, names it with its seed, and goes on', async () => {
    const budget = caseBudget('answers file', 42, 50);
    expect(await budget.run(0, 'fine', () => 'ok')).toBe('ok');
    expect(await budget.run(1, 'stuck', () => new Promise(() => {}))).toBeUndefined();
    expect(await budget.run(2, 'fine', async () => 7)).toBe(7);
    expect(budget.cases()).toBe(3);
    expect(budget.hangs().map((h) => [h.kind, h.index, h.seed, h.input])).toEqual([['answers file', 1, 42, 'stuck']]);
    expect(budget.report()).toMatch(/^hang: answers file case 1 \(seed 42\) took \d+ ms, over 50 ms, for "stuck"$/);
  });

  it('counts a synchronous case that returns over budget as a hang', async () => {
    const budget = caseBudget('journal line', 7, 20);
    await budget.run(5, 'slow', () => {
      const until = performance.now() + 60;
      while (performance.now() < until);
    });
    expect(budget.hangs().map((h) => h.index)).toEqual([5]);
  });

  it('passes a failing case on as a failure, not as a hang', async () => {
    const budget = caseBudget('import review', 1, 1000);
    await expect(budget.run(0, 'x', () => Promise.reject(new Error('exit 70')))).rejects.toThrow('exit 70');
    expect(budget.hangs()).toEqual([]);
  });

  it('kills a binary case at its time limit and reports it as hung (no exit code)', async () => {
    const hung = await spawnWithin(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300, env: { PATH: process.env.PATH } });
    expect(hung.code).toBeNull();
    const done = await spawnWithin(process.execPath, ['-e', 'process.exit(2)'], { timeoutMs: 10_000, env: { PATH: process.env.PATH } });
    expect(done.code).toBe(2);
  });
});
