// The worker side of lintInWorker (lint-pool.ts): lints one deck text and posts back the deck-cache
// entry of the result (deck-entry.ts), with the card cache's new content when it was given the
// cache's entries. Both go as bytes whose memory moves to the main thread (a transfer, not a copy):
// a structured clone of the linted deck cost ~300 ms of a cold lint of the 10,000-card bench deck.
// Built as its own file, dist/lint-worker.cjs (scripts/build.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { lintSource, lintToEntry, readCardMemo, storeBytes } from './lint-source.js';
import { encodeEntry, entryOf } from './deck-entry.js';
import { answerHash } from '../core/hash.js';
import type { WorkerJob, WorkerReply } from './lint-pool.js';

const { text, file, cards } = workerData as WorkerJob;
const memo = cards && readCardMemo(cards.content, cards.salt);
const reply: WorkerReply = { entry: own(encodeEntry((memo && lintToEntry(text, file, memo)) ?? entryOf(hashed(lintSource(text, file))))), ...(memo?.store !== undefined ? { store: own(storeBytes(memo.store)) } : {}) };
parentPort!.postMessage(reply, [reply.entry.buffer, ...(reply.store ? [reply.store.buffer] : [])] as ArrayBuffer[]);

/** The result with every card's answer hash: computed here, where the cards are, and cached with them (see Card.hash). */
function hashed(result: ReturnType<typeof lintSource>): ReturnType<typeof lintSource> {
  for (const card of result.deck?.cards ?? []) card.hash ??= answerHash(card);
  return result;
}

/** The bytes in an ArrayBuffer of their own, which can be transferred (a small Buffer may share Node's pool). */
function own(bytes: Buffer): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
