// Reads a scripted answers file (YAML or JSON, or stdin with "-"). Untrusted input: only regular
// files, size-capped, duplicate keys refused in JSON as in YAML, nesting limited, and every mistake
// becomes a UsageError naming the place.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { openRegularFile, readOpened } from './input-file.js';
import { JsonInputError, parseStrictJson } from './json-reader.js';
import fs from 'node:fs';

const MAX_ANSWERS_BYTES = 5 * 1024 * 1024;
/** An answer is a scalar or a list of them; anything nested this deep is not an answers file, and
 *  walking it later could overflow the stack. */
export const MAX_ANSWERS_DEPTH = 32;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_ANSWERS_BYTES) throw new UsageError('answers on stdin are over 5 MB; refusing them', 'ANSWERS_TOO_LARGE');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readFile(file: string, cwd: string): string {
  const opened = openRegularFile(path.resolve(cwd, file), file, 'answers file', MAX_ANSWERS_BYTES, 'ANSWERS_NOT_FOUND');
  try {
    return readOpened(opened, file, 'answers file', MAX_ANSWERS_BYTES, 'ANSWERS_TOO_LARGE');
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** True when `value` holds containers nested deeper than `max` (walked without recursion). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The answers map: card key -> raw value, validated only as "a mapping". */
export async function readAnswersFile(
  file: string,
  io: { stdin: NodeJS.ReadableStream; cwd: string },
): Promise<Record<string, unknown>> {
  // An empty name resolves to the working folder ("answers file  is a folder"): say what it is.
  if (file === '') throw new UsageError('--answers takes a file (or - for standard input), got an empty name', 'ANSWERS_INVALID');
  const name = file === '-' ? '<stdin>' : file;
  const text = file === '-' ? await readAll(io.stdin) : readFile(file, io.cwd);
  // JSON is YAML too, but JSON.parse is fast and needs no import: try it first.
  if (/^\s*\{/.test(text)) {
    try {
      return asMapping(parseStrictJson(text, { maxDepth: MAX_ANSWERS_DEPTH }), name);
    } catch (err) {
      if (!(err instanceof JsonInputError)) throw err;
      // Duplicates and depth are refused outright; a syntax error may be YAML's flow style
      // ({a: b}): let YAML read it and report where.
      if (/^(duplicate key|nested deeper)/.test(err.message)) throw new UsageError(`${name}: invalid answers file: ${err.message}`, 'ANSWERS_INVALID');
    }
  }
  const value = (await import('./answers-yaml.js')).parseAnswersYaml(text, name, MAX_ANSWERS_DEPTH);
  if (deeperThan(value, MAX_ANSWERS_DEPTH)) throw new UsageError(`${name}: invalid answers file: nested deeper than ${MAX_ANSWERS_DEPTH} levels`, 'ANSWERS_INVALID');
  return asMapping(value, name);
}

function asMapping(value: unknown, name: string): Record<string, unknown> {
  if (value === null || value === undefined) throw new UsageError(`${name}: the answers file is empty`, 'ANSWERS_INVALID');
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${name}: the answers file must map card ids to answers (e.g. "role-definition: b")`, 'ANSWERS_INVALID');
  return value as Record<string, unknown>;
}
