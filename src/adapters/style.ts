// Colour for the terminal. Colour is decoration: every output must read the same without it.
import { Chalk, type ChalkInstance } from 'chalk';
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

/** A chalk instance for io.stdout (or the given stream), with no colour unless the terminal wants it. */
export function makeStyle(io: Io, stream: { isTTY?: boolean } = io.stdout): ChalkInstance {
  return new Chalk({ level: colorLevel(io.env, stream) });
}
