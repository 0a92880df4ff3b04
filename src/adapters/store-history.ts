// Reading the whole journal for reports (stats, export) and import's check of what is there. Separate from the Store's replay: these
// read every entry, once, and keep what reports need with as little memory as possible.
import fs from 'node:fs';
import { parseJournal, type JournalEntry } from '../core/progress.js';
import { openStoreFile, storeError } from './store-files.js';

/** The whole journal, in order; a last entry without its newline counts when it is whole. Read
 *  as journalEntries reads it, a chunk at a time (one reader of the journal for all of them). */
export function readJournal(file: string): JournalEntry[] {
  return [...journalEntries(file)];
}

function intern(strings: Map<string, string>, s: string): string {
  const seen = strings.get(s);
  if (seen !== undefined) return seen;
  strings.set(s, s);
  return s;
}

const CHUNK = 1 << 20;
/**
 * Chunks for historyEntries: small enough that each chunk's text (about half of it once the
 * states are cut out) is an ordinary young-generation string. The text of a 1 MB chunk goes to
 * V8's large-object space, fresh pages from the system for every chunk: decoding the bench's 44 MB
 * journal so took ~5,000 more page faults and ~90 ms more than in 64 KB chunks (in the whole of
 * `recall stats`, ~1,700 faults), against ~300 more reads of the file here.
 */
export const HISTORY_CHUNK = 128 * 1024;
const STATE = Buffer.from('"state":{');
const NULL_STATE = Buffer.from('"state":null');

/**
 * Rewrites `buf` in place with every review's `"state":{...}` replaced by `"state":null`, so
 * 100,000 card states (about half of each line) are neither decoded, parsed nor kept. A state is
 * a flat object (no nested braces, no braces in its strings), so it ends at the first '}' after it
 * starts; inside a JSON string the quotes of `"state":{` would be escaped, so it cannot match
 * there. On bytes, before decoding: the same work on the decoded text cost more than the parse.
 * A state shorter than `null` (`{}`) is left as it is: the validator then refuses that line.
 * Returns the length of what is left.
 */
function stripStates(buf: Buffer, length: number): number {
  let from = 0;
  let n = 0;
  for (let i = buf.indexOf(STATE, from); i >= 0 && i < length; i = buf.indexOf(STATE, from)) {
    const close = buf.indexOf(0x7d, i + STATE.length);
    if (close < 0 || close >= length) break;
    if (close + 1 - i < NULL_STATE.length) {
      from = i + STATE.length;
      continue;
    }
    buf.copyWithin(n, from, i);
    n += i - from;
    buf.set(NULL_STATE, n);
    n += NULL_STATE.length;
    from = close + 1;
  }
  buf.copyWithin(n, from, length);
  return n + length - from;
}

/**
 * The journal's bytes up to `upTo` (default: all of it) in chunks of about `chunk` bytes, each cut
 * after a line end; the last one is the rest, which may be a last entry without its newline (or a
 * torn one). A line longer than a chunk grows the buffer. Each chunk is valid until the next is asked
 * for: the buffer is reused.
 */
function* journalChunks(file: string, chunk = CHUNK, upTo = Infinity): Generator<Buffer> {
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return;
  try {
    let buf = Buffer.allocUnsafe(chunk);
    let have = 0;
    let left = upTo;
    for (;;) {
      if (have === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]); // a line longer than the buffer
      let n: number;
      try {
        n = left <= 0 ? 0 : fs.readSync(fd, buf, have, Math.min(buf.length - have, left), null);
      } catch (err) {
        throw storeError(file, 'read', err);
      }
      have += n;
      left -= n;
      // Lines end at a newline byte, which never occurs inside a UTF-8 sequence: no character
      // is split. At the end, the rest is a last entry without its newline (or torn).
      const end = n === 0 ? have : buf.lastIndexOf(0x0a, have - 1) + 1;
      if (end > 0) {
        yield buf.subarray(0, end);
        buf.copy(buf, 0, end, have);
        have -= end;
      }
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Every entry of the journal (up to `upTo` bytes), in order, as parseJournal reads the whole text,
 * read a chunk at a time: `progress export` of 300,000 reviews held the whole journal and took ~590 MB, and a
 * million would not have fit.
 */
export function* journalEntries(file: string, opts: { chunk?: number; upTo?: number } = {}): Generator<JournalEntry> {
  for (const bytes of journalChunks(file, opts.chunk, opts.upTo)) yield* parseJournal(bytes.toString('utf8')).entries;
}

/**
 * The journal for reports that weigh answers, not states (stats' figures, optimize), in order: read
 * in chunks cut at line ends, with review entries stripped of their card state, so 100,000 states
 * are neither decoded, parsed nor validated. Not for readiness's calibration, which replays each
 * card's state before every answer: it reads journalEntries. A generator: a report that folds the entries as they come
 * (stats: core/stats-history.ts) holds none of them. Up to `upTo` bytes (default: all).
 */
export function* historyEntries(file: string, opts: { chunk?: number; upTo?: number } = {}): Generator<JournalEntry> {
  for (const bytes of journalChunks(file, opts.chunk ?? HISTORY_CHUNK, opts.upTo)) {
    const n = stripStates(bytes, bytes.length);
    yield* parseJournal(bytes.toString('utf8', 0, n)).entries;
  }
}

/**
 * The journal for reports as one array (historyEntries, all of it), for a report that goes over it
 * more than once. Deck and card ids, which repeat across thousands of entries, are kept once each.
 */
export function readHistory(file: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  const strings = new Map<string, string>();
  for (const e of historyEntries(file)) {
    e.deck = intern(strings, e.deck);
    if ('card' in e && e.card !== undefined) e.card = intern(strings, e.card);
    out.push(e);
  }
  return out;
}
