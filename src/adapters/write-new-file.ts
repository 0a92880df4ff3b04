// Writing a file the user named for output (import, export, quiz reports): never over an existing
// file unless asked, and then only a regular file, replaced atomically (a half-written deck is worse
// than the old). A destination can also be checked before the work that produces it starts.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { errnoWords } from './errno-text.js';
import { neutralize } from '../core/sanitize.js';

export interface WriteOptions {
  /** Make missing parent folders (import's `-o decks/`); when false a missing folder is an error,
   *  as a mistyped path should be. Default true. */
  mkdirs?: boolean;
}

/** Why a write failed, in words; the code stays in brackets for a search or a bug report. */
export function writeFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return String((err as Error | undefined)?.message ?? err);
  // Writing a file the user named: a missing part of the path is its folder.
  const words = code === 'ENOENT' ? 'its folder does not exist' : errnoWords(code);
  return words ? `${words} (${code})` : code;
}

/**
 * The folder `abs` goes in must exist and be a folder: a mistyped path is an error, not a reason
 * to make folders. `subject` follows "cannot write" in the message (default: the path shown).
 */
export function requireFolder(abs: string, shown: string, subject = neutralize(shown)): void {
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${subject}: the folder ${neutralize(path.dirname(shown) || '.')} does not exist`, 'NO_FOLDER');
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`cannot write ${subject}: ${neutralize(path.dirname(shown))} is not a folder`, 'NO_FOLDER');
}

/**
 * Checks, without creating anything, that a file can be written (created or replaced) at `abs`:
 * its folder exists, it is not a folder itself, and the permissions allow it. For work that
 * should not start (or leave a record) when its result would have nowhere to go. The write
 * itself can still fail later (a full disk, the folder removed meanwhile).
 */
export function checkWritable(abs: string, shown: string, subject = neutralize(shown), exampleName = 'out'): void {
  requireFolder(abs, shown, subject);
  // A symlink is never written through (its target is not recall's to change) nor replaced.
  if (isSymlink(abs)) throw new UsageError(`cannot write ${subject}: ${neutralize(shown)} is a symbolic link; recall does not write through or replace one: give another name`, 'OUTPUT_UNWRITABLE');
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    st = undefined; // not there yet: the folder must take a new file
  }
  if (st?.isDirectory()) throw new UsageError(`cannot write ${subject}: ${neutralize(shown)} is a folder; give a file name, such as ${neutralize(path.join(shown, exampleName))}`, 'OUTPUT_UNWRITABLE');
  const odd = st && oddKind(st);
  if (odd) throw new UsageError(`cannot write ${subject}: ${neutralize(shown)} is ${odd}, not a file; ${ODD_FIX}`, 'OUTPUT_UNWRITABLE');
  const dirShown = neutralize(path.dirname(shown) || '.');
  try {
    // access() asks with the real uid, which is the one that will write.
    if (st) fs.accessSync(abs, fs.constants.W_OK);
    else fs.accessSync(path.dirname(abs), fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? st
          ? `no permission to write to ${neutralize(shown)} (${code})`
          : `no permission to create files in the folder ${dirShown} (${code})`
        : code === 'EROFS'
          ? `the folder ${dirShown} is on a read-only file system (EROFS)`
          : writeFailure(err);
    throw new UsageError(`cannot write ${subject}: ${why}`, 'OUTPUT_UNWRITABLE');
  }
}

/**
 * What a written file may not be, in words: a named pipe (opening one to write waits for a reader,
 * and `quiz --output pipe` hung with no reader, after the quiz was recorded), a socket, or a block
 * device (a disk). A character device stays writable: `--output /dev/null` is a way to drop a
 * report.
 */
function oddKind(st: fs.Stats): string | undefined {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice()) return 'a block device';
  return undefined;
}

const ODD_FIX = 'to feed a pipe, write to standard output (-) and pipe that';

/**
 * Exit 2 when `abs` is the very file (device and inode: another spelling of its path or a hard link
 * too) of one of `inputs`, the files the run reads: `quiz --answers key.json --output key.json`
 * replaced the answer key with its report, and a deck named without .yaml went the same way.
 */
export function refuseInputFile(abs: string, inputs: ReadonlyArray<{ file: string; what: string }>, subject: string): void {
  const out = statOrUndefined(abs);
  if (!out?.isFile()) return;
  for (const input of inputs) {
    const st = statOrUndefined(input.file);
    if (st !== undefined && st.dev === out.dev && st.ino === out.ino)
      throw new UsageError(`cannot write ${subject}: it is ${neutralize(input.what)}, which it would replace; give another name`, 'OUTPUT_IS_INPUT');
  }
}

/** stat, or undefined for a path that cannot be looked at (missing, through a file: ENOTDIR, not
 *  permitted): it is then no file the output could be, and its reader says what is wrong with it. */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Nothing at `abs`, or a regular file: what may be replaced by a new file (never a symlink). */
function isAbsentOrFile(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isFile();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * A report to a path checked with checkWritable, written in place as before (an old report keeps its
 * mode; `--output /dev/null` works) but opened with O_NOFOLLOW: a symlink put there since the check
 * is refused by the open itself, never written through. Returns why it was refused; other system
 * errors are thrown for the caller to word.
 */
export function writeOutput(abs: string, shown: string, text: string): string | undefined {
  const { O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW } = fs.constants;
  let fd: number;
  // A new report is made with O_EXCL, so a failed write (a full disk) can remove it: a partial
  // JUnit or JSON file left behind reads as a broken report. An old one is overwritten in place.
  let created = false;
  try {
    try {
      fd = fs.openSync(abs, O_WRONLY | O_CREAT | O_EXCL, 0o666);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // checkWritable ran before the work (an interactive quiz can take an hour): a named pipe put
      // there since would hang the open below, waiting for a reader, so it is looked at again.
      // (One swapped in between this lstat and the open is a race only a hostile local user runs.)
      const now = fs.lstatSync(abs, { throwIfNoEntry: false });
      const odd = now && oddKind(now);
      if (odd) return `${neutralize(shown)} is now ${odd}, not a file; ${ODD_FIX}`;
      fd = fs.openSync(abs, O_WRONLY | O_TRUNC | (O_NOFOLLOW ?? 0));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') return `${neutralize(shown)} is now a symbolic link, which recall does not write through`;
    throw err;
  }
  try {
    fs.writeFileSync(fd, text);
  } catch (err) {
    if (created) fs.rmSync(abs, { force: true });
    throw err;
  } finally {
    fs.closeSync(fd);
  }
  return undefined;
}

/**
 * Writes `text` to a file made for it (O_EXCL: never an existing file, never through a symlink).
 * A write that fails (a full disk, a file-size limit) removes the partial file, which recall made:
 * a half-written deck left behind reads as a deck, and blocks the next try without --force.
 */
function createWhole(file: string, text: string | Uint8Array): void {
  const fd = fs.openSync(file, 'wx', 0o666);
  try {
    fs.writeFileSync(fd, text);
    fs.closeSync(fd);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed (the close itself failed), or nothing more to learn from it
    }
    fs.rmSync(file, { force: true });
    throw err;
  }
}

/**
 * Puts `text` at `abs` whole: written to a temp file beside it, then renamed over it, which replaces
 * the path (a symlink itself, not its target; callers check isAbsentOrFile first). The temp file is
 * removed if the write or the rename fails. Errors are the system's, for the caller to word.
 */
function replaceFile(abs: string, text: string | Uint8Array): void {
  const tmp = `${abs}.recall-${process.pid}.tmp`;
  createWhole(tmp, text);
  try {
    fs.renameSync(tmp, abs);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function isSymlink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

export function writeNewFile(abs: string, shown: string, text: string | Uint8Array, force: boolean, forceHint = 'pass --force to replace it', opts: WriteOptions = {}): void {
  const name = neutralize(shown);
  try {
    if (opts.mkdirs === false) requireFolder(abs, shown);
    else fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (!force) {
      // 'wx' fails if the file exists, atomically.
      createWhole(abs, text);
      return;
    }
    // lstat, not exists: a symlink, even one pointing nowhere, is not replaced.
    if (!isAbsentOrFile(abs)) throw new UsageError(`${name} exists and is not a regular file; refusing to replace it`);
    replaceFile(abs, text);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${name} already exists; ${forceHint}`, 'EXISTS');
    throw new UsageError(`cannot write ${name}: ${writeFailure(err)}`);
  }
}

