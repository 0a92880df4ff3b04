// Reading files in Node's thread pool while the main thread does other work. boot.ts starts the reads
// a command will make first (progress.json: 3 MB with 10,000 card states; the deck files named on
// the command line: 2.3 MB for a 10,000-card deck) before it loads the CLI, and the readers take the
// bytes (store-files.ts, deck-files.ts), so the reads and their fresh pages overlap the ~45 ms the
// CLI takes to load instead of following it. On a machine with one free core there is nothing to
// overlap with, and the reads cost what they did. They are only a head start, never a second source
// of truth:
// - a read opens the file the way its reader does (the store's files: no symlink followed; any
//   file: nothing but a regular file, no FIFO waited on) and never writes, creates or changes a mode;
// - the reader still opens and checks the file itself, and uses the bytes only when the file it
//   opened is the one that was read (device, inode, size, modification and change times), else it
//   reads them again; bytes read a few milliseconds earlier are what a read then would have given;
// - which files to read is a guess from the arguments (first-reads.ts): a wrong guess costs one
//   wasted read, a failure is silence, and the reader reports what is wrong as before.
// boot.cjs and cli.cjs are separate bundles with their own copy of this module, so the reads in
// flight are kept on globalThis under a registered symbol, not in a module variable.
import fs from 'node:fs';

interface Pending {
  stat: fs.Stats;
  /** Set when the whole file was read. */
  data?: Buffer;
  done: Promise<void>;
}

const SLOT = Symbol.for('recall.prefetch');
/** Bytes read ahead at most, in all: `recall deck lint decks/*.yaml` would otherwise hold every
 *  deck in memory at once, where its readers hold one at a time. */
const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
/** Files read ahead at most. Each holds a descriptor open until its read's callback closes it, which
 *  needs a turn of the event loop that boot does not give before the CLI is loaded: `recall deck lint
 *  decks/*.yaml` with 1,500 decks took every descriptor a process may have (1,024 by default on
 *  Linux, 256 on macOS), and loading the CLI then died on EMFILE. The thread pool reads 4 at a time;
 *  the first few decks are all a head start can overlap anyway. */
const MAX_FILES = 8;
const C = fs.constants;

function pending(): Map<string, Pending> {
  const g = globalThis as { [SLOT]?: Map<string, Pending> };
  return (g[SLOT] ??= new Map());
}

/** Bytes of the reads not taken yet. */
const held = (): number => [...pending().values()].reduce((sum, p) => sum + p.stat.size, 0);

/** Starts reading `file` (up to `maxBytes`) in the thread pool. Never throws; does nothing for a
 *  missing file, anything but a regular file, a file over `maxBytes`, or (unless `follow`, as for a
 *  deck file, which may be a link) a symlink. */
export function prefetch(file: string, maxBytes: number, opts: { follow?: boolean } = {}): void {
  if (pending().has(file) || pending().size >= MAX_FILES) return;
  let fd: number;
  try {
    // Only regular files are opened at all: opening a FIFO or a device can have effects of its own.
    const seen = opts.follow ? fs.statSync(file, { throwIfNoEntry: false }) : fs.lstatSync(file, { throwIfNoEntry: false });
    if (seen === undefined || !seen.isFile()) return;
    fd = fs.openSync(file, C.O_RDONLY | (opts.follow ? 0 : (C.O_NOFOLLOW ?? 0)) | (C.O_NONBLOCK ?? 0));
  } catch {
    return;
  }
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    fs.closeSync(fd);
    return;
  }
  if (!stat.isFile() || stat.size === 0 || stat.size > maxBytes || held() + stat.size > MAX_TOTAL_BYTES) {
    fs.closeSync(fd);
    return;
  }
  const entry: Pending = { stat, done: Promise.resolve() };
  const data = Buffer.allocUnsafe(stat.size);
  // One read request for the whole file: it runs in the pool without the main thread's help (a
  // FileHandle.readFile() needs a turn of the event loop per 512 KB chunk, which a main thread busy
  // loading code does not give).
  entry.done = new Promise((resolve) => {
    fs.read(fd, data, 0, stat.size, 0, (err, read) => {
      fs.close(fd, () => {});
      if (!err && read === stat.size) entry.data = data;
      resolve();
    });
  });
  pending().set(file, entry);
}

/** Waits for every read started by prefetch() (at once when there is none). Never rejects. */
export async function prefetched(): Promise<void> {
  await Promise.all([...pending().values()].map((p) => p.done));
}

/**
 * The bytes prefetch() read of `file`, when that read is complete and `stat` (of the file as the
 * caller opened it) is the same file unchanged; else undefined. Either way the read is forgotten:
 * a later read of the file goes to the disk.
 */
export function takePrefetched(file: string, stat: fs.Stats): Buffer | undefined {
  const map = pending();
  const entry = map.get(file);
  if (entry === undefined) return undefined;
  map.delete(file);
  const was = entry.stat;
  const same =
    was.dev === stat.dev &&
    was.ino === stat.ino &&
    was.size === stat.size &&
    was.mtimeMs === stat.mtimeMs &&
    was.ctimeMs === stat.ctimeMs;
  return same ? entry.data : undefined;
}

/**
 * Bytes a reader took (takePrefetched or its own read) and the next reader of the same file will
 * want: held for it as a read ahead, under the same check (the file it opens must be this one,
 * unchanged). Interactive study reads progress.json for the study index's seal, then opens the store.
 */
export function holdRead(file: string, stat: fs.Stats, data: Buffer): void {
  if (data.length !== stat.size || held() + stat.size > MAX_TOTAL_BYTES) return;
  pending().set(file, { stat, data, done: Promise.resolve() });
}
