// The key that signs cache entries (HMAC-SHA256). It lives in the store folder, not the cache
// folder: a cache folder restored from a CI cache or written by another user can hold anything,
// but without this key nothing in it passes for recall's own output (a planted V8 code cache would
// otherwise run as recall: V8 itself checks only the source length).
//
// The key is 32 random bytes in `<store>/cache.key`, mode 0600, created once with O_EXCL and never
// read through a symlink. A key file that is not a regular file of ours with no group or other
// access is not used: caches are then simply not read or written (only speed is lost).
import { createHmac, randomBytes, timingSafeEqual, type Hmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ownDir, tempName, withRegularFile } from './cache-files.js';
import { storeDir } from './store-dir.js';

export const KEY_NAME = 'cache.key';
const KEY_BYTES = 32;
export const MAC_BYTES = 32;

const C = fs.constants;
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** The key at `file`, or undefined when there is none or it cannot be trusted. */
function readKey(file: string): Buffer | undefined {
  return withRegularFile(file, (fd, s) => {
    if (s.size !== KEY_BYTES || (uid !== undefined && (s.uid !== uid || (s.mode & 0o077) !== 0))) return undefined;
    const key = Buffer.alloc(KEY_BYTES);
    return fs.readSync(fd, key, 0, KEY_BYTES, 0) === KEY_BYTES ? key : undefined;
  });
}

/** Writes a new key in a temp file and links it into place: two runs racing agree on one key. */
function createKey(file: string): Buffer | undefined {
  if (!ownDir(path.dirname(file))) return undefined;
  const tmp = tempName(file);
  try {
    const fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0), 0o600);
    try {
      fs.writeSync(fd, randomBytes(KEY_BYTES));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file); // fails with EEXIST when another run got there first
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  } catch {
    return undefined;
  } finally {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to clean up
    }
  }
  return readKey(file);
}

const keys = new Map<string, Buffer | undefined>();

/**
 * The cache key for this user's store. `create`: make one when there is none (writers do; readers
 * do not, since without a key there is nothing they could verify).
 */
export function signingKey(env: Record<string, string | undefined>, create: boolean): Buffer | undefined {
  return keyIn(storeDir(env), create);
}

/** The key kept in store folder `dir` (see signingKey). The checkpoint seal uses it too. */
export function keyIn(dir: string, create: boolean): Buffer | undefined {
  const file = path.join(dir, KEY_NAME);
  let key = keys.get(file) ?? readKey(file);
  if (key === undefined && create) key = createKey(file);
  if (key !== undefined) keys.set(file, key);
  return key;
}

/** HMAC-SHA256 of `label` (what the entry is: its file name) and `data`, so an entry cannot be
 *  moved to another name (another deck's, another build's) and still pass. */
export function sign(key: Buffer, label: string, data: Buffer | string): Buffer {
  return signer(key, label).update(data).digest();
}

/** sign() for data given a piece at a time: `update` each piece in order, then `digest()`. */
export function signer(key: Buffer, label: string): Hmac {
  return createHmac('sha256', key).update(label).update('\0');
}

export function verify(key: Buffer, label: string, data: Buffer | string, mac: Buffer): boolean {
  return mac.length === MAC_BYTES && timingSafeEqual(sign(key, label, data), mac);
}
