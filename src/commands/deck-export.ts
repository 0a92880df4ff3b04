// `recall deck export DECK... --format csv|apkg`: recall decks as Anki text, or as an Anki package.
import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { println } from '../io.js';
import { wrapWords } from '../core/wrap.js';
import { UsageError } from '../errors.js';
import { checkWritable, writeNewFile } from '../adapters/write-new-file.js';
import { refuseStreamPath } from '../adapters/std-stream-path.js';
import { refuseStoreFiles } from '../adapters/store-guard.js';
import { loadDecksOrThrow } from '../adapters/load-decks.js';
import { clockFromEnv } from '../adapters/clock.js';
import { neutralize } from '../core/sanitize.js';
import type { Deck } from '../core/model.js';
import { ankiDeckNames, deckToNotes, type AnkiNote } from '../core/interop/from-deck.js';
import { notesToAnkiText } from '../core/interop/anki-csv.js';

export interface DeckExportOptions {
  decks: string[];
  format?: 'csv' | 'apkg';
  output?: string;
  force?: boolean;
}

interface Exported {
  data: string | Uint8Array;
  notes: number;
  lost: string[];
  what: string;
  next: string;
}

export async function run(opts: DeckExportOptions, io: Io): Promise<number> {
  if (opts.decks.length === 0) throw new UsageError('name the decks to export: files, folders or bundled deck ids (recall decks lists them)');
  if (opts.format === undefined)
    throw new UsageError('deck export needs --format: apkg (an Anki package to open in Anki) or csv (Anki text, for File > Import)');
  // An export is never YAML; a .yaml name is a slip of the hand, and with --force it replaced the
  // deck being exported (`recall deck export my.yaml --format csv -o my.yaml --force`).
  if (opts.output !== undefined && /\.ya?ml$/i.test(opts.output))
    throw new UsageError(`-o ${opts.output}: an export is ${opts.format === 'apkg' ? 'an Anki package (.apkg)' : 'Anki text (.txt)'}, not YAML, and a .yaml name may be a deck; write it to -o NAME.${opts.format === 'apkg' ? 'apkg' : 'txt'}`);
  const now = clockFromEnv(io.env)();
  // A file named with -o is checked before the decks are even loaded (a first lint of a 10,000-card
  // deck takes a second); a folder, or no -o, needs the deck ids for the name and is checked below.
  const named = opts.output !== undefined && opts.output !== '-' && !/[\\/]$/.test(opts.output) && !isDirectory(path.resolve(io.cwd, opts.output));
  if (named) checkDestination(path.resolve(io.cwd, opts.output!), opts.output!, Boolean(opts.force), 'out');
  const decks = await loadDecksOrThrow(opts.decks, io.cwd, { env: io.env, notice: (line) => println(io.stderr, line) });
  const apkg = opts.format === 'apkg';
  // A package is binary: it goes to a file unless stdout is asked for (`-o -`) and is not a terminal.
  const defaultName = `${decks.length === 1 ? decks[0]!.id : 'recall-decks'}.${apkg ? 'apkg' : 'txt'}`;
  let output = opts.output ?? (apkg ? defaultName : '-');
  // `-o FOLDER/` (or an existing folder) takes the default file name inside it.
  if (output !== '-' && (/[\\/]$/.test(output) || isDirectory(path.resolve(io.cwd, output)))) output = path.join(output, defaultName);
  const toStdout = output === '-';
  if (apkg && toStdout && io.stdout.isTTY) throw new UsageError('an Anki package is binary: write it to a file with -o FILE.apkg, or pipe it');
  // Where it goes is checked before it is built: a package of a 10,000-card deck takes seconds,
  // and a mistyped folder or an existing file used to be reported only after them.
  if (!toStdout) refuseStoreFiles(path.resolve(io.cwd, output), output, io.env);
  if (!toStdout && !named) checkDestination(path.resolve(io.cwd, output), output, Boolean(opts.force), defaultName);
  const out = apkg ? await asPackage(decks, now) : asText(decks);
  // With the export on stdout, the summary goes to stderr so a pipe gets only the file.
  const say = toStdout ? io.stderr : io.stdout;
  // An export stdout could not take (> /dev/full) is not reported as exported: the stdout guard
  // says why and exits 2 (src/boot.ts); a reader that left (EPIPE) had what it wanted.
  if (toStdout && (await lostOn(io.stdout, out.data))) return 2;
  if (!toStdout) writeNewFile(path.resolve(io.cwd, output), output, out.data, Boolean(opts.force), 'pass --force to replace it', { mkdirs: false });
  const where = toStdout ? 'stdout' : neutralize(output);
  // On a terminal the summary's long sentences wrap between words, later lines indented; the
  // terminal cut 'next: in Anki, File > Import ...' mid-word.
  const tty = say as { isTTY?: boolean; columns?: number };
  const fit = (line: string): string => (tty.isTTY && tty.columns && line.length > tty.columns ? wrapWords(line, tty.columns, 2) : line);
  println(say, fit(`exported ${out.notes} note${out.notes === 1 ? '' : 's'} from ${decks.length} deck${decks.length === 1 ? '' : 's'} (${decks.map((d) => d.id).join(', ')}) to ${where} as ${out.what}`));
  for (const l of out.lost) println(say, fit(`note: not kept in Anki: ${neutralize(l)}`));
  if (apkg && !toStdout && !/\.apkg$/i.test(output)) println(say, fit(`note: Anki lists only files ending in .apkg in its import dialog; rename ${neutralize(output)} or pass -o NAME.apkg`));
  if (!toStdout) println(say, fit(out.next));
  return 0;
}

