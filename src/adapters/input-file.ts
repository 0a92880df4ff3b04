// Opening a file the user names for recall to read (answers files, progress imports). Only regular
// files are read: stat().size is 0 for /dev/zero, a FIFO or a folder, so a size cap alone never
// applies to them, and reading one hangs or eats memory. The file is opened first and then checked
// with fstat on the same descriptor, so it cannot be swapped between the check and the read, and
// with O_NONBLOCK so that opening a FIFO with no writer returns at once instead of hanging.
import fs from 'node:fs';
import { UsageError } from '../errors.js';

export interface OpenedInput {
  fd: number;
  size: number;
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `abs` for reading when it is a regular file of at most `maxBytes`; otherwise a UsageError
 * (exit 2) that names `shown`, with `code`. The caller closes the descriptor.
 */
export function openRegularFile(abs: string, shown: string, what: string, maxBytes: number, code: string): OpenedInput {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const c = (err as NodeJS.ErrnoException).code;
    if (c === 'ENOENT') throw new UsageError(`${what} not found: ${shown}`, code);
    throw new UsageError(`cannot read ${what} ${shown}: ${c ?? (err as Error).message}`, code);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${what} ${shown} is ${kindOf(st)}; recall reads only regular files (or "-" for stdin)`, code);
    if (st.size > maxBytes) throw new UsageError(`${what} ${shown} is over ${formatBytes(maxBytes)}; refusing it`, code);
    return { fd, size: st.size };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** Reads a whole opened input as UTF-8, never more than `maxBytes` (the file may grow meanwhile). */
export function readOpened(input: OpenedInput, shown: string, what: string, maxBytes: number, code: string): string {
  const chunks: Buffer[] = [];
  let got = 0;
  try {
    for (;;) {
      const buf = Buffer.alloc(Math.min(Math.max(input.size - got, 64 * 1024), maxBytes + 1 - got));
      const n = fs.readSync(input.fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      got += n;
      if (got > maxBytes) throw new UsageError(`${what} ${shown} is over ${formatBytes(maxBytes)}; refusing it`, code);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${what} ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, code);
  }
  return Buffer.concat(chunks, got).toString('utf8');
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 * 1024 ? `${n / (1024 * 1024 * 1024)} GB` : `${Math.round(n / (1024 * 1024))} MB`;
}
