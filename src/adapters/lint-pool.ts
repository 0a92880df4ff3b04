// Lints a big deck text in a worker thread whose heap is capped: the lint's garbage goes with the
// worker's heap instead of staying beside what the command does next (`deck lint` of a deck whose
// cards are read a group at a time does without it, see wantsWorker). Once, before the fast
// reader took the cards, every big deck went through here: the 2.3 MB bench deck then peaked at
// ~158 MiB in process and ~107 MiB through the worker. The worker's heap is given back when it ends;
// the result arrives as the bytes of its deck-cache entry, transferred (deck-entry.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The card cache's entries for the deck (see card-cache.ts), as read. */
export interface CardsIn {
  content: Uint8Array | undefined;
  salt: string;
}

export interface WorkerJob {
  text: string;
  file: string;
  cards?: CardsIn;
}

export interface WorkerReply {
  /** The deck-cache entry of the lint result (deck-entry.ts: encodeEntry of entryOf). */
  entry: Uint8Array;
  /** What the card cache should hold next (UTF-8), when `cards` was given. */
  store?: Uint8Array;
}

/** Where a deck's cards list starts (see yaml-chunks.ts): the text before it is parsed by yaml in one piece. */
const CARDS_LINE = /^cards:[ \t]*(?:#.*)?\r?$/m;

/** The part of `text` yaml may parse in one piece, in characters: the header above the cards list, or
 *  the whole text when it has no such list (yaml-chunks.ts splits the list into groups of cards). */
function onePiece(text: string): number {
  return CARDS_LINE.exec(text)?.index ?? text.length;
}

/**
 * Whether a big deck needs the worker even when nothing follows its lint (`deck lint`, see
 * LoadOptions.lintOnly): when yaml may parse a big piece of it in one go, whose garbage an uncapped
 * heap would hold (the 60,000-tag header left to yaml peaked at 155 MiB in process, 140 MiB through
 * the worker). Any other big deck's cards go through the fast reader a group at a time, and the
 * worker's start (~100 ms) and the collections of its capped heap cost more than the memory they
 * save. Measured on the 10,000-card bench deck: cold lint 1.15-1.49 s in process against
 * 1.39-1.68 s through the worker, with ~0.2 s less CPU, at a peak of 134 MiB against 130; with
 * every card left to yaml, 138-142 MiB against 124-128.
 */
export const WORKER_FROM_ONE_PIECE = 64 * 1024;
export function wantsWorker(text: string): boolean {
  return onePiece(text) >= WORKER_FROM_ONE_PIECE;
}

/**
 * The worker's heap cap in MiB: room for the validated deck (~10 bytes per byte of text), the card
 * cache's entries and a working margin, plus what yaml holds while it parses a text in one piece
 * (~100 bytes per byte): the header above the cards list, or the whole text when it has no such
 * list. Without the last part a deck with a huge header (60,000 deck tags in a form the fast reader
 * leaves to yaml) ran the worker out of heap after ~1.5 s of collecting, and was parsed again here.
 */
export function heapCapMb(text: string, cardCacheChars: number): number {
  return 48 + Math.ceil(((text.length + cardCacheChars) * 12 + onePiece(text) * 100) / 2 ** 20);
}

/**
 * lintSource(text, file) in a worker, as the bytes of its deck-cache entry; or undefined when there
 * is no built worker (running from the sources, as tests do) or the worker failed in any way (out
 * of its heap, a crash): the caller then lints in process, which gives the same result at a higher
 * memory peak.
 */
export async function lintInWorker(text: string, file: string, cards?: CardsIn): Promise<WorkerReply | undefined> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lint-worker.cjs');
  if (!fs.existsSync(script)) return undefined;
  const maxOldGenerationSizeMb = heapCapMb(text, cards?.content?.length ?? 0);
  const job: WorkerJob = { text, file, ...(cards ? { cards } : {}) };
  return new Promise((resolve) => {
    let reply: WorkerReply | undefined;
    const worker = new Worker(script, { workerData: job, resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 8 } });
    // Anything but the reply's shape (a bug) is a failed worker: the caller lints in process.
    worker.once('message', (r: WorkerReply) => (reply = r?.entry instanceof Uint8Array && (r.store === undefined || r.store instanceof Uint8Array) ? r : undefined));
    worker.once('error', () => (reply = undefined));
    worker.once('exit', () => resolve(reply));
  });
}
