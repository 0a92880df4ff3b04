// The study index: `cache/study/<name>.idx`, what interactive study needs to put its first card on
// screen before it loads the decks or opens the store (commands/study-start.ts): of each card of
// the decks studied, what the queue reads of its state (core/queue-rows.ts) and its tags, as columns
// of numbers; the decks' ids, titles and card counts; the stored settings; and where each card's
// text is in the cards file (study-cards.ts), with a hash of each chunk of it.
//
// Found by the deck files named (their absolute paths, in order) and `--deck`. Used only while
// - each deck file is the one it was made from, unchanged: device, inode, size, modification and
//   change times, one stat each (its bytes are read, and its deck-cache key checked, after the card);
// - progress.json ends in the seal the index was made from, at the same size (the last 80 bytes
//   read: its HMAC over the whole file is checked when the store is opened, after the card);
// - the journal is as long as it was, its bytes after the checkpoint the same (a SHA-256 of them).
// None of these is trusted for what it says: they only pick when the index is likely to be right.
// What the early start shows comes from the index and the cards file, both made by recall from
// the loaded decks and store (the index signed, each chunk of cards hashed in it), and every part
// of it is checked again once the decks are loaded and the store opened the usual way, after the
// card: any difference, and the session starts again from the store's queue (study-start.ts).
// Written by study when it closes, from the store's fold, only when that fold is exactly that
// progress.json plus that journal (Store.foldOrigin). Like every file in the cache folder it is
// untrusted: signed with the per-user key (signed-files.ts), its shape checked, bounded; any doubt
// is a miss.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Card, CardHead } from '../core/model.js';
import type { Settings } from '../core/progress.js';
import { rowsOf, tagColumns, type CardTags, type StateRows } from '../core/queue-rows.js';
import { cacheDir } from './cache-files.js';
import { keyIn } from './cache-key.js';
import { writtenSeal } from './checkpoint-seal.js';
import { pruneSigned, readSigned, writeSigned } from './signed-files.js';
import { openStoreFile, sameFile, fileId } from './store-files.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';
import { CARDS_FORMAT, cardOfLine, cardsIntact, cardsPath, chunkCount, readCard, writeCards, type ChunkTable } from './study-cards.js';
import type { DeckFileRead } from './load-decks.js';
import type { Store } from './store.js';
import pkg from '../../package.json' with { type: 'json' };

const MAGIC = 'recall-study-index 2\n';
/** 10,000 cards make ~450 KB; a million, ~45 MB. Past this no index is written or read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** Journal bytes after the checkpoint hashed at start; past this the store is opened as before. */
export const MAX_TAIL_BYTES = 1024 * 1024;
/** Where a signed file's body starts in it (signed-files.ts: the MAC in hex, then a newline). */
const BODY_AT = 65;
const OWN_INDEX = /^[0-9a-f]{64}\.idx$/;
const OWN_CARDS = /^[0-9a-f]{64}\.cards$/;
const MAX_FILES = 8;
const MAX_CARDS_TOTAL = 128 * 1024 * 1024;
const MAX_AGE_MS = 60 * 86_400_000;

/** What an index is valid for: the store's files as they were (see the top of this file), and its name. */
export interface IndexKey {
  seal: string;
  /** progress.json's size. */
  progress: number;
  offset: number;
  journal: number;
  tail: string;
  name: string;
}

type FileRead = Omit<DeckFileRead, 'key'> & { key: string };

interface Header extends IndexKey {
  files: FileRead[];
  decks: Array<{ id: string; title: string; cards: number }>;
  tags: string[];
  settings: Partial<Settings>;
  rows: number;
  others: number;
  tagRefs: number;
  /** Entries of the byDue and recent orders (core/queue-rows.ts). */
  byDue: number;
  recent: number;
  /** The cards file: its name (a digest of what the cards follow from) and size. */
  cards: { name: string; bytes: number };
  endian: string;
}

