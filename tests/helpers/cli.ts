// Runs the CLI in-process with fake streams and a private RECALL_HOME: fast command-level tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
