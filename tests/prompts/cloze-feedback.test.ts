// A cloze answer with a blank left empty shows the empty blank as ___ in the feedback ('you typed:
// ___ | long-term'); it showed as nothing between the bars. Study runs in-process with the prompts
// module mocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

let calls = 0;
vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async () => {
    if (calls++ > 0) throw Object.assign(new Error('done'), { name: 'ExitPromptError' });
    return { kind: 'answer', answer: { type: 'cloze', texts: ['', 'temporary'] }, usedHint: false };
  }),
  askContinue: vi.fn(async () => 'next'),
  askSelfGrade: vi.fn(async () => 'good'),
}));

const { run } = await import('../../src/commands/study.js');

const DECK = `deck: blanks
title: Blanks
cards:
  - id: lifetime
    type: cloze
    text: A user keeps {{long-term}} credentials; a role yields {{temporary}} ones.
`;

describe('cloze feedback', () => {
  let dir: string;
  beforeEach(() => {
    calls = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cloze-'));
    fs.writeFileSync(path.join(dir, 'blanks.yaml'), DECK);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows a blank left empty as ___', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' }, dir, 80);
    await run({ decks: ['blanks.yaml'] } as Parameters<typeof run>[0], io);
    expect(io.out()).toContain('✗ Wrong');
    expect(io.out()).toContain('  you typed: ___ | temporary');
  });
});
