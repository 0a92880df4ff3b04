// How the store touches its files: never through a symlink, only regular files (the lock: only a
// real folder), and every failure a StoreError (exit 2) that names the file. A FIFO in place of
// the journal would hang every command, /dev/zero would be read until memory runs out, and a
// symlink would send appends (or a chmod) to a file recall does not own.
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors.js';
import { errnoWords } from './errno-text.js';
import { takePrefetched } from './prefetch.js';

const C = fs.constants;
/** O_NOFOLLOW: a symlink fails with ELOOP instead of being followed. O_NONBLOCK: opening a FIFO
 *  returns at once instead of waiting for a writer (the fstat check then refuses it). */
const SAFE = (C.O_NOFOLLOW ?? 0) | (C.O_NONBLOCK ?? 0);

/** The store opens with O_NOFOLLOW: ELOOP is a link where a store file should be. */
const LINK = 'it is a symbolic link, and recall does not follow links in its store';

/** `cannot read FILE: EACCES (permission denied)` and the like. */
export function storeError(file: string, verb: 'read' | 'write' | 'create', err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const words = code === 'ELOOP' ? LINK : code ? errnoWords(code) : undefined;
  const why = code ? `${code}${words ? ` (${words})` : ''}` : String((err as Error)?.message ?? err);
  return new StoreError(`cannot ${verb} ${file}: ${why}`, code === 'ENOSPC' ? 'DISK_FULL' : 'STORE_IO');
}

function kindOf(s: fs.Stats): string {
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return s.isFile() ? 'a regular file' : 'not a regular file';
}

export function notRegular(file: string, s: fs.Stats, want = 'a regular file'): StoreError {
  return new StoreError(`${file} is ${kindOf(s)}, not ${want}; recall leaves it alone (move it away to go on)`, 'STORE_NOT_REGULAR');
}

/**
 * lstat of a store file: undefined when it does not exist; throws StoreError when something other
 * than what recall makes there (a regular file, or a folder for the lock) is in its place.
 */
export function checkEntry(file: string, want: 'file' | 'dir' = 'file'): fs.Stats | undefined {
  let s: fs.Stats;
  try {
    s = fs.lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw storeError(file, 'read', err);
  }
  if (want === 'file' ? !s.isFile() : !s.isDirectory()) throw notRegular(file, s, want === 'file' ? 'a regular file' : 'the lock folder recall makes');
  return s;
}

/**
 * Opens a store file without following a symlink and checks it is a regular file. For reading,
 * a missing file gives undefined; for appending, it is created with mode 0600 (an existing file
 * keeps the mode its owner gave it).
 */
export function openStoreFile(file: string, how: 'read' | 'append'): number | undefined {
  let fd: number;
  try {
    fd =
      how === 'read'
        ? fs.openSync(file, C.O_RDONLY | SAFE)
        : fs.openSync(file, C.O_WRONLY | C.O_APPEND | C.O_CREAT | SAFE, 0o600);
  } catch (err) {
    if (how === 'read' && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
      const s = fs.lstatSync(file, { throwIfNoEntry: false });
      if (s) throw notRegular(file, s);
    }
    throw storeError(file, how === 'read' ? 'read' : 'write', err);
  }
  try {
    const s = fs.fstatSync(fd);
    if (!s.isFile()) throw notRegular(file, s);
    return fd;
  } catch (err) {
    fs.closeSync(fd);
    throw storeError(file, 'read', err);
  }
}

/** Reads a whole store file (undefined when missing), with the same checks as openStoreFile. */
export function readStoreFile(file: string): { data: Buffer; stat: fs.Stats } | undefined {
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return undefined;
  try {
    const stat = fs.fstatSync(fd);
    // Bytes boot.ts began reading before the CLI loaded, if this is still that file (prefetch.ts).
    return { data: takePrefetched(file, stat) ?? fs.readFileSync(fd), stat };
  } catch (err) {
    throw storeError(file, 'read', err);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The store folder: made (0700) when `create` and missing. A file in its place, a path through a
 * file, a read-only or unreadable parent: StoreError naming it. Without `create`, a missing folder
 * is fine (an empty store) and false is returned.
 */
export function ensureStoreDir(dir: string, create: boolean): boolean {
  const stat = () => {
    try {
      return fs.statSync(dir, { throwIfNoEntry: false });
    } catch (err) {
      throw storeError(dir, 'read', err);
    }
  };
  let s = stat();
  if (s === undefined && create) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw storeError(dir, 'create', err);
    }
    s = stat();
  }
  if (s === undefined) return false;
  if (!s.isDirectory()) throw new StoreError(`the store folder ${dir} is not a folder (set RECALL_HOME to a folder)`, 'STORE_NOT_DIR');
  return true;
}

/** The temp files of progress.json writes (checkpoint-write.ts, and conf before it): `<file>.tmp-<10 digits><6 hex>`. */
const CONF_TEMP = /^progress\.json\.tmp-\d{10}[0-9a-f]{6}$/;

/** Whether `name` is one of those temp files. */
export const isCheckpointTemp = (name: string): boolean => CONF_TEMP.test(name);

/** Names of such temp files left in `dir` by a run that died mid-write (regular files only). */
export function leftoverTemps(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => CONF_TEMP.test(n) && fs.lstatSync(path.join(dir, n), { throwIfNoEntry: false })?.isFile() === true);
}

/** What tells two versions of a file apart without reading it: same inode, size and mtime. */
export interface FileId {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The identity of a store file, undefined when missing (something else in its place: StoreError). */
export function fileId(file: string): FileId | undefined {
  const s = checkEntry(file);
  return s && { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

export const sameFile = (a?: FileId, b?: FileId): boolean =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
