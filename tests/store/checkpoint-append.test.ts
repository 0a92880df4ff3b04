import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { APPEND_SLACK, baseOf, CardStates, checkpointFile } from '../../src/adapters/checkpoint-append.js';
import { isSealed, sealedBytes } from '../../src/adapters/checkpoint-seal.js';
import { Store } from '../../src/adapters/store.js';
import { cardState, review, tempHome } from './helpers.js';

const key = Buffer.alloc(32, 7);
const head = (offset: number) => ({ settings: { retention: 0.85 }, offset });
const cardsOf = (n: number): CardStates => {
  const cards = new CardStates();
  for (let i = 0; i < n; i++) cards.set(`d/c${i}`, cardState(i));
  return cards;
};
/** A checkpoint of `cards`, which then settle on it, as the Store does once it is written; `bytes`:
 *  what the file holds (its pieces in order). */
const write = (h: ReturnType<typeof head>, cards: CardStates, base?: Parameters<typeof checkpointFile>[2]) => {
  const file = checkpointFile(h, cards, base, key);
  cards.settle();
  return { ...file, bytes: Buffer.concat(file.parts) };
};
/** Occurrences of a card's key among the members of a checkpoint's text. */
const times = (bytes: Buffer, k: string) => bytes.toString().split(JSON.stringify(k) + ':').length - 1;

describe('checkpointFile (progress.json written in full or appended)', () => {
  it('writes in full what JSON.stringify of the checkpoint gives, sealed, and a base holding every card', () => {
    const cards = cardsOf(50);
    const { bytes, base } = write(head(10), cards);
    const whole = { version: 1, settings: { retention: 0.85 }, journal: { offset: 10 }, cards: Object.fromEntries(cards) };
    expect(bytes.equals(sealedBytes(whole, key))).toBe(true);
    expect(isSealed(bytes, key)).toBe(true);
    expect(base?.members).toBe(50);
  });

  it('appends only the changed and new states to the last file; every reader gets the current states', () => {
    const cards = cardsOf(100);
    const first = write(head(10), cards);
    cards.set('d/c3', cardState(1003));
    cards.set('d/c70', cardState(1070));
    cards.set('d/new', cardState(5));
    const second = write({ settings: { retention: 0.9 }, offset: 99 }, cards, first.base);
    expect(isSealed(second.bytes, key)).toBe(true);
    // The last file's members come first, byte for byte; the three states follow them.
    const members = Buffer.concat(first.base!.pieces);
    expect(second.bytes.includes(members)).toBe(true);
    // Written from the last file's own bytes, not a copy of them (3 MB on a big store).
    expect(second.parts.some((p) => p.buffer === first.parts[0]!.buffer)).toBe(true);
    expect(times(second.bytes, 'd/c3')).toBe(2);
    expect(times(second.bytes, 'd/c4')).toBe(1);
    expect(second.bytes.length - first.bytes.length).toBeLessThan(1000);
    const read = JSON.parse(second.bytes.toString());
    expect(read.cards).toEqual(Object.fromEntries(cards));
    expect(read.settings).toEqual({ retention: 0.9 });
    expect(read.journal).toEqual({ offset: 99 });
    expect(second.base?.members).toBe(103);
    // And on from that one.
    cards.set('d/c3', cardState(2003));
    const third = write(head(120), cards, second.base);
    expect(times(third.bytes, 'd/c3')).toBe(3);
    expect(JSON.parse(third.bytes.toString()).cards['d/c3']).toEqual(cardState(2003));
  });

  it('writes in full again when a card left the store, or when the repeats would pass the slack', () => {
    const cards = cardsOf(100);
    const first = write(head(1), cards);
    cards.delete('d/c9');
    const reset = write(head(2), cards, first.base);
    expect(times(reset.bytes, 'd/c9')).toBe(0);
    expect(reset.base?.members).toBe(99);

    let last = reset;
    let n = 0;
    // Each round changes 10 of 99 cards: appended while the repeats stay within the slack.
    for (let round = 1; round <= 4; round++) {
      for (let i = 0; i < 10; i++) cards.set(`d/c${i + 10}`, cardState(10_000 + ++n));
      last = write(head(2 + round), cards, last.base);
      const repeats = last.base!.members - cards.size;
      expect(repeats).toBeLessThanOrEqual(cards.size * APPEND_SLACK);
      expect(repeats).toBe([10, 20, 0, 10][round - 1]); // 99 + 30 > 99 × 1.25: the third is in full
    }
    expect(JSON.parse(last.bytes.toString()).cards).toEqual(Object.fromEntries(cards));
  });

  it('finds the base of a sealed file in the layout recall writes, and refuses any other layout', () => {
    const cards = cardsOf(20);
    const data = { version: 1, settings: { retention: 0.85 }, journal: { offset: 5 }, cards: Object.fromEntries(cards) };
    const base = baseOf(sealedBytes(data, key), head(5));
    expect(base?.members).toBe(-1); // counted at the first checkpoint, not on opening
    cards.settle();
    cards.set('d/c1', cardState(99));
    const next = write(head(6), cards, base);
    expect(JSON.parse(next.bytes.toString()).cards).toEqual(Object.fromEntries(cards));
    expect(times(next.bytes, 'd/c1')).toBe(2);
    expect(next.base?.members).toBe(21);

    const reordered = { version: 1, journal: { offset: 5 }, settings: { retention: 0.85 }, cards: data.cards };
    expect(baseOf(sealedBytes(reordered, key), head(5))).toBeUndefined();
    expect(baseOf(sealedBytes({ ...data, extra: 1 }, key), head(5))).toBeUndefined();
    expect(baseOf(sealedBytes(data, key), head(6))).toBeUndefined();
  });

  it('without a key writes every checkpoint in full, unsealed', () => {
    const { parts, base } = checkpointFile(head(1), cardsOf(3), undefined, undefined);
    expect(base).toBeUndefined();
    expect(Buffer.concat(parts).toString()).toBe(JSON.stringify({ version: 1, settings: { retention: 0.85 }, journal: { offset: 1 }, cards: Object.fromEntries(cardsOf(3)) }));
  });
});

