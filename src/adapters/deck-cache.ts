// An optional cache of lint results keyed by file content, for commands that load the same decks
// on every start (yaml parses about 1 MB/s, ~15 ms per bundled deck). Results are stored without
// the file path, so moving a file keeps its entry. Any failure is a cache miss, never an error.
//
// The cache folder is untrusted (cache-files.ts): an entry is `<MAC hex>\n<head>\n<bodies>`, the MAC
// an HMAC-SHA256 of its file name and the rest under the per-user key (cache-key.ts). The head is
// the lint result as JSON with card heads (core/cached-lint.ts) and where each card's body ends in
// <bodies>, the cards' bodies as JSON texts one after another. A start parses only the head, and
// decodes a card's body when the card is used: for `recall study` of a 10,000-card deck, one or a
// few of them. An entry is used only when the MAC verifies and the head has the shape of a lint
// result with one body per card; a body is checked when it is read (load-decks.ts). The
// folder stays bounded: entries over MAX_ENTRY_BYTES are not written, and each write prunes
// entries older than MAX_AGE_MS and the oldest beyond MAX_ENTRIES or MAX_TOTAL_BYTES. The folder also
// keeps, raw (getEncoded), the comparisons of decks linted together (cross-entry.ts).
import fs from 'node:fs';
import path from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { createHash } from 'node:crypto';
import { cacheDir } from './cache-files.js';
import { signingKey } from './cache-key.js';
import { pruneSigned, readSigned, writeSigned, writeSignedStreamed } from './signed-files.js';
import { LINT_RULES_VERSION } from '../core/validate.js';
import { decodeEntry, encodeEntry, writeEntry, type DeckEntry, type DeckHit } from './deck-entry.js';

export { decodeEntry, encodeEntry, type CachedLint, type DeckEntry, type DeckHit } from './deck-entry.js';

export interface DeckCache {
  get(key: string): DeckHit | undefined;
  set(key: string, value: DeckEntry): void;
  /** Stores an entry already encoded (encodeEntry): the lint worker hands over its bytes. A cache
   *  without it (a test's double) is not given what a worker linted. */
  setEncoded?(key: string, bytes: Buffer): void;
  /** An entry's verified bytes as stored, undecoded (a cross-deck comparison, cross-entry.ts). */
  getEncoded?(key: string): Buffer | undefined;
  /** Stores an entry whose bytes `fill` passes to `write` a piece at a time (a re-lint's, made of
   *  ranges of the card cache: relint-delta.ts), never whole in memory. */
  setWritten?(key: string, fill: (write: (bytes: Uint8Array) => void) => void): void;
}

/** The 10,000-card bench deck (2.3 MB of YAML) makes a ~3 MB entry; decks are capped at 5 MB. */
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;
export const MAX_ENTRIES = 256;
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
export const MAX_AGE_MS = 60 * 86_400_000;
/** A hit refreshes an entry's mtime at most this often, so pruning keeps what is in use. */
const TOUCH_AFTER_MS = 86_400_000;

/** Entry files: `<package version>-<40 hex>.json`. Nothing else in the folder is touched. */
const OWN_ENTRY = /^[0-9A-Za-z.+-]{1,40}-[0-9a-f]{40}\.json$/;

/** The cache key of a deck file's bytes (or a text, as its UTF-8 bytes): changes with them and with
 *  the lint rules. */
export function cacheKey(bytes: Uint8Array | string, salt = ''): string {
  // Native SHA-1, not the JS hash of core/hash.ts: a 2 MB deck hashes in ~3 ms instead of ~80.
  return createHash('sha1').update(`recall-lint:${LINT_RULES_VERSION}:${salt}\u0000`).update(bytes).digest('hex');
}

type KeySource = (create: boolean) => Buffer | undefined;

/**
 * One signed JSON file per deck text in `dir` (e.g. `$RECALL_HOME/cache/decks`). `key` gives the
 * signing key (create: whether to make one when there is none); without a key nothing is cached.
 */
export function fileDeckCache(dir: string, key: KeySource, now: () => number = Date.now): Required<DeckCache> {
  const setEncoded = (name: string, bytes: Buffer): void => {
    const k = key(true);
    if (k === undefined || bytes.length > MAX_ENTRY_BYTES) return;
    if (writeSigned(dir, `${name}.json`, k, bytes)) prune(dir, now());
  };
  const getEncoded = (name: string): Buffer | undefined => {
    const read = readSigned(dir, `${name}.json`, () => key(false), MAX_ENTRY_BYTES);
    if (read === undefined) return undefined;
    if (now() - read.mtimeMs > TOUCH_AFTER_MS) touch(path.join(dir, `${name}.json`));
    return read.body;
  };
  const setWritten = (name: string, fill: (write: (bytes: Uint8Array) => void) => void): void => {
    const k = key(true);
    if (k !== undefined && writeSignedStreamed(dir, `${name}.json`, k, fill, MAX_ENTRY_BYTES)) prune(dir, now());
  };
  return {
    get(name) {
      const body = getEncoded(name);
      return body === undefined ? undefined : decodeEntry(body);
    },
    // Written a piece at a time (writeEntry): a big deck's entry is never in memory whole.
    set: (name, value) => setWritten(name, (write) => writeEntry(value, write)),
    setEncoded,
    getEncoded,
    setWritten,
  };
}

function touch(file: string): void {
  try {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    try {
      if (fs.fstatSync(fd).isFile()) fs.futimesSync(fd, new Date(), new Date());
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // A read-only cache folder: the entry just ages.
  }
}

/** Removes our entries that are too old, then the oldest beyond the count and size limits. */
export function prune(dir: string, at: number): void {
  pruneSigned(dir, OWN_ENTRY, { maxAgeMs: MAX_AGE_MS, maxFiles: MAX_ENTRIES, maxBytes: MAX_TOTAL_BYTES }, at);
}

/** An in-memory cache (tests, long-running sessions). */
export function memoryDeckCache(): DeckCache {
  const map = new Map<string, Buffer>();
  return {
    get: (key) => {
      const hit = map.get(key);
      return hit === undefined ? undefined : decodeEntry(hit);
    },
    set: (key, value) => void map.set(key, encodeEntry(value)),
    setEncoded: (key, bytes) => void map.set(key, bytes),
    getEncoded: (key) => map.get(key),
    setWritten: (key, fill) => {
      const parts: Buffer[] = [];
      fill((bytes) => parts.push(Buffer.from(bytes)));
      map.set(key, Buffer.concat(parts));
    },
  };
}

/**
 * The default cache: `$RECALL_HOME/cache/decks`, else the user's cache folder, signed with the key
 * in the store folder. Keys are salted with the package version, so an upgrade never reads
 * results of older rules.
 */
export function deckCache(env: Record<string, string | undefined>): DeckCache {
  const files = fileDeckCache(path.join(cacheDir(env), 'decks'), (create) => signingKey(env, create));
  const name = (key: string) => `${pkg.version}-${key}`;
  return {
    get: (key) => files.get(name(key)),
    set: (key, value) => files.set(name(key), value),
    setEncoded: (key, bytes) => files.setEncoded(name(key), bytes),
    getEncoded: (key) => files.getEncoded(name(key)),
    setWritten: (key, fill) => files.setWritten(name(key), fill),
  };
}
