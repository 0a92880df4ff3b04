// The study index: `cache/study/<cards digest>.idx`, what the study queue reads of each card's state
// (core/queue-rows.ts) as columns of numbers, so interactive study can put its first card on screen
// without parsing the whole checkpoint first (commands/study-start.ts).
//
// It is keyed by content, never by file times: the seal of progress.json (an HMAC of the whole
// file under the store's key, checked here over the file's bytes), the journal's length and a
// SHA-256 of the journal after the checkpoint's offset (what a start replays), and a digest of the
// cards studied (their keys and answer hashes, in order: the rows are in that order). Written by
// study when it closes, from the store's fold, only when that fold is exactly that progress.json
// plus that journal (Store.foldOrigin). Like every file in the cache folder it is untrusted: signed
// with the per-user key (signed-files.ts), its shape checked, bounded; any doubt is a miss.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CardHead } from '../core/model.js';
import type { Settings } from '../core/progress.js';
import { rowsOf, HAS_STATE, type StateRows } from '../core/queue-rows.js';
import { cacheDir } from './cache-files.js';
import { keyIn } from './cache-key.js';
import { sealOf, writtenSeal } from './checkpoint-seal.js';
import { holdRead } from './prefetch.js';
import { pruneSigned, readSigned, writeSigned } from './signed-files.js';
import { openStoreFile, readStoreFile, sameFile, fileId } from './store-files.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';
import type { Store } from './store.js';
import pkg from '../../package.json' with { type: 'json' };

const MAGIC = 'recall-study-index 1\n';
/** 10,000 cards make ~330 KB; a million, ~33 MB. Past this no index is written or read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** Journal bytes after the checkpoint hashed at start; past this the store is opened as before. */
export const MAX_TAIL_BYTES = 1024 * 1024;
const OWN = /^[0-9a-f]{64}\.idx$/;
const MAX_FILES = 8;
const MAX_AGE_MS = 60 * 86_400_000;

type Cards = ReadonlyArray<{ deck: string; card: CardHead; key: string }>;

/** What an index is valid for: the store's files and the cards, as content. */
export interface IndexKey {
  seal: string;
  offset: number;
  journal: number;
  tail: string;
  cards: string;
}

interface Header extends IndexKey {
  rows: number;
  others: number;
  settings: Partial<Settings>;
  endian: string;
}

export interface StudyIndex {
  key: IndexKey;
  rows: StateRows;
  /** The stored settings (progress.json's), unresolved. */
  settings: Partial<Settings>;
}

const indexDir = (env: Record<string, string | undefined>) => path.join(cacheDir(env), 'study');

/**
 * The index's name for these decks: a SHA-256 of each deck's id, file, deck-cache key (a hash of
 * its bytes and the lint rules, cache-key.ts) and card count, in order, with recall's version. The
 * cards, their order and answer hashes follow from those (the deck cache holds the lint of those
 * very bytes), and nothing is hashed per card: the digest of 10,000 cards' keys and answer hashes
 * (cardsDigest, used when a deck has no cache key) was ~15-30 ms of CPU at start. Decks: after
 * `--deck`, in the order their cards are studied.
 */
export function indexName(loaded: { decks: ReadonlyArray<{ id: string; source: string; cards: readonly unknown[] }>; cards: Cards; contentKeys?: ReadonlyMap<string, string> }, hashOf: (card: CardHead) => string): string {
  const keys = loaded.decks.map((d) => loaded.contentKeys?.get(d.source));
  if (keys.some((k) => k === undefined)) return cardsDigest(loaded.cards, hashOf);
  const decks = loaded.decks.map((d, i) => [d.id, d.source, keys[i], d.cards.length]);
  return createHash('sha256').update(`recall-study-index\0${pkg.version}\0${JSON.stringify(decks)}`).digest('hex');
}

/** SHA-256 of the cards' keys and answer hashes, in order. */
export function cardsDigest(cards: Cards, hashOf: (card: CardHead) => string): string {
  const h = createHash('sha256');
  for (const c of cards) h.update(`${c.key}\0${hashOf(c.card)}\n`);
  return h.digest('hex');
}