export interface StudyIndex {
  key: IndexKey;
  files: FileRead[];
  decks: Header['decks'];
  rows: StateRows;
  tags: CardTags;
  /** The stored settings (progress.json's), unresolved. */
  settings: Partial<Settings>;
  cards: Header['cards'] & { table: ChunkTable };
}

const indexDir = (env: Record<string, string | undefined>) => path.join(cacheDir(env), 'study');

/** The index's name: a SHA-256 of recall's version, the deck files (absolute paths, in order) and `--deck`. */
export function indexName(files: readonly string[], deckFilter: readonly string[] | undefined): string {
  return createHash('sha256').update(`${MAGIC}${pkg.version}\0${JSON.stringify([files, deckFilter ?? null])}`).digest('hex');
}

/** The cards file's name: what the cards follow from (each deck file's deck-cache key, the decks
 *  studied and their card counts, recall's version) and the file's format. */
function cardsName(files: readonly FileRead[], decks: Header['decks']): string {
  return createHash('sha256').update(`${MAGIC}${CARDS_FORMAT}\0${pkg.version}\0${JSON.stringify([files.map((f) => [f.file, f.key]), decks])}`).digest('hex');
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

/** The seal written at the end of a store file, read from its last bytes (not checked), and its size. */
function sealAtEnd(file: string): { seal: string | undefined; size: number } | undefined {
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return undefined;
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 80));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    return { seal: writtenSeal(tail), size };
  } finally {
    fs.closeSync(fd);
  }
}

/** The deck file is the one read then, unchanged (as prefetch.ts tells a file read ahead). */
function unchanged(f: FileRead): boolean {
  const s = fs.statSync(f.file, { throwIfNoEntry: false });
  return s !== undefined && s.isFile() && s.dev === f.dev && s.ino === f.ino && s.size === f.size && s.mtimeMs === f.mtimeMs && s.ctimeMs === f.ctimeMs;
}

/**
 * The index named `name` when the deck files, progress.json and the journal look as they did when
 * it was written (see the top of this file). Undefined on any miss, and on any error (opening the
 * store as before reports those).
 */
