// deck export's summary on a terminal wraps between words (the terminal cut 'next: in Anki, File >
// Import this file ...' mid-word); piped, its lines stay whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/deck-export.js';
import type { Io } from '../../src/io.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-export-width-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exportApkg(columns: number | undefined): Promise<string[]> {
  const stdout = Object.assign(new PassThrough(), columns === undefined ? {} : { isTTY: true, columns });
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  const stderr = new PassThrough();
  stderr.resume();
  const io: Io = { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1', RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z' }, cwd: dir };
  expect(await run({ decks: ['iam-exam-signals'], format: 'apkg', output: `out-${columns ?? 'piped'}.apkg` }, io)).toBe(0);
  return out.trimEnd().split('\n');
}

describe('deck export summary', () => {
  it('wraps between words within a 60-column terminal, later lines indented', async () => {
    const lines = await exportApkg(60);
    expect(lines.filter((l) => l.length > 60)).toEqual([]);
    expect(lines.some((l) => /^ {2}\S/.test(l))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('next: in Anki, File > Import this file (or open it)');
  });

  it('keeps each line whole when piped', async () => {
    const lines = await exportApkg(undefined);
    expect(lines.some((l) => l.length > 100)).toBe(true);
    expect(lines.every((l) => /^(exported|note|next):/.test(l) || l.startsWith('exported'))).toBe(true);
  });
});
