// V8's young generation kept at its size while recall reads or makes data it keeps.
//
// Why: V8 doubles the young generation (up to 16 MB a half) once as many bytes have survived its
// collections as it holds, and a lint's survivors are the whole linted deck: for the 10,000-card
// bench deck it grew to 2 x 16 MB, ~8,000 pages touched for the first time (~15 us each here) for
// garbage that is dead a moment later. Kept at the 2 x 2 MB it has when the lint starts, the lint
// collects more often (each collection still copies only what survives), and a cold lint of the
// bench deck took ~17% less CPU, ~5,000 fewer page faults and ~16 MiB less peak memory (A/B of
// the same build, 9 runs each, 2026-11-30). Interactive study holds it too while it reads the
// deck cache, the checkpoint and builds the queue, and a scripted study while it answers
// (commands/study.ts).
//
// The flag is V8's, process-wide, and part of the hash V8 stamps on code caches: it is put back to
// its default before anything else runs, so the code cache written at exit (code-cache.ts) is one a
// normal start accepts. Holds nest: the flag goes back when the last one is let go. Left alone when
// the user set a young-generation flag of their own, and in a worker thread (the lint worker has
// its own capped young generation).
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const FLAG = '--semi-space-growth-factor';
/** V8's default (Node 20): putting it back leaves the flags as they were at start. */
const DEFAULT_GROWTH = 2;

/** Holds not let go yet: the flag is set while there is one. */
let holds = 0;

/** Whether node was started with a young-generation flag (then recall does not touch it). */
function userTuned(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space/.test(a));
}

/**
 * Keeps the young generation at its size until the returned function is called. Calling it again
 * does nothing, so a caller can let go early and again in a `finally`.
 */
export function holdYoungGeneration(): () => void {
  if (!isMainThread || userTuned()) return () => {};
  if (holds++ === 0) v8.setFlagsFromString(`${FLAG}=1`);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--holds === 0) v8.setFlagsFromString(`${FLAG}=${DEFAULT_GROWTH}`);
  };
}

/** `fn()`, with the young generation kept at its size while it runs. */
export function withSteadyYoungGeneration<T>(fn: () => T): T {
  const release = holdYoungGeneration();
  try {
    return fn();
  } finally {
    release();
  }
}
