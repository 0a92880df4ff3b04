// A deck-cache entry's bytes (deck-cache.ts signs and stores them): the lint result as JSON with card
// heads (core/cached-lint.ts) and where each card's body ends, a newline, then the bodies as JSON
// texts one after another. Kept apart from deck-cache.ts, which does the file work, so that the lint
// worker (lint-worker.ts) can encode the entry where the lint ran and hand over only its bytes: a
// structured clone of the whole linted deck cost ~300 ms of a cold lint of the 10,000-card bench
// deck (~140 ms to serialise in the worker, ~170 ms to rebuild on the main thread).
import { ownTags } from '../core/model.js';
import { isCachedLint, splitCard, type CachedDeck, type CachedLint } from '../core/cached-lint.js';
import type { LintResult } from './lint-source.js';

export type { CachedLint };

/** What an entry keeps: a lint result and, with a deck, each card's body as JSON text, in card order. */
export interface DeckEntry extends CachedLint {
  bodies?: string[];
}

/** A decoded entry: the lint result, and card `i`'s body text, decoded from the entry when asked. */
export interface DeckHit extends CachedLint {
  body(i: number): string;
}

/**
 * An entry's bytes (before signing): the head as JSON, a newline, then the bodies. Encoded straight
 * into one buffer: a buffer per body and their concatenation touched ~3x the entry's size in fresh
 * memory (~800 page faults for the 10,000-card bench deck, ~10 ms of a lint there).
 */
export function encodeEntry(entry: DeckEntry): Buffer {
  const { bodies = [], ...lint } = entry;
  let at = 0;
  const bodyEnds = bodies.map((b) => (at += Buffer.byteLength(b)));
  // JSON.stringify escapes every newline inside strings: the first newline ends the head.
  const head = JSON.stringify(lint.deck ? { ...lint, bodyEnds } : lint);
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + 1 + at);
  out.write(head, 0);
  out[headBytes] = 0x0a;
  let pos = headBytes + 1;
  for (const b of bodies) pos += out.write(b, pos);
  return out;
}

/** The entry in `bytes`, or undefined when its head is not a whole lint result with one body per card. */
export function decodeEntry(bytes: Buffer): DeckHit | undefined {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(bytes.toString('utf8', 0, nl));
  } catch {
    return undefined;
  }
  if (!isCachedLint(head)) return undefined;
  const { bodyEnds, ...lint } = head as CachedLint & { bodyEnds?: unknown };
  const start = nl + 1;
  const size = bytes.length - start;
  const cards = lint.deck?.cards.length;
  if (cards === undefined ? bodyEnds !== undefined || size !== 0 : !(Array.isArray(bodyEnds) && bodyEnds.length === cards && (cards === 0 ? size === 0 : bodyEnds[cards - 1] === size))) return undefined;
  const ends = (bodyEnds ?? []) as unknown[];
  // Each body's offsets are checked when it is read (a start reads a few of 10,000): a body outside
  // the entry, or not in order, reads as '' and fails the card check like any bad body.
  return {
    ...lint,
    body(i) {
      const from = i === 0 ? 0 : ends[i - 1];
      const to = ends[i];
      if (!isOffset(from, size) || !isOffset(to, size) || to < from) return '';
      return bytes.toString('utf8', start + from, start + to);
    },
  };
}

const isOffset = (v: unknown, size: number): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= size;

/** A lint result as the cache keeps it: card heads with their own tags only, bodies apart. */
export function entryOf(result: LintResult): DeckEntry {
  let deck: CachedDeck | null = null;
  let bodies: string[] | undefined;
  if (result.deck) {
    const { source: _source, cards, ...rest } = result.deck;
    const split = cards.map(splitCard);
    // Deck-level tags are kept once per deck: each card is stored with only its own tags.
    deck = { ...rest, cards: split.map(({ head }) => ({ ...head, tags: head.tags === rest.tags ? [] : ownTags(rest.tags, head.tags) })) };
    bodies = split.map((c) => c.body);
  }
  return {
    deck,
    ...(bodies ? { bodies } : {}),
    diagnostics: result.diagnostics.map(({ file: _file, ...d }) => d),
    ...(result.waivers.length > 0 ? { waivers: result.waivers.map(({ file: _file, ...w }) => w) } : {}),
    ...(result.header ? { header: { id: result.header.id, line: result.header.line, col: result.header.col } } : {}),
  };
}
