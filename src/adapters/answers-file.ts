// Reads a scripted answers file (YAML or JSON, or stdin with "-"). Untrusted input: size-capped,
// parsed with yaml's error positions, and every mistake becomes a UsageError naming the place.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

const MAX_ANSWERS_BYTES = 5 * 1024 * 1024;

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
  const abs = path.resolve(cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`answers file not found: ${file}`, 'ANSWERS_NOT_FOUND');
  }
  if (stat.isDirectory()) throw new UsageError(`answers file is a folder: ${file}`, 'ANSWERS_NOT_FOUND');
  if (stat.size > MAX_ANSWERS_BYTES) throw new UsageError(`answers file is over 5 MB: ${file}`, 'ANSWERS_TOO_LARGE');
  return fs.readFileSync(abs, 'utf8');
}

/** The answers map: card key -> raw value, validated only as "a mapping". */
export async function readAnswersFile(
  file: string,
  io: { stdin: NodeJS.ReadableStream; cwd: string },
): Promise<Record<string, unknown>> {
  const name = file === '-' ? '<stdin>' : file;
  const text = file === '-' ? await readAll(io.stdin) : readFile(file, io.cwd);
  // JSON is YAML too, but JSON.parse is fast and needs no import: try it first.
  if (/^\s*\{/.test(text)) {
    try {
      return asMapping(JSON.parse(text), name);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err; // not JSON after all: let YAML report where
    }
  }
  const value = (await import('./answers-yaml.js')).parseAnswersYaml(text, name);
  return asMapping(value, name);
}

function asMapping(value: unknown, name: string): Record<string, unknown> {
  if (value === null || value === undefined) throw new UsageError(`${name}: the answers file is empty`, 'ANSWERS_INVALID');
  if (typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${name}: the answers file must map card ids to answers (e.g. "role-credentials: b")`, 'ANSWERS_INVALID');
  return value as Record<string, unknown>;
}
