// The worker side of lintInWorker (lint-pool.ts): lints one deck text and posts the result back,
// with the card cache's new content when it was given the cache's entries.
// Built as its own file, dist/lint-worker.cjs (scripts/build.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { lintSource, readCardMemo } from './lint-source.js';
import type { WorkerJob, WorkerReply } from './lint-pool.js';

const { text, file, cards } = workerData as WorkerJob;
const memo = cards && readCardMemo(cards.json, cards.salt);
const reply: WorkerReply = { result: lintSource(text, file, memo), ...(memo?.store !== undefined ? { store: memo.store } : {}) };
parentPort!.postMessage(reply);
