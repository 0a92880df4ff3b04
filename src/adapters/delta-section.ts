// The card cache's section for re-lints after a small edit (relint-delta.ts): its layout, how a
// lint writes it (card-store.ts writeStore, after the bodies) and how a re-lint reads it. The section
// sits at the end of the cache's content, found by a trailer, so that a lint that goes the whole way
// reads the content as before and a re-lint reads the section without parsing the first line:
//
//   <first line: JSON><deck text><bodies><meta: JSON>\n<columns: Uint32, COLS per card, then word ids><heads>\nrecall-delta <12 digits: where the meta starts>
//
// Everything in it is untrusted until checked (isMeta, columnsFit): the file is signed, and any
// doubt makes the re-lint go the whole way.
import type { CardEntry } from '../core/cached-card.js';
import { headOf } from '../core/cached-card.js';
import type { Diagnostic } from '../core/model.js';
import { NEAR_DUPLICATE_JACCARD, type KeptWords } from '../core/near-duplicate.js';
import { probeBound, type ProbeBound } from '../core/near-delta.js';
import type { Utf8Pieces } from './utf8-pieces.js';

export type Place = Omit<Diagnostic, 'file'>;

/** What a lint hands the card cache for the section (see DeltaMeta), when it can be a re-lint's base. */
export interface DeltaSource {
  ctx: { deckTags: string[]; typos: boolean };
  listIndent: number;
  deckPrefix: string;
  header: { id: string; line: number; col: number };
  headerYaml: Place[];
  headerDiagnostics: Place[];
  near: KeptWords;
  /** The cards' heads as JSON joined by commas, and where each ends (bytes), when the lint made
   *  them (deck-entry.ts DeckEntry.headsJson). */
  heads?: { json: string; ends: Uint32Array };
}

/** The section's first line (JSON); the columns and the heads follow it. */
export interface DeltaMeta extends Omit<DeltaSource, 'near' | 'heads'> {
  context: string;
  n: number;
  /** Where the stored deck text and the bodies start in the cache's content, and the text's length. */
  textAt: number;
  textBytes: number;
  bodiesAt: number;
  /** Where the heads and the columns start in the content (the heads end where the columns start,
   *  the columns where this meta does). */
  headsAt: number;
  colsAt: number;
  words: number;
  /** The words the last lint ranked, in rank order, each followed by a line break (one string,
   *  not 11,000 for the bench deck: a re-lint looks up the words of a few cards). */
  vocabulary: string;
  pairs: number[];
  /** near-delta.ts probeBound of the stored word sets. */
  nearBound: ProbeBound;
}

// The columns, COLS numbers per card (Uint32), then the word ids of every card.
export const START = 0; // card text in the stored deck text (bytes)
export const END = 1;
export const BASE = 2; // the line it starts on
export const POS_LINE = 3; // its mapping's place (RuleCard pos)
export const POS_COL = 4;
export const ITEM_START = 5; // its item of the cards list in the cache's first line (bytes in the content)
export const ITEM_END = 6;
export const BODY_START = 7; // its body in the bodies (bytes from bodiesAt)
export const BODY_END = 8;
export const HEAD_END = 9; // its head's JSON ends here in the heads (bytes; heads are joined by commas)
export const ID_HASH = 10;
export const FLAGS = 11;
export const OPTIONS = 12; // a choice card's options (RuleCard options), else 0
export const WORD_END = 13; // its words end here in the word ids
export const COLS = 14;

export const PARSE = 1; // diagnostics, findings, YAML diagnostics or a waiver: its entry is read
export const KEY_LONGEST = 2;
export const TRUE = 4;
export const TRUEFALSE = 8;
export const WAIVES_NEAR = 16;

/** The trailer that ends a content with a section: where the section starts. */
const TRAILER = '\nrecall-delta ';
/** The trailer: TRAILER, where the meta starts, where the deck text starts (12 digits each, a space
 *  between), a space and the tail's MAC (64 hex digits, see writeDelta). */
export const TRAILER_BYTES = TRAILER.length + 12 + 1 + 12 + 1 + 64;

export interface Trailer {
  /** Where the meta and the deck text start in the content. */
  metaAt: number;
  textAt: number;
  /** The tail's MAC (hex) and where it sits in the content. */
  mac: string;
  macAt: number;
}

