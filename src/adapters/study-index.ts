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
import { rowsOf, tagColumns } from '../core/queue-rows.js';
import { cacheDir } from './cache-files.js';
import { keyIn } from './cache-key.js';
import { writtenSeal } from './checkpoint-seal.js';
import { pruneSigned, readSigned, writeSigned } from './signed-files.js';
import { openStoreFile, sameFile, fileId } from './store-files.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';
import { CARDS_FORMAT, cardOfLine, cardsIntact, cardsPath, readCard, writeCards } from './study-cards.js';
import { decode, encode, MAGIC, type FileRead, type Header, type IndexKey, type StudyIndex } from './study-index-file.js';
import type { DeckFileRead } from './load-decks.js';
import type { Store } from './store.js';
import pkg from '../../package.json' with { type: 'json' };

/** 10,000 cards make ~540 KB; a million, ~54 MB. Past this no index is written or read. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** Journal bytes after the checkpoint hashed at start; past this the store is opened as before. */
export const MAX_TAIL_BYTES = 1024 * 1024;
const OWN_INDEX = /^[0-9a-f]{64}\.idx$/;
const OWN_CARDS = /^[0-9a-f]{64}\.cards$/;
const MAX_FILES = 8;
const MAX_CARDS_TOTAL = 128 * 1024 * 1024;
const MAX_AGE_MS = 60 * 86_400_000;


export type { IndexKey, StudyIndex };

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
