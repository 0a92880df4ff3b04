// The study index's file body (study-index.ts reads and writes the file; this is its layout): MAGIC,
// the header as one line of JSON, zero bytes up to where the file's offset is a multiple of 8 (so
// the columns are read where they lie, without a copy), then the columns. Numbers in this
// machine's byte order (the header names it).
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../core/progress.js';
import type { CardTags, StateRows } from '../core/queue-rows.js';
import { chunkCount, type ChunkTable } from './study-cards.js';
import type { DeckFileRead } from './load-decks.js';

export const MAGIC = 'recall-study-index 2\n';
/** Where a signed file's body starts in it (signed-files.ts: the MAC in hex, then a newline). */
const BODY_AT = 65;

/** What an index is valid for: the store's files as they were (see study-index.ts), and its name. */
export interface IndexKey {
  seal: string;
  /** progress.json's size. */
  progress: number;
  offset: number;
  journal: number;
  tail: string;
  name: string;
}

export type FileRead = Omit<DeckFileRead, 'key'> & { key: string };

export interface Header extends IndexKey {
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

// The columns: due, last, first, stability (8 bytes each per row), the other states' first and last
// reviews, the cards file's chunk starts (8 bytes each), where each row's tags start, the tags, and
// the byDue and recent orders (4 bytes each), each chunk's SHA-256 (32 bytes), and one flag byte
// per row.

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

export function encode(header: Header, rows: StateRows, tags: CardTags, table: ChunkTable): Buffer {
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
export function decode(body: Buffer): StudyIndex | undefined {
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
  // The runs in order: the column equals a sorted copy of itself (a typed array sorts by value).
  // Sorted and compared by V8's and Node's builtins rather than in a loop over every row, which V8
  // compiled on the spot at each start (on-stack replacement) for the first card's sake: its
  // compiler's memory was ~40-120 page faults and its time ~2-5 ms, the sort ~10 faults and <1 ms.
  const sorted = start.slice().sort();
  return Buffer.from(sorted.buffer).equals(Buffer.from(start.buffer, start.byteOffset, start.byteLength));
}
