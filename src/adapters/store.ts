// The progress store: journal.jsonl (append-only, the source of truth) plus progress.json,
// a checkpoint of the journal's fold: settings, card states, and how many journal bytes it covers.
// Answers cost one fsync'd append (O(1)); the checkpoint is rewritten every N appends and on close,
// because a checkpoint write costs time in proportion to the whole store.
// This file holds the Store's state and its rules (what is folded, when to checkpoint, what to
// repair on opening); the pieces live beside it: store-files (safe file access), store-fs (the
// lock, appends), store-journal (the open journal), store-replay, store-repair, store-import,
// store-settings, checkpoint (progress.json).
import path from 'node:path';
import { StoreError } from '../errors.js';
import { applyEntry, serializeEntry, type CardState, type JournalEntry, type ReviewEntry, type Settings } from '../core/progress.js';
import { resolveSettings } from './store-settings.js';
import { diskFullBatch, DISK_FULL_SUBMISSION, LOCK_NAME, withLock } from './store-fs.js';
import { checkEntry, ensureStoreDir, fileId, leftoverTemps, sameFile, type FileId } from './store-files.js';
import { historyEntries, HISTORY_CHUNK, journalEntries, readHistory, readJournal } from './store-history.js';
import { CheckpointWriter, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { writtenSeal } from './checkpoint-seal.js';
import { baseOf, CardStates, checkpointFile, type CheckpointBase } from './checkpoint-append.js';
import { keyIn } from './cache-key.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';
import { checkpointPeriod, closeCheckpointAfter, type StoreOptions } from './store-options.js';
import { cleanTemps, moveAside, repairTail } from './store-repair.js';
import { startingPoint } from './store-load.js';
import { replayJournal } from './store-replay.js';
import { checkEntryValid, DeferredAnswers, JournalAppender } from './store-journal.js';
import { beginImport, importEntries, type ImportSink } from './store-import.js';
import { neutralize } from '../core/sanitize.js';

export { DISK_FULL_APPEND, DISK_FULL_SUBMISSION } from './store-fs.js';

export { IMPORT_BATCH, newEntryId, newSessionId, SCRIPTED_BATCH, type StoreOptions } from './store-options.js';
export { storeDir };

/** Where a command reports what the store had to repair or could not save. */
interface NoticeSink {
  env: Record<string, string | undefined>;
  stderr: NodeJS.WritableStream;
}

function flushNotices(store: Store, io: NoticeSink): void {
  // Notices quote what the store holds (a refused journal value, JSON.parse's excerpt of a damaged
  // progress.json) and its path: shown inert, as every message on stderr.
  for (const notice of store.notices) io.stderr.write(`recall: ${neutralize(notice)}\n`);
  store.notices.length = 0;
}

/**
 * How commands open the store: repairs made on opening are reported on stderr at once, and close()
 * leaves a short tail to the journal (closeCheckpointAfter), so read-only commands never write.
 */
export function openStore(io: NoticeSink, opts: StoreOptions = {}): Store {
  const check = opts.check;
  const store = Store.open(io.env, {
    checkpointOnClose: 'amortised',
    ...opts,
    // A refused run still says what reading the store found (a journal line it skipped).
    ...(check ? { check: (s: Store) => { try { check(s); } catch (err) { flushNotices(s, io); throw err; } } } : {}),
  });
  flushNotices(store, io);
  return store;
}

/**
 * Closes a store from openStore, reporting anything that came up meanwhile (a failed checkpoint).
 * After the command failed (`failed`), a failure to close is not thrown: it would replace the error
 * that says what happened (a planted progress.json.bak failed an import's checkpoint, then the
 * closing checkpoint again, and the message lost how many reviews went in).
 */
export function closeStore(store: Store, io: NoticeSink, failed = false, opts: { checkpoint?: boolean } = {}): void {
  try {
    store.close(opts);
  } catch (err) {
    if (!failed) throw err;
  } finally {
    flushNotices(store, io);
  }
}

export class Store {
  readonly notices: string[] = [];
  private cards = new CardStates();
  private stored: Partial<Settings> = {};
  /** Journal bytes whose entries are all in `cards` (own appends after it are in `cards` too). */
  private folded = 0;
  /** progress.json as we last read or wrote it: unchanged means no need to parse it again. */
  private seen: FileId | undefined;
  private sinceCheckpoint = 0;
  /** Cards the last checkpoint read or written held: what the checkpoint period follows. */
  private checkpointedCards = 0;
  private writer: CheckpointWriter | undefined;
  /** progress.json as this process last read (sealed) or wrote it: the next checkpoint appends to
   *  it (checkpoint-append.ts). Only while the file is unchanged (`seen`). */
  private base: CheckpointBase | undefined;
  /** The seal and journal offset of progress.json as `seen` (when sealed with this store's key). */
  private sealSeen: { seal: string; offset: number } | undefined;
  private readonly journal: JournalAppender;
  /** Answers from appendDeferred waiting for flush(). */
  private deferred: DeferredAnswers | undefined;

  private constructor(
    readonly dir: string,
    private readonly opts: StoreOptions,
  ) {
    this.journal = new JournalAppender(this.journalPath, opts.journalWrite);
  }

  static open(env: Record<string, string | undefined>, opts: StoreOptions = {}): Store {
    const dir = storeDir(env);
    const exists = ensureStoreDir(dir, false);
    const store = new Store(dir, opts);
    if (exists) {
      // Anything but a regular file (a folder for the lock) in their place is exit 2, up front.
      checkEntry(store.journalPath);
      checkEntry(store.progressPath);
      checkEntry(path.join(dir, LOCK_NAME), 'dir');
      store.load();
    }
    try {
      opts.check?.(store); // may refuse the run: before any repair, so a refused run writes nothing
    } catch (err) {
      store.journal.close();
      throw err;
    }
    if (store.readOnly) return store; // and no store yet: empty
    if (exists) store.repair();
    else ensureStoreDir(dir, true); // not even the folder for a refused run
    return store;
  }

  get readOnly(): boolean {
    return this.opts.readOnly === true;
  }

  get progressPath(): string {
    return path.join(this.dir, PROGRESS_FILE);
  }
  get journalPath(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  /** The settings, defaults filled in; a stored value out of its range is exit 2 (store-settings.ts). */
  settings(): Settings {
    return resolveSettings(this.stored, this.progressPath);
  }

  /** Saved at once, under the lock (another session's settings changes are kept). */
  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    this.checkpoint({ [key]: value });
  }

  /** The settings as progress.json holds them: not resolved, not checked (the study index keeps them). */
  storedSettings(): Partial<Settings> {
    return this.stored;
  }

  /** The exam profile as stored; untrusted: check it with checkExamConfig. null when none is set. */
  exam(): unknown {
    return (this.stored as Record<string, unknown>).exam ?? null;
  }

  /** Sets (or, with null, clears) the exam, saved at once under the lock like a setting. */
  setExam(exam: unknown): void {
    this.checkpoint({ exam } as unknown as Partial<Settings>);
  }

  /** The live fold: read it, do not modify it (change state only through append()). */
  states(): Map<string, CardState> {
    return this.cards;
  }

  /** Appends one entry, fsync'd, and folds it in. Throws StoreError DISK_FULL when not saved. */
  append(entry: JournalEntry): void {
    this.writable();
    checkEntryValid(entry);
    this.flush(); // order in the journal is the order of the answers
    const buf = Buffer.from(serializeEntry(entry));
    const at = this.journal.append(buf);
    applyEntry(this.cards, entry);
    this.folds(at, buf.length);
    this.saved(1);
  }

  /**
   * An answer of a scripted run: checked and folded now, but written by the next flush(), in one
   * write and one fsync with the others deferred since the last. It is not saved until flush()
   * returns, so the caller acknowledges it only then (README, "Scripted runs": what this trades).
   */
  appendDeferred(entry: ReviewEntry): void {
    this.writable();
    checkEntryValid(entry);
    (this.deferred ??= new DeferredAnswers()).add(entry, this.cards);
  }

  /** Answers from appendDeferred not written yet. */
  get unflushed(): number {
    return this.deferred?.lines.length ?? 0;
  }

  /**
   * Writes the deferred answers: one write (O_APPEND, so another session's lines never land inside
   * it) and one fsync. On a full disk none of them is saved: they leave the fold again, and the
   * StoreError DISK_FULL says how many were lost.
   */
  flush(): void {
    const d = this.deferred;
    if (d === undefined) return;
    this.deferred = undefined;
    const buf = Buffer.from(d.lines.join(''));
    let at: number;
    try {
      at = this.journal.append(buf, diskFullBatch(d.lines.length));
    } catch (err) {
      d.unfold(this.cards);
      throw err;
    }
    this.folds(at, buf.length);
    this.saved(d.lines.length);
  }

  /**
   * Folds what other sessions appended to the journal since this one last read or wrote it, so an
   * answer is scheduled from the card's latest state: two sessions studying the same card each
   * graded it from the state they had read on opening, and the later answer's schedule ignored the
   * earlier one (its review stayed in the journal, its effect on the card did not). A stat of the
   * journal when nobody else wrote; else a replay from `folded` in journal order, this session's own
   * later lines included (applying them again in that order gives the journal's own fold). Not
   * while deferred answers wait (scripted runs): they are in the fold but not in the journal yet.
   */
  catchUp(): void {
    if (this.deferred !== undefined) return;
    const size = this.journalSize();
    if (size > this.folded) this.replayFrom(this.folded);
  }

  /**
   * Our own lines, written at `at`, are in the fold: when they directly follow what is folded
   * (nobody else appended), `folded` moves past them, and the next checkpoint need not read them
   * back from the journal (a scripted run re-read and re-parsed each 2,000 answers it had written).
   */
  private folds(at: number, length: number): void {
    if (at >= 0 && at === this.folded) this.folded += length;
  }

  /**
   * Counts entries now safe in the journal, and checkpoints every `period` of them.
   */
  private saved(n: number): void {
    this.sinceCheckpoint += n;
    if (this.sinceCheckpoint < this.period) return;
    // The answers are already safe in the journal: a failed checkpoint must not look like a lost
    // answer. It is retried at the next one and at close(), which does throw.
    try {
      this.checkpoint();
    } catch (err) {
      this.notices.push(err instanceof StoreError ? err.message : `could not save a checkpoint: ${(err as Error).message}`);
      this.sinceCheckpoint = 0;
    }
  }

  /**
   * Appends several entries that stand or fall together (a submitted quiz) with one write and
   * one fsync. A crash mid-write leaves a torn last line, dropped on the next open like any other.
   */
  appendMany(entries: JournalEntry[], how: { fullMessage?: string; checked?: boolean } = {}): void {
    if (entries.length === 0) return;
    this.writable();
    if (how.checked !== true) entries.forEach(checkEntryValid);
    this.flush();
    const buf = Buffer.from(entries.map(serializeEntry).join(''));
    const at = this.journal.append(buf, how.fullMessage ?? DISK_FULL_SUBMISSION);
    for (const e of entries) applyEntry(this.cards, e);
    this.folds(at, buf.length);
    this.sinceCheckpoint += entries.length;
  }

  /** Entries between automatic checkpoints: by default every 2,000, or every as many as the last
   *  checkpoint held cards when that is more: a checkpoint writes every card state, so its cost
   *  per answer stays the same as the store grows (store-options.ts). */
  private get period(): number {
    return this.opts.checkpointEvery ?? checkpointPeriod(this.checkpointedCards);
  }

  /** Entries in the journal (replayed or appended) that the checkpoint does not hold yet. */
  get uncheckpointed(): number {
    return this.sinceCheckpoint;
  }

  /** Rewrites progress.json from the journal, under the lock. */
  checkpoint(settingsPatch?: Partial<Settings>): void {
    this.writable();
    this.flush(); // a checkpoint holds only what the journal holds
    withLock(this.dir, () => {
      cleanTemps(this.dir);
      if (!sameFile(fileId(this.progressPath), this.seen)) {
        this.base = undefined; // another session wrote it: its bytes are not the ones we hold
        this.sealSeen = undefined;
        const cp = readCheckpoint(this.progressPath);
        if (cp.kind === 'ok') this.stored = cp.data.settings;
        else if (cp.kind === 'bad') this.movedAside(cp.reason, 'kept your progress from this session and the journal');
      }
      // Our fold plus a replay from our offset is exact even when another session checkpointed
      // further: re-applying entries already folded changes nothing (see applyEntry).
      this.replayFrom(this.folded);
      if (settingsPatch) this.stored = { ...this.stored, ...settingsPatch };
      this.write({ settings: this.stored, offset: this.folded });
    }, this.opts.lock);
    this.sinceCheckpoint = 0;
  }

  /** `checkpoint: false`: a run refused before it did anything (commands/common.ts openWorkspace)
   *  leaves progress.json as it found it, even with a long journal tail it folded on opening. */
  close(opts: { checkpoint?: boolean } = {}): void {
    try {
      // After a failed append the disk is full: a checkpoint would fail too, and its error would
      // hide the one that matters (which answers were not saved). The journal has the rest.
      // Deferred answers are written first: a run that ends early (an error) keeps them.
      if (!this.readOnly && !this.journal.failed) this.flush();
      if (opts.checkpoint !== false && !this.readOnly && !this.journal.failed && this.sinceCheckpoint > 0 && this.sinceCheckpoint >= this.closeAfter) this.checkpoint();
    } finally {
      this.journal.close();
    }
  }

  /** Pending entries from which close() checkpoints (StoreOptions.checkpointOnClose). */
  private get closeAfter(): number {
    return this.opts.checkpointOnClose === 'amortised' ? closeCheckpointAfter(this.period) : 1;
  }

  /** The whole journal, in order (stats, export). */
  readJournal(): JournalEntry[] {
    return readJournal(this.journalPath);
  }

  /** Every journal entry up to `upTo` bytes, in order, read a chunk at a time (see store-history.ts). */
  journalEntries(upTo?: number): Generator<JournalEntry> {
    return journalEntries(this.journalPath, upTo === undefined ? {} : { upTo });
  }

  /**
   * Every journal entry with its card state, read in the reports' chunks (store-history.ts): for
   * readiness's calibration, which replays each card's state before every answer.
   */
  calibrationEntries(): Generator<JournalEntry> {
    return journalEntries(this.journalPath, { chunk: HISTORY_CHUNK });
  }

  /** The journal's size now: where a reading in several passes stops (journalEntries). */
  journalSize(): number {
    return fileId(this.journalPath)?.size ?? 0;
  }

  /** The journal for reports, without card states (see store-history.ts; the calibration needs them). */
  readHistory(): JournalEntry[] {
    return readHistory(this.journalPath);
  }

  /** The same, an entry at a time, none of them held (see store-history.ts). */
  historyEntries(): Generator<JournalEntry> {
    return historyEntries(this.journalPath);
  }

  /** See store-import.ts. Throws StoreError IMPORT_INVALID, writing nothing, if any entry is malformed. */
  importEntries(entries: JournalEntry[]): number {
    return importEntries(this, entries);
  }

  /** A streamed import (see store-import.ts). */
  beginImport(): ImportSink {
    return beginImport(this);
  }

  // ---- loading and repair ----------------------------------------------------------------------

  /** What load() found that repair() must mend: a journal's last line, a damaged progress.json. */
  private pending: { tail?: { kind: 'torn' | 'entry'; at: number }; damaged?: string; bakLost?: boolean } = {};

  /** Reads the store: nothing is written here (repairs wait for repair(), after opts.check). */
  private load(): void {
    const start = startingPoint(this.progressPath, { readOnly: this.readOnly });
    this.notices.push(...start.notices);
    if (start.data) this.adopt(start.data, start.id, start.sealed);
    const tail = this.replayFrom(this.folded);
    if (tail.kind !== 'none') this.pending.tail = { kind: tail.kind, at: tail.at };
    if (start.damaged !== undefined) this.pending = { ...this.pending, damaged: start.damaged, bakLost: start.data === undefined };
  }

  /**
   * The repairs of opening, each under the lock and touching only what recall made: a journal's
   * torn last line, leftover temp files of progress.json writes, a damaged progress.json moved
   * aside and written again from the journal. A read-only store leaves them to the next writer.
   */
  private repair(): void {
    if (this.readOnly) return;
    const { tail, damaged, bakLost } = this.pending;
    this.pending = {};
    if (tail !== undefined) {
      const notice = withLock(this.dir, () => repairTail(this.journalPath, tail.at, tail.kind, this.opts.journalWrite), this.opts.lock);
      if (notice) this.notices.push(notice);
    }
    if (leftoverTemps(this.dir).length > 0) withLock(this.dir, () => cleanTemps(this.dir), this.opts.lock);
    if (damaged === undefined) return;
    // Another session may have repaired it since load(): then it is theirs, and ours is not needed.
    const moved = withLock(this.dir, () => {
      const again = readCheckpoint(this.progressPath);
      return again.kind === 'bad' ? moveAside(this.progressPath, this.opts.now ?? new Date(), again.reason, 'rebuilt your progress from the journal') : undefined;
    }, this.opts.lock);
    if (moved === undefined) return;
    // First: it says what happened to the file the other notices may name.
    this.notices.unshift(moved, ...(bakLost ? ['settings were not recoverable and are back to their defaults (see `recall config list`)'] : []));
    this.checkpoint();
  }

  private adopt(data: Checkpoint, id: FileId | undefined, sealed: Buffer | undefined): void {
    this.stored = data.settings;
    this.cards = CardStates.of(data.cards);
    this.checkpointedCards = this.cards.size;
    this.folded = data.journal.offset;
    this.seen = id;
    const seal = sealed && writtenSeal(sealed);
    this.sealSeen = seal && id !== undefined ? { seal, offset: data.journal.offset } : undefined;
    // Read-only commands never write a checkpoint: they keep no copy of the file.
    if (sealed !== undefined && id !== undefined && !this.readOnly) this.base = baseOf(sealed, { settings: data.settings, offset: data.journal.offset });
  }

  /** Folds the journal from byte `from` to the end (see replayJournal); advances `folded`. */
  private replayFrom(from: number): { kind: 'none' | 'torn' | 'entry'; at: number } {
    const r = replayJournal(this.journalPath, from, this.cards);
    // A long unfolded tail (crashes, other sessions) brings the next checkpoint closer.
    this.sinceCheckpoint += r.entries;
    this.notices.push(...r.notices);
    this.folded = r.folded;
    return { kind: r.tail, at: r.folded };
  }

  /** Writes progress.json safely (see CheckpointWriter), appended to the last one when it can be
   *  (checkpoint-append.ts); only under the lock. */
  private write(head: { settings: Partial<Settings>; offset: number }): void {
    this.writer ??= new CheckpointWriter(this.progressPath, this.journalPath, this.opts.writeFile);
    const file = checkpointFile(head, this.cards, this.base, keyIn(this.dir, true));
    this.base = undefined;
    this.sealSeen = undefined;
    try {
      this.seen = this.writer.write(file.parts);
      this.base = file.base;
      const seal = writtenSeal(file.parts[file.parts.length - 1]!);
      if (seal !== undefined) this.sealSeen = { seal, offset: head.offset };
      this.cards.settle();
      this.checkpointedCards = this.cards.size;
    } catch (err) {
      cleanTemps(this.dir);
      this.seen = fileId(this.progressPath);
      throw err;
    }
  }

  private movedAside(reason: string, what: string): void {
    this.notices.push(moveAside(this.progressPath, this.opts.now ?? new Date(), reason, what));
    this.seen = undefined;
    this.sealSeen = undefined;
  }

  /**
   * What the study index (study-index.ts) is keyed by, when this store's fold is exactly
   * progress.json as this process last read or wrote it (sealed with this store's key) plus the
   * journal from that file's offset to `folded`: undefined otherwise. The caller checks that the
   * files are still those (the seal at the file's end, the journal's length).
   */
  foldOrigin(): { seal: string; offset: number; folded: number; seen: FileId } | undefined {
    if (this.sealSeen === undefined || this.seen === undefined || this.deferred !== undefined || this.journal.failed) return undefined;
    return { ...this.sealSeen, folded: this.folded, seen: this.seen };
  }

  private writable(): void {
    if (this.readOnly) throw new Error('internal: a read-only store was asked to write');
  }
}
