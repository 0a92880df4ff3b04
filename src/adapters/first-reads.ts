// The files a command reads first, guessed from its command line before the CLI loads, so that
// boot.ts can start reading them in the thread pool (prefetch.ts). A guess: any `.yaml` argument of a
// command that reads decks (an option's value that happens to end in .yaml costs a wasted read).
import path from 'node:path';
import { MAX_DECK_BYTES } from './deck-size.js';
import { prefetch } from './prefetch.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';

/** Commands (code-cache.ts commandKey) that read progress.json, and those that read decks, first. */
const READS_PROGRESS = new Set(['study', 'quiz', 'exam', 'stats']);
const READS_DECKS = new Set([...READS_PROGRESS, 'deck-lint', 'deck-show', 'deck-export']);
/** 10,000 card states are ~3 MB; a bigger checkpoint is read the ordinary way (so is anything past
 *  prefetch.ts's limit on all reads ahead together). */
const MAX_PROGRESS_BYTES = 32 * 1024 * 1024;

/**
 * Interactive study (study without `--answers`) reads neither first when its study index is there:
 * its first card comes from the index, and the deck and progress.json are read after it
 * (commands/study-start.ts). Read ahead then, 5.3 MB of fresh pages on a pool thread cost the main
 * thread ~1,400 page faults and ~50-60 ms of CPU before the card (the allocations, and waiting on
 * the memory map while the pool thread faults its pages in); without an index, the reads are not
 * overlapped with loading the CLI.
 */
const interactiveStudy = (command: string, args: readonly string[]) => command === 'study' && !args.some((a) => a === '--answers' || a.startsWith('--answers='));

/** Starts the first reads of `command` (its code-cache key) with these arguments. Never throws. */
export function prefetchFirstReads(command: string, args: readonly string[], env: Record<string, string | undefined>, cwd: string): void {
  try {
    if (interactiveStudy(command, args)) return;
    if (READS_PROGRESS.has(command)) prefetch(path.join(storeDir(env), PROGRESS_FILE), MAX_PROGRESS_BYTES);
    if (READS_DECKS.has(command)) {
      for (const arg of args) if (!arg.startsWith('-') && /\.ya?ml$/i.test(arg)) prefetch(path.resolve(cwd, arg), MAX_DECK_BYTES, { follow: true });
    }
  } catch {
    // Only a head start.
  }
}

