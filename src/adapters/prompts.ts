// Every prompt the study and quiz loops use, in deck terms. A prompt receives a display order (a
// permutation of deck indices) and answers with deck indices, so callers never see display positions.
// Ctrl-C rejects with inquirer's ExitPromptError; an aborted ctx.signal rejects with AbortPromptError.
import type { Answer, Card, SelfRating } from '../core/model.js';
import { SELF_RATINGS } from '../core/model.js';
import { letter } from '../core/grade.js';
import { neutralize } from '../core/sanitize.js';
import { requiredCount, type AskOptions, type Nav, type Outcome, type PromptCtx } from './prompts/frame.js';
import { listPrompt, type ListItem } from './prompts/list.js';
import { clozeSegments, textPrompt } from './prompts/text.js';
import { orderPrompt } from './prompts/order.js';
import { continuePrompt, revealPrompt, reviewPrompt, type ContinueChoice, type ReviewPick } from './prompts/screens.js';

export type { AskOptions, Nav, PromptCtx } from './prompts/frame.js';
export { NAV_KEYS, requiredCount } from './prompts/frame.js';

export type AskResult =
  | { kind: 'answer'; answer: Answer; usedHint: boolean }
  /** A basic card in 'reveal' mode: the caller shows the back, then calls askSelfGrade. */
  | { kind: 'revealed'; usedHint: boolean }
  /** Quiz navigation. `draft` is what was on screen (cursor, ticks, text), for re-asking after a flag. */
  | { kind: 'nav'; nav: Nav; draft?: Answer }
  /** The deadline (opts.deadlineMs) passed. `draft`: what the student had picked or typed, if anything. */
  | { kind: 'timeout'; draft?: Answer };

export async function askCard(card: Card, displayOrder: number[] | undefined, opts: AskOptions, ctx?: PromptCtx): Promise<AskResult> {
  const init = opts.initial?.type === card.type ? opts.initial : undefined;
  switch (card.type) {
    case 'basic': {
      const mode = opts.basicMode ?? (card.accept && card.accept.length > 0 ? 'type' : 'reveal');
      if (mode === 'reveal') return { kind: 'revealed', ...(await askReveal(card.front, opts, ctx)) };
      const initial = init && 'text' in init ? [init.text] : undefined;
      const out = await textPrompt({ title: neutralize(card.front), opts, slots: 1, initial }, ctx);
      return toResult(out, ([text = '']) => ({ type: 'basic', text }));
    }
    case 'typed': {
      const initial = init?.type === 'typed' ? [init.text] : undefined;
      const out = await textPrompt({ title: neutralize(card.prompt), opts, slots: 1, initial }, ctx);
      return toResult(out, ([text = '']) => ({ type: 'typed', text }));
    }
    case 'cloze': {
      const segments = clozeSegments(card.text).map(neutralize);
      const slots = card.blanks.length;
      // A marker count that disagrees with the blanks means the deck parser and we disagree on syntax:
      // still ask, with plain numbered inputs under the raw text, rather than crash mid-session.
      const fits = segments.length === slots + 1;
      const initial = init?.type === 'cloze' ? init.texts : undefined;
      const title = fits ? 'Fill in the blanks' : neutralize(card.text);
      const out = await textPrompt({ title, opts, slots, segments: fits ? segments : undefined, initial }, ctx);
      return toResult(out, (texts) => ({ type: 'cloze', texts }));
    }
    case 'truefalse': {
      const items: ListItem[] = [{ label: 'True', key: 't' }, { label: 'False', key: 'f' }];
      const initial = init?.type === 'truefalse' ? [init.value ? 0 : 1] : undefined;
      const out = await listPrompt({ title: neutralize(card.statement), items, opts, initial, keyHelp: 't/f pick' }, ctx);
      return toResult(out, ([i]) => ({ type: 'truefalse', value: i === 0 }));
    }
    case 'choice':
    case 'multi': {
      const order = checkOrder(displayOrder, card.choices.length);
      const items = order.map((deckIndex, pos) => ({ label: neutralize(card.choices[deckIndex]?.text ?? ''), key: shortcut(pos) }));
      const last = shortcut(Math.min(items.length, 26) - 1);
      const keyHelp = `${last === 'a' ? 'a' : `a-${last}`} ${card.type === 'multi' ? 'toggle' : 'pick'}`;
      const toDisplay = (deckIndices: number[]): number[] => deckIndices.map((d) => order.indexOf(d)).filter((p) => p >= 0);
      const toDeck = (positions: number[]): number[] => positions.map((p) => order[p] ?? -1);
      const title = neutralize(card.prompt);
      if (card.type === 'choice') {
        const initial = init?.type === 'choice' ? toDisplay([init.index]) : undefined;
        const out = await listPrompt({ title, items, opts, initial, keyHelp }, ctx);
        return toResult(out, (pos) => ({ type: 'choice', index: toDeck(pos)[0] ?? -1 }));
      }
      const initial = init?.type === 'multi' ? toDisplay(init.indices) : undefined;
      const required = requiredCount(card.prompt);
      const out = await listPrompt({ title, items, opts, initial, keyHelp, multi: true, required }, ctx);
      return toResult(out, (pos) => ({ type: 'multi', indices: toDeck(pos).sort((a, b) => a - b) }));
    }
    case 'order': {
      const start = init?.type === 'order' ? init.order : checkOrder(displayOrder, card.items.length);
      const labels = card.items.map(neutralize);
      const resumed = init?.type === 'order';
      // A prompt that already asks for an order ("Order the steps...", "Put ... in order") is not
      // prefixed with the same request again.
      const title = /\border\b/i.test(card.prompt) ? neutralize(card.prompt) : `Put in order: ${neutralize(card.prompt)}`;
      const out = await orderPrompt({ title, opts, start, labels, resumed }, ctx);
      return toResult(out, (order) => ({ type: 'order', order }));
    }
  }
}

