// The progress store: journal.jsonl (append-only, the source of truth) plus progress.json (conf),
// a checkpoint of the journal's fold: settings, card states, and how many journal bytes it covers.
// Answers cost one fsync'd append (O(1)); the checkpoint is rewritten every N appends and on close,
// because a conf write costs time in proportion to the whole file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
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
import { appendLines, fixMode, readFrom, sizeOf, sleepSync, startsLine, withLock, type JournalWrite } from './store-fs.js';
import { CheckpointWriter, readCheckpoint, type Checkpoint } from './checkpoint.js';
import { storeDir } from './store-dir.js';

export { DISK_FULL_APPEND } from './store-fs.js';

/**
 * A checkpoint of 10,000 cards costs ~35-75 ms (stringify, write, fsync, read back); an append ~0.3 ms.
 * Every 2,000 appends keeps the amortised checkpoint near 0.04 ms per answer, and the journal tail
 * replayed at start-up under ~20 ms.
 */
export const DEFAULT_CHECKPOINT_EVERY = 2000;

/** What commands use for checkpointOnCloseAfter: replaying up to this many lines costs ~5 ms. */
export const CLOSE_CHECKPOINT_AFTER = 500;

/** Entries per journal write during an import. */
export const IMPORT_BATCH = 2000;
/** Entries between checkpoints during an import (bounds what each checkpoint replays). */
const IMPORT_CHECKPOINT = 50_000;

export interface StoreOptions {
  /** Time used to name a corrupt file moved aside (default: now). */
  now?: Date;
  /** Appends between automatic checkpoints (default DEFAULT_CHECKPOINT_EVERY). */
  checkpointEvery?: number;
  /** Writes progress.json. Default: conf. Tests inject a short write or an ENOSPC here. */
  writeFile?: (file: string, text: string) => void;
  /** Appends to the journal. Tests inject a short write or an ENOSPC here. */
  journalWrite?: JournalWrite;
  /**
   * close() writes a checkpoint only when at least this many entries are not in it yet (default 1:
   * always). Commands pass CLOSE_CHECKPOINT_AFTER: a short session then never loads conf, and the
   * next start replays its few journal lines instead (the journal is the source of truth).
   */
  checkpointOnCloseAfter?: number;
  /** Lock staleness and how long to wait for a busy lock, in ms. */
  lock?: { stale?: number; wait?: number };
}

export { storeDir };

/** Id shared by every journal entry one run makes (a quiz, a study session, a command). */
export function newSessionId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Unique journal entry id: time-ordered prefix plus 64 random bits. */
export function newEntryId(): string {
  return `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}`;
}

interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

