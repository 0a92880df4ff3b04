// Ctrl-C in study: exit 130, and a summary that says what happened. The prompts module is mocked:
// the question prompt rejects as @inquirer/prompts does on Ctrl-C, after `answers` answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';
import { TWO_TRUE_CARDS_DECK } from '../helpers/cli.js';

const plan = { answers: 0, asked: 0 };
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async () => {
    if (plan.asked++ >= plan.answers) throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    return { kind: 'answer', answer: { type: 'truefalse', value: true }, usedHint: false };
  }),
  askContinue: vi.fn(async () => 'next'),
  askSelfGrade: vi.fn(async () => 'good'),
}));

const { run } = await import('../../src/commands/study.js');

const DECK = TWO_TRUE_CARDS_DECK;

describe('Ctrl-C in study', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    plan.asked = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-interrupt-'));
    fs.writeFileSync(path.join(dir, 'tf.yaml'), DECK);
    env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on the first card says there is no answer to save, with no row of zeros, and exits 130', async () => {
    plan.answers = 0;
    const io = ttyIo(env, dir, 80);
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], io)).toBe(130);
    expect(io.out()).toContain('Session interrupted: no answers to save.');
    expect(io.out()).not.toContain('every answer given is saved');
    expect(io.out()).not.toMatch(/cards: 0/);
  });

  it('after an answer says it is saved and counts it, and exits 130', async () => {
    plan.answers = 1;
    const io = ttyIo(env, dir, 80);
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], io)).toBe(130);
    expect(io.out()).toContain('Session interrupted; every answer given is saved.');
    expect(io.out()).toMatch(/cards: 1 {4}accuracy: 100%/);
  });

  it('breaks the summary between its figures on a narrow terminal, never inside one', async () => {
    plan.answers = 2;
    const io = ttyIo(env, dir, 30);
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], io)).toBe(130);
    const lines = io.out().split('\n');
    const at = lines.findIndex((l) => l.startsWith('  cards: 2'));
    // "  cards: 2    accuracy: 100%    time: 0s" is 40 columns: the terminal cut it mid-figure.
    expect(lines[at]).toBe('  cards: 2    accuracy: 100%');
    expect(lines[at + 1]).toMatch(/^ {2}time: \d+s$/);
    expect(Math.max(...lines.slice(at, at + 2).map((l) => l.length))).toBeLessThanOrEqual(30);
  });
});