/** A file being written in pieces (openNewFile): `finish` puts it in place, `abandon` removes it. */
export interface NewFile {
  fd: number;
  finish(): void;
  abandon(): void;
}

/**
 * The streaming form of writeNewFile, for output too big to hold as one string (a progress
 * export), with the same rules. Without `force` anything at the path, a symlink too (even one
 * pointing nowhere), is refused: the file is created with O_EXCL, which never follows a link.
 * With `force` only a regular file is replaced, by renaming a temp file beside it over it, which
 * replaces the path and never writes through it. `abandon` after a failed write removes the
 * partial file: recall made it. `mode` (default 0600: an export of progress is private) applies to
 * the new file.
 */
export function openNewFile(abs: string, shown: string, force: boolean, opts: { forceHint?: string; mode?: number; exampleName?: string } = {}): NewFile {
  const name = neutralize(shown);
  const forceHint = opts.forceHint ?? 'pass --force to replace it';
  checkWritable(abs, shown, name, opts.exampleName);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(abs);
  } catch {
    existing = undefined;
  }
  if (existing && !force) throw new UsageError(`${name} already exists; ${forceHint}`, 'EXISTS');
  if (existing && !existing.isFile()) throw new UsageError(`${name} exists and is not a regular file; refusing to replace it`, 'EXISTS');
  const target = existing ? `${abs}.recall-${process.pid}.tmp` : abs;
  let fd: number;
  try {
    fd = fs.openSync(target, 'wx', opts.mode ?? 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Made by someone else between the check and the open.
    if (code === 'EEXIST' && target === abs) throw new UsageError(`${name} already exists; ${forceHint}`, 'EXISTS');
    throw new UsageError(`cannot write ${name}: ${writeFailure(err)}`, 'OUTPUT_UNWRITABLE');
  }
  let state: 'open' | 'finished' | 'abandoned' = 'open';
  return {
    fd,
    finish() {
      if (state !== 'open') return;
      state = 'finished';
      fs.closeSync(fd);
      if (target !== abs) fs.renameSync(target, abs);
    },
    abandon() {
      // After finish the file is in place; a failure after that (the rename) left the temp file.
      if (state === 'abandoned' || (state === 'finished' && target === abs)) return;
      const wasOpen = state === 'open';
      state = 'abandoned';
      try {
        if (wasOpen) fs.closeSync(fd);
      } finally {
        fs.rmSync(target, { force: true });
      }
    },
  };
}
