// What `recall optimize` tells the student, in plain words, and its --json shape. Pure.
import { MIN_REVIEWS, type Metrics } from './optimize.js';
import { formatCount, plural } from './count-text.js';

/** The --json output, exactly these keys (README "recall optimize"). */
export interface OptimizeJson {
  reviews: number;
  cards: number;
  before: Metrics | null;
  after: Metrics | null;
  saved: boolean;
  /** The fitted weights when a fit ran (saved only when `saved`), else the weights in use. */
  params: number[];
}

export interface OptimizeOutcome extends OptimizeJson {
  /** Weights in use before this run were saved ones (not the defaults). */
  hadSaved: boolean;
  /** Why the fit did not run or was not saved, when it was not. */
  outcome: 'too-little' | 'nothing-to-fit' | 'not-scored' | 'not-better' | 'dry-run' | 'saved';
  /** Study reviews still needed for MIN_REVIEWS. */
  needed: number;
  /** Cards left out because their history did not start when they were new. */
  partial: number;
  forced: boolean;
}

const num = formatCount;
// Right-aligned under their headings, "log loss" and "RMSE (bins)".
const loss = (m: Metrics | null): string => (m === null ? 'n/a' : m.logLoss.toFixed(4)).padStart('log loss'.length);
const rmse = (m: Metrics | null): string => (m === null ? 'n/a' : `${(m.rmse * 100).toFixed(1)}%`).padStart('RMSE (bins)'.length);

export function optimizeJson(o: OptimizeOutcome): OptimizeJson {
  return { reviews: o.reviews, cards: o.cards, before: o.before, after: o.after, saved: o.saved, params: o.params };
}

/** The line for --json runs refused for too little history (on stderr: stdout is the JSON). */
export function tooLittleLine(o: Pick<OptimizeOutcome, 'reviews' | 'needed'>): string {
  return `${plural(o.reviews, 'study review')} so far; optimize needs ${num(MIN_REVIEWS)} to fit your weights: ${num(o.needed)} more. Nothing saved (--force fits anyway).`;
}

export function optimizeText(o: OptimizeOutcome): string[] {
  const lines: string[] = [];
  const used = `${plural(o.reviews, 'study review')} of ${plural(o.cards, 'card')}`;
  const left = o.partial > 0 ? ` (${plural(o.partial, 'card')} left out: first answered outside study)` : '';
  if (o.outcome === 'too-little') {
    lines.push(`Your history: ${used}${left}. Quiz answers are not used.`);
    lines.push(tooLittleLine(o));
    return lines;
  }
  lines.push(`Trained on ${used}${left}. Quiz answers are not used.`);
  if (o.forced && o.needed > 0) lines.push(`--force: fitted on less than ${num(MIN_REVIEWS)} reviews; the weights may just follow chance.`);
  if (o.outcome === 'nothing-to-fit') {
    lines.push('Nothing to learn from yet: no card has been studied again on a later day. Nothing saved.');
    return lines;
  }
  const current = o.hadSaved ? 'your saved weights' : 'default weights';
  const w = Math.max(current.length, 'fitted weights'.length);
  lines.push('');
  lines.push(`  ${''.padEnd(w)}  log loss  RMSE (bins)`);
  lines.push(`  ${current.padEnd(w)}  ${loss(o.before)}  ${rmse(o.before)}`);
  lines.push(`  ${'fitted weights'.padEnd(w)}  ${loss(o.after)}  ${rmse(o.after)}`);
  lines.push('');
  lines.push('Log loss: how surprised the weights are by your answers. RMSE: how far predicted recall is');
  lines.push('from the recall you showed. Lower is better for both.');
  lines.push('');
  const gain = o.before !== null && o.after !== null ? ` (log loss ${(((o.before.logLoss - o.after.logLoss) / o.before.logLoss) * 100).toFixed(1)}% lower)` : '';
  switch (o.outcome) {
    case 'not-scored':
      lines.push('The optimizer could not score weights on this history (it needs more cards reviewed again on later days, some 40 or more), so it cannot tell whether the fit is better. Nothing saved.');
      break;
    case 'not-better':
      lines.push(`The fitted weights predict your history no better than ${current}. Nothing saved.`);
      break;
    case 'dry-run':
      lines.push(`The fitted weights predict your history better${gain}. --dry-run: nothing saved.`);
      break;
    case 'saved':
      lines.push(`The fitted weights predict your history better${gain}: saved.`);
      lines.push('Study, quiz --weakest, stats and exam readiness now use them (`recall config set params default` undoes this).');
      break;
  }
  return lines;
}
