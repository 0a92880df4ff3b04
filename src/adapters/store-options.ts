// Options and constants of the progress store (store.ts), and how journal entries are named.
import { randomBytes } from 'node:crypto';
import type { JournalWrite } from './store-fs.js';
import type { Store } from './store.js';

/**
 * Appends between automatic checkpoints, at least. A checkpoint writes every card state (~360 bytes
 * each; 3.6 MB and 30-90 ms of write and fsync at 10,000 cards), an append ~0.3 ms: so a store
 * checkpoints every max(2,000, N) appends, N being the cards its last checkpoint held, which keeps
 * the checkpoint's share of an answer the same at 10,000 cards as at 2,000 (at a fixed 2,000, a
 * 10,000-card store paid 1.15-1.38x an empty store's cost per answer, the bench's per-answer row).
 * N is the count at the last checkpoint, not the live one: a session adding only new cards grew the
 * live count as fast as the pending entries, and never checkpointed again until it closed. The
 * trade: after a crash, a start replays up to that many journal lines (10,000 lines ~100 ms, once).
 */
export const DEFAULT_CHECKPOINT_EVERY = 2000;

/** What commands' clean close waits for: replaying up to this many lines costs ~5 ms. */
export const CLOSE_CHECKPOINT_AFTER = 500;

/**
 * The share of the period a clean close lets pass without a checkpoint. A close that checkpointed
 * from a fixed 500 pending entries charged a 10,000-card store's whole 3.6 MB checkpoint to each
 * session of 500 or more answers: 1.30-1.35x an empty store's cost per answer in the bench, in
 * wall time, nearly all of it waiting on the fsync. From a quarter of the period, the cost of a
 * close checkpoint per answer is flat as the store grows, as the periodic one's is. The trade: the
 * next start replays up to that many lines (2,500 at 10,000 cards), a quarter of what a crash can
 * leave, next to the 3.6 MB checkpoint it parses anyway.
 */
export const CLOSE_SHARE = 0.25;

/** Appends between automatic checkpoints of a store whose last checkpoint held `cards` cards. */
export function checkpointPeriod(cards: number): number {
  return Math.max(DEFAULT_CHECKPOINT_EVERY, cards);
}

/** Pending entries from which a command's clean close writes a checkpoint (see CLOSE_SHARE). */
export function closeCheckpointAfter(period: number): number {
  return Math.max(CLOSE_CHECKPOINT_AFTER, Math.ceil(period * CLOSE_SHARE));
}

/**
 * Scripted answers per journal write (Store.appendDeferred, then flush): 10,000 answers cost 79
 * fsyncs instead of 10,000 (1-20 s of waiting on a busy disk). A crash loses at most the batch
 * being graded, none of it reported yet; 128 lines are ~60 KB, one write.
 */
export const SCRIPTED_BATCH = 128;

/** Entries per journal write during an import. */
export const IMPORT_BATCH = 2000;

export interface StoreOptions {
  /** Time used to name a corrupt file moved aside (default: now). */
  now?: Date;
  /** Appends between automatic checkpoints (default: checkpointPeriod of the last checkpoint's cards). */
  checkpointEvery?: number;
  /** Writes progress.json. Default: an atomic write (checkpoint-write.ts). Tests inject a short write or an ENOSPC here. */
  writeFile?: (file: string, bytes: Buffer) => void;
  /** Appends to the journal. Tests inject a short write or an ENOSPC here. */
  journalWrite?: JournalWrite;
  /**
   * When close() writes a checkpoint: 'always' (the default) when anything is pending, or
   * 'amortised', as commands open it, from closeCheckpointAfter(period) pending entries: a short
   * session then never writes one, and the next start replays its journal lines instead (the
   * journal is the source of truth).
   */
  checkpointOnClose?: 'always' | 'amortised';
  /** Lock staleness and how long to wait for a busy lock, in ms. */
  lock?: { stale?: number; wait?: number };
  /**
   * Never write: no folder, lock, repair or checkpoint. Reports and settings reads use this, so
   * they work on a read-only store or a full disk; repairs wait for the next writing command, and
   * a long journal tail is replayed in memory.
   */
  readOnly?: boolean;
  /**
   * Checks that may refuse the run (a stored setting out of its range, a damaged exam, input only
   * the store can judge), run once the store is read and before it repairs anything (a torn
   * journal line, leftover temp files, a damaged progress.json moved aside): a refused run writes
   * nothing, and the repairs wait for the next run that goes ahead.
   */
  check?: (store: Store) => void;
}


/** Id shared by every journal entry one run makes (a quiz, a study session, a command). */
export function newSessionId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Unique journal entry id: time-ordered prefix plus 64 random bits. */
export function newEntryId(): string {
  return `${Date.now().toString(36)}-${randomHex8()}`;
}

// Random bytes drawn 4 KB at a time: one randomBytes call per id cost ~20 us, 0.2 s of 10,000
// scripted answers. Ids only need to be unique, not secret, so a pool gives nothing away.
let pool = Buffer.alloc(0);
let used = 0;
function randomHex8(): string {
  if (used + 8 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  used += 8;
  return pool.toString('hex', used - 8, used);
}