describe('CardStates', () => {
  it('remembers the keys set and whether any was deleted since it last settled', () => {
    const cards = cardsOf(3);
    expect([...cards.changed]).toEqual(['d/c0', 'd/c1', 'd/c2']);
    cards.settle();
    expect(cards.changed.size).toBe(0);
    cards.set('d/c1', cardState(7));
    cards.delete('d/nothing');
    expect([...cards.changed]).toEqual(['d/c1']);
    expect(cards.removed).toBe(false);
    cards.delete('d/c2');
    expect(cards.removed).toBe(true);
    cards.settle();
    expect(cards.removed).toBe(false);
    cards.clear();
    expect(cards.removed).toBe(true);
    const read = CardStates.of({ 'd/a': cardState(1), 'd/b': cardState(2) });
    expect([...read.keys()]).toEqual(['d/a', 'd/b']);
    expect(read.changed.size).toBe(0); // what a checkpoint holds is not a change
  });
});

describe('Store checkpoints appended to progress.json', () => {
  it('folds to exactly the journal after appended checkpoints, across sessions, and a reset writes it in full', () => {
    const { dir, env, cleanup } = tempHome();
    try {
      const progress = path.join(dir, 'progress.json');
      // Checkpoints at 50 answers (in full: no file yet), 100 and on close (appended).
      const s1 = Store.open(env, { checkpointEvery: 50 });
      for (let i = 0; i < 130; i++) s1.append(review('d', `c${i % 120}`, i));
      s1.close();
      const text = fs.readFileSync(progress, 'utf8');
      expect(times(Buffer.from(text), 'd/c0')).toBeGreaterThan(1); // appended, not rewritten
      // Another session, started from that file, appends to it too.
      const s2 = Store.open(env, { checkpointEvery: 50 });
      for (let i = 200; i < 260; i++) s2.append(review('d', `c${i % 7}`, i));
      s2.close();
      expect(times(fs.readFileSync(progress), 'd/c3')).toBe(4); // s1 in full, s1 on close, s2 at 50 answers, s2 on close
      const folded = new Map(Store.open(env, { readOnly: true }).states());
      // The same states as a fold of the whole journal from nothing.
      fs.renameSync(progress, `${progress}.off`);
      const fromJournal = new Map(Store.open(env, { readOnly: true }).states());
      fs.renameSync(`${progress}.off`, progress);
      expect(folded.size).toBe(120);
      expect(folded).toEqual(fromJournal);

      const s3 = Store.open(env);
      s3.append({ op: 'reset', id: 'r1', at: '2025-02-01T00:00:00.000Z', deck: 'd', card: 'c1', reason: 'user' });
      s3.checkpoint();
      s3.close();
      const after = fs.readFileSync(progress);
      expect(times(after, 'd/c1')).toBe(0);
      expect(times(after, 'd/c0')).toBe(1); // written in full
      expect(Store.open(env, { readOnly: true }).states().size).toBe(119);
    } finally {
      cleanup();
    }
  });

  it('stays a file conf reads: conf gets the current states and settings from an appended progress.json', () => {
    // recall writes progress.json itself (README, "Progress and safety"), in the layout conf
    // reads and writes: a plain JSON object, the seal one more field. Repeated card keys read
    // as their last value in conf too, so the file is still a conf store.
    const { dir, env, cleanup } = tempHome();
    try {
      const s1 = Store.open(env, { checkpointEvery: 40 });
      s1.setSetting('retention', 0.85);
      for (let i = 0; i < 110; i++) s1.append(review('d', `c${i % 100}`, i));
      s1.close();
      expect(times(fs.readFileSync(path.join(dir, 'progress.json')), 'd/c5')).toBeGreaterThan(1);
      const copy = fs.mkdtempSync(path.join(dir, 'conf-'));
      fs.copyFileSync(path.join(dir, 'progress.json'), path.join(copy, 'progress.json'));
      const conf = new Conf<Record<string, unknown>>({ cwd: copy, configName: 'progress', accessPropertiesByDotNotation: false });
      const states = new Map(Store.open(env, { readOnly: true }).states());
      expect(conf.get('version')).toBe(1);
      expect(conf.get('settings')).toMatchObject({ retention: 0.85 });
      expect(new Map(Object.entries(conf.get('cards') as object))).toEqual(new Map([...states].map(([k, v]) => [k, JSON.parse(JSON.stringify(v))])));
    } finally {
      cleanup();
    }
  });
});
