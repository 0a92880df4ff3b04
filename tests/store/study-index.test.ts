// The study index (src/adapters/study-index.ts, study-cards.ts): written from a closed store and the
// decks, read back only while the deck files, progress.json and the journal look as they did when it
// was made; anything else is a miss. What it says is proven after the first card (tests/prompts/
// study-early.test.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Card, CardHead } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/progress.js';
import { rng } from '../../src/core/random.js';
import { buildQueue, todayCounts } from '../../src/core/queue.js';
import { queueOfRows, rowsOf, tagColumns, todayCountsOfRows } from '../../src/core/queue-rows.js';
import { makeScheduler } from '../../src/core/schedule.js';
import { sign } from '../../src/adapters/cache-key.js';
import { indexedCard, indexName, readStudyIndex, writeStudyIndex } from '../../src/adapters/study-index.js';
import type { DeckFileRead } from '../../src/adapters/load-decks.js';
import { Store } from '../../src/adapters/store.js';
import { cardState, review, tempHome } from './helpers.js';

const homes: Array<() => void> = [];
afterEach(() => homes.splice(0).forEach((c) => c()));

const hashOf = (c: CardHead) => c.hash!;
type Cards = Array<{ deck: string; card: CardHead; key: string }>;
const cardsOf = (n: number, hash = 'h1'): Cards =>
  Array.from({ length: n }, (_, i) => ({ deck: 'd', card: { id: `c${i}`, type: 'basic', tags: i % 3 === 0 ? ['t'] : [], hash } as CardHead, key: `d/c${i}` }));
/** A card's body as the deck cache keeps it, and the card a start makes of its head and body. */
const bodyOf = (head: CardHead) => JSON.stringify({ front: `front of ${head.id}`, back: `back of ${head.id}`, pos: { line: 1, col: 1 } });
const whole = (head: CardHead): Card => ({ ...head, ...JSON.parse(bodyOf(head)) }) as Card;

/** The deck file the cards are said to come from (only its identity is looked at), as a load reads it. */
function deckFile(dir: string, name = 'd.yaml', key = 'k1'): DeckFileRead {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, 'deck: d\n');
  const s = fs.statSync(file);
  return { file, dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, key };
}

function source(store: Store, cards: Cards, reads: DeckFileRead[]) {
  const decks = [{ id: 'd', title: 'D', cards: cards.map((c) => c.card) }];
  return { store, cards, decks, reads, bodies: (deck: { cards: readonly CardHead[] }) => (i: number) => bodyOf(deck.cards[i]!) };
}

const nameOf = (reads: DeckFileRead[]) => indexName(reads.map((r) => r.file), undefined);
const readIndex = (env: Record<string, string>, reads: DeckFileRead[]) => readStudyIndex(env, nameOf(reads));
async function writeIndex(env: Record<string, string>, store: Store, cards: Cards, reads = [deckFile(env.RECALL_HOME!)]) {
  writeStudyIndex(env, source(store, cards, reads), hashOf, nameOf(reads));
  return reads;
}

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
const filesIn = (home: { dir: string }, ext: string) => {
  const dir = path.join(home.dir, 'cache', 'study');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(ext)).map((n) => path.join(dir, n)) : [];
};
const indexFiles = (home: { dir: string }) => filesIn(home, '.idx');

/** An index body with row `row`'s first tag at `at` (the columns' layout: src/adapters/study-index.ts). */
function withTagStart(body: Buffer, row: number, at: number): Buffer {
  const b = Buffer.from(body);
  const eol = b.indexOf(0x0a, 21);
  const h = JSON.parse(b.toString('utf8', 21, eol)) as { rows: number; others: number };
  const columns = eol + 1 + ((8 - ((65 + eol + 1) % 8)) % 8);
  b.writeUInt32LE(at, columns + 8 * (4 * h.rows + 2 * h.others + Math.ceil(h.rows / 32) + 1) + 4 * row);
  return b;
}

