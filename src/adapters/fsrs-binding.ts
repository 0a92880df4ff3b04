// The FSRS optimizer: fsrs-rs (Rust) as a napi addon, from @open-spaced-repetition/binding. It is an
// optional dependency, loaded only by `recall optimize` (a require at call time, so the bundle never
// contains it and no other command pays for it, or fails without it).
//
// package.json names the addon's platform package (linux-x64-gnu), not the umbrella package
// @open-spaced-repetition/binding: the umbrella lists eleven platform packages as optional
// dependencies, the registry our machines and CI reach serves only this one, and npm then cannot
// write a lock that `npm ci` accepts. Both export the same API. The umbrella is tried first, so on
// another platform `npm install @open-spaced-repetition/binding` makes optimize work.
import { createRequire } from 'node:module';
import { RecallError, EXIT } from '../errors.js';
import type { Metrics, TrainingReview } from '../core/optimize.js';

export const BINDING_PACKAGE = '@open-spaced-repetition/binding';

/** napi-rs's name for this platform's package, e.g. @open-spaced-repetition/binding-linux-x64-gnu. */
export function platformPackage(platform: string = process.platform, arch: string = process.arch, musl = isMusl()): string {
  const abi = platform === 'linux' ? (musl ? '-musl' : '-gnu') : platform === 'win32' ? '-msvc' : '';
  return `${BINDING_PACKAGE}-${platform}-${arch}${abi}`;
}

function isMusl(): boolean {
  if (process.platform !== 'linux') return false;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime === undefined;
}

/** The part of the binding's API recall uses (its dist/index.d.ts, version 0.5). */
export interface FsrsBinding {
  FSRSBindingReview: new (rating: number, deltaT: number) => object;
  FSRSBindingItem: new (reviews: object[]) => object;
  FSRSBinding: new (parameters?: number[]) => { evaluate(items: object[]): { logLoss: number; rmseBins: number } };
  computeParameters(
    items: object[],
    options?: { enableShortTerm: boolean; numRelearningSteps?: number; progress?: (current: number, total: number) => boolean | void },
  ): Promise<number[]>;
}

/** The optimizer is not installed, or is installed but cannot load here (exit 2). */
export class OptimizerUnavailable extends RecallError {
  constructor(message: string) {
    super(message, 'OPTIMIZER_UNAVAILABLE', EXIT.usage);
  }
}

type Require = (id: string) => unknown;

const defaultRequire: Require = (id) => createRequire(import.meta.url)(id);

/**
 * Loads the binding through `req` (tests pass one that throws, to play a missing or broken install):
 * the umbrella package if present, else this platform's package. Either failure is a clear message,
 * never a stack trace: every other command works without it.
 */
export async function loadBinding(req: Require = defaultRequire): Promise<FsrsBinding> {
  let mod: unknown;
  let broken: unknown; // a package that is there but does not load says more than a missing one
  for (const name of [BINDING_PACKAGE, platformPackage()]) {
    try {
      mod = req(name);
      break;
    } catch (err) {
      const e = err as NodeJS.ErrnoException | undefined;
      const missing = e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(name);
      if (!missing) broken ??= err;
    }
  }
  if (mod === undefined) {
    const install = `Install it next to recall with \`npm install ${BINDING_PACKAGE}\`; every other command works without it.`;
    throw new OptimizerUnavailable(
      broken !== undefined
        ? `optimize could not load the FSRS optimizer (${BINDING_PACKAGE}) on ${process.platform}-${process.arch}: ${firstLine(broken)}. ${install}`
        : `optimize needs the optional package ${BINDING_PACKAGE} (the FSRS optimizer), and it is not installed for ${process.platform}-${process.arch}. ${install}`,
    );
  }
  const b = mod as Partial<FsrsBinding> | null;
  if (!b || typeof b.computeParameters !== 'function' || typeof b.FSRSBinding !== 'function' || typeof b.FSRSBindingItem !== 'function' || typeof b.FSRSBindingReview !== 'function')
    throw new OptimizerUnavailable(`optimize could not use ${BINDING_PACKAGE}: it does not have the API recall expects (version 0.5).`);
  return b as FsrsBinding;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

export interface Optimizer {
  /** Log loss and RMSE (bins) of the weights on the items; null when the optimizer has too little to score. */
  evaluate(params: readonly number[]): Metrics | null;
  /** Fitted weights (21, FSRS-6). */
  fit(opts: { relearningSteps: number; onProgress?: (done: number, total: number) => void }): Promise<number[]>;
}

/**
 * The items as the binding's objects, built once for the evaluations and the fit. A card's items
 * share its review objects (item i is the first i+1 of them), so a long history costs its length,
 * not its square, in native objects.
 */
export function optimizerFor(binding: FsrsBinding, items: readonly TrainingReview[][]): Optimizer {
  const built: object[] = [];
  let shared: object[] = [];
  let last: readonly TrainingReview[] | undefined;
  for (const item of items) {
    // trainingItems() emits a card's items in order, each a prefix of the next.
    if (last === undefined || !isPrefix(last, item)) shared = [];
    for (let i = shared.length; i < item.length; i++) {
      const r = item[i] as TrainingReview;
      shared.push(new binding.FSRSBindingReview(r.rating, r.deltaT));
    }
    built.push(new binding.FSRSBindingItem(shared.slice(0, item.length)));
    last = item;
  }
  return {
    evaluate(params) {
      if (built.length === 0) return null;
      try {
        const m = new binding.FSRSBinding([...params]).evaluate(built);
        // A score that is not a number scores nothing (and must not reach --json as null fields).
        return Number.isFinite(m.logLoss) && Number.isFinite(m.rmseBins) ? { logLoss: m.logLoss, rmse: m.rmseBins } : null;
      } catch (err) {
        if (/NotEnoughData/.test(firstLine(err))) return null;
        throw err;
      }
    },
    async fit({ relearningSteps, onProgress }) {
      return binding.computeParameters(built, {
        enableShortTerm: true, // as the scheduler (schedule.ts): learning steps are same-day reviews
        numRelearningSteps: relearningSteps,
        progress: (current, total) => {
          onProgress?.(current, total);
          return true; // keep going
        },
      });
    },
  };
}

function isPrefix(a: readonly TrainingReview[], b: readonly TrainingReview[]): boolean {
  if (a.length >= b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
