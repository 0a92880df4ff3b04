// Appending to journal.jsonl: the one open file descriptor of a store, whether an append failed
// (then the disk is full, and close() must not hide that behind a failing checkpoint), the check
// every entry passes before it is written, and answers deferred to be written together.
import fs from 'node:fs';
import { applyEntry, serializeEntry, stateKey, type CardState, type JournalEntry, type ReviewEntry } from '../core/progress.js';
import { journalEntryProblem } from '../core/card-state.js';
import { StoreError } from '../errors.js';
import { appendLines, type JournalWrite } from './store-fs.js';
import { openStoreFile } from './store-files.js';

export class JournalAppender {
  private fd: number | undefined;
  /** An append failed (disk full, a short write, the file not writable). */
  failed = false;

  constructor(
    readonly file: string,
    /** Tests inject a short write or an ENOSPC here. */
    private readonly write?: JournalWrite,
  ) {}

  /**
   * Appends whole lines with one write, fsync'd (see appendLines); StoreError DISK_FULL when not
   * saved. Returns the offset they went to when nothing else was appended around them, else -1.
   */
  append(buf: Buffer, fullMessage?: string): number {
    try {
      return appendLines(this.open(), buf, this.write, fullMessage);
    } catch (err) {
      this.failed = true;
      throw err;
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** Opened on the first append: no symlink, a regular file, created 0600, a mode its owner gave kept. */
  private open(): number {
    this.fd ??= openStoreFile(this.file, 'append')!;
    return this.fd;
  }
}

/**
 * Every entry is checked before it is written, as replay will check it: then every state in the
 * fold has passed the validator, which is what lets a sealed checkpoint skip a second pass.
 */
export function checkEntryValid(e: JournalEntry): void {
  const problem = journalEntryProblem(e);
  if (problem !== undefined) throw new StoreError(`cannot save an answer for ${e.deck}/${'card' in e ? e.card : ''}: ${problem}`, 'ENTRY_INVALID');
}

/** Answers folded already but written later, together (Store.appendDeferred, Store.flush). */
export class DeferredAnswers {
  readonly lines: string[] = [];
  /** The state each card had before its first deferred answer: put back if the write fails. */
  private readonly before = new Map<string, CardState | undefined>();

  add(entry: ReviewEntry, cards: Map<string, CardState>): void {
    const key = stateKey(entry.deck, entry.card);
    if (!this.before.has(key)) this.before.set(key, cards.get(key));
    this.lines.push(serializeEntry(entry));
    applyEntry(cards, entry);
  }

  /** Takes the answers out of the fold again: they were not saved. */
  unfold(cards: Map<string, CardState>): void {
    for (const [key, state] of this.before) {
      if (state === undefined) cards.delete(key);
      else cards.set(key, state);
    }
  }
}
