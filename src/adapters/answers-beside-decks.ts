// `deck lint DIR`: which files a folder walk found are scripted answers files rather than decks
// (core/answers-shape.ts has the rule and why it is strict). Read as `--answers` reads them, with
// the same limits; a file that is not a readable answers file is a deck, and keeps its diagnostics.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { HeadDeck } from './load-decks.js';
import { cardKey } from '../core/model.js';
import { answersFileKind } from '../core/answers-shape.js';
import { RecallError } from '../errors.js';
import { readAnswersFile } from './answers-file.js';

/** Of `candidates` (files a walk found, which failed as decks), the answers files for `decks`, and
 *  those that would be but for keys no card of `decks` has (linted as decks; the caller says why). */
export async function answersFilesAmong(candidates: readonly string[], decks: readonly HeadDeck[], cwd: string): Promise<{ answers: string[]; unknownKeys: Array<{ file: string; unknown: string[] }> }> {
  const out = { answers: [] as string[], unknownKeys: [] as Array<{ file: string; unknown: string[] }> };
  if (candidates.length === 0 || decks.length === 0) return out;
  const known = new Set<string>();
  for (const d of decks)
    for (const c of d.cards) {
      known.add(c.id);
      known.add(cardKey(d.id, c.id));
    }
  for (const file of candidates) {
    let value: unknown;
    try {
      value = await readAnswersFile(file, { stdin: new PassThrough(), cwd });
    } catch (err) {
      if (err instanceof RecallError) continue; // not an answers file recall can read: a deck
      throw err;
    }
    const kind = answersFileKind(value, (key) => known.has(key));
    if (kind.kind === 'answers') out.answers.push(file);
    else if (kind.kind === 'unknown keys') out.unknownKeys.push({ file, unknown: kind.unknown });
  }
  return out;
}

/** The absolute paths of the arguments that name a file (not a folder or a bundled id): a file
 *  named is linted as asked, whatever it holds. */
export function namedFiles(args: readonly string[], cwd: string): Set<string> {
  return new Set(args.map((a) => path.resolve(cwd, a)).filter((abs) => fs.statSync(abs, { throwIfNoEntry: false })?.isFile() === true));
}