function fileId(file: string): FileId | undefined {
  try {
    const s = fs.statSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
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
 * Replaces every review's `"state":{...}` with `"state":null` before parsing, so 100,000 card
 * states are neither parsed nor kept (about half of each line). A state is a flat object (no
 * nested braces, no braces in its strings), so it ends at the first '}' after it starts.
 */
function intern(strings: Map<string, string>, s: string): string {
  const seen = strings.get(s);
  if (seen !== undefined) return seen;
  strings.set(s, s);
  return s;
}

function withoutStates(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = text.indexOf('"state":{', from); i >= 0; i = text.indexOf('"state":{', from)) {
    const close = text.indexOf('}', i);
    if (close < 0) break;
    parts.push(text.slice(from, i), '"state":null');
    from = close + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
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

  private constructor(
    readonly dir: string,
    private readonly opts: StoreOptions,
  ) {}

  static open(env: Record<string, string | undefined>, opts: StoreOptions = {}): Store {
    const dir = storeDir(env);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new Store(dir, opts);
    store.load();
    return store;
  }

  get progressPath(): string {
    return path.join(this.dir, 'progress.json');
  }
  get journalPath(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  settings(): Settings {
    const out: Settings = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const v = this.stored[key];
      const d = DEFAULT_SETTINGS[key];
      if (Array.isArray(d) ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === typeof d)
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
    appendLines(this.journalFd(), Buffer.from(serializeEntry(entry)), this.opts.journalWrite);
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
    appendLines(this.journalFd(), Buffer.from(entries.map(serializeEntry).join('')), this.opts.journalWrite);
    for (const e of entries) applyEntry(this.cards, e);
    this.sinceCheckpoint += entries.length;
  }

  /** Rewrites progress.json from the journal, under the lock. */
  checkpoint(settingsPatch?: Partial<Settings>): void {
    withLock(this.dir, () => {
      this.cleanTemps();
      if (!sameFile(fileId(this.progressPath), this.seen)) {
        const cp = readCheckpoint(this.progressPath);
        if (cp.kind === 'ok') this.stored = cp.data.settings;
        else if (cp.kind === 'bad') this.moveAside(cp.reason, 'kept your progress from this session and the journal');
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
      if (this.sinceCheckpoint > 0 && this.sinceCheckpoint >= (this.opts.checkpointOnCloseAfter ?? 1)) this.checkpoint();
    } finally {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** The whole journal, in order (stats, export). */
  readJournal(): JournalEntry[] {
    const buf = readFrom(this.journalPath, 0);
    return parseJournal(buf.subarray(0, buf.lastIndexOf(0x0a) + 1).toString('utf8')).entries;
  }

  /**
   * The journal for reports (stats): read in 1 MB chunks, with review entries stripped of their
   * card state, which reports do not use. 100,000 entries then take a fraction of the memory that
   * readJournal() needs.
   */
  readHistory(): JournalEntry[] {
    const out: JournalEntry[] = [];
    let fd: number;
    try {
      fd = fs.openSync(this.journalPath, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw err;
    }
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const decoder = new StringDecoder('utf8');
      const strings = new Map<string, string>();
      let carry = '';
      for (let n = fs.readSync(fd, chunk, 0, chunk.length, null); n > 0; n = fs.readSync(fd, chunk, 0, chunk.length, null)) {
        const text = carry + decoder.write(chunk.subarray(0, n));
        const end = text.lastIndexOf('\n') + 1;
        carry = text.slice(end);
        for (const e of parseJournal(withoutStates(text.slice(0, end))).entries) {
          // Deck and card ids repeat across thousands of entries: keep one copy of each.
          e.deck = intern(strings, e.deck);
          if ('card' in e && e.card !== undefined) e.card = intern(strings, e.card);
          out.push(e);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return out;
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
        appendLines(this.journalFd(), Buffer.from(fresh.map(serializeEntry).join('')), this.opts.journalWrite);
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
    if (cp.kind === 'bad') {
      withLock(this.dir, () => {
        const again = readCheckpoint(this.progressPath); // another session may have repaired it
        if (again.kind === 'ok') return this.adopt(again.data, fileId(this.progressPath));
        if (again.kind !== 'bad') return;
        this.moveAside(again.reason, 'rebuilt your progress from the journal');
        const bak = readCheckpoint(this.progressPath + '.bak');
        if (bak.kind === 'ok') this.adopt(bak.data, undefined);
        else this.notices.push('settings were not recoverable and are back to their defaults (see `recall config list`)');
        rebuild = true;
      }, this.opts.lock);
    } else if (cp.kind === 'ok') {
      this.adopt(cp.data, cp.id);
    }
    const { torn, tornAt } = this.replayFrom(this.folded);
    if (torn) this.dropTornTail(tornAt);
    if (this.hasTemps()) withLock(this.dir, () => this.cleanTemps(), this.opts.lock);
    fixMode(this.progressPath);
    fixMode(this.journalPath);
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

  /** Folds journal entries from byte `from` to the last whole line; advances `folded`. */
  private replayFrom(from: number): { torn: boolean; tornAt: number } {
    let start = from;
    const size = sizeOf(this.journalPath);
    if (start > 0 && (size < start || !startsLine(this.journalPath, start))) {
      this.notices.push(`journal.jsonl does not match the checkpoint (it was shortened or replaced); replayed it from the start`);
      start = 0;
    }
    const buf = readFrom(this.journalPath, start);
    const end = buf.lastIndexOf(0x0a) + 1;
    const parsed = parseJournal(buf.subarray(0, end).toString('utf8'));
    for (const e of parsed.entries) applyEntry(this.cards, e);
    // A long unfolded tail (crashes, other sessions) brings the next checkpoint closer.
    this.sinceCheckpoint += parsed.entries.length;
    if (parsed.badLines.length > 0) {
      // Line numbers count from the top of the file, as an editor shows them: the lines before the
      // replayed part are counted only here, when there is something to report.
      const before = start === 0 ? 0 : countLines(readFrom(this.journalPath, 0).subarray(0, start));
      this.notices.push(journalSkipNotice(parsed.badLines.map((n) => n + before)));
    }
    this.folded = start + end;
    return { torn: buf.subarray(end).toString('utf8').trim() !== '', tornAt: start + end };
  }

  /**
   * A crash can leave an incomplete last line. It is cut off under the lock, after making sure it
   * is not a line another session is writing right now (the size must stay put for a moment).
   */
  private dropTornTail(at: number): void {
    withLock(this.dir, () => {
      const size = sizeOf(this.journalPath);
      sleepSync(30);
      if (sizeOf(this.journalPath) !== size) return;
      const tail = readFrom(this.journalPath, at);
      if (tail.includes(0x0a)) return; // completed (or followed) by another session: keep it
      const fd = fs.openSync(this.journalPath, 'r+');
      try {
        fs.ftruncateSync(fd, at);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      this.notices.push('journal.jsonl ended in an incomplete line (an interrupted run); it was dropped');
    }, this.opts.lock);
  }

  private moveAside(reason: string, what: string): void {
    const stamp = (this.opts.now ?? new Date()).toISOString().replace(/:/g, '-');
    let aside = `${this.progressPath}.corrupt-${stamp}`;
    for (let n = 2; fs.existsSync(aside); n++) aside = `${this.progressPath}.corrupt-${stamp}-${n}`;
    fs.renameSync(this.progressPath, aside);
    this.seen = undefined;
    this.notices.push(`${this.progressPath} was unreadable (${reason}); moved it to ${aside} and ${what}`);
  }

  private hasTemps(): boolean {
    return fs.readdirSync(this.dir).some((n) => n.includes('.tmp-'));
  }

  /** conf leaves `progress.json.tmp-*` behind when killed mid-write. Only run under the lock. */
  private cleanTemps(): void {
    for (const n of fs.readdirSync(this.dir)) if (n.includes('.tmp-')) fs.rmSync(path.join(this.dir, n), { force: true });
  }

  /** Writes progress.json safely (see CheckpointWriter); only under the lock. */
  private write(data: Checkpoint): void {
    this.writer ??= new CheckpointWriter(this.progressPath, this.journalPath, this.opts.writeFile);
    try {
      this.seen = this.writer.write(data);
    } catch (err) {
      this.cleanTemps();
      this.seen = fileId(this.progressPath);
      throw err;
    }
  }

  private journalFd(): number {
    if (this.fd === undefined) {
      this.fd = fs.openSync(this.journalPath, 'a', 0o600);
      fixMode(this.journalPath);
    }
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
