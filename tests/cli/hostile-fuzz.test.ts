// Seeded fuzz of hostile input: answers files, progress imports, journal lines and deck-cache
// entries. Every case must end in a result or a documented user error (exit 2), never an internal
// error (exit 70), a crash or a hang. In-process with fakes for the bulk; the built binary for a sample.
import { spawnSync } from 'node:child_process';
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

const SEED = 11_2026;
const N = 2000;

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
    const file = path.join(home.dir, 'answers.json');
    let errors = 0;
    for (let i = 0; i < N; i++) {
      const base = { capital: 'a', flat: false, river: ['Rhine', 'North Sea'], 'geo/order': [2, 0, 1] };
      const text = damage(random() < 0.7 ? JSON.stringify(mutate(base, random)) : `capital: ${JSON.stringify(mutate('a', random))}\n`, random);
      fs.writeFileSync(file, text);
      try {
        const v = await readAnswersFile(file, { stdin: new PassThrough(), cwd: home.dir });
        expect(typeof v).toBe('object');
      } catch (err) {
        if (!isUserError(err)) throw new Error(`case ${i}: ${String(err)} for ${JSON.stringify(text.slice(0, 200))}`);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  }, 120_000);

  it(`${N} import reviews: valid per the validator, or refused with a reason`, () => {
    const random = rng(SEED + 1);
    let refused = 0;
    for (let i = 0; i < N; i++) {
      const text = damage(JSON.stringify({ format: 'recall-progress', version: 1, reviews: [mutate(review, random)] }), random);
      let doc: unknown;
      try {
        doc = parseStrictJson(text, { maxDepth: 16 });
      } catch (err) {
        if (!(err instanceof Error) || err.name === 'RangeError') throw err;
        refused++;
        continue;
      }
      const r = (doc as { reviews?: unknown[] })?.reviews?.[0];
      const got = reviewFromExport(r);
      if ('problem' in got) refused++;
      else expect(journalEntryProblem(got.entry)).toBeUndefined();
    }
    expect(refused).toBeGreaterThan(0);
  });

  it(`${N} journal lines: parsed or skipped, never thrown`, () => {
    const random = rng(SEED + 2);
    const lines: string[] = [];
    for (let i = 0; i < N; i++) lines.push(damage(JSON.stringify(mutate({ ...review, op: 'review', id: `j${i}` }, random)), random).replace(/\n/g, ' '));
    const parsed = parseJournal(lines.join('\n') + '\n');
    expect(parsed.entries.length + parsed.badLines.length).toBeLessThanOrEqual(N);
    for (const e of parsed.entries) expect(typeof e.id).toBe('string');
  });

  it(`${N} deck-cache entries: a hit or a miss, never thrown`, () => {
    const random = rng(SEED + 3);
    const dir = path.join(home.dir, 'cache');
    fs.mkdirSync(dir, { recursive: true });
    const cache = fileDeckCache(dir, () => Buffer.alloc(32, 5)); // unsigned entries: every one must be a miss
    const entry = { deck: { id: 'geo', title: 'G', tags: ['a'], cards: [{ id: 'c', type: 'basic', front: 'f', back: 'b', tags: [], pos: { line: 1, col: 1 } }] }, diagnostics: [] };
    for (let i = 0; i < N; i++) {
      fs.writeFileSync(path.join(dir, `k${i % 50}.json`), damage(JSON.stringify(mutate(entry, random)), random));
      expect(() => cache.get(`k${i % 50}`)).not.toThrow();
    }
  });

  it('a sample through the command and the built binary: exit 0, 1 or 2, never 70', async () => {
    const random = rng(SEED + 4);
    const deck = path.join(home.dir, 'geo.yaml');
    fs.writeFileSync(deck, 'deck: geo\ntitle: Geo\ncards:\n  - id: capital\n    type: choice\n    prompt: Capital?\n    choices:\n      - { text: Paris, correct: true }\n      - { text: Lyon }\n');
    const env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2026-03-10T10:00:00Z' };
    for (let i = 0; i < 40; i++) {
      const file = path.join(home.dir, `in${i}.json`);
      const importing = i % 2 === 0;
      fs.writeFileSync(file, damage(JSON.stringify(importing ? { format: 'recall-progress', version: 1, cards: [], reviews: [mutate(review, random)] } : mutate({ capital: 'a' }, random)), random));
      const args = importing ? ['progress', 'import', file] : ['quiz', deck, '--answers', file];
      const r = i < 30 ? await recall(args, { env }) : (() => {
        const p = spawnSync(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), ...args], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
        return { code: p.status ?? -1, err: p.stderr };
      })();
      expect([0, 1, 2], `case ${i}: ${r.err}`).toContain(r.code);
      expect(r.err).not.toMatch(/internal error/);
    }
    expect((await recall(['stats'], { env })).code).toBe(0);
  }, 180_000);
});
