// `recall study`: drill due cards and a few new ones, interactively (study-session.ts) or from an
// answers file. An answer the student has seen acknowledged is on disk, whatever happens next.
// This file is the command's entry and loads little: with a study index, interactive study puts its
// first card on screen before the decks are loaded or the store opened (study-start.ts,
// study-early.ts), and what only comes after that card (study-run.ts, the session, the store) is
// loaded after it.
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { clockFromEnv } from '../adapters/clock.js';
import { requireTerminal } from './terminal.js';

export interface StudyOptions {
  decks: string[];
  deck?: string[];
  tag?: string[];
  limit?: number;
  new?: number;
  answers?: string;
  reporter?: 'text' | 'json';
}

export async function run(opts: StudyOptions, io: Io): Promise<number> {
  // In a terminal it was ignored: the session went on with no JSON at its end.
  if (opts.answers === undefined && opts.reporter === 'json')
    throw new UsageError('--reporter json is the summary of a scripted study: give the answers with --answers FILE (interactive study prints its own summary)');
  if (opts.answers === undefined) {
    requireTerminal(io, 'study', opts.decks);
    // With a study index of these deck files and this store, the first card goes on screen before
    // the decks are loaded or the store opened.
    const early = (await import('./study-start.js')).earlyStart(opts, io, clockFromEnv(io.env)());
    if (early !== undefined) return (await import('./study-early.js')).studyEarly(opts, io, early);
  }
  return (await import('./study-run.js')).studyFromStore(opts, io);
}