export function readStudyIndex(env: Record<string, string | undefined>, name: string): StudyIndex | undefined {
  try {
    const dir = storeDir(env);
    const key = keyIn(dir, false);
    if (key === undefined) return undefined;
    const index = readIndexFile(env, name, key);
    if (index === undefined) return undefined;
    if (!index.files.every(unchanged)) return undefined;
    const progress = sealAtEnd(path.join(dir, PROGRESS_FILE));
    if (progress === undefined || progress.seal !== index.key.seal || progress.size !== index.key.progress) return undefined;
    if (journalTail(path.join(dir, 'journal.jsonl'), index.key.offset, index.key.journal) !== index.key.tail) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

function readIndexFile(env: Record<string, string | undefined>, name: string, key: Buffer): StudyIndex | undefined {
  const read = readSigned(indexDir(env), `${name}.idx`, () => key, MAX_INDEX_BYTES);
  const index = read && decode(read.body);
  return index !== undefined && index.key.name === name ? index : undefined;
}

/** Card `row` as the index's decks load it, from the cards file; undefined on a miss. */
export function indexedCard(env: Record<string, string | undefined>, index: StudyIndex, row: number): Card | undefined {
  const line = readCard(cardsPath(indexDir(env), index.cards.name), index.cards.bytes, index.cards.table, row);
  return line === undefined ? undefined : cardOfLine(line);
}

/** What the index is written from: a closed store and the decks as study loaded them. */
export interface IndexSource {
  store: Store;
  cards: ReadonlyArray<{ deck: string; card: CardHead; key: string }>;
  decks: ReadonlyArray<{ id: string; title: string; cards: readonly CardHead[] }>;
  /** Every deck file read, in order (load-decks.ts); undefined: none known, no index. */
  reads?: readonly DeckFileRead[];
  /** A deck's body texts as the deck cache keeps them (LazyDecks.bodies). */
  bodies?: (deck: { cards: readonly CardHead[] }) => ((i: number) => string) | undefined;
}

/**
 * Writes the index `name` of `src` (its store closed, its last checkpoint written), when the
 * store's fold is exactly what its files hold (see the top of this file); `had`: the index the start
 * found, not written again when nothing changed. Never throws: the index is only speed.
 */
export function writeStudyIndex(env: Record<string, string | undefined>, src: IndexSource, hashOf: (card: CardHead) => string, name: string, had?: StudyIndex): void {
  try {
    const { store, cards } = src;
    const origin = store.foldOrigin();
    if (origin === undefined || store.exam() !== null) return;
    const key = keyIn(store.dir, false);
    if (key === undefined) return;
    const files = src.reads?.filter((f): f is FileRead => f.key !== undefined);
    if (files === undefined || files.length !== src.reads!.length || files.length === 0) return;
    // progress.json is still the file this store read or wrote, ending in the seal it knows
    const seen = fileId(store.progressPath);
    if (!sameFile(seen, origin.seen) || sealAtEnd(store.progressPath)?.seal !== origin.seal) return;
    const tail = journalTail(store.journalPath, origin.offset, origin.folded);
    if (tail === undefined) return;
    const ik: IndexKey = { seal: origin.seal, progress: seen!.size, offset: origin.offset, journal: origin.folded, tail, name };
    const decks = src.decks.map((d) => ({ id: d.id, title: d.title, cards: d.cards.length }));
    const cname = cardsName(files, decks);
    const dir = indexDir(env);
    if (had !== undefined && JSON.stringify(had.key) === JSON.stringify(ik) && had.cards.name === cname) return;
    const rows = rowsOf(cards, store.states(), hashOf);
    if (rows === undefined) return;
    // The chunk table of an index of these same cards (signed: made from cards loaded then), else
    // the cards file written anew from the cards as loaded now. The file is taken as it is when
    // this start showed its first card from it; else it is read and hashed whole first (~10 ms),
    // so that a damaged one is written again rather than kept, every start missing on it.
    const file = cardsPath(dir, cname);
    const before = had ?? readIndexFile(env, name, key);
    const same = before !== undefined && before.cards.name === cname;
    const kept = same && (had !== undefined ? fs.lstatSync(file, { throwIfNoEntry: false })?.size === before.cards.bytes : cardsIntact(file, before.cards.bytes, before.cards.table)) ? before.cards : undefined;
    let cardsPart = kept;
    if (cardsPart === undefined) {
      const table = writeCards(file, src.decks.map((d) => ({ cards: d.cards, bodies: src.bodies?.(d) })));
      if (table === undefined) return;
      cardsPart = { name: cname, bytes: table.start[table.start.length - 1]!, table };
      pruneSigned(dir, OWN_CARDS, { maxAgeMs: MAX_AGE_MS, maxFiles: MAX_FILES, maxBytes: MAX_CARDS_TOTAL }, Date.now());
    }
    // The same cards have the same tags: those of the index before, when it was for them.
    const tags = same ? before.tags : tagColumns(cards);
    const header: Header = {
      ...ik,
      files,
      decks,
      tags: tags.tags,
      settings: store.storedSettings(),
      rows: cards.length,
      others: rows.otherFirst.length,
      tagRefs: tags.ids.length,
      byDue: rows.byDue.length,
      recent: rows.recent.length,
      cards: { name: cname, bytes: cardsPart.bytes },
      endian: os.endianness(),
    };
    const body = encode(header, rows, tags, cardsPart.table);
    if (body.length > MAX_INDEX_BYTES) return;
    if (writeSigned(dir, `${name}.idx`, key, body)) pruneSigned(dir, OWN_INDEX, { maxAgeMs: MAX_AGE_MS, maxFiles: MAX_FILES }, Date.now());
  } catch {
    // Only speed is lost.
  }
}

// ---- the file's body ----------------------------------------------------------------------------
//
// MAGIC, the header as one line of JSON, zero bytes up to where the file's offset is a multiple of 8
// (so the columns are read where they lie, without a copy), then the columns: due, last, first,
// stability (8 bytes each per row), the other states' first and last reviews, the cards file's chunk
// starts (8 bytes each), where each row's tags start, the tags, and the byDue and recent orders (4
// bytes each), each chunk's SHA-256 (32 bytes), and one flag byte per row. Numbers in this machine's byte order (the header
// names it).

const COLUMNS = ['due', 'last', 'first', 'stability'] as const;

function layout(h: Pick<Header, 'rows' | 'others' | 'tagRefs' | 'byDue' | 'recent'>, start: number) {
  const n = h.rows;
  const chunks = chunkCount(n);
  let at = start;
  const take = (bytes: number) => ((at += bytes), at - bytes);
  const f64 = { due: take(8 * n), last: take(8 * n), first: take(8 * n), stability: take(8 * n), otherFirst: take(8 * h.others), otherLast: take(8 * h.others), chunkStart: take(8 * (chunks + 1)) };
  const u32 = { tagStart: take(4 * (n + 1)), tagIds: take(4 * h.tagRefs), byDue: take(4 * h.byDue), recent: take(4 * h.recent) };
  const bytes = { chunkHash: take(32 * chunks), flags: take(n) };
  return { f64, u32, bytes, end: at, chunks };
}

/** Where the columns start in a body whose header line ends at `eol`: 8-byte aligned in the file. */
const columnsAt = (eol: number) => eol + 1 + ((8 - ((BODY_AT + eol + 1) % 8)) % 8);

function encode(header: Header, rows: StateRows, tags: CardTags, table: ChunkTable): Buffer {
  const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  const start = columnsAt(head.length - 1);
  const l = layout(header, start);
  const out = Buffer.alloc(l.end);
  head.copy(out);
  const put = (at: number, v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(out, at);
  for (const c of COLUMNS) put(l.f64[c], rows[c]);
  put(l.f64.otherFirst, rows.otherFirst);
  put(l.f64.otherLast, rows.otherLast);
  put(l.f64.chunkStart, table.start);
  put(l.u32.tagStart, tags.start);
  put(l.u32.tagIds, tags.ids);
  put(l.u32.byDue, rows.byDue);
  put(l.u32.recent, rows.recent);
  put(l.bytes.chunkHash, table.hash);
  put(l.bytes.flags, rows.flags);
  return out;
}

const isHex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function isFileRead(v: unknown): v is FileRead {
  return isObj(v) && isStr(v.file) && path.isAbsolute(v.file) && isNum(v.dev) && isNum(v.ino) && isCount(v.size) && isNum(v.mtimeMs) && isNum(v.ctimeMs) && isStr(v.key);
}

function isHeader(h: unknown): h is Header {
  if (!isObj(h) || !isHex64(h.seal) || !isHex64(h.tail) || !isHex64(h.name) || !isCount(h.progress) || !isCount(h.offset) || !isCount(h.journal) || (h.journal as number) < (h.offset as number)) return false;
  if (!isCount(h.rows) || !isCount(h.others) || !isCount(h.tagRefs) || !isCount(h.byDue) || !isCount(h.recent) || h.endian !== os.endianness() || !isObj(h.settings)) return false;
  if (!Array.isArray(h.files) || h.files.length === 0 || !h.files.every(isFileRead)) return false;
  if (!Array.isArray(h.tags) || !h.tags.every(isStr) || new Set(h.tags).size !== h.tags.length) return false;
  if (!isObj(h.cards) || !isHex64(h.cards.name) || !isCount(h.cards.bytes)) return false;
  if (!Array.isArray(h.decks) || !h.decks.every((d) => isObj(d) && isStr(d.id) && isStr(d.title) && isCount(d.cards))) return false;
  return (h.decks as Array<{ cards: number }>).reduce((sum, d) => sum + d.cards, 0) === h.rows;
}

/** The index in `body` (a signed file's body, at BODY_AT in its buffer); undefined when it is not
 *  one, or not for this machine. */
function decode(body: Buffer): StudyIndex | undefined {
  if (body.length < MAGIC.length || body.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const eol = body.indexOf(0x0a, MAGIC.length);
  if (eol < 0) return undefined;
  let h: unknown;
  try {
    h = JSON.parse(body.toString('utf8', MAGIC.length, eol));
  } catch {
    return undefined;
  }
  if (!isHeader(h)) return undefined;
  const n = h.rows;
  const m = h.others;
  const start = columnsAt(eol);
  const l = layout(h, start);
  if (body.length !== l.end) return undefined;
  // The columns where they lie when the file's buffer is 8-byte aligned (readCacheFile's own
  // buffer); else copied into memory of their own.
  let buf = body.buffer;
  let base = body.byteOffset;
  if ((base + start) % 8 !== 0) {
    const copy = new Uint8Array(body.length);
    copy.set(body);
    buf = copy.buffer;
    base = 0;
  }
  const f64 = (at: number, count: number) => new Float64Array(buf, base + at, count);
  const u32 = (at: number, count: number) => new Uint32Array(buf, base + at, count);
  const u8 = (at: number, count: number) => new Uint8Array(buf, base + at, count);
  const rows: StateRows = {
    due: f64(l.f64.due, n),
    last: f64(l.f64.last, n),
    first: f64(l.f64.first, n),
    stability: f64(l.f64.stability, n),
    otherFirst: f64(l.f64.otherFirst, m),
    otherLast: f64(l.f64.otherLast, m),
    flags: u8(l.bytes.flags, n),
    byDue: u32(l.u32.byDue, h.byDue),
    recent: u32(l.u32.recent, h.recent),
  };
  const tags: CardTags = { tags: h.tags, start: u32(l.u32.tagStart, n + 1), ids: u32(l.u32.tagIds, h.tagRefs) };
  if (!validTags(tags)) return undefined;
  const table: ChunkTable = { start: f64(l.f64.chunkStart, l.chunks + 1), hash: u8(l.bytes.chunkHash, 32 * l.chunks) };
  if (table.start[0] !== 0 || table.start[l.chunks] !== h.cards.bytes) return undefined;
  for (let c = 0; c < l.chunks; c++) if (!(table.start[c]! < table.start[c + 1]!) || !Number.isSafeInteger(table.start[c + 1])) return undefined;
  const key: IndexKey = { seal: h.seal, progress: h.progress, offset: h.offset, journal: h.journal, tail: h.tail, name: h.name };
  return { key, files: h.files, decks: h.decks, rows, tags, settings: h.settings, cards: { name: h.cards.name, bytes: h.cards.bytes, table } };
}

// What is checked of the rows before a start uses them: only what could make the queue loop too long
// (a run of tags past the tags) or a header count wrong. The values themselves (times, flags, tag
// numbers, the orders) are not: a typed array read past its end gives undefined, which no
// comparison takes, so no value can make the queue throw or loop, and the queue made from them is
// compared with the store's after the card. A loop over every row here ran before V8 had optimised
// anything (~2 ms for the flags and orders of 10,000 rows, ~7 ms when it read their times: each
// double read is boxed there).

/** Each row's run of tags within the tags, the runs in order. */
function validTags(tags: CardTags): boolean {
  const { start, ids } = tags;
  const n = start.length - 1;
  if (start[0] !== 0 || start[n] !== ids.length) return false;
  for (let i = 0; i < n; i++) if (start[i]! > start[i + 1]!) return false;
  return true;
}
