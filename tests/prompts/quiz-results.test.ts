// The interactive quiz's results screen in a narrow terminal, with questions left unanswered. The
// prompts module is mocked: every question is skipped, then the quiz submitted from the review screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

const mode = { end: 'skip' as 'skip' | 'timeout' };
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async () => (mode.end === 'skip' ? { kind: 'nav', nav: 'skip' } : { kind: 'timeout' })),
  askQuizReview: vi.fn(async () => 'submit'),
  askSubmitOrAbandon: vi.fn(async () => 'submit'),
}));

const { run } = await import('../../src/commands/quiz.js');

const DECK = `deck: results
title: Results
cards:
  - id: a-card-id-that-crowds-it
    type: typed
    prompt: Which service issues temporary credentials for a role session?
    answer: STS
  - id: order-it
    type: order
    prompt: Put the steps in order.
    items: [first, second, third]
`;

describe('quiz results with unanswered questions, 40 columns', () => {
  let dir: string;
  let out: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-results-'));
    fs.writeFileSync(path.join(dir, 'results.yaml'), DECK);
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' }, dir, 40);
    expect(await run({ decks: ['results.yaml'], pass: 72, reporter: 'text', seed: 1 } as Parameters<typeof run>[0], io)).toBe(1);
    out = io.out();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says once that a question was not answered, with no answer line for an answer never given', () => {
    expect(out.match(/✗ Not answered \(counts as wrong\)/g)).toHaveLength(2);
    expect(out).not.toContain('✗ Wrong');
    expect(out).not.toContain('(no answer)');
    expect(out).not.toContain('your order');
    expect(out).toContain('  answer: STS');
  });

  it('keeps every line within the terminal, the score broken between words and a long card id whole', () => {
    const lines = out.split('\n');
    expect(lines.filter((l) => l.length > 40)).toEqual([]);
    expect(lines).toContain('Score: 0.0% (0/2 correct, 2 unanswered),');
    const id = lines.indexOf('results/a-card-id-that-crowds-it:');
    expect(id, out).toBeGreaterThan(0);
    expect(lines[id + 1]).toMatch(/^ {2}Which service issues temporary/);
  });

  it('breaks an id wider than the terminal after its deck, not mid-word', async () => {
    // 'a-deck-with-a-long-name/an-even-longer-card-id:' is 48 columns
    fs.writeFileSync(path.join(dir, 'wide.yaml'), 'deck: a-deck-with-a-long-name\ntitle: Wide\ncards:\n  - {id: an-even-longer-card-id, type: typed, prompt: Which one?, answer: This}\n');
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home4'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' }, dir, 40);
    await run({ decks: ['wide.yaml'], pass: 72, reporter: 'text', seed: 1 } as Parameters<typeof run>[0], io);
    const lines = io.out().split('\n');
    const at = lines.indexOf('a-deck-with-a-long-name/');
    expect(at, io.out()).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(['an-even-longer-card-id:', '  Which one?']);
    expect(lines.filter((l) => l.length > 40)).toEqual([]);
  });

  it('breaks the score before its counts when they would pass the edge: no comma left alone on a line', async () => {
    // Ten unanswered questions: 'Score: 0.0% (0/10 correct, 10 unanswered),' is 42 columns.
    const cards = Array.from({ length: 10 }, (_, i) => `  - {id: q${i}, type: typed, prompt: Question ${i}?, answer: A${i}}`).join('\n');
    fs.writeFileSync(path.join(dir, 'ten.yaml'), `deck: ten\ntitle: Ten\ncards:\n${cards}\n`);
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home3'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' }, dir, 40);
    await run({ decks: ['ten.yaml'], pass: 72, reporter: 'text', seed: 1 } as Parameters<typeof run>[0], io);
    const lines = io.out().split('\n');
    const at = lines.indexOf('Score: 0.0%');
    expect(at, io.out()).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual(['(0/10 correct, 10 unanswered),', 'FAILED (pass mark 72%)']);
    expect(lines.filter((l) => l.length > 40)).toEqual([]);
  });

  it('breaks "Time is up" between words when the time runs out', async () => {
    mode.end = 'timeout';
    try {
      const io = ttyIo({ RECALL_HOME: path.join(dir, 'home2'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' }, dir, 40);
      await run({ decks: ['results.yaml'], pass: 72, reporter: 'text', seed: 1, time: 1 } as Parameters<typeof run>[0], io);
      const lines = io.out().split('\n');
      expect(lines).toContain('Time is up. Unanswered questions count');
      expect(lines).toContain('as wrong.');
      expect(lines.filter((l) => l.length > 40)).toEqual([]);
    } finally {
      mode.end = 'skip';
    }
  });
});
