// The progress store: journal.jsonl (append-only, the source of truth) plus progress.json (conf),
// a checkpoint of the journal's fold: settings, card states, and how many journal bytes it covers.
// Answers cost one fsync'd append (O(1)); the checkpoint is rewritten every N appends and on close,
// because a conf write costs time in proportion to the whole file.
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';
import {
  applyEntry,
  DEFAULT_SETTINGS,
  parseJournal,
  serializeEntry,
  type CardState,
  type JournalEntry,
  type Settings,
} from '../core/progress.js';
import { journalEntryProblem } from '../core/card-state.js';
import { settingProblem, SETTING_RULES } from '../core/settings.js';
import { appendLines, DISK_FULL_SUBMISSION, LOCK_NAME, readFrom, sizeOf, startsLine, withLock } from './store-fs.js';
import { checkEntry, ensureStoreDir, leftoverTemps, openStoreFile } from './store-files.js';
import { readHistory, readJournal } from './store-history.js';
import { CheckpointWriter, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { storeDir } from './store-dir.js';
import { CLOSE_CHECKPOINT_AFTER, DEFAULT_CHECKPOINT_EVERY, IMPORT_BATCH, type StoreOptions } from './store-options.js';
import { cleanTemps, moveAside, repairTail } from './store-repair.js';

export { DISK_FULL_APPEND, DISK_FULL_SUBMISSION } from './store-fs.js';

export { CLOSE_CHECKPOINT_AFTER, DEFAULT_CHECKPOINT_EVERY, IMPORT_BATCH, newEntryId, newSessionId, type StoreOptions } from './store-options.js';
export { storeDir };

/** Entries between checkpoints during an import (bounds what each checkpoint replays). */
const IMPORT_CHECKPOINT = 50_000;

interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

function fileId(file: string): FileId | undefined {
  const s = checkEntry(file);
  return s && { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

const sameFile = (a?: FileId, b?: FileId) =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/** Where a command reports what the store had to repair or could not save. */
interface NoticeSink {
  env: Record<string, string | undefined>;
  stderr: NodeJS.WritableStream;
}

function flushNotices(store: Store, io: NoticeSink): void {
  for (const notice of store.notices) io.stderr.write(`recall: ${notice}\n`);
  store.notices.length = 0;
}

/**
 * How commands open the store: repairs made on opening are reported on stderr at once, and close()
 * leaves a short tail to the journal (CLOSE_CHECKPOINT_AFTER), so read-only commands never write.
 */
export function openStore(io: NoticeSink, opts: StoreOptions = {}): Store {
  const store = Store.open(io.env, { checkpointOnCloseAfter: CLOSE_CHECKPOINT_AFTER, ...opts });
  flushNotices(store, io);
  return store;
}

/** Closes a store from openStore, reporting anything that came up meanwhile (a failed checkpoint). */
export function closeStore(store: Store, io: NoticeSink): void {
  try {
    store.close();
  } finally {
    flushNotices(store, io);
  }
}

/**
 * Every entry is checked before it is written, as replay will check it: then every state in the
 * fold has passed the validator, which is what lets a sealed checkpoint skip a second pass.
 */
function checkEntryValid(e: JournalEntry): void {
  const problem = journalEntryProblem(e);
  if (problem !== undefined) throw new StoreError(`cannot save an answer for ${e.deck}/${'card' in e ? e.card : ''}: ${problem}`, 'ENTRY_INVALID');
}

export class Store {
  readonly notices: string[] = [];
  private cards = new Map<string, CardState>();
  private stored: Partial<Settings> = {};
  /** Journal bytes whose entries are all in `cards` (own appends after it are in `cards` too). */
  private folded = 0;
  /** progress.json as we last read or wrote it: unchanged means no need to parse it again. */
  private seen: FileId | undefined;
  private fd: number | undefined;
  private sinceCheckpoint = 0;
  private writer: CheckpointWriter | undefined;
  private appendFailed = false;

  private constructor(
    readonly dir: string,
    private readonly opts: StoreOptions,
  ) {}

  static open(env: Record<string, string | undefined>, opts: StoreOptions = {}): Store {
    const dir = storeDir(env);
    const exists = ensureStoreDir(dir, opts.readOnly !== true);
    const store = new Store(dir, opts);
    if (!exists) return store; // read-only and no store yet: empty
    // Anything but a regular file (a folder for the lock) in their place is exit 2, up front.
    checkEntry(store.journalPath);
    checkEntry(store.progressPath);
    checkEntry(path.join(dir, LOCK_NAME), 'dir');
    store.load();
    return store;
  }

  private get readOnly(): boolean {
    return this.opts.readOnly === true;
  }

  get progressPath(): string {
    return path.join(this.dir, 'progress.json');
  }
  get journalPath(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  /** The settings, defaults filled in. A stored value out of its range is exit 2 naming the file:
   *  the scheduler must never get it, and silently using the default would hide the problem. */
  settings(): Settings {
    const out: Settings = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const v = this.stored[key];
      if (v === undefined) continue;
      const problem = settingProblem(key, v);
      if (problem !== undefined) {
        const name = SETTING_RULES[key].name;
        const fix = key === 'params' ? '`recall config set params default` (then `recall optimize` again)' : `\`recall config set ${name} <value>\``;
        throw new StoreError(
          `${this.progressPath}: setting ${name} is ${JSON.stringify(v)?.slice(0, 60)}, but ${problem}; set it again with ${fix}`,
          'BAD_SETTING',
        );
      }
      (out as unknown as Record<string, unknown>)[key] = v;
    }
    return out;
  }

  /** Saved at once, under the lock (another session's settings changes are kept). */
  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    this.checkpoint({ [key]: value });
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
    this.appendJournal(Buffer.from(serializeEntry(entry)));
    applyEntry(this.cards, entry);
    if (++this.sinceCheckpoint >= (this.opts.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY)) {
      // The answer is already safe in the journal: a failed checkpoint must not look like a lost
      // answer. It is retried at the next one and at close(), which does throw.
      try {
        this.checkpoint();
      } catch (err) {
        this.notices.push(err instanceof StoreError ? err.message : `could not save a checkpoint: ${(err as Error).message}`);
        this.sinceCheckpoint = 0;
      }
    }
  }

  /**
   * Appends several entries that stand or fall together (a submitted quiz) with one write and
   * one fsync. A crash mid-write leaves a torn last line, dropped on the next open like any other.
   */
  appendMany(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    this.writable();
    entries.forEach(checkEntryValid);
    this.appendJournal(Buffer.from(entries.map(serializeEntry).join('')), DISK_FULL_SUBMISSION);
    for (const e of entries) applyEntry(this.cards, e);
    this.sinceCheckpoint += entries.length;
  }

  /** Rewrites progress.json from the journal, under the lock. */
  checkpoint(settingsPatch?: Partial<Settings>): void {
    this.writable();
    withLock(this.dir, () => {
      cleanTemps(this.dir);
      if (!sameFile(fileId(this.progressPath), this.seen)) {
        const cp = readCheckpoint(this.progressPath);
        if (cp.kind === 'ok') this.stored = cp.data.settings;
        else if (cp.kind === 'bad') this.movedAside(cp.reason, 'kept your progress from this session and the journal');
      }
      // Our fold plus a replay from our offset is exact even when another session checkpointed
      // further: re-applying entries already folded changes nothing (see applyEntry).
      this.replayFrom(this.folded);
      if (settingsPatch) this.stored = { ...this.stored, ...settingsPatch };
      this.write({ version: 1, settings: this.stored, journal: { offset: this.folded }, cards: Object.fromEntries(this.cards) });
    }, this.opts.lock);
    this.sinceCheckpoint = 0;
  }

  close(): void {
    try {
      // After a failed append the disk is full: a checkpoint would fail too, and its error would
      // hide the one that matters (which answers were not saved). The journal has the rest.
      if (!this.readOnly && !this.appendFailed && this.sinceCheckpoint > 0 && this.sinceCheckpoint >= (this.opts.checkpointOnCloseAfter ?? 1)) this.checkpoint();
    } finally {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** The whole journal, in order (stats, export). */
  readJournal(): JournalEntry[] {
    return readJournal(this.journalPath);
  }

  /** The journal for reports, without card states (see store-history.ts). */
  readHistory(): JournalEntry[] {
    return readHistory(this.journalPath);
  }

  /**
   * Appends the entries whose id is not in the journal yet (oldest first); returns how many.
   * Throws StoreError IMPORT_INVALID, writing nothing, if any entry is malformed.
   */
  importEntries(entries: JournalEntry[]): number {
    entries.forEach((e, i) => {
      const problem = journalEntryProblem(e);
      if (problem !== undefined) throw new StoreError(`entry ${i + 1} to import is not a valid journal entry: ${problem}`, 'IMPORT_INVALID');
    });
    this.writable();
    const sink = this.beginImport();
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
  beginImport(): { add(entries: JournalEntry[]): number; finish(): number } {
    this.writable();
    const seen = new Set<string>();
    for (const e of this.readJournal()) seen.add(e.id);
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
        this.appendJournal(Buffer.from(fresh.map(serializeEntry).join('')));
        for (const e of fresh) applyEntry(this.cards, e);
        added += fresh.length;
        // A checkpoint replays the journal from the last one: without one every IMPORT_CHECKPOINT
        // entries, the final checkpoint of a million-review import re-read the whole 400 MB (1.5 GB RSS).
        this.sinceCheckpoint += fresh.length;
        if (this.sinceCheckpoint >= IMPORT_CHECKPOINT) this.checkpoint();
        return fresh.length;
      },
      finish: () => {
        if (added > 0) this.checkpoint();
        return added;
      },
    };
  }

  // ---- loading and repair ----------------------------------------------------------------------

  private load(): void {
    const cp = readCheckpoint(this.progressPath);
    if (cp.kind === 'newer') {
      throw new StoreError(
        `${this.progressPath} was written by a newer recall (store version ${cp.version}); upgrade recall to use it`,
        'STORE_NEWER',
      );
    }
    let rebuild = false;
    if (cp.kind === 'bad' && this.readOnly) {
      // Repair is for the next command that writes; this one works from the journal in memory.
      this.notices.push(`${this.progressPath} is damaged (${cp.reason}); used the journal instead (the next study or config set repairs it)`);
      const bak = readCheckpoint(this.progressPath + '.bak');
      if (bak.kind === 'ok') this.adopt({ ...bak.data, cards: {}, journal: { offset: 0 } }, undefined);
    } else if (cp.kind === 'bad') {
      withLock(this.dir, () => {
        const again = readCheckpoint(this.progressPath); // another session may have repaired it
        if (again.kind === 'ok') return this.adopt(again.data, fileId(this.progressPath));
        if (again.kind !== 'bad') return;
        this.movedAside(again.reason, 'rebuilt your progress from the journal');
        const bak = readCheckpoint(this.progressPath + '.bak');
        if (bak.kind === 'ok') this.adopt(bak.data, undefined);
        else this.notices.push('settings were not recoverable and are back to their defaults (see `recall config list`)');
        rebuild = true;
      }, this.opts.lock);
    } else if (cp.kind === 'ok') {
      this.adopt(cp.data, cp.id);
    }
    const tail = this.replayFrom(this.folded);
    if (this.readOnly) return;
    if (tail.kind !== 'none') {
      const notice = withLock(this.dir, () => repairTail(this.journalPath, tail.at, tail.kind as 'torn' | 'entry', this.opts.journalWrite), this.opts.lock);
      if (notice) this.notices.push(notice);
    }
    if (leftoverTemps(this.dir).length > 0) withLock(this.dir, () => cleanTemps(this.dir), this.opts.lock);
    if (rebuild) this.checkpoint();
  }

  private adopt(data: Checkpoint, id: FileId | undefined): void {
    this.stored = data.settings;
    // for-in, not Object.entries: no [key, value] pair per card to collect (10,000 on a big store).
    this.cards = new Map();
    for (const key in data.cards) this.cards.set(key, data.cards[key]!);
    this.folded = data.journal.offset;
    this.seen = id;
  }

  /**
   * Folds journal entries from byte `from` to the end; advances `folded` to the last newline.
   * A whole last entry without its newline is folded too; an unparsable tail is not.
   */
  private replayFrom(from: number): { kind: 'none' | 'torn' | 'entry'; at: number } {
    let start = from;
    const size = sizeOf(this.journalPath);
    if (start > 0 && (size < start || !startsLine(this.journalPath, start))) {
      this.notices.push(`journal.jsonl does not match the checkpoint (it was shortened or replaced); replayed it from the start`);
      start = 0;
    }
    const buf = readFrom(this.journalPath, start);
    const end = buf.lastIndexOf(0x0a) + 1;
    const parsed = parseJournal(buf.toString('utf8'));
    for (const e of parsed.entries) applyEntry(this.cards, e);
    // A long unfolded tail (crashes, other sessions) brings the next checkpoint closer.
    this.sinceCheckpoint += parsed.entries.length;
    if (parsed.badLines.length > 0) {
      // Line numbers count from the top of the file, as an editor shows them: the lines before the
      // replayed part are counted only here, when there is something to report.
      const before = start === 0 ? 0 : countLines(readFrom(this.journalPath, 0).subarray(0, start));
      // A line the validator refused says why (a line that is not JSON needs no reason).
      const why = parsed.firstProblem && parsed.firstProblem !== 'not valid JSON' ? `: ${parsed.badLines.length > 1 ? 'the first ' : ''}${parsed.firstProblem.slice(0, 120)}` : '';
      this.notices.push(journalSkipNotice(parsed.badLines.map((n) => n + before)) + why);
    }
    this.folded = start + end;
    return { kind: parsed.tailEntry ? 'entry' : parsed.tornTail ? 'torn' : 'none', at: start + end };
  }

  /** Writes progress.json safely (see CheckpointWriter); only under the lock. */
  private write(data: Checkpoint): void {
    this.writer ??= new CheckpointWriter(this.progressPath, this.journalPath, this.opts.writeFile);
    try {
      this.seen = this.writer.write(data);
    } catch (err) {
      cleanTemps(this.dir);
      this.seen = fileId(this.progressPath);
      throw err;
    }
  }

  private movedAside(reason: string, what: string): void {
    this.notices.push(moveAside(this.progressPath, this.opts.now ?? new Date(), reason, what));
    this.seen = undefined;
  }

  private appendJournal(buf: Buffer, fullMessage?: string): void {
    try {
      appendLines(this.journalFd(), buf, this.opts.journalWrite, fullMessage);
    } catch (err) {
      this.appendFailed = true;
      throw err;
    }
  }

  private writable(): void {
    if (this.readOnly) throw new Error('internal: a read-only store was asked to write');
  }

  /** The journal opened for appending: no symlink, a regular file, created 0600, mode kept. */
  private openJournal(): number {
    return openStoreFile(this.journalPath, 'append')!;
  }

  private journalFd(): number {
    this.fd ??= this.openJournal();
    return this.fd;
  }
}

/** `journal.jsonl: skipped 2 unreadable lines (lines 1, 2)`; past ten lines, the first ten and a count. */
export function journalSkipNotice(lines: number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  const more = lines.length > 10 ? ` and ${lines.length - 10} more` : '';
  return lines.length === 1
    ? `journal.jsonl: skipped 1 unreadable line (line ${shown})`
    : `journal.jsonl: skipped ${lines.length} unreadable lines (lines ${shown}${more})`;
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}
