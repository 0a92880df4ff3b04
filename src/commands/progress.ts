// `recall progress path|export|import|reset`.
import fs from 'node:fs';
import { plural } from '../core/count-text.js';
import path from 'node:path';
import type { JournalEntry, ReviewEntry } from '../core/progress.js';
import { closeStore, newEntryId, newSessionId, openStore, type Store } from '../adapters/store.js';
import { clockFromEnv } from '../adapters/clock.js';
import { bundledDeckIds } from '../adapters/deck-files.js';
import { RecallError, UsageError } from '../errors.js';
import { println, type Io } from '../io.js';
import { neutralizeJson } from '../core/sanitize.js';
import { openNewFile, writeFailure } from '../adapters/write-new-file.js';
import { refuseStreamPath } from '../adapters/std-stream-path.js';
import { refuseStoreFiles } from '../adapters/store-guard.js';

export interface ProgressOptions {
  action: 'path' | 'export' | 'import' | 'reset';
  file?: string;
  deck?: string;
  yes?: boolean;
  /** export: replace an existing FILE */
  force?: boolean;
  /** export: -o FILE, the same as FILE */
  output?: string;
}

const FORMAT = 'recall-progress';

/**
 * The reviews that stand (not undone), read from the journal in two passes of a chunk at a time: the
 * first finds what was undone (an undo comes after its review), the second yields the rest. Both
 * stop where the journal ended when the first began, so an answer appended meanwhile by another
 * session is in neither. Holding the whole journal took ~590 MB for 300,000 reviews.
 */
function* liveReviews(store: Store): Generator<ReviewEntry> {
  const upTo = store.journalSize();
  const undone = new Set<string>();
  for (const e of store.journalEntries(upTo)) if (e.op === 'undo') undone.add(e.ref);
  for (const e of store.journalEntries(upTo)) if (e.op === 'review' && !undone.has(e.id)) yield e;
}

export async function run(given: ProgressOptions, io: Io): Promise<number> {
  if (given.output !== undefined && given.file !== undefined && given.output !== given.file)
    throw new UsageError(`progress export writes one file: give it as FILE or as -o FILE, not both ("${given.file}" and "${given.output}")`);
  const opts = given.output !== undefined ? { ...given, file: given.output } : given;
  // export writes to stdout with `-`, so `progress export | progress import -` was tried, and got
  // "import file not found: -". The import reads its file twice (every review checked before any
  // is written), which a pipe cannot give; said before the store is opened.
  if (opts.action === 'import' && opts.file === '-')
    throw new UsageError('progress import reads a file, not standard input: it reads it twice, checking every review before importing any. Save the export first: recall progress export backup.json, then recall progress import backup.json');
  // The import checks its whole file before it opens the store (a refused run writes nothing).
  if (opts.action === 'import') return (await import('./progress-import.js')).importFrom(opts.file!, io);
  // path and export only read: they never write the store. A reset refused (an unknown deck, no
  // --yes) is refused before the store's repairs on opening.
  const store = openStore(io, { readOnly: opts.action === 'path' || opts.action === 'export', ...(opts.action === 'reset' ? { check: (s: Store) => resetRefusal(s, opts.deck, opts.yes === true) } : {}) });
  let failed = false;
  try {
    switch (opts.action) {
      case 'path':
        println(io.stdout, store.dir);
        return 0;
      case 'export':
        return await exportTo(store, opts.file, opts.force === true, io);
      case 'reset':
        return reset(store, opts.deck, io);
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    closeStore(store, io, failed);
  }
}

// Written one card and one review per line, piece by piece: a single JSON.stringify of a big
// history passed V8's string length limit (~512 MB, about a million reviews) and crashed.
async function exportTo(store: Store, file: string | undefined, force: boolean, io: Io): Promise<number> {
  let cards = 0;
  let reviews = 0;
  const toStdout = file === undefined || file === '-';
  if (!toStdout) refuseStreamPath(path.resolve(io.cwd, file!), file!, { dash: '-', alsoStdout: 'or no FILE' });
  if (!toStdout) refuseStoreFiles(path.resolve(io.cwd, file!), file!, io.env);
  const out = toStdout ? streamWriter(io.stdout) : fileWriter(path.resolve(io.cwd, file!), file!, force);
  const write = out.write;
  try {
    await write(`{\n "format": ${JSON.stringify(FORMAT)},\n "version": 1,\n "exportedAt": ${JSON.stringify(clockFromEnv(io.env)().toISOString())},\n "cards": [`);
    let sep = '\n  ';
    for (const [key, state] of store.states()) {
      const slash = key.indexOf('/');
      await write(sep + JSON.stringify({ deck: key.slice(0, slash), card: key.slice(slash + 1), state: state.state, due: state.due, leech: state.leech === true, fsrs: state }));
      sep = ',\n  ';
      cards++;
    }
    await write(`${cards > 0 ? '\n ' : ''}],\n "reviews": [`);
    sep = '\n  ';
    for (const { op: _op, ...r } of liveReviews(store)) {
      await write(sep + JSON.stringify(r));
      sep = ',\n  ';
      reviews++;
    }
    await write(`${reviews > 0 ? '\n ' : ''}]\n}\n`);
    await write(undefined);
  } catch (err) {
    out.abandon();
    // The journal is read while the export is written: a store error (a journal that cannot be
    // read) says so itself, and is not reported as a failure to write the export.
    if (err instanceof RecallError) throw err;
    throw new UsageError(`cannot write ${file ?? 'the export'}: ${writeFailure(err)}`, 'EXPORT_UNWRITABLE');
  }
  if (!toStdout) println(io.stdout, `exported ${plural(cards, 'card')} and ${plural(reviews, 'review')} to ${file}`);
  return 0;
}

/** `write` takes the export piece by piece (undefined: flush and finish); `abandon` after a failure. */
interface Writer {
  write(text: string | undefined): Promise<void>;
  abandon(): void;
}

/**
 * Buffers small pieces into ~1 MB writes. The export holds deck text (ids, typed answers,
 * expected answers): C1 and bidi controls, which JSON.stringify leaves raw, are written as \u
 * escapes, so a terminal shows them inert and an import reads them back exact.
 */
function buffered(flush: (text: string) => Promise<void>, done: () => void, abandon: () => void): Writer {
  let pending = '';
  return {
    async write(text) {
      if (text !== undefined) pending += text;
      if (text === undefined || pending.length >= 1 << 20) {
        const out = neutralizeJson(pending);
        pending = '';
        if (out !== '') await flush(out);
        if (text === undefined) done();
      }
    },
    abandon,
  };
}

function streamWriter(out: NodeJS.WritableStream): Writer {
  return buffered(
    (text) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve))),
    () => undefined,
    () => undefined,
  );
}

