// `recall exam set` says what it set in one sentence; on a terminal it breaks between words (at 40
// columns the terminal cut it mid-word, "t\narget 0.9"), piped it stays one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { ttyIo } from '../helpers/tty-io.js';
import { recall } from '../helpers/cli.js';

describe('exam set confirmation and the terminal width', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-exam-width-'));
    env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-10T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('wraps between words within 40 columns, later lines indented', async () => {
    const io = ttyIo(env, dir, 40);
    expect(await main(['exam', 'set', '2026-12-20', '--questions', '65'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toEqual([
      'Exam set for 2026-12-20 (in 285 days):',
      '  target 0.9, pass 72%, 65 questions, at',
      '  most 200 cards a day.',
      'See where you stand: recall exam',
    ]);
  });

  it('stays one line when piped', async () => {
    const r = await recall(['exam', 'set', '2026-12-20', '--questions', '65'], { env });
    expect(r.out.split('\n')[0]).toBe('Exam set for 2026-12-20 (in 285 days): target 0.9, pass 72%, 65 questions, at most 200 cards a day.');
  });
});
