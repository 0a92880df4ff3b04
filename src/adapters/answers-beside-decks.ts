// Which files a folder walk found are scripted answers files rather than decks (core/answers-shape.ts
// has the rule and why it is strict). Read as `--answers` reads them, with the same limits; a file
// that is not a readable answers file is a deck, and keeps its diagnostics. `deck lint DIR` sets
// them aside, and so does every command that reads decks: a folder that lint passed was refused by
// study, quiz, stats and export with the answers file's "deck has no cards" errors.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { HeadDeck } from './load-decks.js';
import type { Diagnostic } from '../core/model.js';
import { cardKey } from '../core/model.js';
import { answersFileKind } from '../core/answers-shape.js';
import { RecallError } from '../errors.js';
import { neutralize } from '../core/sanitize.js';
import { truncate } from '../core/truncate.js';
import { readAnswersFile } from './answers-file.js';

/**
 * The files of a load to set aside as answers files beside its decks, and the lines that say so
 * (stderr): those only a folder walk found (a file named as an argument is read as asked) that
 * failed with no `cards` at all, as an answers file has none (a deck that has cards is not read a
 * second time: a broken 5 MB deck would be parsed again for nothing). `lint` words the lines for
 * `deck lint`, which can lint a named answers file as a deck.
 */
export async function answersFilesBeside(
  loaded: { files: readonly string[]; diagnostics: readonly Diagnostic[]; decks: readonly HeadDeck[] },
  args: readonly string[],
  cwd: string,
  lint: boolean,
): Promise<{ skipped: Set<string>; notices: string[] }> {
  const named = namedFiles(args, cwd);
  const failing = new Set(loaded.diagnostics.filter((d) => d.code === 'MISSING_FIELD' && d.message === 'the deck has no "cards"').map((d) => d.file));
  const found = await answersFilesAmong(loaded.files.filter((f) => failing.has(f) && !named.has(path.resolve(cwd, f))), loaded.decks, cwd);
  const notices = found.answers.map((f) => `recall: ${neutralize(f)}: skipped, an answers file (its keys are cards of these decks), not a deck${lint ? '; name it to lint it as one' : ''}`);
  for (const { file, unknown } of found.unknownKeys) {
    const keys = unknown.slice(0, 3).map((k) => JSON.stringify(truncate(k, 40))).join(', ') + (unknown.length > 3 ? `, … (${unknown.length} in all)` : '');
    notices.push(`recall: ${neutralize(file)}: ${lint ? 'linted' : 'read'} as a deck; it looks like an answers file, but ${neutralize(keys)} ${unknown.length === 1 ? 'is' : 'are'} no card of these decks`);
  }
  return { skipped: new Set(found.answers), notices };
}

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
