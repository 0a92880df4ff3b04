// Interactive study's early start (src/commands/study-start.ts) in process, the prompts module mocked:
// with a study index, the first card is asked before the checkpoint is read, and it is the card the
// store's queue starts with; the session then goes on with the store's queue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

const plan: { asked: string[]; readsBefore: number[]; answers: number } = { asked: [], readsBefore: [], answers: 0 };
const reads = { checkpoint: 0 };
vi.mock('../../src/adapters/checkpoint.js', async (original) => {
  const mod = await original<typeof import('../../src/adapters/checkpoint.js')>();
  return { ...mod, readCheckpoint: (file: string) => (reads.checkpoint++, mod.readCheckpoint(file)) };
});
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async (card: { id: string }) => {
    plan.asked.push(card.id);
    plan.readsBefore.push(reads.checkpoint);
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
${Array.from({ length: 12 }, (_, i) => `  - { id: c${i}, type: truefalse, statement: Card ${i} is true., answer: true }`).join('\n')}
`;

describe('the early start of interactive study', () => {
  let dir: string;
  let env: Record<string, string>;
  const study = () => run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(env, dir, 80));
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

  it('asks the first card before reading the checkpoint: the card the store\'s queue starts with', async () => {
    const withoutIndex = plan.asked[0];
    expect(plan.readsBefore[0]).toBeGreaterThan(0); // without an index: the store first
    plan.asked = [];
    plan.readsBefore = [];
    reads.checkpoint = 0;
    plan.answers = 3;
    expect(await study()).toBe(130);
    expect(plan.readsBefore[0]).toBe(0);
    expect(reads.checkpoint).toBeGreaterThan(0); // then the store is opened as before
    expect(plan.asked[0]).toBe(withoutIndex);
    // the first card's answer is used once; the session goes on with the store's queue
    expect(plan.asked).toHaveLength(4);
    expect(new Set(plan.asked).size).toBe(4);
  });
});
