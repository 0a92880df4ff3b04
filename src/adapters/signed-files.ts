// The cache folder's signed files (deck cache, card cache): `<MAC hex>\n<body>`, the MAC an
// HMAC-SHA256 of the file's name and body under the per-user key (cache-key.ts), and the pruning
// that keeps such a folder bounded. A file that is not whole, not ours or not signed is a miss.
import fs from 'node:fs';
import path from 'node:path';
import { readCacheFile, readCacheFileFrom, removeOwn, writeCacheFile, writeCacheFileStreamed } from './cache-files.js';
import { MAC_BYTES, sign, signer, verify } from './cache-key.js';

const HEADER = 2 * MAC_BYTES; // the MAC in hex, then '\n'

/** The body of `dir/name` when it is a signed file of ours under `key` (asked only once the file is
 *  read), with its mtime; undefined on any miss. */
export function readSigned(dir: string, name: string, key: () => Buffer | undefined, maxBytes: number): { body: Buffer; mtimeMs: number } | undefined {
  const read = readCacheFile(path.join(dir, name), maxBytes + HEADER + 1);
  if (read === undefined) return undefined;
  const k = key();
  if (k === undefined || read.data.length <= HEADER || read.data[HEADER] !== 0x0a) return undefined;
  const mac = Buffer.from(read.data.subarray(0, HEADER).toString('latin1'), 'hex');
  const body = read.data.subarray(HEADER + 1);
  return verify(k, name, body, mac) ? { body, mtimeMs: read.mtimeMs } : undefined;
}

/**
 * A signed file's body read from a place its end gives, for a reader that needs only that part and
 * can check it alone (a MAC of its own inside it, see card-cache.ts): `from(last)` gets the body's
 * last `tailBytes` and says where in the body to start. `body` holds the bytes from there at their
 * places (those before are not read); `whole()` reads the rest and gives the body once the file's
 * own MAC verifies, or undefined. Undefined on any failure.
 */
export function readSignedFrom(dir: string, name: string, key: () => Buffer | undefined, maxBytes: number, tailBytes: number, from: (last: Buffer, bodyLength: number) => number | undefined): { body: Buffer; start: number; whole(): Buffer | undefined } | undefined {
  const read = readCacheFileFrom(path.join(dir, name), maxBytes + HEADER + 1, tailBytes, (last, size) => {
    const at = size > HEADER ? from(last, size - HEADER - 1) : undefined;
    return at === undefined ? undefined : HEADER + 1 + at;
  });
  if (read === undefined || read.data.length <= HEADER) return undefined;
  const body = read.data.subarray(HEADER + 1);
  return {
    body,
    start: read.start - HEADER - 1,
    whole() {
      const k = key();
      if (k === undefined || !read.rest() || read.data[HEADER] !== 0x0a) return undefined;
      const mac = Buffer.from(read.data.subarray(0, HEADER).toString('latin1'), 'hex');
      return verify(k, name, body, mac) ? body : undefined;
    },
  };
}

/** Writes `dir/name` signed under `key` (fsync + rename, cache-files.ts); false when it could not. */
export function writeSigned(dir: string, name: string, key: Buffer, body: Buffer): boolean {
  return writeCacheFile(path.join(dir, name), [sign(key, name, body).toString('hex'), '\n', body]);
}

/**
 * writeSigned of a body made while it is written (`fill` passes its pieces to `write`, in order), so
 * that it is never in memory whole; signed as it goes. False when it could not be written, or when
 * the body passed `maxBytes` (nothing is then left behind).
 */
export function writeSignedStreamed(dir: string, name: string, key: Buffer, fill: (write: (bytes: Uint8Array) => void) => void, maxBytes: number): boolean {
  const mac = signer(key, name);
  let size = 0;
  return writeCacheFileStreamed(
    path.join(dir, name),
    HEADER + 1,
    (write) =>
      fill((bytes) => {
        size += bytes.length;
        if (size > maxBytes) throw new Error(`${name}: over ${maxBytes} bytes`);
        mac.update(bytes);
        write(bytes);
      }),
    () => Buffer.from(`${mac.digest('hex')}\n`, 'latin1'),
  );
}

/**
 * Removes our files (names matching `own`) older than `maxAgeMs`, then the oldest beyond `maxFiles`
 * or past `maxBytes` in all; and stale temp files of ours. Never throws.
 */
export function pruneSigned(dir: string, own: RegExp, limits: { maxAgeMs: number; maxFiles: number; maxBytes?: number }, at: number): void {
  const kept: Array<{ name: string; mtimeMs: number; size: number }> = [];
  removeOwn(
    dir,
    (name, s) => {
      if (!own.test(name)) return false;
      if (at - s.mtimeMs > limits.maxAgeMs) return true;
      kept.push({ name, mtimeMs: s.mtimeMs, size: s.size });
      return false;
    },
    at,
  );
  kept.sort((a, b) => b.mtimeMs - a.mtimeMs);
  let total = 0;
  kept.forEach((e, i) => {
    total += e.size;
    if (i < limits.maxFiles && total <= (limits.maxBytes ?? Infinity)) return;
    try {
      fs.unlinkSync(path.join(dir, e.name));
    } catch {
      // Gone already.
    }
  });
}