/** The trailer at the end of `end` (the content's last TRAILER_BYTES or more), or undefined. */
export function trailerOf(end: Uint8Array, contentLength: number): Trailer | undefined {
  if (end.length < TRAILER_BYTES || contentLength < TRAILER_BYTES) return undefined;
  const tail = Buffer.from(end.buffer, end.byteOffset + end.length - TRAILER_BYTES, TRAILER_BYTES).toString('latin1');
  const m = /^\nrecall-delta (\d{12}) (\d{12}) ([0-9a-f]{64})$/.exec(tail);
  if (!m) return undefined;
  const metaAt = Number(m[1]);
  const textAt = Number(m[2]);
  if (!(textAt <= metaAt && metaAt < contentLength - TRAILER_BYTES)) return undefined;
  return { metaAt, textAt, mac: m[3]!, macAt: contentLength - 64 };
}

/** What the MAC of a section's tail covers: the content from the deck text to the trailer. A re-lint
 *  reads and checks only that (card-cache.ts openTail), not the first line's 2.8 MB of entries. */
export function tailOf(content: Uint8Array, t: Trailer): Uint8Array {
  return content.subarray(t.textAt, content.length - TRAILER_BYTES);
}

/** FNV-1a of an id's UTF-16 units: two ids that differ almost always differ here (equal ones are compared whole). */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const byteLength = (b: string | Uint8Array) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length);

/**
 * Writes the section for a store being written (card-store.ts writeStore calls it after the bodies,
 * with its pieces): `items`, where each card's item of the first line starts and ends in the content;
 * `bodyEnds`, where each card's body ends in the bodies (a valid card each). Each head's place is
 * counted as it is written, so the heads come first, then the columns, then what describes them.
 */
export function writeDelta(
  source: DeltaSource,
  store: { context: string; text: Uint8Array; starts: number[]; ends: number[]; entries: CardEntry[]; parse: boolean[] },
  places: { items: Uint32Array; bodyEnds: Uint32Array; textAt: number; bodiesAt: number },
  out: Utf8Pieces,
  tail?: TailMac,
): void {
  const n = store.entries.length;
  const { ids, ends } = source.near;
  const headsAt = out.written();
  let headEnds = source.heads?.ends;
  if (source.heads && headEnds?.length === n) out.put(source.heads.json);
  else {
    headEnds = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      // Joined with commas, as in the entry's list: a run of cards' heads is one range of bytes.
      if (i > 0) out.put(',');
      out.put(JSON.stringify(headOf(store.entries[i]!.check.card!)));
      headEnds[i] = out.written() - headsAt;
    }
  }
  // The columns a card at a time through one small array (not one array of them all: ~200 pages).
  // They start 3 bytes past a multiple of 4: in a signed file read whole (`<64 hex>\n<content>`),
  // that is a multiple of 4 in the file's buffer, where a re-lint reads them without a copy.
  out.put(' '.repeat((3 - (out.written() % 4) + 4) % 4));
  const colsAt = out.written();
  const row = new Uint32Array(COLS);
  const rowBytes = new Uint8Array(row.buffer);
  for (let i = 0; i < n; i++) {
    const card = store.entries[i]!.check.card!;
    row[START] = store.starts[i]!;
    row[END] = store.ends[i]!;
    row[BASE] = store.entries[i]!.base;
    row[POS_LINE] = card.pos.line;
    row[POS_COL] = card.pos.col;
    row[ITEM_START] = places.items[2 * i]!;
    row[ITEM_END] = places.items[2 * i + 1]!;
    row[BODY_START] = i === 0 ? 0 : places.bodyEnds[i - 1]!;
    row[BODY_END] = places.bodyEnds[i]!;
    row[HEAD_END] = headEnds[i]!;
    row[ID_HASH] = idHash(card.id);
    row[FLAGS] =
      (store.parse[i] ? PARSE : 0) | (card.keyLongest ? KEY_LONGEST : 0) | (card.answer === true ? TRUE : 0) | (card.type === 'truefalse' ? TRUEFALSE : 0) | (card.lint?.ignore.includes('NEAR_DUPLICATE') ? WAIVES_NEAR : 0);
    row[OPTIONS] = card.options ?? 0;
    row[WORD_END] = ends[i]!;
    out.putBytes(rowBytes);
  }
  out.putBytes(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength));
  const meta: DeltaMeta = {
    ctx: source.ctx,
    listIndent: source.listIndent,
    deckPrefix: source.deckPrefix,
    header: source.header,
    headerYaml: source.headerYaml,
    headerDiagnostics: source.headerDiagnostics,
    context: store.context,
    n,
    textAt: places.textAt,
    textBytes: store.text.length,
    bodiesAt: places.bodiesAt,
    headsAt,
    colsAt,
    words: ids.length,
    vocabulary: source.near.vocabulary.map((w) => `${w}\n`).join(''),
    nearBound: probeBound({ ids, ends, words: source.near.vocabulary.length }, NEAR_DUPLICATE_JACCARD),
    pairs: source.near.pairs,
  };
  const metaAt = out.written();
  out.put(JSON.stringify(meta));
  // Everything from the deck text to here is in the pieces handed over: the tail's MAC covers it.
  out.flush();
  const mac = tail?.digest() ?? '0'.repeat(64);
  out.put(`${TRAILER}${String(metaAt).padStart(12, '0')} ${String(places.textAt).padStart(12, '0')} ${mac}`);
}

