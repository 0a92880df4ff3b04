// The study index (src/adapters/study-index.ts): written from a closed store, read back only while
// progress.json, the journal and the cards are what it was made from; anything else is a miss.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardHead } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/progress.js';
import { rng } from '../../src/core/random.js';
import { buildQueue, todayCounts } from '../../src/core/queue.js';
import { queueOfRows, rowsOf, todayCountsOfRows } from '../../src/core/queue-rows.js';
import { makeScheduler } from '../../src/core/schedule.js';
import { sign } from '../../src/adapters/cache-key.js';
import { cardsDigest, indexName, readStudyIndex, writeStudyIndex } from '../../src/adapters/study-index.js';
import { Store } from '../../src/adapters/store.js';
import { cardState, review, tempHome } from './helpers.js';

const homes: Array<() => void> = [];
afterEach(() => homes.splice(0).forEach((c) => c()));

const hashOf = (c: CardHead) => c.hash!;
type Cards = Array<{ deck: string; card: CardHead; key: string }>;
// Found by the digest of the cards (indexName falls back to it when a deck has no cache key).
const readIndex = (env: Record<string, string>, cards: Cards) => readStudyIndex(env, cards, cardsDigest(cards, hashOf));
const writeIndex = (env: Record<string, string>, store: Parameters<typeof writeStudyIndex>[1], cards: Cards) => writeStudyIndex(env, store, cards, hashOf, cardsDigest(cards, hashOf));
const cardsOf = (n: number, hash = 'h1'): Cards =>
  Array.from({ length: n }, (_, i) => ({ deck: 'd', card: { id: `c${i}`, type: 'basic', tags: [], hash } as CardHead, key: `d/c${i}` }));

/** A store with `reviewed` of the cards answered, checkpointed after `checkpointed` of them, the rest a journal tail. */
function storeWith(reviewed: number, checkpointed: number, rand = rng(1)) {
  const home = tempHome();
  homes.push(home.cleanup);
  const store = Store.open(home.env, { checkpointOnClose: 'amortised' });
  for (let i = 0; i < reviewed; i++) {
    const due = Date.UTC(2025, 0, 1) + Math.floor(rand() * 20) * 86_400_000 + Math.floor(rand() * 86_400_000);
    const last = due - Math.floor(rand() * 10) * 86_400_000;
    const state = cardState(i, { due: new Date(due).toISOString(), last_review: new Date(last).toISOString(), stability: 0.5 + rand() * 30, state: (1 + Math.floor(rand() * 3)) as 1 | 2 | 3, ...(rand() < 0.05 ? { leech: true } : {}) });
    store.append(review('d', `c${i}`, i, { state }));
    if (i + 1 === checkpointed) store.checkpoint();
  }
  store.close();
  return { home, store };
}

const journalOf = (home: { dir: string }) => path.join(home.dir, 'journal.jsonl');
const indexFiles = (home: { dir: string }) => {
  const dir = path.join(home.dir, 'cache', 'study');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => path.join(dir, n)) : [];
};