export function askReveal(front: string, opts: AskOptions, ctx?: PromptCtx): Promise<{ usedHint: boolean }> {
  return revealPrompt({ title: neutralize(front), opts }, ctx);
}

const RATING_NAMES: Record<SelfRating, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** Keys 1-4 pick at once; arrows + Enter also work. `previews` are the intervals, e.g. "10m", "3d". */
export async function askSelfGrade(previews: Record<SelfRating, string>, opts: AskOptions, ctx?: PromptCtx): Promise<SelfRating> {
  const items = SELF_RATINGS.map((r, i) => ({ label: RATING_NAMES[r], key: String(i + 1), detail: previews[r] }));
  const initial = [SELF_RATINGS.indexOf('good')];
  const config = { title: 'How well did you remember?', items, opts: { ...opts, nav: undefined, hint: undefined, noHint: false as const }, initial, pickOnKey: true, keyHelp: '1-4 rate' };
  const out = await listPrompt(config, ctx);
  const index = out.kind === 'answer' ? out.value[0] : undefined;
  return SELF_RATINGS[index ?? 2] ?? 'good';
}

/** next, undo, or (with canRerate, after an auto-graded right answer) the student's own Easy / Hard. */
export function askContinue(opts: { canUndo: boolean; canRerate?: boolean }, ctx?: PromptCtx): Promise<ContinueChoice> {
  return continuePrompt({ canUndo: opts.canUndo, canRerate: opts.canRerate === true }, ctx);
}

/** The exam-style review screen. `start`: where the cursor starts (items.length: on Submit). */
export function askQuizReview(
  items: Array<{ label: string; answered: boolean; flagged: boolean }>,
  opts: AskOptions & { start?: number },
  ctx?: PromptCtx,
): Promise<ReviewPick> {
  const { start, ...rest } = opts;
  return reviewPrompt({ items: items.map((i) => ({ ...i, label: neutralize(i.label) })), opts: rest, ...(start !== undefined ? { start } : {}) }, ctx);
}

/**
 * Asked after Ctrl-C in a quiz; s / a pick at once. Each choice says what it does to the record:
 * a student deciding in a hurry should not have to know the README's rules.
 */
export async function askSubmitOrAbandon(progress: { answered: number; total: number }, ctx?: PromptCtx): Promise<'submit' | 'abandon'> {
  const left = progress.total - progress.answered;
  const items = [
    { label: `Submit: ${progress.answered} of ${progress.total} answered${left > 0 ? `, the other ${left} count as wrong` : ''}`, key: 's' },
    { label: 'Abandon the quiz: nothing is recorded', key: 'a' },
  ];
  const title = 'Quiz interrupted. Submit or abandon?';
  const out = await listPrompt({ title, items, opts: { noHint: false }, pickOnKey: true, keyHelp: 's/a pick' }, ctx);
  return out.kind === 'answer' && out.value[0] === 1 ? 'abandon' : 'submit';
}

function toResult<T>(out: Outcome<T>, toAnswer: (value: T) => Answer): AskResult {
  if (out.kind === 'nav') return { kind: 'nav', nav: out.nav, draft: toAnswer(out.draft) };
  if (out.kind === 'timeout') return out.touched ? { kind: 'timeout', draft: toAnswer(out.draft) } : { kind: 'timeout' };
  return { kind: 'answer', answer: toAnswer(out.value), usedHint: out.usedHint };
}

/** Display letters a-z; past z there is no single key, so the label is a number and no key picks it. */
function shortcut(pos: number): string {
  return letter(pos);
}

/** The display order, checked: a permutation of 0..n-1, or the written order when none is given. */
function checkOrder(order: number[] | undefined, n: number): number[] {
  const identity = Array.from({ length: n }, (_, i) => i);
  if (!order) return identity;
  const sorted = [...order].sort((a, b) => a - b);
  if (sorted.length !== n || sorted.some((v, i) => v !== i)) {
    throw new Error(`display order ${JSON.stringify(order)} is not a permutation of ${n} items`);
  }
  return order;
}
