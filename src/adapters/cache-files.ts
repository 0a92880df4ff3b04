// Where recall keeps derived data that can be rebuilt at any time (deck lint results, compiled
// code): `$RECALL_HOME/cache`, else `$XDG_CACHE_HOME/recall`, else `~/.cache/recall`.
//
// Trust: none. CI caches and shared machines restore this folder, so anything in it may have been
// planted. Every entry is signed with a key kept outside it (cache-key.ts) and checked before use;
// what fails a check is a miss. Deleting the folder loses nothing but the next start's speed, so
// nothing here ever throws. recall deletes only files it recognises as its own (see isOwnTemp and
// the callers' name patterns), never through a symlink.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWhole, writeWholeStreamed } from './whole-file.js';

export function cacheDir(env: Record<string, string | undefined>): string {
  return env.RECALL_HOME
    ? path.join(path.resolve(env.RECALL_HOME), 'cache')
    : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'recall');
}

const C = fs.constants;
/** 0 where the platform has no such flag (Windows): the lstat checks below still apply. */
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const NONBLOCK = C.O_NONBLOCK ?? 0;

/** Temp files recall writes: `<name>.<pid>.<8 hex>.recall-tmp`. Nothing else is ever cleaned up. */
const OWN_TEMP = /\.\d{1,10}\.[0-9a-f]{8}\.recall-tmp$/;
/** A temp file older than this belongs to a run that died (writes take milliseconds). */
const STALE_TEMP_MS = 10 * 60_000;

export function isOwnTemp(name: string): boolean {
  return OWN_TEMP.test(name);
}

export function tempName(file: string): string {
  return `${file}.${process.pid}.${Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0')}.recall-tmp`;
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** A real folder (not a symlink) of ours, created when missing. False when it cannot be one. */
export function ownDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = fs.lstatSync(dir);
    return s.isDirectory() && (uid === undefined || s.uid === uid);
  } catch {
    return false;
  }
}

/**
 * Opens `file` to read without following a symlink or blocking on a FIFO, and gives `use` its fd
 * and stat when it is a regular file; undefined when it is not, cannot be opened, or anything
 * throws. The fd is closed after. Every cache reader (and the cache key's, cache-key.ts; the study
 * cards', study-cards.ts) opens its file this way: a planted FIFO, device or symlink is a miss.
 */
export function withRegularFile<T>(file: string, use: (fd: number, s: fs.Stats) => T | undefined): T | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, C.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const s = fs.fstatSync(fd);
    return s.isFile() ? use(fd, s) : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads `fd` at `start`..`end` into the same places of `data`; false when the file ends first. */
export function readRange(fd: number, data: Buffer, start: number, end: number, at = start): boolean {
  for (let got = 0; got < end - start; ) {
    const n = fs.readSync(fd, data, start + got, end - start - got, at + got);
    if (n === 0) return false;
    got += n;
  }
  return true;
}

/**
 * Reads the end of a cache file, opened as readCacheFile opens it: `from(last, size)` is given its
 * last `tailBytes` and its size and says where to start (undefined: a miss). The file's bytes from there are read
 * into a buffer of the file's size at their own places; the bytes before are not read (nor
 * touched: untouched pages of a new buffer cost nothing) until `rest()`, which reads them from the
 * file again, as long as it still has that size. Undefined on any failure.
 */
export function readCacheFileFrom(file: string, maxBytes: number, tailBytes: number, from: (last: Buffer, size: number) => number | undefined): { data: Buffer; start: number; rest(): boolean } | undefined {
  const opened = (fn: (fd: number, size: number) => boolean): boolean => withRegularFile(file, (fd, s) => s.size <= maxBytes && fn(fd, s.size)) === true;
  let data: Buffer | undefined;
  let start = 0;
  const ok = opened((fd, size) => {
    if (size < tailBytes) return false;
    const last = Buffer.allocUnsafe(tailBytes);
    if (!readRange(fd, last, 0, tailBytes, size - tailBytes)) return false;
    const at = from(last, size);
    if (at === undefined || at < 0 || at > size) return false;
    data = Buffer.allocUnsafe(size);
    start = at;
    return readRange(fd, data, at, size);
  });
  if (!ok || data === undefined) return undefined;
  const whole = data;
  return { data: whole, start, rest: () => opened((fd, size) => size === whole.length && readRange(fd, whole, 0, start)) };
}

/**
 * Reads a cache file: a regular file, not followed through a symlink, at most `maxBytes`
 * (a FIFO or /dev/zero planted in its place is a miss, not a hang). Undefined on any failure.
 */
export function readCacheFile(file: string, maxBytes: number): { data: Buffer; mtimeMs: number } | undefined {
  return withRegularFile(file, (fd, s) => {
    if (s.size > maxBytes) return undefined;
    const data = Buffer.allocUnsafe(s.size);
    let got = 0;
    while (got < data.length) {
      const n = fs.readSync(fd, data, got, data.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { data: data.subarray(0, got), mtimeMs: s.mtimeMs };
  });
}

/**
 * A folder of cache files (`decks`, `cards`, `code`) is used only when it and the cache folder it is
 * in are real folders of ours: a symlink planted as the cache folder itself would send writes, and
 * the pruning after them, to its target. Checked before anything is made, so nothing is created
 * through such a link. (A cache folder the user made a symlink is refused too: recall then runs
 * without caches.)
 */
function ownCacheFolder(dir: string): boolean {
  try {
    const s = fs.lstatSync(path.dirname(dir));
    if (!s.isDirectory() || (uid !== undefined && s.uid !== uid)) return false;
  } catch {
    // Not there yet: ownDir makes it, as a real folder.
  }
  return ownDir(dir);
}

/**
 * Writes a cache file whole or not at all: a temp file of ours (O_EXCL, never through a symlink),
 * fsync'd, then renamed over the name. False when it could not, or when the folder is not a real
 * folder of ours (a symlink planted there would send the write elsewhere).
 */
export function writeCacheFile(file: string, parts: Array<string | NodeJS.ArrayBufferView>): boolean {
  if (!ownCacheFolder(path.dirname(file))) return false;
  try {
    writeWhole(tempName(file), file, parts);
    return true;
  } catch {
    return false;
  }
}

/** writeCacheFile of content made while it is written (writeWholeStreamed): false when it could
 *  not be written, or when `fill` or `head` threw. */
export function writeCacheFileStreamed(file: string, headBytes: number, fill: (write: (bytes: Uint8Array) => void) => void, head: () => Uint8Array): boolean {
  if (!ownCacheFolder(path.dirname(file))) return false;
  try {
    writeWholeStreamed(tempName(file), file, headBytes, fill, head);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes, in `dir`, the regular files `isStale(name, stat)` picks plus stale temp files of ours.
 * Never follows a symlink, never removes a folder, never throws.
 */
export function removeOwn(dir: string, isStale: (name: string, s: fs.Stats) => boolean, now = Date.now()): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const file = path.join(dir, name);
      const s = fs.lstatSync(file);
      if (!s.isFile()) continue;
      if (isOwnTemp(name) ? now - s.mtimeMs > STALE_TEMP_MS : isStale(name, s)) fs.unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove: left alone.
    }
  }
}
