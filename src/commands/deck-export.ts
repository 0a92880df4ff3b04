// `recall deck export DECK... --format csv`: recall decks as Anki text that Anki's importer reads.
import path from 'node:path';
import type { Io } from '../io.js';
import { println } from '../io.js';
import { UsageError } from '../errors.js';
import { writeNewFile } from '../adapters/write-new-file.js';
import { loadDecksOrThrow } from '../adapters/load-decks.js';
import { neutralize } from '../core/sanitize.js';
import { deckToNotes, type AnkiNote } from '../core/interop/from-deck.js';
import { notesToAnkiText } from '../core/interop/anki-csv.js';

export interface DeckExportOptions {
  decks: string[];
  format: 'csv';
  output?: string;
  force?: boolean;
}

export async function run(opts: DeckExportOptions, io: Io): Promise<number> {
  if (opts.decks.length === 0) throw new UsageError('name the decks to export: files, folders or bundled deck ids (recall decks lists them)');
  const decks = await loadDecksOrThrow(opts.decks, io.cwd, { env: io.env });
  const notes: AnkiNote[] = [];
  const lost: string[] = [];
  for (const deck of decks) {
    const r = deckToNotes(deck);
    notes.push(...r.notes);
    lost.push(...r.lost.map((l) => `${deck.id}: ${l}`));
  }
  const text = notesToAnkiText(notes);
  const toStdout = opts.output === undefined || opts.output === '-';
  // With the export on stdout, the summary goes to stderr so a pipe gets only the file.
  const say = toStdout ? io.stderr : io.stdout;
  if (toStdout) io.stdout.write(text);
  else writeNewFile(path.resolve(io.cwd, opts.output!), opts.output!, text, Boolean(opts.force));
  const where = toStdout ? 'stdout' : neutralize(opts.output!);
  println(say, `exported ${notes.length} note${notes.length === 1 ? '' : 's'} from ${decks.length} deck${decks.length === 1 ? '' : 's'} (${decks.map((d) => d.id).join(', ')}) to ${where} as Anki text`);
  for (const l of lost) println(say, `note: not kept in Anki: ${neutralize(l)}`);
  if (!toStdout) println(say, 'next: in Anki, File > Import this file (it names the note types, decks, tags and guids itself)');
  return 0;
}