/** SHA-256 of the journal's bytes from `from` to `to` (its length at that moment), or undefined. */
function journalTail(file: string, from: number, to: number): string | undefined {
  if (to < from || to - from > MAX_TAIL_BYTES) return undefined;
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return to === 0 ? createHash('sha256').digest('hex') : undefined;
  try {
    if (fs.fstatSync(fd).size !== to) return undefined;
    const bytes = Buffer.alloc(to - from);
    let got = 0;
    while (got < bytes.length) {
      const n = fs.readSync(fd, bytes, got, bytes.length - got, from + got);
      if (n === 0) return undefined;
      got += n;
    }
    return createHash('sha256').update(bytes).digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The index for these cards when it matches the store as it is now: progress.json sealed by this
 * store with the index's seal, the journal as long as it was and the same after the checkpoint.
 * Undefined on any miss, and on any error (opening the store as before reports those).
 */
export function readStudyIndex(env: Record<string, string | undefined>, cards: Cards, name: string): StudyIndex | undefined {
  try {
    const dir = storeDir(env);
    const key = keyIn(dir, false);
    if (key === undefined) return undefined;
    const read = readSigned(indexDir(env), `${name}.idx`, () => key, MAX_INDEX_BYTES);
    if (read === undefined) return undefined;
    const index = decode(read.body, cards.length);
    if (index === undefined || index.key.cards !== name) return undefined;
    const progressPath = path.join(dir, PROGRESS_FILE);
    const progress = readStoreFile(progressPath);
    if (progress === undefined) return undefined;
    // Opening the store, after the first card or at once on a miss, reads it again: these bytes.
    holdRead(progressPath, progress.stat, progress.data);
    if (sealOf(progress.data, key) !== index.key.seal) return undefined;
    if (journalTail(path.join(dir, 'journal.jsonl'), index.key.offset, index.key.journal) !== index.key.tail) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

/**
 * Writes the index of `cards` from `store` (closed, its last checkpoint written), when its fold is
 * exactly what the files hold (see the top of this file); `had`: the key the start found, which is
 * not written again. Never throws: the index is only speed.
 */
export function writeStudyIndex(env: Record<string, string | undefined>, store: Store, cards: Cards, hashOf: (card: CardHead) => string, name: string, had?: IndexKey): void {
  try {
    const origin = store.foldOrigin();
    if (origin === undefined || store.exam() !== null) return;
    const key = keyIn(store.dir, false);
    if (key === undefined) return;
    // progress.json is still the file this store read or wrote, ending in the seal it knows
    if (!sameFile(fileId(store.progressPath), origin.seen) || sealAtEnd(store.progressPath) !== origin.seal) return;
    const tail = journalTail(store.journalPath, origin.offset, origin.folded);
    if (tail === undefined) return;
    const ik: IndexKey = { seal: origin.seal, offset: origin.offset, journal: origin.folded, tail, cards: name };
    if (had !== undefined && JSON.stringify(had) === JSON.stringify(ik)) return;
    const rows = rowsOf(cards, store.states(), hashOf);
    if (rows === undefined) return;
    const body = encode({ ...ik, rows: cards.length, others: rows.otherFirst.length, settings: store.storedSettings(), endian: os.endianness() }, rows);
    if (body.length > MAX_INDEX_BYTES) return;
    const dir = indexDir(env);
    if (writeSigned(dir, `${ik.cards}.idx`, key, body)) pruneSigned(dir, OWN, { maxAgeMs: MAX_AGE_MS, maxFiles: MAX_FILES }, Date.now());
  } catch {
    // Only speed is lost.
  }
}

/** The seal written at the end of a store file, read from its last bytes (not checked). */
function sealAtEnd(file: string): string | undefined {
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return undefined;
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 80));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return writtenSeal(tail);
  } finally {
    fs.closeSync(fd);
  }
}

// ---- the file's body ----------------------------------------------------------------------------
//
// MAGIC, the header as one line of JSON, zero bytes up to a multiple of 8, then the columns: due,
// last, first, stability (8 bytes each per row), the other states' first and last reviews, and one
// flag byte per row. Numbers in this machine's byte order (the header names it).

const COLUMNS = ['due', 'last', 'first', 'stability'] as const;

function encode(header: Header, rows: StateRows): Buffer {
  const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  const start = Math.ceil(head.length / 8) * 8;
  const n = header.rows;
  const m = header.others;
  const out = Buffer.alloc(start + 8 * (4 * n + 2 * m) + n);
  head.copy(out);
  let at = start;
  for (const column of [...COLUMNS.map((c) => rows[c]), rows.otherFirst, rows.otherLast]) {
    Buffer.from(column.buffer, column.byteOffset, column.byteLength).copy(out, at);
    at += column.byteLength;
  }
  Buffer.from(rows.flags.buffer, rows.flags.byteOffset, rows.flags.byteLength).copy(out, at);
  return out;
}

const isHex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** The index in `body` for `n` cards; undefined when it is not one, or not for this machine. */
function decode(body: Buffer, n: number): StudyIndex | undefined {
  if (body.length < MAGIC.length || body.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const eol = body.indexOf(0x0a, MAGIC.length);
  if (eol < 0) return undefined;
  let h: Header;
  try {
    h = JSON.parse(body.toString('utf8', MAGIC.length, eol)) as Header;
  } catch {
    return undefined;
  }
  if (typeof h !== 'object' || h === null || !isHex64(h.seal) || !isHex64(h.tail) || !isHex64(h.cards) || !isCount(h.offset) || !isCount(h.journal) || h.journal < h.offset) return undefined;
  if (h.rows !== n || !isCount(h.others) || h.endian !== os.endianness()) return undefined;
  if (typeof h.settings !== 'object' || h.settings === null || Array.isArray(h.settings)) return undefined;
  const start = Math.ceil((eol + 1) / 8) * 8;
  const m = h.others;
  if (body.length !== start + 8 * (4 * n + 2 * m) + n) return undefined;
  // Copied into memory of its own: the columns need 8-byte alignment.
  const bytes = new Uint8Array(body.length - start);
  bytes.set(body.subarray(start));
  const f64 = (at: number, count: number) => new Float64Array(bytes.buffer, at, count);
  const rows: StateRows = {
    due: f64(0, n),
    last: f64(8 * n, n),
    first: f64(16 * n, n),
    stability: f64(24 * n, n),
    otherFirst: f64(32 * n, m),
    otherLast: f64(32 * n + 8 * m, m),
    flags: bytes.subarray(8 * (4 * n + 2 * m)),
  };
  const time = (v: number) => Number.isNaN(v) || Number.isFinite(v);
  for (let i = 0; i < n; i++) {
    const f = rows.flags[i]!;
    if (f > 15 || (f !== 0 && (f & HAS_STATE) === 0)) return undefined;
    if ((f & HAS_STATE) !== 0 && (!Number.isFinite(rows.due[i]!) || !Number.isFinite(rows.stability[i]!) || !time(rows.last[i]!) || !time(rows.first[i]!))) return undefined;
  }
  for (let i = 0; i < m; i++) if (!time(rows.otherFirst[i]!) || !time(rows.otherLast[i]!)) return undefined;
  const key: IndexKey = { seal: h.seal, offset: h.offset, journal: h.journal, tail: h.tail, cards: h.cards };
  return { key, rows, settings: h.settings };
}
