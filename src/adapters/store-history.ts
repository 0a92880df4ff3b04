// Reading the whole journal for reports (stats, export). Separate from the Store's replay: these
// read every entry, once, and keep what reports need with as little memory as possible.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parseJournal, type JournalEntry } from '../core/progress.js';
import { readFrom } from './store-fs.js';
import { openStoreFile, storeError } from './store-files.js';

/** The whole journal, in order; a last entry without its newline counts when it is whole. */
export function readJournal(file: string): JournalEntry[] {
  return parseJournal(readFrom(file, 0).toString('utf8')).entries;
}

function intern(strings: Map<string, string>, s: string): string {
  const seen = strings.get(s);
  if (seen !== undefined) return seen;
  strings.set(s, s);
  return s;
}

/**
 * Replaces every review's `"state":{...}` with `"state":null` before parsing, so 100,000 card
 * states are neither parsed nor kept (about half of each line). A state is a flat object (no
 * nested braces, no braces in its strings), so it ends at the first '}' after it starts.
 */
function withoutStates(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = text.indexOf('"state":{', from); i >= 0; i = text.indexOf('"state":{', from)) {
    const close = text.indexOf('}', i);
    if (close < 0) break;
    parts.push(text.slice(from, i), '"state":null');
    from = close + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/**
 * The journal for reports (stats): read in 1 MB chunks, with review entries stripped of their
 * card state, which reports do not use. 100,000 entries then take a fraction of the memory that
 * readJournal() needs.
 */
export function readHistory(file: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  const fd = openStoreFile(file, 'read');
  if (fd === undefined) return out;
  const strings = new Map<string, string>();
  const keep = (text: string) => {
    for (const e of parseJournal(withoutStates(text)).entries) {
      // Deck and card ids repeat across thousands of entries: keep one copy of each.
      e.deck = intern(strings, e.deck);
      if ('card' in e && e.card !== undefined) e.card = intern(strings, e.card);
      out.push(e);
    }
  };
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (let n = fs.readSync(fd, chunk, 0, chunk.length, null); n > 0; n = fs.readSync(fd, chunk, 0, chunk.length, null)) {
      const text = carry + decoder.write(chunk.subarray(0, n));
      const end = text.lastIndexOf('\n') + 1;
      carry = text.slice(end);
      keep(text.slice(0, end));
    }
    keep(carry + decoder.end()); // a whole last entry without its newline
  } catch (err) {
    throw storeError(file, 'read', err);
  } finally {
    fs.closeSync(fd);
  }
  return out;
}
