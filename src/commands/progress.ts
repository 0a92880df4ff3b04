// `recall progress path|export|import|reset`.
import fs from 'node:fs';
import path from 'node:path';
import type { JournalEntry, ReviewEntry } from '../core/progress.js';
import { SELF_RATINGS } from '../core/model.js';
import { closeStore, newEntryId, newSessionId, openStore, type Store } from '../adapters/store.js';
import { clockFromEnv } from '../adapters/clock.js';
import { bundledDeckIds } from '../adapters/deck-files.js';
import { UsageError } from '../errors.js';
import { println, type Io } from '../io.js';

export interface ProgressOptions {
  action: 'path' | 'export' | 'import' | 'reset';
  file?: string;
  deck?: string;
  yes?: boolean;
}

const FORMAT = 'recall-progress';
const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** Review entries that still count: the ones no later undo took back. */
function liveReviews(entries: JournalEntry[]): ReviewEntry[] {
  const undone = new Set(entries.flatMap((e) => (e.op === 'undo' ? [e.ref] : [])));
  return entries.filter((e): e is ReviewEntry => e.op === 'review' && !undone.has(e.id));
}

export async function run(opts: ProgressOptions, io: Io): Promise<number> {
  const store = openStore(io);
  try {
    switch (opts.action) {
      case 'path':
        println(io.stdout, store.dir);
        return 0;
      case 'export':
        return exportTo(store, opts.file, io);
      case 'import':
        return importFrom(store, opts.file!, io);
      case 'reset':
        return reset(store, opts.deck, opts.yes === true, io);
    }
  } finally {
    closeStore(store, io);
  }
}

function exportTo(store: Store, file: string | undefined, io: Io): number {
  const cards = [...store.states()].map(([key, state]) => {
    const slash = key.indexOf('/');
    return { deck: key.slice(0, slash), card: key.slice(slash + 1), state: state.state, due: state.due, leech: state.leech === true, fsrs: state };
  });
  const reviews = liveReviews(store.readJournal()).map(({ op: _op, ...r }) => r);
  const text = JSON.stringify({ format: FORMAT, version: 1, exportedAt: clockFromEnv(io.env)().toISOString(), cards, reviews }, null, 1) + '\n';
  if (file === undefined || file === '-') {
    io.stdout.write(text);
  } else {
    try {
      fs.writeFileSync(path.resolve(io.cwd, file), text, { mode: 0o600 });
    } catch (err) {
      throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'EXPORT_UNWRITABLE');
    }
    println(io.stdout, `exported ${cards.length} card(s) and ${reviews.length} review(s) to ${file}`);
  }
  return 0;
}

function importFrom(store: Store, file: string, io: Io): number {
  const abs = path.resolve(io.cwd, file);
  let data: unknown;
  try {
    if (fs.statSync(abs).size > MAX_IMPORT_BYTES) throw new UsageError(`${file} is too large to import`, 'IMPORT_INVALID');
    data = JSON.parse(fs.readFileSync(abs, 'utf8'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const why = err instanceof SyntaxError ? `not valid JSON (${err.message})` : `cannot read it (${(err as NodeJS.ErrnoException).code})`;
    throw new UsageError(`${file}: ${why}`, 'IMPORT_INVALID');
  }
  const doc = data as { format?: unknown; version?: unknown; reviews?: unknown };
  if (!doc || doc.format !== FORMAT || doc.version !== 1 || !Array.isArray(doc.reviews))
    throw new UsageError(`${file}: not a recall progress export (expected "format": "${FORMAT}", "version": 1)`, 'IMPORT_INVALID');
  const entries: ReviewEntry[] = [];
  doc.reviews.forEach((r: any, i: number) => {
    const ok =
      r && typeof r.id === 'string' && typeof r.deck === 'string' && typeof r.card === 'string' && typeof r.at === 'string' &&
      !Number.isNaN(Date.parse(r.at)) && SELF_RATINGS.includes(r.rating) && (r.kind === 'study' || r.kind === 'quiz') &&
      (r.state === null || (r.state && typeof r.state === 'object' && typeof r.state.due === 'string'));
    if (!ok) throw new UsageError(`${file}: review ${i + 1} is malformed (needs id, deck, card, at, rating, kind, state)`, 'IMPORT_INVALID');
    entries.push({ ...r, op: 'review', ms: typeof r.ms === 'number' ? r.ms : 0, correct: typeof r.correct === 'boolean' ? r.correct : null });
  });
  const added = store.importEntries(entries);
  println(io.stdout, `imported ${added} new review(s); ${entries.length - added} were already here`);
  return 0;
}

/** Deck ids the store has progress or history for, sorted. */
function decksWithProgress(store: Store): string[] {
  const ids = new Set([...store.states().keys()].map((k) => k.slice(0, k.indexOf('/'))));
  for (const e of store.readHistory()) ids.add(e.deck);
  return [...ids].sort();
}

function reset(store: Store, deck: string | undefined, yes: boolean, io: Io): number {
  // A mistyped deck id is reported before asking for --yes: confirming it would do nothing.
  if (deck !== undefined) {
    const known = decksWithProgress(store);
    if (!known.includes(deck)) {
      if (bundledDeckIds().includes(deck)) {
        println(io.stdout, `deck ${deck} has no progress: nothing to reset`);
        return 0;
      }
      const list = known.length > 0 ? `decks with progress: ${known.join(', ')}` : 'no deck has progress yet';
      throw new UsageError(`no progress for deck "${deck}" (${list})`, 'UNKNOWN_DECK');
    }
  }
  if (!yes) throw new UsageError(`this forgets the progress of ${deck ? `deck ${deck}` : 'every deck'} (the review history is kept); add --yes to confirm`, 'CONFIRM');
  const at = clockFromEnv(io.env)().toISOString();
  const decks = deck ? [deck] : [...new Set([...store.states().keys()].map((k) => k.slice(0, k.indexOf('/'))))];
  const session = newSessionId();
  for (const d of decks) store.append({ op: 'reset', id: newEntryId(), at, session, deck: d, reason: 'user' });
  println(io.stdout, decks.length === 0 ? 'nothing to reset' : `progress reset for ${decks.join(', ')} (review history kept for stats)`);
  return 0;
}
