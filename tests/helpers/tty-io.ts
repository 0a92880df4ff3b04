// An Io whose stdin and stdout say they are a terminal `columns` wide, for running a command's
// interactive screens in process (the prompts module mocked), with what it wrote kept as text.
import { PassThrough } from 'node:stream';
import type { Io } from '../../src/io.js';

export function ttyIo(env: Record<string, string>, cwd: string, columns = 100): Io & { out: () => string; err: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { stdout, stderr, stdin, env, cwd, out: () => out, err: () => err };
}
