// Interactive study's early start (src/commands/study-start.ts, study-early.ts) in process, the
// prompts module mocked: with a study index, the first card is asked before the decks are loaded or
// the checkpoint read, and it is the card the store's queue starts with; the session then goes on
// with the store's queue. An index that is damaged, stale or not for these decks is a miss (the
// store first, as without one); a signed index or cards file that says something else than the
// decks and store restarts the session from the store's queue, its card's answer not used.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';
import { sign } from '../../src/adapters/cache-key.js';

const plan: { asked: string[]; shown: string[]; readsBefore: number[]; decksBefore: number[]; answers: number } = { asked: [], shown: [], readsBefore: [], decksBefore: [], answers: 0 };
const reads = { checkpoint: 0, decks: 0, slowLoadMs: 0 };
vi.mock('../../src/adapters/checkpoint.js', async (original) => {
  const mod = await original<typeof import('../../src/adapters/checkpoint.js')>();
  return { ...mod, readCheckpoint: (file: string) => (reads.checkpoint++, mod.readCheckpoint(file)) };
});
vi.mock('../../src/adapters/load-decks.js', async (original) => {
  const mod = await original<typeof import('../../src/adapters/load-decks.js')>();
  return {
    ...mod,
    loadDecksLazily: async (...args: Parameters<typeof mod.loadDecksLazily>) => {
      reads.decks++;
      // A slow load (a cold deck cache's lint of a big deck, a loaded machine) while the first card is on screen.
      if (reads.slowLoadMs > 0) await new Promise((resolve) => setTimeout(resolve, reads.slowLoadMs));
      return mod.loadDecksLazily(...args);
    },
  };
});
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async (card: { id: string; statement: string }) => {
    plan.asked.push(card.id);
    plan.shown.push(card.statement);
    plan.readsBefore.push(reads.checkpoint);
    plan.decksBefore.push(reads.decks);
    if (plan.asked.length > plan.answers) throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    return { kind: 'answer', answer: { type: 'truefalse', value: true }, usedHint: false };
  }),
  askContinue: vi.fn(async () => 'next'),
  askSelfGrade: vi.fn(async () => 'good'),
}));

const { run } = await import('../../src/commands/study.js');
const { Store } = await import('../../src/adapters/store.js');

const DECK = `deck: tf
title: TF
cards:
${Array.from({ length: 12 }, (_, i) => `  - { id: c${i}, type: truefalse, statement: Card ${i} is true., answer: true, tags: [${i % 2 === 0 ? 'even' : 'odd'}] }`).join('\n')}
`;