/** Writes `data` to `stream`; true when it was lost to a failure other than a reader that left. */
function lostOn(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    stream.write(data, (err) => {
      const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
      resolve(Boolean(err) && code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED');
    });
  });
}

/** The refusals writeNewFile would give, up front: no such folder, not writable, or (without
 *  --force) a file already there. */
function checkDestination(abs: string, shown: string, force: boolean, exampleName: string): void {
  refuseStreamPath(abs, shown, { dash: '-o -' });
  checkWritable(abs, shown, neutralize(shown), exampleName);
  if (force) return;
  let exists = true;
  try {
    fs.lstatSync(abs);
  } catch {
    exists = false;
  }
  if (exists) throw new UsageError(`${neutralize(shown)} already exists; pass --force to replace it`, 'EXISTS');
}

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function asText(decks: readonly Deck[]): Exported {
  const names = ankiDeckNames(decks);
  const notes: AnkiNote[] = [];
  const lost: string[] = [];
  for (const deck of decks) {
    const r = deckToNotes(deck, { deckName: names.get(deck.id)! });
    notes.push(...r.notes);
    lost.push(...r.lost.map((l) => `${deck.id}: ${l}`));
  }
  return {
    // Anki text goes to stdout by default, a terminal: deck text in it is shown neutralised, as
    // recall shows it everywhere (lint warns CONTROL_CHAR about it). Tab and newline are kept.
    data: neutralize(notesToAnkiText(notes)),
    notes: notes.length,
    lost,
    what: 'Anki text',
    next: 'next: in Anki, File > Import this file (it names the note types, decks, tags and guids itself)',
  };
}

async function asPackage(decks: readonly Deck[], now: Date): Promise<Exported> {
  // Only packages pay for sql.js and fflate.
  const [{ buildCollection }, { packageBytes, sha1Hex }] = await Promise.all([import('../core/interop/anki-collection.js'), import('../adapters/anki-package-write.js')]);
  const rows = buildCollection(decks, { nowMs: now.getTime(), sha1Hex });
  const data = await packageBytes(rows, now);
  const kb = Math.max(1, Math.round(data.length / 1024));
  return {
    data,
    notes: rows.noteCount,
    lost: rows.lost,
    what: `an Anki package (${kb} KB, one Anki deck per recall deck)`,
    next: 'next: in Anki, File > Import this file (or open it); its note types are named "recall: Basic", "recall: Type in the answer" and "recall: Cloze"',
  };
}
