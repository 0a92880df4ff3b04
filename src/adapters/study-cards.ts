// The study index's cards: `cache/study/<decks digest>.cards`, every card of the decks studied as a
// start loads it: one line per card in deck order, its head as JSON (id, type, tags with the deck's
// merged in, answer hash), a tab, and its body as the deck-cache entry keeps it (JSON text; neither
// holds a raw tab or newline). An early start (commands/study-start.ts) makes its first card from
// one line with fullCard, the very function a start from the deck cache uses, without the 2.8 MB
// deck-cache entry verified and 10,000 card heads parsed: one chunk of ~32 lines read.
//
// The file itself is not signed and not trusted: the signed study index (study-index.ts) keeps
// where each chunk of CHUNK cards starts and the SHA-256 of its bytes, made from the cards as
// loaded, never from this file's bytes. A chunk that does not hash to that is a miss, and a line
// that fullCard refuses too. The file depends only on the decks' bytes, so it is written once per
// version of the decks (~30 ms for 10,000 cards: heads and body texts written as they are, no card
// built); a later index for the same decks takes the chunk table of the index before it (signed,
// for the same cards).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Card, CardHead } from '../core/model.js';
import { fullCard, splitCard } from '../core/cached-lint.js';
import { readRange, withRegularFile, writeCacheFile } from './cache-files.js';

/** The lines' format, part of the file's name: a file of another format (an earlier build of the
 *  same version) is never taken for this one, whose chunk hashes it would still match. */
export const CARDS_FORMAT = 'cards 2: head, tab, body';
/** Cards per chunk: a start reads and hashes one chunk (~9 KB for the bench deck). */
export const CHUNK = 32;
/** Past this the cards are not written (the deck cache's cap on an entry). */
const MAX_CARDS_BYTES = 32 * 1024 * 1024;
const HASH = 32;

/** Where each chunk starts in the cards file (`chunks + 1` offsets: the last is the file's size),
 *  and each chunk's SHA-256, 32 bytes each. */
export interface ChunkTable {
  start: Float64Array;
  hash: Uint8Array;
}

export const chunkCount = (cards: number): number => Math.ceil(cards / CHUNK);

/** A deck's cards, and their body texts as the deck cache keeps them (undefined: the cards are whole). */
export interface CardsSource {
  cards: readonly CardHead[];
  bodies: ((i: number) => string) | undefined;
}

/**
 * Writes the cards file `file` of `decks` (in order), and returns its chunk table; undefined when
 * it could not be written.
 */
export function writeCards(file: string, decks: readonly CardsSource[]): ChunkTable | undefined {
  const lines: string[] = [];
  for (const { cards, bodies } of decks) {
    cards.forEach((card, i) => {
      const { head, body } = bodies ? { head: card, body: bodies(i) } : splitCard(card as Card);
      lines.push(`${JSON.stringify(head)}\t${body}\n`);
    });
  }
  const chunks = chunkCount(lines.length);
  const table: ChunkTable = { start: new Float64Array(chunks + 1), hash: new Uint8Array(HASH * chunks) };
  const parts: Buffer[] = [];
  let at = 0;
  for (let c = 0; c < chunks; c++) {
    const bytes = Buffer.from(lines.slice(c * CHUNK, (c + 1) * CHUNK).join(''), 'utf8');
    table.start[c] = at;
    table.hash.set(createHash('sha256').update(bytes).digest(), HASH * c);
    parts.push(bytes);
    at += bytes.length;
    if (at > MAX_CARDS_BYTES) return undefined;
  }
  table.start[chunks] = at;
  return writeCacheFile(file, parts) ? table : undefined;
}

/** The card of a line of the cards file, as fullCard makes it from a deck-cache head and body;
 *  undefined when the line is not one. */
export function cardOfLine(line: string): Card | undefined {
  const tab = line.indexOf('\t');
  if (tab < 0) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(line.slice(0, tab));
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return undefined;
  return fullCard(head as CardHead, line.slice(tab + 1));
}

/**
 * Line `row` of the cards file when its chunk is the one the table names (read: the file a regular
 * file of `size` bytes, never through a symlink; the chunk's bytes hashing to the table's);
 * undefined on any miss.
 */
export function readCard(file: string, size: number, table: ChunkTable, row: number): string | undefined {
  const c = Math.floor(row / CHUNK);
  const from = table.start[c];
  const to = table.start[c + 1];
  if (from === undefined || to === undefined || !(to > from)) return undefined;
  const bytes = readBytes(file, size, from, to);
  if (bytes === undefined || !chunkHashes(bytes, table, c)) return undefined;
  const lines = bytes.toString('utf8').split('\n');
  // Each card a line ended by a newline (JSON text has none inside), so the last piece is empty.
  const k = row - c * CHUNK;
  return k < lines.length - 1 && lines[lines.length - 1] === '' ? lines[k] : undefined;
}

/** Whether `file` is the cards file the table was made for: its size, and every chunk's hash. */
export function cardsIntact(file: string, size: number, table: ChunkTable): boolean {
  const bytes = readBytes(file, size, 0, size);
  if (bytes === undefined) return false;
  for (let c = 0; c + 1 < table.start.length; c++) if (!chunkHashes(bytes.subarray(table.start[c]!, table.start[c + 1]!), table, c)) return false;
  return true;
}

/** Whether `chunk` hashes to chunk `c` of the table. */
const chunkHashes = (chunk: Buffer, table: ChunkTable, c: number): boolean => createHash('sha256').update(chunk).digest().equals(table.hash.subarray(HASH * c, HASH * (c + 1)));

/** Bytes `from` to `to` of `file` when it is a regular file (never followed: O_NOFOLLOW; a FIFO
 *  does not block: O_NONBLOCK) of `size` bytes; else undefined. */
function readBytes(file: string, size: number, from: number, to: number): Buffer | undefined {
  return withRegularFile(file, (fd, s) => {
    if (s.size !== size) return undefined;
    const bytes = Buffer.allocUnsafe(to - from);
    return readRange(fd, bytes, 0, bytes.length, from) ? bytes : undefined;
  });
}

export const cardsPath = (dir: string, name: string): string => path.join(dir, `${name}.cards`);