describe('the early start of interactive study', () => {
  let dir: string;
  let env: Record<string, string>;
  let io: ReturnType<typeof ttyIo>;
  const study = (more: Partial<Parameters<typeof run>[0]> = {}) => run({ decks: ['tf.yaml'], ...more } as Parameters<typeof run>[0], (io = ttyIo(env, dir, 80)));
  const studyDir = () => path.join(dir, 'home', 'cache', 'study');
  const only = (ext: string) => path.join(studyDir(), fs.readdirSync(studyDir()).find((n) => n.endsWith(ext))!);
  const reset = (answers: number) => {
    plan.asked = [];
    plan.shown = [];
    plan.readsBefore = [];
    plan.decksBefore = [];
    reads.checkpoint = 0;
    reads.decks = 0;
    reads.slowLoadMs = 0;
    plan.answers = answers;
  };
  /** Rewrites the index with `change` applied to its body, signed with the store's key as recall signs it. */
  const forgeIndex = (change: (body: Buffer) => Buffer) => {
    const file = only('.idx');
    const body = change(Buffer.from(fs.readFileSync(file).subarray(65)));
    const key = fs.readFileSync(path.join(dir, 'home', 'cache.key'));
    fs.writeFileSync(file, Buffer.concat([Buffer.from(sign(key, path.basename(file), body).toString('hex') + '\n'), body]));
  };
  /** The first card and what was asked, in a copy of this home without the index: a start from the store. */
  const control = async (more: Partial<Parameters<typeof run>[0]> = {}, answers = 0) => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-early-ctl-'));
    fs.cpSync(dir, copy, { recursive: true });
    fs.rmSync(path.join(copy, 'home', 'cache', 'study'), { recursive: true, force: true });
    const saved = { dir, env };
    [dir, env] = [copy, { ...env, RECALL_HOME: path.join(copy, 'home') }];
    reset(answers);
    try {
      expect(await study(more)).toBe(130);
      expect(plan.readsBefore[0]).toBeGreaterThan(0);
      return { asked: plan.asked, shown: plan.shown, journal: reviews(env.RECALL_HOME!) };
    } finally {
      ({ dir, env } = saved);
      fs.rmSync(copy, { recursive: true, force: true });
    }
  };
  const reviews = (home: string) =>
    fs.readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op: string; card: string; rating?: string }).filter((e) => e.op === 'review').map((e) => `${e.card} ${e.rating}`);
  beforeEach(async () => {
    plan.asked = [];
    plan.readsBefore = [];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-early-'));
    fs.writeFileSync(path.join(dir, 'tf.yaml'), DECK);
    env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
    // Seven cards answered a few days ago, then a setting: a sealed checkpoint to key the index by.
    plan.answers = 7;
    env.RECALL_NOW = '2026-02-25T10:00:00Z';
    expect(await study()).toBe(130);
    env.RECALL_NOW = '2026-03-01T10:00:00Z';
    const store = Store.open(env);
    store.setSetting('newPerDay', 3);
    store.close();
    // A start without an index writes one as it closes.
    plan.asked = [];
    plan.readsBefore = [];
    plan.answers = 0;
    expect(await study()).toBe(130);
    expect(fs.readdirSync(path.join(dir, 'home', 'cache', 'study')).filter((n) => n.endsWith('.idx'))).toHaveLength(1);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('asks the first card before loading the decks or reading the checkpoint: the card the store\'s queue starts with', async () => {
    const withoutIndex = plan.asked[0];
    expect(plan.readsBefore[0]).toBeGreaterThan(0); // without an index: the store first
    reset(3);
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(plan.decksBefore[0]).toBe(0);
    expect(reads.checkpoint).toBeGreaterThan(0); // then the store is opened as before
    expect(reads.decks).toBe(1);
    expect(io.err()).toBe('');
    expect(plan.asked[0]).toBe(withoutIndex);
    // the first card's answer is used once; the session goes on with the store's queue
    expect(plan.asked).toHaveLength(4);
    expect(new Set(plan.asked).size).toBe(4);
  });

  it('records and rates the first card by the time the student took, not the wait for the decks and store after the answer', async () => {
    // Answered at once, while the decks took 1.5 s to load: a time budget of 1 s must not rate the right answer Hard.
    const store = Store.open(env);
    store.setSetting('timeBudget', 1);
    store.close();
    reset(0);
    expect(await study()).toBe(130); // the index again, for the store with the new setting
    reset(1);
    reads.slowLoadMs = 1500;
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0); // shown from the index, answered before the load ended
    const last = fs.readFileSync(path.join(env.RECALL_HOME!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op: string; card: string; ms?: number; rating?: string }).filter((e) => e.op === 'review').at(-1)!;
    expect(last.card).toBe(plan.asked[0]);
    expect(last.ms).toBeLessThan(1000);
    expect(last.rating).toBe('good');
  });

  /** A start that must not use the index: the store first, the control's first card and answers. */
  const missesAndStartsFromTheStore = async (more: Partial<Parameters<typeof run>[0]> = {}) => {
    const ctl = await control(more, 2);
    reset(2);
    expect(await study(more)).toBe(130);
    expect(plan.readsBefore[0]).toBeGreaterThan(0);
    expect(plan.asked).toEqual(ctl.asked);
    expect(plan.shown).toEqual(ctl.shown);
    expect(reviews(env.RECALL_HOME!)).toEqual(ctl.journal);
    expect(io.err()).toBe('');
  };

  it('starts from the store, with the same cards, when the index is damaged, truncated or planted', async () => {
    const file = only('.idx');
    const good = fs.readFileSync(file);
    const tries: Array<[string, Buffer]> = [
      ['a flipped byte', Buffer.from(good.map((b, i) => (i === good.length - 5 ? b ^ 1 : b)))],
      ['truncated', good.subarray(0, good.length - 3)],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, bytes] of tries) {
      fs.writeFileSync(file, bytes);
      await missesAndStartsFromTheStore().catch((err: Error) => {
        throw new Error(`${what}: ${err.message}`);
      });
      fs.writeFileSync(file, good); // the session wrote its own again: the next case starts from the good one
    }
  });

  it('starts from the store when the cards file is damaged, or the index is stale (another session answered since)', async () => {
    const cards = only('.cards');
    const good = fs.readFileSync(cards);
    fs.writeFileSync(cards, good.toString().replace('is true.', 'is TRUE.'));
    await missesAndStartsFromTheStore();
    fs.writeFileSync(cards, good);
    // another session answers a card: the journal grows past what the index was made from
    reset(1);
    expect(await study()).toBe(130);
    const before = fs.readFileSync(only('.idx'));
    reset(1);
    fs.writeFileSync(path.join(dir, 'one.yaml'), 'c11: true\n');
    expect(await run({ decks: ['tf.yaml'], answers: path.join(dir, 'one.yaml'), new: 12 } as Parameters<typeof run>[0], ttyIo(env, dir, 80))).toBe(0);
    expect(fs.readFileSync(only('.idx'))).toEqual(before); // a scripted run writes no index
    await missesAndStartsFromTheStore();
  });

  it('starts from the store, showing the card as it is now, when the deck was edited after the index was written', async () => {
    const deck = path.join(dir, 'tf.yaml');
    fs.writeFileSync(deck, fs.readFileSync(deck, 'utf8').replace(/is true\./g, 'is now true.'));
    await missesAndStartsFromTheStore();
    expect(plan.shown[0]).toMatch(/is now true\.$/);
    // the index written as that session closed is for the deck as it is now
    reset(0);
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(plan.shown[0]).toMatch(/is now true\.$/);
  });

  it('starts again from the store\'s queue when a signed index names other deck bytes than the file\'s', async () => {
    // the deck file's stat as the index recorded it, its deck-cache key not: only loading the deck tells
    forgeIndex((body) => {
      const text = body.toString('latin1');
      const at = text.indexOf('"key":"') + 7;
      body.write(text[at] === '0' ? '1' : '0', at, 'latin1');
      return body;
    });
    const ctl = await control({}, 2);
    reset(3); // the card shown first is asked once more than the control's
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0); // shown from the index
    expect(io.err()).toContain('recall: the study index did not match the decks; the session starts again from the store\'s queue');
    // asked again from the store's queue; the first answer was not used
    expect(plan.asked.slice(1)).toEqual(ctl.asked);
    expect(reviews(env.RECALL_HOME!)).toEqual(ctl.journal);
  });

  it('starts again from the store\'s queue, its card\'s answer not used, when the cards file and index agree on a text the deck does not have', async () => {
    const cards = only('.cards');
    const forged = Buffer.from(fs.readFileSync(cards, 'utf8').replace(/is true\./g, 'is TRUE.'));
    fs.writeFileSync(cards, forged);
    // 12 cards: one chunk, whose SHA-256 is just before the 12 flag bytes at the end
    const hash = createHash('sha256').update(forged).digest();
    forgeIndex((body) => (hash.copy(body, body.length - 12 - 32), body));
    const ctl = await control({}, 2);
    reset(3); // the card shown first is asked once more than the control's
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(plan.shown[0]).toMatch(/is TRUE\.$/); // what the early start showed...
    expect(io.err()).toContain('the study index did not match the decks');
    expect(plan.shown.slice(1)).toEqual(ctl.shown); // ...was taken back: the deck's text from then on
    expect(plan.shown.slice(1).every((t) => t.endsWith('is true.'))).toBe(true);
    expect(reviews(env.RECALL_HOME!)).toEqual(ctl.journal);
  });

  it('starts again from the store\'s queue when progress.json was edited with its seal and size kept', async () => {
    const progressFile = path.join(dir, 'home', 'progress.json');
    const text = fs.readFileSync(progressFile, 'utf8');
    // one answered card due next year: the store's queue no longer starts with it
    const edited = text.replace(/"due":"2026-/, '"due":"2027-');
    expect(edited.length).toBe(text.length);
    fs.writeFileSync(progressFile, edited);
    const ctl = await control({}, 2);
    reset(3); // the card shown first is asked once more than the control's
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(io.err()).toContain('recall: the study index did not match the store; the session starts again from the store\'s queue');
    expect(plan.asked.slice(1)).toEqual(ctl.asked);
    expect(reviews(env.RECALL_HOME!)).toEqual(ctl.journal);
  });

  it('takes --tag from the index as the decks do, and leaves a tag no card has to the usual start\'s error', async () => {
    const ctl = await control({ tag: ['ODD'] }, 2);
    expect(ctl.asked.every((id) => Number(id.slice(1)) % 2 === 1)).toBe(true);
    reset(2);
    expect(await study({ tag: ['ODD'] })).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(plan.asked).toEqual(ctl.asked);
    expect(reviews(env.RECALL_HOME!)).toEqual(ctl.journal);
    reset(0);
    await expect(study({ tag: ['nope'] })).rejects.toThrow('--tag nope: no card has this tag');
    expect(plan.asked).toEqual([]);
  });

  it('keeps an index per --deck, and starts from the store when an exam is set (its plan reads the journal)', async () => {
    reset(0);
    expect(await study({ deck: ['tf'] })).toBe(130); // the first start with --deck: its own index
    expect(plan.readsBefore[0]).toBeGreaterThan(0);
    reset(0);
    expect(await study({ deck: ['tf'] })).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    const { Store } = await import('../../src/adapters/store.js');
    const store = Store.open(env);
    store.setExam({ date: '2026-04-01', target: 0.9, pass: 72, questions: 65, maxPerDay: 200, tags: [] });
    store.close();
    const ctl = await control({}, 1);
    reset(1);
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBeGreaterThan(0);
    expect(plan.asked).toEqual(ctl.asked);
    expect(fs.readdirSync(studyDir()).filter((n) => n.endsWith('.idx'))).toHaveLength(2); // none written with an exam set
  });
});
