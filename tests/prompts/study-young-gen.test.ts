// Interactive study holds V8's young generation at its size while it reads the deck cache and the
// checkpoint and builds the queue (most of which it keeps: young-gen.ts), and lets go before the
// first prompt, on every path out. The prompts module is mocked; V8's flag setter is spied on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

let flags: string[] = [];
const atFirstPrompt: string[][] = [];
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async () => {
    atFirstPrompt.push([...flags]);
    throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
  }),
  askContinue: vi.fn(async () => 'next'),
  askSelfGrade: vi.fn(async () => 'good'),
}));

const { run } = await import('../../src/commands/study.js');

const HELD = '--semi-space-growth-factor=1';
const DEFAULT = '--semi-space-growth-factor=2';
const DECK = `deck: tf
title: TF
tags: [basics]
cards:
  - { id: one, type: truefalse, statement: One is one., answer: true }
  - { id: two, type: truefalse, statement: Two is two., answer: true }
`;

describe('interactive study and the young generation', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    flags = [];
    atFirstPrompt.length = 0;
    vi.spyOn(v8, 'setFlagsFromString').mockImplementation((f: string) => void flags.push(f));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-young-gen-'));
    fs.writeFileSync(path.join(dir, 'tf.yaml'), DECK);
    env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds it while the session is prepared and lets go before the first card is asked', async () => {
    const io = ttyIo(env, dir, 80);
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], io)).toBe(130);
    expect(atFirstPrompt).toEqual([[HELD, DEFAULT]]);
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('lets go when the run is refused before the queue is made (an unknown --tag: exit 2)', async () => {
    const io = ttyIo(env, dir, 80);
    await expect(run({ decks: ['tf.yaml'], tag: ['nosuchtag'] } as Parameters<typeof run>[0], io)).rejects.toThrow(/no card has this tag/);
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('lets go when there is nothing to study', async () => {
    const io = ttyIo(env, dir, 80);
    expect(await run({ decks: ['tf.yaml'], new: 0 } as Parameters<typeof run>[0], io)).toBe(0);
    expect(io.out()).toMatch(/Nothing/);
    expect(atFirstPrompt).toEqual([]);
    expect(flags).toEqual([HELD, DEFAULT]);
  });
});
