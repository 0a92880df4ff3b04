// Lints a big deck text in a worker thread whose heap is capped. Parsing YAML leaves a lot of garbage
// that V8 collects late in an uncapped heap: the 2.3 MB bench deck peaked at ~158 MiB in process and
// at ~107 MiB through a worker capped at 48-64 MiB of old space, in about the same time. The worker's
// heap is given back when it ends; the result arrives by structured clone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LintResult } from './lint-source.js';

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
  result: LintResult;
  /** What the card cache should hold next, when `cards` was given. */
  store?: string;
}

/**
 * lintSource(text, file) in a worker, or undefined when there is no built worker (running from the
 * sources, as tests do) or the worker failed in any way (out of its heap, a crash): the caller then
 * lints in process, which gives the same result at a higher memory peak.
 */
export async function lintInWorker(text: string, file: string, cards?: CardsIn): Promise<WorkerReply | undefined> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lint-worker.cjs');
  if (!fs.existsSync(script)) return undefined;
  // Room for the validated deck (~10 bytes per byte of text), the card cache's entries, and a working margin.
  const maxOldGenerationSizeMb = 48 + Math.ceil(((text.length + (cards?.json?.length ?? 0)) * 12) / 2 ** 20);
  const job: WorkerJob = { text, file, ...(cards ? { cards } : {}) };
  return new Promise((resolve) => {
    let reply: WorkerReply | undefined;
    const worker = new Worker(script, { workerData: job, resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 8 } });
    worker.once('message', (r: WorkerReply) => (reply = r));
    worker.once('error', () => (reply = undefined));
    worker.once('exit', () => resolve(reply));
  });
}