describe('the study index', () => {
  it('is read back as the rows of the store it was written from, and gives the store\'s queue (seeded stores)', async () => {
    const rand = rng(0x1d3);
    for (let n = 0; n < 25; n++) {
      const total = 5 + Math.floor(rand() * 60);
      const reviewed = Math.floor(rand() * total);
      const { home, store } = storeWith(reviewed, Math.max(1, Math.floor(rand() * reviewed)), rand);
      const cards = cardsOf(total);
      const reads = await writeIndex(home.env, store, cards);
      if (reviewed === 0) {
        expect(indexFiles(home), `store ${n}`).toEqual([]); // no sealed checkpoint: nothing to key it by
        continue;
      }
      const index = readIndex(home.env, reads);
      expect(index, `store ${n}`).toBeDefined();
      // the next start opens the store as before: the same states, the same queue
      const reopened = Store.open(home.env, { readOnly: true });
      expect(index!.rows).toEqual(rowsOf(cards, reopened.states(), hashOf));
      const settings = { ...DEFAULT_SETTINGS, reviewsPerDay: 1 + Math.floor(rand() * 30), newPerDay: Math.floor(rand() * 10) };
      const now = new Date(Date.UTC(2025, 0, 10 + Math.floor(rand() * 10), Math.floor(rand() * 24)));
      const sched = makeScheduler(settings);
      const full = buildQueue({ cards, states: reopened.states(), now, settings, scheduler: sched, filters: {}, today: todayCounts(reopened.states(), now, 4) });
      const fast = queueOfRows({ rows: index!.rows, now, settings, scheduler: sched, filters: {}, today: todayCountsOfRows(index!.rows, now, 4) });
      expect(fast.map((q) => `${q.kind} ${cards[q.row]!.card.id}`), `store ${n}`).toEqual(full.map((q) => `${q.kind} ${q.card.id}`));
      // every card's text, as the decks load it
      for (const row of [0, Math.floor(total / 2), total - 1]) expect(indexedCard(home.env, index!, row), `store ${n}`).toEqual(whole(cards[row]!.card));
      expect(index!.tags.tags).toEqual(['t']);
      reopened.close();
    }
  });

  it('is a miss once the journal grows, or changes after the checkpoint with the same length', async () => {
    const { home, store } = storeWith(30, 20);
    const cards = cardsOf(40);
    const reads = await writeIndex(home.env, store, cards);
    expect(readIndex(home.env, reads)).toBeDefined();
    const journal = journalOf(home);
    const bytes = fs.readFileSync(journal);
    // another session's answer
    fs.appendFileSync(journal, JSON.stringify(review('d', 'c35', 35)) + '\n');
    expect(readIndex(home.env, reads)).toBeUndefined();
    // the same length, one state changed in the tail (a rating the index never saw)
    const text = bytes.toString();
    const changed = text.replace(/"rating":"good"(?![\s\S]*"rating":"good")/, '"rating":"easy"');
    expect([changed.length, changed === text]).toEqual([text.length, false]);
    fs.writeFileSync(journal, changed);
    expect(readIndex(home.env, reads)).toBeUndefined();
    fs.writeFileSync(journal, bytes);
    expect(readIndex(home.env, reads)).toBeDefined();
  });

  it('is a miss when progress.json ends in another seal or is another size; the seal itself is checked when the store opens', async () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    const reads = await writeIndex(home.env, store, cards);
    const progress = path.join(home.dir, 'progress.json');
    const bytes = fs.readFileSync(progress);
    expect(readIndex(home.env, reads)).toBeDefined();
    // a byte more, its seal kept
    fs.writeFileSync(progress, bytes.toString().replace('"difficulty":5,', '"difficulty":5.5,'));
    expect(readIndex(home.env, reads)).toBeUndefined();
    // another checkpoint: another seal
    fs.writeFileSync(progress, bytes);
    const other = Store.open(home.env);
    other.setSetting('newPerDay', 7);
    other.close();
    expect(readIndex(home.env, reads)).toBeUndefined();
    // Edited by hand at the same size with its seal kept: only the seal's HMAC over the whole file
    // tells, and that is not read before the card; the store's opening checks it (isSealed), and the
    // session starts again when the queue differs (tests/prompts/study-early.test.ts).
    fs.writeFileSync(progress, bytes.toString().replace('"difficulty":5,', '"difficulty":6,'));
    expect(readIndex(home.env, reads)).toBeDefined();
  });

  it('is a miss when a deck file is not the one it was made from: edited, touched, replaced, gone', async () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    const reads = await writeIndex(home.env, store, cards);
    const file = reads[0]!.file;
    const bytes = fs.readFileSync(file);
    expect(readIndex(home.env, reads)).toBeDefined();
    const tries: Array<[string, () => void]> = [
      ['edited, same size', () => fs.writeFileSync(file, Buffer.from(bytes.toString().replace('d', 'e')))],
      ['touched', () => fs.utimesSync(file, new Date(), new Date(Date.now() + 5000))],
      ['replaced by a copy', () => { fs.rmSync(file); fs.writeFileSync(file, bytes); }],
      ['gone', () => fs.rmSync(file)],
      ['a folder', () => { fs.rmSync(file); fs.mkdirSync(file); }],
    ];
    for (const [what, change] of tries) {
      change();
      expect(readIndex(home.env, reads), what).toBeUndefined();
      fs.rmSync(file, { recursive: true, force: true });
      fs.writeFileSync(file, bytes);
    }
  });

  it('is found by the deck files, in order, and --deck; the cards file by their deck-cache keys', async () => {
    const { home, store } = storeWith(30, 30);
    const a = deckFile(home.dir, 'a.yaml');
    const b = deckFile(home.dir, 'b.yaml');
    expect(indexName([a.file, b.file], undefined)).toMatch(/^[0-9a-f]{64}$/);
    expect(indexName([a.file, b.file], undefined)).toBe(indexName([a.file, b.file], undefined));
    expect(indexName([b.file, a.file], undefined)).not.toBe(indexName([a.file, b.file], undefined));
    expect(indexName([a.file], undefined)).not.toBe(indexName([a.file, b.file], undefined));
    expect(indexName([a.file], ['d'])).not.toBe(indexName([a.file], undefined));
    const cards = cardsOf(40);
    await writeIndex(home.env, store, cards, [a]);
    const [cardsFile] = filesIn(home, '.cards');
    const first = fs.statSync(cardsFile!);
    // the same decks and store: nothing written again
    await writeIndex(home.env, store, cards, [a]);
    expect(filesIn(home, '.cards')).toEqual([cardsFile]);
    // another store, the same decks: a new index, the same cards file, not rewritten
    const other = Store.open(home.env);
    other.setSetting('newPerDay', 7);
    other.close();
    await writeIndex(home.env, other, cards, [a]);
    const again_ = readIndex(home.env, [a]);
    expect(again_?.tags.tags).toEqual(['t']); // the tags of the index before, for the same cards
    expect([...again_!.tags.start]).toEqual([...tagColumns(cards).start]);
    expect([...again_!.tags.ids]).toEqual([...tagColumns(cards).ids]);
    const again = fs.statSync(cardsFile!);
    expect([again.ino, again.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    // the deck's bytes changed (another deck-cache key): another cards file
    await writeIndex(home.env, other, cards, [{ ...a, key: 'k2' }]);
    expect(filesIn(home, '.cards')).toHaveLength(2);
  });

  it('keeps whole cards (a deck linted in this run, no deck-cache bodies) as a start from the deck cache makes them', async () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40).map((c) => ({ ...c, card: { ...whole(c.card), explain: `why ${c.card.id}`, tags: ['x', 'y'] } as Card }));
    const reads = [deckFile(home.dir)];
    writeStudyIndex(home.env, { ...source(store, cards, reads), bodies: () => undefined }, hashOf, nameOf(reads));
    const index = readIndex(home.env, reads)!;
    for (const row of [0, 17, 39]) expect(indexedCard(home.env, index, row)).toEqual(cards[row]!.card);
  });

  it('is not written when a card\'s state would be reset, the journal holds more than the store folded, or a deck has no cache key', async () => {
    const { home, store } = storeWith(30, 30);
    await writeIndex(home.env, store, cardsOf(40, 'h2')); // every answer changed: opening resets them
    expect(indexFiles(home)).toEqual([]);
    await writeIndex(home.env, store, cardsOf(40), [{ ...deckFile(home.dir), key: undefined }]);
    expect(indexFiles(home)).toEqual([]);
    fs.appendFileSync(journalOf(home), JSON.stringify(review('d', 'c35', 35)) + '\n');
    await writeIndex(home.env, store, cardsOf(40));
    expect(indexFiles(home)).toEqual([]);
  });

  it('treats a damaged, planted or misshapen index as a miss, never an error', async () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    const reads = await writeIndex(home.env, store, cards);
    const [file] = indexFiles(home);
    const good = fs.readFileSync(file!);
    const name = path.basename(file!);
    const key = fs.readFileSync(path.join(home.dir, 'cache.key'));
    const signed = (body: Buffer) => Buffer.concat([Buffer.from(sign(key, name, body).toString('hex') + '\n'), body]);
    const body = good.subarray(65);
    const header = () => body.indexOf(0x0a, 21);
    const tries: Array<[string, Buffer | (() => void)]> = [
      ['a flipped byte', Buffer.from(good.map((b, i) => (i === good.length - 100 ? b ^ 1 : b)))],
      ['truncated', good.subarray(0, good.length - 7)],
      ['a zero-filled tail', Buffer.concat([good.subarray(0, good.length - 64), Buffer.alloc(64)])],
      ['random bytes', Buffer.from(Array.from({ length: good.length }, (_, i) => (i * 7919) % 256))],
      ['unsigned', Buffer.concat([Buffer.alloc(64, 0x30), Buffer.from('\n'), body])],
      // signed with the key, but not a shape recall writes
      ['a run of tags past the tags', signed(withTagStart(body, 5, 1e9))],
      ['runs of tags out of order', signed(withTagStart(body, 5, 0))],
      // the same starts, two of them swapped (1, 2 -> 2, 1): out of order though no value is wrong
      ['two runs of tags swapped', signed(withTagStart(withTagStart(body, 3, 2), 4, 1))],
      ['another header', signed(Buffer.from(body.toString('latin1').replace('"rows":40', '"rows":41'), 'latin1'))],
      ['a header that is not JSON', signed(Buffer.concat([body.subarray(0, 30), Buffer.from('{'), body.subarray(31)]))],
      ['no header end', signed(body.subarray(0, header()))],
      ['a symlink to the good file', () => { fs.writeFileSync(file + '.real', good); fs.symlinkSync(file + '.real', file!); }],
      ['a FIFO', () => execFileSync('mkfifo', [file!])],
    ];
    for (const [what, content] of tries) {
      fs.rmSync(file!, { force: true });
      if (typeof content === 'function') {
        content();
      } else fs.writeFileSync(file!, content);
      expect(readIndex(home.env, reads), what).toBeUndefined();
    }
    fs.rmSync(file!, { force: true });
    fs.writeFileSync(file!, good);
    expect(readIndex(home.env, reads)).toBeDefined();
    // the way the cases above are made gives an index that is read, when what it changes is valid
    const retagged = Buffer.from(body);
    retagged.write('"tags":["u"]', retagged.toString('latin1').indexOf('"tags":["t"]'), 'latin1');
    fs.writeFileSync(file!, signed(retagged));
    expect(readIndex(home.env, reads)?.tags.tags).toEqual(['u']);
    expect(readIndex(home.env, reads)?.tags.start[6]).toBe(2);
  });

  it('reads a signed index whose row values recall would not write, and the queue from it neither throws nor loops', async () => {
    // Not checked at start (it would cost a pass over every row): the store's queue overrules the
    // index's after the card (tests/prompts/study-early.test.ts, tests/e2e/study-index.test.ts).
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(40);
    const reads = await writeIndex(home.env, store, cards);
    const [file] = indexFiles(home);
    const good = fs.readFileSync(file!);
    const key = fs.readFileSync(path.join(home.dir, 'cache.key'));
    const body = good.subarray(65);
    const signed = (b: Buffer) => Buffer.concat([Buffer.from(sign(key, path.basename(file!), b).toString('hex') + '\n'), b]);
    const settings = { ...DEFAULT_SETTINGS, reviewsPerDay: 5, newPerDay: 5 };
    const now = new Date(Date.UTC(2025, 0, 15));
    for (const [what, bytes] of [
      ['flags out of range', Buffer.from(body.map((b, i) => (i >= body.length - 40 ? 255 : b)))],
      ['every flag zero', Buffer.from(body.map((b, i) => (i >= body.length - 40 ? 0 : b)))],
      ['times and stabilities that are no times', (() => {
        const b = Buffer.from(body);
        const eol = b.indexOf(0x0a, 21);
        const columns = eol + 1 + ((8 - ((65 + eol + 1) % 8)) % 8);
        const odd = [Infinity, -Infinity, NaN, -5, 1e300, 0];
        for (let k = 0; k < 4 * 40; k++) b.writeDoubleLE(odd[k % odd.length]!, columns + 8 * k);
        return b;
      })()],
    ] as Array<[string, Buffer]>) {
      fs.writeFileSync(file!, signed(bytes));
      const index = readIndex(home.env, reads);
      expect(index, what).toBeDefined();
      const queue = queueOfRows({ rows: index!.rows, now, settings, filters: {}, today: todayCountsOfRows(index!.rows, now, 4) });
      expect(queue.length, what).toBeLessThanOrEqual(10);
    }
  });

  it('gives no card from a cards file that is not the one its index hashed: edited, truncated, a symlink, gone', async () => {
    const { home, store } = storeWith(30, 30);
    const cards = cardsOf(100);
    const reads = await writeIndex(home.env, store, cards);
    const index = readIndex(home.env, reads)!;
    const [file] = filesIn(home, '.cards');
    const good = fs.readFileSync(file!);
    expect(good.toString().split('\n')[70]).toBe(`${JSON.stringify(cards[70]!.card)}\t${bodyOf(cards[70]!.card)}`);
    expect(indexedCard(home.env, index, 70)).toEqual(whole(cards[70]!.card));
    const text = good.toString();
    const tries: Array<[string, () => void]> = [
      // another front for card 70, the same length: only the chunk's hash tells
      ['edited', () => fs.writeFileSync(file!, text.replace('front of c70', 'front of c71'))],
      ['truncated', () => fs.writeFileSync(file!, good.subarray(0, good.length - 1))],
      ['grown', () => fs.writeFileSync(file!, Buffer.concat([good, Buffer.from('x')]))],
      ['a symlink to the good file', () => { fs.rmSync(file!); fs.writeFileSync(file + '.real', good); fs.symlinkSync(file + '.real', file!); }],
      ['gone', () => fs.rmSync(file!)],
    ];
    for (const [what, change] of tries) {
      change();
      expect(indexedCard(home.env, index, 70), what).toBeUndefined();
      fs.rmSync(file!, { force: true });
      fs.writeFileSync(file!, good);
    }
    // the other chunks of an edited file are still what was hashed
    fs.writeFileSync(file!, text.replace('front of c70', 'front of c71'));
    expect(indexedCard(home.env, index, 5)).toEqual(whole(cards[5]!.card));
    // the next index written (by a start that did not show its card from this file) checks the
    // whole file and writes it again, rather than keep a damaged one every start misses on
    await writeIndex(home.env, store, cards, reads);
    expect(fs.readFileSync(file!)).toEqual(good);
    expect(indexedCard(home.env, readIndex(home.env, reads)!, 70)).toEqual(whole(cards[70]!.card));
  });

  it('stays bounded, removing only its own files', async () => {
    const { home, store } = storeWith(30, 30);
    const dir = path.join(home.dir, 'cache', 'study');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const sets = Array.from({ length: 12 }, (_, i) => deckFile(home.dir, `deck${i}.yaml`, `k${i}`));
    for (const [i, read] of sets.entries()) {
      await writeIndex(home.env, store, cardsOf(31 + i), [read]);
      // distinct mtimes, oldest first
      const past = new Date(Date.now() - (20 - i) * 1000);
      for (const f of [...indexFiles(home), ...filesIn(home, '.cards')]) if (fs.statSync(f).mtimeMs > Date.now() - 5000) fs.utimesSync(f, past, past);
    }
    const names = fs.readdirSync(dir);
    expect(names).toContain('notes.txt');
    expect(names.filter((n) => n.endsWith('.idx')).length).toBeLessThanOrEqual(8);
    expect(names.filter((n) => n.endsWith('.cards')).length).toBeLessThanOrEqual(8);
    expect(readIndex(home.env, [sets[11]!])).toBeDefined();
  });
});