/** The MAC of a section's tail, taken as the content is written (card-cache.ts): `start` when the
 *  deck text begins (every piece handed over from then on is in it), `digest` before the trailer. */
export interface TailMac {
  start(): void;
  digest(): string;
}

/** Whether a store of `n` cards, from a lint with this result, can carry a section. */
export function deltaFits(n: number, near: KeptWords | undefined): near is KeptWords {
  return near !== undefined && near.ends.length === n && n > 0;
}

export interface Section {
  /** Where the section starts in the content (the end of the bodies: its heads). */
  at: number;
  meta: DeltaMeta;
  cols: Uint32Array;
  heads: Uint8Array;
  content: Uint8Array;
}

/** How many words a section's vocabulary holds (each ends with a line break). */
export function vocabularySize(vocabulary: string): number {
  let count = 0;
  for (let at = vocabulary.indexOf('\n'); at >= 0; at = vocabulary.indexOf('\n', at + 1)) count++;
  return count;
}

/** The ranks of `words` in a section's vocabulary (undefined: not in it), found in one pass over
 *  it. A word has no line break in it. */
export function ranksIn(vocabulary: string, words: readonly string[]): Array<number | undefined> {
  const places = words.map((w) => (vocabulary.startsWith(`${w}\n`) ? 0 : vocabulary.indexOf(`\n${w}\n`) + 1));
  // The rank of the word at a place: the line breaks before it.
  const order = places.map((_, i) => i).filter((i) => places[i]! > 0 || vocabulary.startsWith(`${words[i]}\n`));
  order.sort((p, q) => places[p]! - places[q]!);
  const ranks: Array<number | undefined> = words.map(() => undefined);
  let rank = 0;
  let nl = vocabulary.indexOf('\n');
  for (const i of order) {
    while (nl >= 0 && nl < places[i]!) {
      rank++;
      nl = vocabulary.indexOf('\n', nl + 1);
    }
    ranks[i] = rank;
  }
  return ranks;
}

/** Where the section starts in a card cache's content, or its length when it has none. */
export function sectionStart(content: Uint8Array): number {
  return trailerOf(content, content.length)?.metaAt ?? content.length;
}

