// Runs the CLI in-process with fake streams and a private RECALL_HOME: fast command-level tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';
import { afterEach, beforeEach } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Two true/false cards (`tf/one`, `tf/two`, both answered true): the study session tests' deck. */
export const TWO_TRUE_CARDS_DECK = `deck: tf
title: TF
cards:
  - { id: one, type: truefalse, statement: One is one., answer: true }
  - { id: two, type: truefalse, statement: Two is two., answer: true }
`;

/** A deck of one true/false card (`geo/flat`, answer false): for tests about files and output, not decks. */
export const ONE_CARD_DECK = `deck: geo
title: Geography
cards:
  - id: flat
    type: truefalse
    statement: The earth is flat.
    answer: false
`;

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

export function tempHome(prefix = 'recall-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `recall ...args` with env (RECALL_HOME required), stdin text, cwd (default repo root). */
export async function recall(args: string[], opts: { env: Record<string, string>; stdin?: string; cwd?: string }): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  stdin.end(opts.stdin ?? '');
  const io: Io = { stdout, stderr, stdin, env: { NO_COLOR: '1', TZ: 'UTC', ...opts.env }, cwd: opts.cwd ?? repoRoot };
  const code = await main(args, io);
  return { code, out, err };
}

/**
 * A fresh temp home for each test of the file, with a `work` folder as the current directory:
 * recall runs there with its store in the home, and files are written and read in it.
 * Call at the top level of a test file (it registers beforeEach/afterEach).
 */
export function workFolder(extraEnv: Record<string, string> = {}) {
  let home: ReturnType<typeof tempHome> | undefined;
  const work = {
    get dir(): string {
      if (home === undefined) throw new Error('workFolder: used outside a test');
      return path.join(home.dir, 'work');
    },
    env: (): Record<string, string> => ({ RECALL_HOME: path.join(path.dirname(work.dir), 'store'), ...extraEnv }),
    run: (args: string[]) => recall(args, { env: work.env(), cwd: work.dir }),
    write: (name: string, data: string | Uint8Array): string => {
      fs.writeFileSync(path.join(work.dir, name), data);
      return name;
    },
    read: (name: string): string => fs.readFileSync(path.join(work.dir, name), 'utf8'),
  };
  beforeEach(() => {
    home = tempHome();
    fs.mkdirSync(work.dir);
  });
  afterEach(() => home?.cleanup());
  return work;
}
