// `recall optimize [--json] [--force] [--dry-run]`: fits the FSRS weights to the student's own study
// history, and saves them (as the `params` setting) only when they predict that history better than
// the weights in use. The training set and the rules are core/optimize.ts; the optimizer is the
// optional native binding, loaded here and nowhere else (adapters/fsrs-binding.ts).
import { default_w } from 'ts-fsrs';
import { println, type Io } from '../io.js';
import { isBetter, reviewsNeeded, trainingItems, trainingSet } from '../core/optimize.js';
import { optimizeJson, optimizeText, tooLittleLine, type OptimizeOutcome } from '../core/optimize-text.js';
import { PARAM_COUNT, paramsProblem, tidyParams } from '../core/fsrs-params.js';
import { closeStore, openStore } from '../adapters/store.js';
import { loadBinding, optimizerFor, OptimizerUnavailable, type FsrsBinding } from '../adapters/fsrs-binding.js';

export interface OptimizeOptions {
  json?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface OptimizeDeps {
  /** Loads the optimizer; tests replace it to play a missing or broken install. */
  loadBinding?: () => Promise<FsrsBinding>;
}

/** A fit shows progress only once it has taken this long: short fits print nothing extra. */
const PROGRESS_AFTER_MS = 1000;

export async function run(opts: OptimizeOptions, io: Io, deps: OptimizeDeps = {}): Promise<number> {
  // Read-only until there is something to save: a refused or dry run never writes the store.
  const store = openStore(io, { readOnly: true });
  let settings, entries;
  try {
    settings = store.settings();
    entries = store.readHistory();
  } finally {
    closeStore(store, io);
  }

  const set = trainingSet(entries, settings.rolloverHour);
  const current = settings.params ?? [...default_w];
  const base = {
    reviews: set.reviews,
    cards: set.cards.length,
    before: null,
    after: null,
    saved: false,
    params: current,
    hadSaved: settings.params !== null,
    needed: reviewsNeeded(set.reviews),
    partial: set.partial,
    forced: opts.force === true,
  };

  if (base.needed > 0 && opts.force !== true) return report({ ...base, outcome: 'too-little' }, opts, io);

  const binding = await (deps.loadBinding ?? loadBinding)();
  const items = trainingItems(set);
  if (items.length === 0) return report({ ...base, outcome: 'nothing-to-fit' }, opts, io);
  const optimizer = optimizerFor(binding, items);

  const before = optimizer.evaluate(current);
  const raw = await withProgress(io, set.reviews, (onProgress) => optimizer.fit({ relearningSteps: settings.relearningSteps.length, onProgress }));
  if (raw.length !== PARAM_COUNT)
    throw new OptimizerUnavailable(
      `the installed optimizer returned ${raw.length} weights, but recall's scheduler (ts-fsrs, FSRS-6) takes ${PARAM_COUNT}; nothing saved. Install the version recall was built with (see package.json).`,
    );
  const fitted = tidyParams(raw);
  const problem = paramsProblem(fitted);
  if (problem !== undefined) throw new OptimizerUnavailable(`the optimizer returned weights recall cannot use (${problem}); nothing saved.`);
  const after = optimizer.evaluate(fitted);

  const better = isBetter(before, after);
  const outcome = before === null || after === null ? 'not-scored' : !better ? 'not-better' : opts.dryRun ? 'dry-run' : 'saved';
  if (outcome === 'saved') {
    const writable = openStore(io);
    try {
      writable.setSetting('params', fitted);
    } finally {
      closeStore(writable, io);
    }
  }
  return report({ ...base, before, after, params: fitted, saved: outcome === 'saved', outcome }, opts, io);
}

function report(o: OptimizeOutcome, opts: OptimizeOptions, io: Io): number {
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(optimizeJson(o), null, 2)}\n`);
    // stdout is the JSON only; the count still needed is said where a person sees it.
    if (o.outcome === 'too-little') println(io.stderr, `recall: ${tooLittleLine(o)}`);
  } else {
    for (const line of optimizeText(o)) println(io.stdout, line);
  }
  return 0;
}

/**
 * Runs the fit; when it takes over PROGRESS_AFTER_MS and stderr is a terminal, shows one line of
 * progress there (rewritten in place, cleared at the end). Pipes and CI logs get nothing.
 */
async function withProgress<T>(io: Io, reviews: number, fit: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  if (io.stderr.isTTY !== true) return fit(() => {});
  const started = Date.now();
  let share = 0;
  let shown = false;
  const draw = () => {
    shown = true;
    const secs = Math.round((Date.now() - started) / 1000);
    io.stderr.write(`\r\x1b[KFitting FSRS to ${reviews.toLocaleString('en-US')} reviews… ${Math.floor(share * 100)}% (${secs}s)`);
  };
  const timer = setInterval(() => {
    if (Date.now() - started >= PROGRESS_AFTER_MS) draw();
  }, 250);
  timer.unref();
  try {
    return await fit((done, total) => {
      if (total > 0) share = Math.min(1, done / total);
      if (Date.now() - started >= PROGRESS_AFTER_MS) draw();
    });
  } finally {
    clearInterval(timer);
    if (shown) io.stderr.write('\r\x1b[K');
  }
}
