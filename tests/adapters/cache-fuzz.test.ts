// Seeded fuzz of what recall reads back from disk: 2,000 deck-cache entries (signed after a random
// mutation, as a bug or another build could write them, and damaged bytes, as anyone could) and
// 2,000 journal lines. Nothing may throw, a broken deck must keep its errors, and every card state
// that gets in passes the validator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, encodeEntry, fileDeckCache, type DeckCache } from '../../src/adapters/deck-cache.js';
import { loadDeckFiles, loadDecksLazily } from '../../src/adapters/load-decks.js';
import { isCard } from '../../src/core/cached-lint.js';
import { DeckError } from '../../src/errors.js';
import { Store } from '../../src/adapters/store.js';
import { cardStateProblem } from '../../src/core/card-state.js';
import { rng } from '../../src/core/random.js';
import { repoRoot } from '../helpers/cli.js';
import { lines, review } from '../store/helpers.js';

const CASES = 2_000;
const SEED = 0xcace5eed;
const KEY = Buffer.alloc(32, 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cache-fuzz-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const JUNK: unknown[] = [null, 0, -1, 1.5, 1e308, '', 'x', '\u001b[2J', true, false, [], {}, [null], { a: 1 }, 'error', 'warning', 'x'.repeat(5000)];

/** Sets, deletes or replaces one value somewhere inside `v` (a JSON tree), in place. */
function mutateJson(v: unknown, rand: () => number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  if (rand() < 0.08) return pick(JUNK);
  const paths: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    for (const k of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      paths.push([node as Record<string, unknown>, k as string]);
      if (paths.length < 400) walk((node as Record<string, unknown>)[k as string], depth + 1);
    }
  };
  walk(v, 0);
  if (paths.length === 0) return pick(JUNK);
  const [parent, key] = pick(paths);
  const r = rand();
  if (r < 0.3 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
  else if (r < 0.4 && Array.isArray(parent)) parent.splice(key as number, 1);
  else (parent as Record<string, unknown>)[key as string] = structuredClone(pick(JUNK));
  return v;
}

describe('fuzz: deck-cache entries', () => {
  it(`never throw, and never hide a broken deck's errors (${CASES} entries, seed ${SEED})`, async () => {
    const rand = rng(SEED);
    const files = ['tests/fixtures/decks/valid/all-types.yaml', 'tests/fixtures/decks/broken/missing-field.yaml', 'tests/fixtures/decks/broken/choice-count.yaml', 'decks/iam-users-vs-roles.yaml'];
    const cold = new Map<string, Awaited<ReturnType<typeof loadDeckFiles>>>();
    // Each entry as its head (JSON, with the body offsets) and its bodies, as the file keeps them.
    const entries = new Map<string, { head: string; bodies: Buffer }>();
    for (const f of files) {
      const captured: DeckCache = {
        get: () => undefined,
        set: (_k, v) => {
          const bytes = encodeEntry(v);
          const nl = bytes.indexOf(0x0a);
          entries.set(f, { head: bytes.subarray(0, nl).toString(), bodies: bytes.subarray(nl + 1) });
        },
      };
      cold.set(f, await loadDeckFiles([f], repoRoot, { cache: captured }));
    }
    const signed = (name: string, body: Buffer) => Buffer.concat([Buffer.from(`${createHmac('sha256', KEY).update(name).update('\0').update(body).digest('hex')}\n`), body]);
    const dir = path.join(tmp, 'decks');
    const cache = fileDeckCache(dir, () => KEY);
    const failures: string[] = [];
    let hits = 0;
    for (let n = 0; n < CASES; n++) {
      const f = files[n % files.length]!;
      const name = `${cacheKey(fs.readFileSync(path.join(repoRoot, f), 'utf8'))}.json`;
      let bytes: Buffer;
      const { head, bodies } = entries.get(f)!;
      if (n % 4 === 3) {
        // Damaged without the key: random bytes over a good entry.
        bytes = signed(name, Buffer.concat([Buffer.from(`${head}\n`), bodies]));
        for (let k = 0; k < 1 + rand() * 8; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        if (rand() < 0.3) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
      } else if (n % 4 === 2) {
        // Signed, with one card body mutated (a body is checked only when its card is used).
        const texts = JSON.parse(head).bodyEnds?.map((end: number, i: number, ends: number[]) => bodies.subarray(i === 0 ? 0 : ends[i - 1], end).toString()) ?? [];
        if (texts.length > 0) {
          const i = Math.floor(rand() * texts.length);
          let value: unknown = JSON.parse(texts[i]);
          for (let k = 0; k < 1 + rand() * 3; k++) value = mutateJson(value, rand);
          texts[i] = rand() < 0.1 ? texts[i].slice(0, Math.floor(rand() * texts[i].length)) : (JSON.stringify(value) ?? 'null');
        }
        const { bodyEnds: _ends, ...lint } = JSON.parse(head);
        bytes = signed(name, encodeEntry({ ...lint, bodies: texts }));
      } else {
        // Signed, with the head (lint result and body offsets) mutated.
        let value: unknown = JSON.parse(head);
        for (let k = 0; k < 1 + rand() * 3; k++) value = mutateJson(value, rand);
        bytes = signed(name, Buffer.concat([Buffer.from(`${JSON.stringify(value) ?? 'null'}\n`), bodies]));
      }
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, name), bytes);
      try {
        // A miss is a plain lint (tested elsewhere); what a hit gives is what is at stake here.
        if (cache.get(name.slice(0, -5)) === undefined) continue;
        hits++;
        const r = await loadDeckFiles([f], repoRoot, { cache });
        const hadErrors = cold.get(f)!.diagnostics.some((d) => d.severity === 'error');
        if (hadErrors && !r.diagnostics.some((d) => d.severity === 'error')) failures.push(`case ${n}: ${f} lost its errors`);
        for (const deck of r.decks) for (const card of deck.cards) if (typeof card.id !== 'string') failures.push(`case ${n}: card without id`);
        // Lazily (recall study): every card made whole is a card, whatever its body held.
        const lazy = await loadDecksLazily([f], repoRoot, { cache }).catch((err: unknown) => (err instanceof DeckError ? null : Promise.reject(err)));
        for (const deck of lazy?.decks ?? [])
          for (const head of deck.cards) {
            const card = await lazy!.full(head);
            if (!isCard(card) || card.id !== head.id) failures.push(`case ${n}: ${head.id} made whole as ${JSON.stringify(card).slice(0, 80)}`);
          }
      } catch (err) {
        failures.push(`case ${n}: threw ${String(err)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(hits).toBeGreaterThan(0); // some mutations keep a valid shape (a changed message, say)
    expect(hits).toBeLessThan(CASES);
  });
});

describe('fuzz: journal lines', () => {
  it(`replay never throws and lets in only valid card states (${CASES} lines, seed ${SEED})`, () => {
    const rand = rng(SEED + 1);
    const dir = path.join(tmp, 'store');
    fs.mkdirSync(dir, { recursive: true });
    const out: string[] = [];
    for (let n = 0; n < CASES; n++) {
      let value: unknown = JSON.parse(lines([review('d', `c${n % 50}`, n)]));
      for (let k = 0; k < Math.floor(rand() * 3); k++) value = mutateJson(value, rand);
      let line = JSON.stringify(value) ?? 'null';
      if (rand() < 0.1) line = line.slice(0, Math.floor(rand() * line.length));
      out.push(line);
    }
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), out.join('\n') + '\n');
    for (const readOnly of [true, false]) {
      const s = Store.open({ RECALL_HOME: dir }, { readOnly });
      const bad = [...s.states()].filter(([, st]) => cardStateProblem(st) !== undefined);
      expect(bad).toEqual([]);
      expect(s.states().size).toBeGreaterThan(0);
      expect(() => s.readHistory()).not.toThrow();
      s.close();
    }
  });
});
