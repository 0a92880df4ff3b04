// The worker side of lintInWorker (lint-pool.ts): lints one deck text and posts the result back.
// Built as its own file, dist/lint-worker.cjs (scripts/build.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { lintSource } from './lint-source.js';

const { text, file } = workerData as { text: string; file: string };
parentPort!.postMessage(lintSource(text, file));
