// File-level pieces of the progress store: the store lock, disk-full-safe journal appends, reading
// the journal from a byte offset. store.ts builds the Store on top of these.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type Lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import { checkEntry, openStoreFile, storeError } from './store-files.js';

export const LOCK_NAME = 'store.lock';

// proper-lockfile (with graceful-fs and retry) is required only when a lock is taken: short runs
// that never checkpoint never pay for it. The bundle keeps it external (scripts/build.mjs).
let lockLib: typeof Lockfile | undefined;
function lockfile(): typeof Lockfile {
  return (lockLib ??= createRequire(import.meta.url)('proper-lockfile') as typeof Lockfile);
}
export const DISK_FULL_APPEND = 'disk full: your last answer was not saved; everything before it is safe';
export const DISK_FULL_SUBMISSION = 'disk full: your whole submission was not saved (none of its answers); everything before it is safe';
/** A scripted run's answers written together (Store.flush) that did not fit. */
export const diskFullBatch = (n: number): string =>
  n === 1 ? DISK_FULL_APPEND : `disk full: the last ${n} answers were not saved; every answer reported before them is safe`;

/** Writes `buf` at the end of the file behind `fd`; returns the bytes written (may be short). */
export type JournalWrite = (fd: number, buf: Buffer) => number;

export const defaultJournalWrite: JournalWrite = (fd, buf) => fs.writeSync(fd, buf, 0, buf.length);

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
export function isDiskFull(err: unknown): boolean {
  return FULL_CODES.has((err as NodeJS.ErrnoException)?.code ?? '');
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Appends whole lines with one write() each and fsyncs. The journal is opened O_APPEND, and on
 * Linux/macOS one write() to a regular file lands in one piece at the end, so two sessions
 * appending at once never interleave inside a line; that is why appends take no lock (and stay
 * O(1)). On a short write or a full disk the partial bytes are cut off again, provided nobody
 * appended after them; otherwise they stay, and parseJournal recovers the entry glued after them.
 * Returns the offset the lines were written at when the file ends right after them (nobody else
 * appended meanwhile, before or after), else -1.
 */
export function appendLines(fd: number, buf: Buffer, write: JournalWrite = defaultJournalWrite, fullMessage = DISK_FULL_APPEND): number {
  const before = fs.fstatSync(fd).size;
  let written = 0;
  let failure: unknown;
  try {
    written = write(fd, buf);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    failure = err;
  }
  if (failure === undefined && written === buf.length) {
    try {
      fs.fsyncSync(fd);
      return fs.fstatSync(fd).size === before + buf.length ? before : -1;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
    }
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size > before && size === before + written) fs.ftruncateSync(fd, before);
    fs.fsyncSync(fd);
  } catch {
    // Best effort: a torn tail is dropped by the next open anyway.
  }
  throw new StoreError(fullMessage, 'DISK_FULL');
}

/** The journal bytes from `from` to the end (empty when the file does not exist). */
export function readFrom(file: string, from: number): Buffer {
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return Buffer.alloc(0);
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(Math.max(0, size - from));
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch (err) {
    throw storeError(file, 'read', err);
  } finally {
    fs.closeSync(fd);
  }
}

/** Size of a store file, or -1 when it does not exist (a symlink or FIFO there: StoreError). */
export function sizeOf(file: string): number {
  return checkEntry(file)?.size ?? -1;
}

/** Is the byte before `offset` a newline (so `offset` starts a line)? */
export function startsLine(file: string, offset: number): boolean {
  if (offset === 0) return true;
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return false;
  try {
    const b = Buffer.alloc(1);
    return fs.readSync(fd, b, 0, 1, offset - 1) === 1 && b[0] === 0x0a;
  } finally {
    fs.closeSync(fd);
  }
}

const OWNER = 'owner';

/**
 * Runs `fn` holding the store lock (proper-lockfile: a `store.lock` directory with mtime-based
 * stale detection). The sync API allows no retries, so we retry here. A lock left by a process
 * that was killed is also taken over at once when its owner pid is gone (same host), instead of
 * waiting for it to go stale. What the lock protects is small: checkpoints are always the fold of a
 * journal prefix plus that prefix's length, so even a lost race only leaves an older, still
 * correct checkpoint; the lock keeps settings writes and temp-file cleanup from racing.
 */
export function withLock<T>(dir: string, fn: () => T, opts: { stale?: number; wait?: number } = {}): T {
  const lockPath = path.join(dir, LOCK_NAME);
  const deadline = Date.now() + (opts.wait ?? 20_000);
  let release: () => void;
  for (;;) {
    // A file, FIFO or symlink named like the lock is not ours: proper-lockfile would wait on it
    // for 20 s, or try to remove it.
    checkEntry(lockPath, 'dir');
    try {
      release = lockfile().lockSync(dir, {
        lockfilePath: lockPath,
        realpath: false,
        stale: opts.stale ?? 10_000,
        onCompromised: () => {},
      });
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found the lock stale but could not rmdir it (our owner file).
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw storeError(lockPath, 'create', err);
      if (code === 'ENOTEMPTY' || ownerIsGone(lockPath)) {
        removeLock(lockPath);
        continue;
      }
      if (Date.now() > deadline) {
        throw new StoreError(
          `the progress store ${dir} is busy (locked by another recall for too long); try again, or remove ${lockPath} if no recall is running`,
          'LOCKED',
        );
      }
      sleepSync(5 + Math.floor(Math.random() * 20));
    }
  }
  try {
    // The lock folder was just made by us; O_NOFOLLOW all the same.
    const C = fs.constants;
    const fd = fs.openSync(path.join(lockPath, OWNER), C.O_WRONLY | C.O_CREAT | C.O_TRUNC | (C.O_NOFOLLOW ?? 0), 0o600);
    try {
      fs.writeSync(fd, `${os.hostname()} ${process.pid}`);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Only an optimisation (fast takeover after a crash); the mtime-based staleness still works.
  }
  try {
    return fn();
  } finally {
    try {
      fs.rmSync(path.join(lockPath, OWNER), { force: true });
      release();
    } catch {
      // Lock already taken over as stale: nothing left to release.
    }
  }
}

/** Takes over a dead lock: our owner file, then the folder. Anything else inside it stays, and
 *  then the lock is not ours to remove. */
function removeLock(lockPath: string): void {
  try {
    const owner = path.join(lockPath, OWNER);
    if (fs.lstatSync(owner, { throwIfNoEntry: false })?.isFile()) fs.unlinkSync(owner);
    fs.rmdirSync(lockPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTEMPTY' || code === 'EEXIST')
      throw new StoreError(`${lockPath} holds files recall did not put there; remove it if no recall is running`, 'LOCKED');
    throw storeError(lockPath, 'write', err);
  }
}

function ownerIsGone(lockPath: string): boolean {
  let text: string;
  try {
    const fd = openStoreFile(path.join(lockPath, OWNER), 'read');
    if (fd === undefined) return false;
    try {
      text = fs.readFileSync(fd, 'utf8').slice(0, 300);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  const [host, pidText] = text.split(' ');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
