// Lints a big deck text in a worker thread whose heap is capped. Parsing YAML leaves a lot of garbage
// that V8 collects late in an uncapped heap: the 2.3 MB bench deck peaked at ~158 MiB in process and
// at ~107 MiB through a worker capped at 48-64 MiB of old space, in about the same time. The worker's
// heap is given back when it ends; the result arrives by structured clone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The card cache's entries for the deck (see card-cache.ts), as read. */
export interface CardsIn {
  json: string | undefined;
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

/**
 * The worker's heap cap in MiB: room for the validated deck (~10 bytes per byte of text), the card
 * cache's entries and a working margin, plus what yaml holds while it parses a text in one piece
 * (~100 bytes per byte): the header above the cards list, or the whole text when it has no such
 * list. Without the last part a deck with a huge header (60,000 deck tags in a form the fast reader
 * leaves to yaml) ran the worker out of heap after ~1.5 s of collecting, and was parsed again here.
 */
export function heapCapMb(text: string, cardCacheChars: number): number {
  const onePiece = CARDS_LINE.exec(text)?.index ?? text.length;
  return 48 + Math.ceil(((text.length + cardCacheChars) * 12 + onePiece * 100) / 2 ** 20);
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
  const maxOldGenerationSizeMb = heapCapMb(text, cards?.json?.length ?? 0);
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