/** Into a new file (openNewFile: an existing FILE needs --force, a symlink is never written
 *  through); a failed export leaves no partial file behind. */
function fileWriter(abs: string, shown: string, force: boolean): Writer {
  const file = openNewFile(abs, shown, force, { exampleName: 'backup.json' });
  return buffered(
    async (text) => {
      const buf = Buffer.from(text);
      for (let at = 0; at < buf.length; ) at += fs.writeSync(file.fd, buf, at);
    },
    () => file.finish(),
    () => file.abandon(),
  );
}

/** Deck ids the store has progress or history for, sorted. */
function decksWithProgress(store: Store): string[] {
  const ids = new Set([...store.states().keys()].map((k) => k.slice(0, k.indexOf('/'))));
  for (const e of store.historyEntries()) ids.add(e.deck); // an entry at a time: none is kept
  return [...ids].sort();
}

/** Why a reset is refused (exit 2), checked once the store is read and before it is repaired. */
function resetRefusal(store: Store, deck: string | undefined, yes: boolean): void {
  // A mistyped deck id is reported before asking for --yes: confirming it would do nothing.
  const known = deck !== undefined ? decksWithProgress(store) : [];
  if (deck !== undefined && !known.includes(deck)) {
    if (bundledDeckIds().includes(deck)) return; // nothing to reset: said by reset()
    const list = known.length > 0 ? `decks with progress: ${known.join(', ')}` : 'no deck has progress yet';
    throw new UsageError(`no progress for deck "${deck}" (${list})`, 'UNKNOWN_DECK');
  }
  if (!yes) throw new UsageError(`this forgets the progress of ${deck ? `deck ${deck}` : 'every deck'} (the review history is kept); add --yes to confirm`, 'CONFIRM');
}

function reset(store: Store, deck: string | undefined, io: Io): number {
  if (deck !== undefined && !decksWithProgress(store).includes(deck)) {
    println(io.stdout, `deck ${deck} has no progress: nothing to reset`); // a bundled deck (resetRefusal)
    return 0;
  }
  const at = clockFromEnv(io.env)().toISOString();
  const decks = deck ? [deck] : [...new Set([...store.states().keys()].map((k) => k.slice(0, k.indexOf('/'))))];
  const session = newSessionId();
  for (const d of decks) store.append({ op: 'reset', id: newEntryId(), at, session, deck: d, reason: 'user' });
  println(io.stdout, decks.length === 0 ? 'nothing to reset' : `progress reset for ${decks.join(', ')} (review history kept for stats)`);
  return 0;
}
