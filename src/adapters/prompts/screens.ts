// Prompts that are not questions: the reveal step of a basic card, "continue or undo" after
// feedback, and the exam-style review screen before submitting a quiz.
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, usePagination, useState } from '@inquirer/core';
import { charOf, frame, isHintKey, theme, useCommon, type AskOptions } from './frame.js';

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
  const text = keys.join(' · ');
  return theme.style.help(text) + '\u001B[?25l';
});

export interface ReviewItem {
  /** Already neutralized. */
  label: string;
  answered: boolean;
  flagged: boolean;
}

export const reviewPrompt = createPrompt<{ jump: number } | 'submit', { items: ReviewItem[]; opts: AskOptions }>(
  (config, done) => {
    const { items } = config;
    const opts = { ...config.opts, nav: undefined, hint: undefined, flagged: false };
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [cursor, setCursor] = useState(0);
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

    useKeypress((key, rl) => {
      if (status === 'done') return;
      if (!isEnterKey(key)) rl.clearLine(0);
      if (isUpKey(key) || isDownKey(key)) {
        setCursor((cursor + (isUpKey(key) ? -1 : 1) + submitAt + 1) % (submitAt + 1));
        setConfirming(false);
        return;
      }
      if (isEnterKey(key)) {
        if (cursor < submitAt) {
          setSummary(`back to question ${cursor + 1}`);
          setStatus('done');
          done({ jump: cursor });
        } else if (unanswered > 0 && !confirming) {
          setConfirming(true);
        } else {
          setSummary('submitted');
          setStatus('done');
          done('submit');
        }
        return;
      }
      const ch = charOf(key);
      if (ch === 's') setCursor(submitAt);
      else if (ch === 'u') setCursor(nextWhere((i) => !i.answered));
      else if (ch === 'f') setCursor(nextWhere((i) => i.flagged));
    });

    const width = String(items.length).length;
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
              `${item.flagged ? '[flagged] ' : ''}${truncate(item.label, 60)}`;
        return isActive ? theme.style.highlight(text) : text;
      },
    });
    const counts = `Answered ${items.length - unanswered} of ${items.length} · Unanswered ${unanswered} · Flagged ${flagged}`;
    const error = confirming
      ? `${unanswered} question${unanswered === 1 ? ' is' : 's are'} unanswered and will count as wrong. Press Enter again to submit.`
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