/** The section of a card cache's content, or undefined when it has none or it is out of shape. */
export function readSection(content: Uint8Array): Section | undefined {
  const at = sectionStart(content);
  if (at === content.length) return undefined;
  let meta: DeltaMeta;
  try {
    meta = JSON.parse(Buffer.from(content.buffer, content.byteOffset + at, content.length - TRAILER_BYTES - at).toString('utf8')) as DeltaMeta;
  } catch {
    return undefined;
  }
  if (!isMeta(meta, at)) return undefined;
  // The columns end where the meta starts, and hold COLS numbers per card and the word ids.
  if (at - meta.colsAt !== (meta.n * COLS + meta.words) * 4) return undefined;
  // Read in place when they sit at a multiple of 4 in the buffer (see writeDelta), else copied.
  const colsFrom = content.byteOffset + meta.colsAt;
  const count = (at - meta.colsAt) / 4;
  const cols = colsFrom % 4 === 0 ? new Uint32Array(content.buffer, colsFrom, count) : new Uint32Array(content.buffer.slice(colsFrom, colsFrom + count * 4));
  return { at: meta.headsAt, meta, cols, heads: content.subarray(meta.headsAt, meta.colsAt), content };
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPlace = (v: unknown): v is Place =>
  typeof v === 'object' && v !== null && isInt((v as Place).line) && isInt((v as Place).col) && ((v as Place).severity === 'warning' || (v as Place).severity === 'error') && typeof (v as Place).code === 'string' && typeof (v as Place).message === 'string';
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isMeta(m: DeltaMeta, at: number): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const ctxOk = typeof m.ctx === 'object' && m.ctx !== null && isStrs(m.ctx.deckTags) && typeof m.ctx.typos === 'boolean';
  const headerOk = typeof m.header === 'object' && m.header !== null && typeof m.header.id === 'string' && isInt(m.header.line) && isInt(m.header.col);
  return (
    ctxOk &&
    headerOk &&
    typeof m.context === 'string' &&
    typeof m.deckPrefix === 'string' &&
    isInt(m.listIndent) &&
    isInt(m.n) &&
    m.n > 0 &&
    isInt(m.textAt) &&
    isInt(m.textBytes) &&
    isInt(m.bodiesAt) &&
    m.textAt + m.textBytes <= m.bodiesAt &&
    m.bodiesAt <= at &&
    isInt(m.words) &&
    isInt(m.headsAt) &&
    isInt(m.colsAt) &&
    m.bodiesAt <= m.headsAt &&
    m.headsAt <= m.colsAt &&
    m.colsAt <= at &&
    typeof m.vocabulary === 'string' &&
    typeof m.nearBound === 'object' &&
    m.nearBound !== null &&
    isInt(m.nearBound.bound) &&
    isInt(m.nearBound.prefixes) &&
    Array.isArray(m.pairs) &&
    m.pairs.length % 2 === 0 &&
    m.pairs.every((p, k) => isInt(p) && p < m.n && (k % 2 === 0 || (m.pairs[k - 1] as number) < p)) &&
    Array.isArray(m.headerYaml) &&
    m.headerYaml.every(isPlace) &&
    Array.isArray(m.headerDiagnostics) &&
    m.headerDiagnostics.every(isPlace)
  );
}

/** The columns make sense for the content: places in order and inside what they place into. */
export function columnsFit(s: Section): boolean {
  const { meta, cols } = s;
  let lastEnd = -1;
  let lastWords = 0;
  let lastHead = 0;
  for (let i = 0; i < meta.n; i++) {
    const c = i * COLS;
    if (i === 0 ? cols[c + START]! > cols[c + END]! : cols[c + START] !== lastEnd) return false;
    lastEnd = cols[c + END]!;
    if (lastEnd > meta.textBytes || cols[c + ITEM_START]! > cols[c + ITEM_END]! || cols[c + ITEM_END]! > meta.textAt) return false;
    if (cols[c + BODY_START]! > cols[c + BODY_END]! || meta.bodiesAt + cols[c + BODY_END]! > s.at) return false;
    if (cols[c + HEAD_END]! < lastHead + (i === 0 ? 0 : 1) || cols[c + WORD_END]! < lastWords) return false;
    lastHead = cols[c + HEAD_END]!;
    lastWords = cols[c + WORD_END]!;
    if (cols[c + POS_LINE]! < cols[c + BASE]!) return false;
  }
  // The heads end where the columns start, but for a few spaces that place the columns.
  const headsRoom = meta.colsAt - meta.headsAt;
  if (lastEnd !== meta.textBytes || lastHead > headsRoom || headsRoom - lastHead > 3 || lastWords !== meta.words) return false;
  const words = vocabularySize(meta.vocabulary);
  for (let k = meta.n * COLS; k < cols.length; k++) if (cols[k]! >= words) return false;
  return true;
}

