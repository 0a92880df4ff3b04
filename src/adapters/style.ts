// Colour for the terminal. Colour is decoration: every output must read the same without it.
import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';
import type { Io } from '../io.js';

type Level = 0 | 1 | 2 | 3;

/** The colour level for a stream: FORCE_COLOR wins, then NO_COLOR, then whether it is a TTY. */
export function colorLevel(env: Io['env'], stream: { isTTY?: boolean }): Level {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return Number.isInteger(n) && n >= 1 && n <= 3 ? (n as Level) : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /256/.test(env.TERM ?? '') ? 2 : 1;
}

/** What chalk does at level 0, without loading chalk: every style, chained or not, is the identity. */
const plain: ChalkInstance = new Proxy(() => undefined, {
  get: (_target, key) => (key === 'level' ? 0 : plain),
  apply: (_target, _this, args: unknown[]) => args.join(' '),
}) as unknown as ChalkInstance;

/**
 * A chalk instance for io.stdout (or the given stream), with no colour unless the terminal wants it.
 * Without colour (pipes, CI, NO_COLOR) chalk is not even loaded; with it, it is require()d on first
 * use (an ES module: Node 20.19+), which keeps it off the start-up of scripted runs.
 */
export function makeStyle(io: Io, stream: { isTTY?: boolean } = io.stdout): ChalkInstance {
  const level = colorLevel(io.env, stream);
  if (level === 0) return plain;
  const { Chalk } = createRequire(import.meta.url)('chalk') as typeof import('chalk');
  return new Chalk({ level });
}
