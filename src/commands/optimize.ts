// `recall optimize [--json] [--force] [--dry-run]`: fits the FSRS weights to the student's own study
// history, and saves them (as the `params` setting) only when they predict that history better than
// the weights in use. The training set and the rules are core/optimize.ts; the optimizer is the
// optional native binding, loaded here and nowhere else (adapters/fsrs-binding.ts).
import { default_w } from 'ts-fsrs';
import { outputWidth, println, type Io } from '../io.js';
import { wrapWords } from '../core/wrap.js';
import { isBetter, reviewsNeeded, trainingItems, trainingSet } from '../core/optimize.js';
import { optimizeJson, optimizeText, tooLittleLine, type OptimizeOutcome } from '../core/optimize-text.js';
import { PARAM_COUNT, paramsProblem, tidyParams } from '../core/fsrs-params.js';
import { closeStore, openStore } from '../adapters/store.js';
import { loadBinding, optimizerFor, OptimizerUnavailable, type FsrsBinding } from '../adapters/fsrs-binding.js';
import { progressLine, type ProgressLine } from '../adapters/progress-line.js';
import { formatCount } from '../core/count-text.js';
import { notDone } from '../errors.js';

export interface OptimizeOptions {
  json?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface OptimizeDeps {
  /** Loads the optimizer; tests replace it to play a missing or broken install. */
  loadBinding?: () => Promise<FsrsBinding>;
}

export async function run(opts: OptimizeOptions, io: Io, deps: OptimizeDeps = {}): Promise<number> {
  const progress = progressLine(io.stderr);
  let outcome: OptimizeOutcome;
  try {
    outcome = await optimize(opts, deps, io, progress);
  } finally {
    progress.end();
  }
  return report(outcome, opts, io);
}

async function optimize(opts: OptimizeOptions, deps: OptimizeDeps, io: Io, progress: ProgressLine): Promise<OptimizeOutcome> {
  progress.phase('Reading your study history');
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
  if (base.needed > 0 && opts.force !== true) return { ...base, outcome: 'too-little' };

  const binding = await (deps.loadBinding ?? loadBinding)();
  const items = trainingItems(set);
  if (items.length === 0) return { ...base, outcome: 'nothing-to-fit' };
  const optimizer = optimizerFor(binding, items);

  progress.phase('Scoring the weights in use');
  const before = optimizer.evaluate(current);
  progress.phase(`Fitting FSRS to ${formatCount(set.reviews)} reviews`);
  const raw = await optimizer.fit({ relearningSteps: settings.relearningSteps.length, onProgress: (done, total) => progress.share(total > 0 ? done / total : 0) });
  if (raw.length !== PARAM_COUNT)
    throw new OptimizerUnavailable(
      `the installed optimizer returned ${raw.length} weights, but recall's scheduler (ts-fsrs, FSRS-6) takes ${PARAM_COUNT}; nothing saved. Install the version recall was built with (see package.json).`,
    );
  const fitted = tidyParams(raw);
  const problem = paramsProblem(fitted);
  if (problem !== undefined) throw new OptimizerUnavailable(`the optimizer returned weights recall cannot use (${problem}); nothing saved.`);
  progress.phase('Scoring the fitted weights');
  const after = optimizer.evaluate(fitted);

  const outcome = before === null || after === null ? 'not-scored' : !isBetter(before, after) ? 'not-better' : opts.dryRun ? 'dry-run' : 'saved';
  if (outcome === 'saved') {
    const writable = openStore(io);
    try {
      notDone('the fitted weights were not saved', () => writable.setSetting('params', fitted));
    } finally {
      closeStore(writable, io);
    }
  }
  return { ...base, before, after, params: fitted, saved: outcome === 'saved', outcome };
}

function report(o: OptimizeOutcome, opts: OptimizeOptions, io: Io): number {
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(optimizeJson(o), null, 2)}\n`);
    // stdout is the JSON only; the count still needed is said where a person sees it.
    if (o.outcome === 'too-little') println(io.stderr, `recall: ${tooLittleLine(o)}`);
  } else {
    // On a terminal (or with $COLUMNS) sentences wrap between words (the terminal cut them
    // mid-word); the table's lines are short and keep their indentation. Piped, lines stay whole.
    const width = io.stdout.isTTY || io.env.COLUMNS ? outputWidth(io) : Number.POSITIVE_INFINITY;
    for (const line of optimizeText(o)) println(io.stdout, line.length > width ? wrapWords(line, width, 0) : line);
  }
  return 0;
}
