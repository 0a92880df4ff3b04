// After a wrong order answer, study and the quiz's misses list the student's order as numbered
// places, as the right order is: the items were shown numbered and shuffled, so the deck's letters
// ("a) ..., c) ...") were never on their screen. And the quiz's opening lines in a narrow terminal. The prompts module is mocked (the keys that build
// an order answer are the order prompt's own tests); study and quiz run in-process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

const asked: number[][] = [];
vi.mock('../../src/adapters/prompts.js', () => ({
  // First the student's wrong order (second item first), then the right one when it comes back.
  askCard: vi.fn(async () => {
    const order = asked.length === 0 ? [1, 0, 2] : [0, 1, 2];
    asked.push(order);
    return { kind: 'answer', answer: { type: 'order', order }, usedHint: false };
  }),
  askContinue: vi.fn(async () => 'next'),
  askQuizReview: vi.fn(async () => 'submit'),
  askSelfGrade: vi.fn(async () => 'good'),
  askSubmitOrAbandon: vi.fn(async () => 'submit'),
}));

const study = await import('../../src/commands/study.js');
const quiz = await import('../../src/commands/quiz.js');

const DECK = `deck: steps
title: Steps
cards:
  - id: assume
    type: order
    prompt: Put the steps of assuming a role in order.
    items:
      - The caller asks STS to assume the role
      - STS checks the role's trust policy
      - STS returns temporary credentials
`;

const YOUR_ORDER = [
  '  your order:',
  "    1. ✗ STS checks the role's trust policy",
  '    2. ✗ The caller asks STS to assume the role',
  '    3. ✓ STS returns temporary credentials',
].join('\n');

describe('feedback on a wrong order', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    asked.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-order-'));
    fs.writeFileSync(path.join(dir, 'steps.yaml'), DECK);
    env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('study lists the order the student gave by place, each place marked, without deck letters', async () => {
    const io = ttyIo(env, dir);
    await study.run({ decks: ['steps.yaml'] } as Parameters<typeof study.run>[0], io);
    expect(asked[0]).toEqual([1, 0, 2]);
    expect(io.out()).toContain(YOUR_ORDER);
    expect(io.out()).not.toMatch(/your order: [a-c]\)/);
  });

  it('the quiz heading and its key line break between phrases at 40 columns', async () => {
    const io = ttyIo(env, dir, 40);
    await quiz.run({ decks: ['steps.yaml'], pass: 72, reporter: 'text', seed: 904711 } as Parameters<typeof quiz.run>[0], io);
    const top = io.out().split('\n').slice(0, 4);
    expect(top).toEqual(['Quiz: 1 question, pass mark 72%', '(seed 904711)', 'Ctrl+F flag · Ctrl+N skip · Ctrl+P back', 'Ctrl+R review and submit']);
  });

  it("the quiz's walk through the misses does the same", async () => {
    const io = ttyIo(env, dir);
    await quiz.run({ decks: ['steps.yaml'], pass: 72, reporter: 'text', seed: 1 } as Parameters<typeof quiz.run>[0], io);
    expect(io.out()).toContain('Missed (1)');
    expect(io.out()).toContain(YOUR_ORDER);
    expect(io.out()).not.toMatch(/your order: [a-c]\)/);
  });
});
