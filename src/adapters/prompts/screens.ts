// Prompts that are not questions: the reveal step of a basic card, "continue or undo" after
// feedback, and the exam-style review screen before submitting a quiz.
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, usePagination, useState } from '@inquirer/core';
import { charOf, frame, isHintKey, terminalWidth, theme, useCommon, useDeadline, type AskOptions } from './frame.js';
import { joinFitting } from '../../core/wrap.js';

export const revealPrompt = createPrompt<{ usedHint: boolean }, { title: string; opts: AskOptions }>((config, done) => {
  const opts = { ...config.opts, nav: undefined };
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const { hintShown, noHintShown, showHint, prefix } = useCommon(opts, status);
  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (!isEnterKey(key)) rl.clearLine(0);
    if (isHintKey(key)) return showHint();
    if (isEnterKey(key) || isSpaceKey(key)) {
      setStatus('done');
      done({ usedHint: hintShown });
    }
  });
  const keys = ['Enter reveal the answer'];
  return frame({ status, opts, title: config.title, body: [], hintShown, noHintShown, keys, summary: '', hideCursor: true }, prefix);
});

export type ContinueChoice = 'next' | 'undo' | 'easy' | 'hard';

/** After an auto-graded right answer, `canRerate` offers Anki's override: e/4 Easy, h/2 "I guessed" (Hard). */
export const continuePrompt = createPrompt<ContinueChoice, { canUndo: boolean; canRerate?: boolean }>((config, done) => {
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (!isEnterKey(key)) rl.clearLine(0);
    const ch = charOf(key);
    const rerate = !config.canRerate ? undefined : ch === 'e' || ch === '4' ? 'easy' : ch === 'h' || ch === '2' ? 'hard' : undefined;
    const answer = isEnterKey(key) || isSpaceKey(key) ? 'next' : config.canUndo && ch === 'u' ? 'undo' : rerate;
    if (!answer) return;
    setStatus('done');
    done(answer);
  });
  if (status === 'done') return '';
  const keys = ['Enter to continue', ...(config.canRerate ? ['e Easy', 'h I guessed (Hard)'] : []), ...(config.canUndo ? ['u to undo'] : [])];
  return theme.style.help(joinFitting(keys, terminalWidth())) + '\u001B[?25l';
});

export interface ReviewItem {
  /** Already neutralized. */
  label: string;
  answered: boolean;
  flagged: boolean;
}

export interface ReviewConfig {
  items: ReviewItem[];
  opts: AskOptions;
  /** Where the cursor starts: a question's index, or items.length for Submit. */
  start?: number;
}

export type ReviewPick = { jump: number } | 'submit' | 'timeout';

export const reviewPrompt = createPrompt<ReviewPick, ReviewConfig>(
  (config, done) => {
    const { items } = config;
    const opts = { ...config.opts, nav: undefined, hint: undefined, flagged: false };
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [cursor, setCursor] = useState(Math.min(Math.max(0, config.start ?? 0), items.length));
    const [confirming, setConfirming] = useState(false);
    const [summary, setSummary] = useState('');
    const { prefix } = useCommon(opts, status);
    const submitAt = items.length;
    const unanswered = items.filter((i) => !i.answered).length;
    const flagged = items.filter((i) => i.flagged).length;

    const nextWhere = (test: (item: ReviewItem) => boolean): number => {
      for (let k = 1; k <= items.length; k++) {
        const i = (cursor + k) % items.length;
        const item = items[i];
        if (item && test(item)) return i;
      }
      return cursor;
    };

    const finish = (pick: ReviewPick, text: string): void => {
      setSummary(text);
      setStatus('done');
      done(pick);
    };
    // Submitting with questions unanswered takes a second press (Enter or s) to confirm.
    const submit = (): void => {
      setCursor(submitAt);
      if (unanswered > 0 && !confirming) setConfirming(true);
      else finish('submit', 'submitted');
    };
    useDeadline(status === 'done' ? undefined : opts.deadlineMs, () => finish('timeout', '(time is up)'));

    useKeypress((key, rl) => {
      if (status === 'done') return;
      if (!isEnterKey(key)) rl.clearLine(0);
      if (isUpKey(key) || isDownKey(key)) {
        setCursor((cursor + (isUpKey(key) ? -1 : 1) + submitAt + 1) % (submitAt + 1));
        setConfirming(false);
        return;
      }
      if (isEnterKey(key)) {
        if (cursor < submitAt) finish({ jump: cursor }, `back to question ${cursor + 1}`);
        else submit();
        return;
      }
      const ch = charOf(key);
      if (ch === 's') return submit();
      if (ch === 'u' || ch === 'f') {
        setCursor(nextWhere((i) => (ch === 'u' ? !i.answered : i.flagged)));
        setConfirming(false);
      }
    });

    const width = String(items.length).length;
    const columns = terminalWidth() ?? 80; // one row per question: labels are cut to fit the terminal
    const page = usePagination<ReviewItem | 'submit'>({
      items: [...items, 'submit'],
      active: cursor,
      pageSize: 12,
      loop: false,
      renderItem: ({ item, index, isActive }) => {
        const pointer = isActive ? '>' : ' ';
        const text =
          item === 'submit'
            ? `${pointer} [ Submit the quiz ]`
            : `${pointer} ${String(index + 1).padStart(width)}. ${(item.answered ? 'answered' : 'UNANSWERED').padEnd(10)} ` +
              `${item.flagged ? '[flagged] ' : ''}${truncate(item.label, Math.max(8, columns - 1 - (2 + width + 2 + 11 + (item.flagged ? 10 : 0))))}`;
        return isActive ? theme.style.highlight(text) : text;
      },
    });
    const counts = joinFitting([`Answered ${items.length - unanswered} of ${items.length}`, `Unanswered ${unanswered}`, `Flagged ${flagged}`], terminalWidth());
    const error = confirming
      ? `${unanswered} question${unanswered === 1 ? ' is' : 's are'} unanswered and will count as wrong. Press Enter or s again to submit.`
      : undefined;
    const keys = ['↑↓ move', 'Enter go to question / submit', 'u next unanswered', 'f next flagged', 's submit'];
    const title = 'Review your answers';
    return frame({ status, opts, title, body: [counts, page], hintShown: false, error, keys, summary, hideCursor: true }, prefix);
  },
);

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