describe('the study index', () => {
  it('is read back as the rows of the store it was written from, and gives the store\'s queue (seeded stores)', () => {
    const rand = rng(0x1d3);
    for (let n = 0; n < 25; n++) {
      const total = 5 + Math.floor(rand() * 60);
      const reviewed = Math.floor(rand() * total);
      const { home, store } = storeWith(reviewed, Math.max(1, Math.floor(rand() * reviewed)), rand);
      const cards = cardsOf(total);
      writeIndex(home.env, store, cards);
      if (reviewed === 0) {
        expect(indexFiles(home), `store ${n}`).toEqual([]); // no sealed checkpoint: nothing to key it by
        continue;
      }
      const index = readIndex(home.env, cards);
      expect(index, `store ${n}`).toBeDefined();
      // the next start opens the store as before: the same states, the same queue
      const reopened = Store.open(home.env, { readOnly: true });
      expect(index!.rows).toEqual(rowsOf(cards, reopened.states(), hashOf));
      const settings = { ...DEFAULT_SETTINGS, reviewsPerDay: 1 + Math.floor(rand() * 30), newPerDay: Math.floor(rand() * 10) };
      const now = new Date(Date.UTC(2025, 0, 10 + Math.floor(rand() * 10), Math.floor(rand() * 24)));
      const sched = makeScheduler(settings);
      const full = buildQueue({ cards, states: reopened.states(), now, settings, scheduler: sched, filters: {}, today: todayCounts(reopened.states(), now, 4) });
      const fast = queueOfRows({ cards, rows: index!.rows, now, settings, scheduler: sched, filters: {}, today: todayCountsOfRows(index!.rows, now, 4) });
      expect(fast.map((q) => `${q.kind} ${q.card.id}`), `store ${n}`).toEqual(full.map((q) => `${q.kind} ${q.card.id}`));
      reopened.close();
    }
  });

  it('is a miss once the journal grows, or changes after the checkpoint with the same length', () => {
    const { home, store } = storeWith(30, 20);
    const cards = cardsOf(40);
    writeIndex(home.env, store, cards);
    expect(readIndex(home.env, cards)).toBeDefined();
    const journal = journalOf(home);
    const bytes = fs.readFileSync(journal);
    // another session's answer
    fs.appendFileSync(journal, JSON.stringify(review('d', 'c35', 35)) + '\n');
    expect(readIndex(home.env, cards)).toBeUndefined();
    // the same length, one state changed in the tail (a rating the index never saw)
    const text = bytes.toString();
    const changed = text.replace(/"rating":"good"(?![\s\S]*"rating":"good")/, '"rating":"easy"');
    expect([changed.length, changed === text]).toEqual([text.length, false]);
    fs.writeFileSync(journal, changed);
    expect(readIndex(home.env, cards)).toBeUndefined();
    fs.writeFileSync(journal, bytes);
    expect(readIndex(home.env, cards)).toBeDefined();
  });

  it('is a miss when progress.json is another file: rewritten, or edited by hand with its seal kept', () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    writeIndex(home.env, store, cards);
    const progress = path.join(home.dir, 'progress.json');
    const bytes = fs.readFileSync(progress);
    expect(readIndex(home.env, cards)).toBeDefined();
    const edited = bytes.toString().replace('"difficulty":5,', '"difficulty":6,');
    expect(edited).not.toBe(bytes.toString());
    fs.writeFileSync(progress, edited);
    expect(readIndex(home.env, cards)).toBeUndefined();
    fs.writeFileSync(progress, bytes);
    const other = Store.open(home.env);
    other.setSetting('newPerDay', 7);
    other.close();
    expect(readIndex(home.env, cards)).toBeUndefined();
  });

  it('is a miss for other cards: a changed answer, another order, one card more', () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    writeIndex(home.env, store, cards);
    expect(readIndex(home.env, cards)).toBeDefined();
    expect(readIndex(home.env, cards.map((c, i) => (i === 3 ? { ...c, card: { ...c.card, hash: 'h2' } } : c)))).toBeUndefined();
    expect(readIndex(home.env, [cards[1]!, cards[0]!, ...cards.slice(2)])).toBeUndefined();
    expect(readIndex(home.env, cardsOf(41))).toBeUndefined();
  });

  it('is not written when a card\'s state would be reset, or the journal holds more than the store folded', () => {
    const { home, store } = storeWith(30, 30);
    writeIndex(home.env, store, cardsOf(40, 'h2')); // every answer changed: opening resets them
    expect(indexFiles(home)).toEqual([]);
    fs.appendFileSync(journalOf(home), JSON.stringify(review('d', 'c35', 35)) + '\n');
    writeIndex(home.env, store, cardsOf(40));
    expect(indexFiles(home)).toEqual([]);
  });

  it('treats a damaged, planted or misshapen file as a miss, never an error', () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    writeIndex(home.env, store, cards);
    const [file] = indexFiles(home);
    const good = fs.readFileSync(file!);
    const name = path.basename(file!);
    const key = fs.readFileSync(path.join(home.dir, 'cache.key'));
    const signed = (body: Buffer) => Buffer.concat([Buffer.from(sign(key, name, body).toString('hex') + '\n'), body]);
    const body = good.subarray(65);
    const tries: Array<[string, Buffer | (() => void)]> = [
      ['a flipped byte', Buffer.from(good.map((b, i) => (i === good.length - 100 ? b ^ 1 : b)))],
      ['truncated', good.subarray(0, good.length - 7)],
      ['a zero-filled tail', Buffer.concat([good.subarray(0, good.length - 64), Buffer.alloc(64)])],
      ['random bytes', Buffer.from(Array.from({ length: good.length }, (_, i) => (i * 7919) % 256))],
      ['unsigned', Buffer.concat([Buffer.alloc(64, 0x30), Buffer.from('\n'), body])],
      // signed with the key, but not a shape recall writes
      ['a flag byte out of range', signed(Buffer.from(body.map((b, i) => (i === body.length - 1 ? 200 : b))))],
      ['a time that is Infinity', signed((() => { const b = Buffer.from(body); const at = b.indexOf(0x0a, 21) + 1; b.writeDoubleLE(Infinity, Math.ceil(at / 8) * 8); return b; })())],
      ['another header', signed(Buffer.from(body.toString('latin1').replace('"rows":40', '"rows":41'), 'latin1'))],
      ['a symlink to the good file', () => { fs.writeFileSync(file + '.real', good); fs.symlinkSync(file + '.real', file!); }],
      ['a FIFO', () => execFileSync('mkfifo', [file!])],
    ];
    for (const [what, content] of tries) {
      fs.rmSync(file!, { force: true });
      if (typeof content === 'function') {
        content();
      } else fs.writeFileSync(file!, content);
      expect(readIndex(home.env, cards), what).toBeUndefined();
    }
    fs.rmSync(file!, { force: true });
    fs.writeFileSync(file!, good);
    expect(readIndex(home.env, cards)).toBeDefined();
  });

  it('stays bounded, removing only its own files', () => {
    const { home, store } = storeWith(30, 30);
    const dir = path.join(home.dir, 'cache', 'study');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const sets = Array.from({ length: 12 }, (_, i) => cardsOf(31 + i));
    sets.forEach((cards, i) => {
      writeIndex(home.env, store, cards);
      // distinct mtimes, oldest first
      const f = path.join(dir, `${cardsDigest(cards, hashOf)}.idx`);
      fs.utimesSync(f, new Date(Date.now() - (20 - i) * 1000), new Date(Date.now() - (20 - i) * 1000));
    });
    const names = fs.readdirSync(dir);
    expect(names).toContain('notes.txt');
    expect(names.filter((n) => n.endsWith('.idx')).length).toBeLessThanOrEqual(8);
    expect(readIndex(home.env, sets[11]!)).toBeDefined();
  });

  it('is found by the decks: their ids, files, cache keys and card counts, in order; by the cards when a deck has no cache key', () => {
    const cards = cardsOf(4);
    const decks = [{ id: 'd', source: '/decks/d.yaml', cards: cards.map((c) => c.card) }];
    const keys = new Map([['/decks/d.yaml', 'k1']]);
    const name = indexName({ decks, cards, contentKeys: keys }, hashOf);
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(indexName({ decks, cards, contentKeys: new Map([['/decks/d.yaml', 'k1']]) }, hashOf)).toBe(name);
    expect(indexName({ decks, cards, contentKeys: new Map([['/decks/d.yaml', 'k2']]) }, hashOf)).not.toBe(name); // the file's bytes changed
    expect(indexName({ decks: [{ ...decks[0]!, id: 'e' }], cards, contentKeys: keys }, hashOf)).not.toBe(name);
    expect(indexName({ decks: [{ ...decks[0]!, source: '/other/d.yaml' }], cards, contentKeys: new Map([['/other/d.yaml', 'k1']]) }, hashOf)).not.toBe(name);
    expect(indexName({ decks: [{ ...decks[0]!, cards: cards.slice(1).map((c) => c.card) }], cards: cards.slice(1), contentKeys: keys }, hashOf)).not.toBe(name);
    const two = [decks[0]!, { id: 'e', source: '/decks/e.yaml', cards: [] }];
    const both = new Map([...keys, ['/decks/e.yaml', 'k3']]);
    expect(indexName({ decks: two, cards, contentKeys: both }, hashOf)).not.toBe(indexName({ decks: [two[1]!, two[0]!], cards, contentKeys: both }, hashOf));
    // no cache key for a deck: the cards' own digest
    expect(indexName({ decks, cards }, hashOf)).toBe(cardsDigest(cards, hashOf));
  });
});
