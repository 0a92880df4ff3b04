// `recall progress import` into the store: reviews from an export merged into the journal, each id
// once, in batches of whole lines. store.ts exposes this as Store.importEntries / beginImport.
import type { JournalEntry } from '../core/progress.js';
import { journalEntryProblem } from '../core/card-state.js';
import { StoreError } from '../errors.js';
import { IMPORT_BATCH } from './store-options.js';
import type { Store } from './store.js';

/** Entries between checkpoints during an import (bounds what each checkpoint replays). */
const IMPORT_CHECKPOINT = 50_000;

export interface ImportSink {
  /** Appends the entries whose id is new; returns how many. */
  add(entries: JournalEntry[]): number;
  /** Checkpoints when anything was added; returns the total added. */
  finish(): number;
  /** Entries in the journal so far (also when a later write or checkpoint failed). */
  readonly added: number;
}

/**
 * Appends the entries whose id is not in the journal yet (oldest first); returns how many.
 * Throws StoreError IMPORT_INVALID, writing nothing, if any entry is malformed.
 */
export function importEntries(store: Store, entries: JournalEntry[]): number {
  entries.forEach((e, i) => {
    const problem = journalEntryProblem(e);
    if (problem !== undefined) throw new StoreError(`entry ${i + 1} to import is not a valid journal entry: ${problem}`, 'IMPORT_INVALID');
  });
  const sink = beginImport(store);
  for (let i = 0; i < entries.length; i += IMPORT_BATCH) sink.add(entries.slice(i, i + IMPORT_BATCH));
  return sink.finish();
}

/**
 * A streamed import: add() takes valid entries a batch at a time (the caller validated them),
 * skips ids already in the journal or earlier in this import, and appends the rest in one write
 * per batch. Memory is the set of ids, not the entries. Batches are sorted by time; across
 * batches order does not matter: an imported entry older than a card's state never replaces it
 * (applyEntry), so any order folds to the same states.
 */
export function beginImport(store: Store): ImportSink {
  if (store.readOnly) throw new Error('internal: a read-only store was asked to write');
  const seen = new Set<string>();
  for (const e of store.journalEntries()) seen.add(e.id);
  let added = 0;
  return {
    add: (entries) => {
      const fresh: JournalEntry[] = [];
      for (const e of entries) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        fresh.push({ ...e, imported: true });
      }
      if (fresh.length === 0) return 0;
      fresh.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      // One write per batch of whole lines: one fsync for the lot instead of one per entry.
      store.appendMany(fresh, { fullMessage: `disk full: a batch of ${fresh.length} imported reviews was not saved`, checked: true });
      added += fresh.length;
      // A checkpoint replays the journal from the last one: without one every IMPORT_CHECKPOINT
      // entries, the final checkpoint of a million-review import re-read the whole 400 MB (1.5 GB RSS).
      if (store.uncheckpointed >= IMPORT_CHECKPOINT) store.checkpoint();
      return fresh.length;
    },
    finish: () => {
      if (added > 0) store.checkpoint();
      return added;
    },
    get added() {
      return added;
    },
  };
}
