// Arranging items into order. The prompt works on the ids it is given (deck indices) and returns
// them in the student's arrangement, so no mapping is needed afterwards.
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, useState } from '@inquirer/core';
import { charOf, frame, isHintKey, navOf, outcomeSummary, theme, useCommon, useDeadline, wrapLabel, type AskOptions, type Outcome } from './frame.js';

export interface OrderConfig {
  title: string;
  opts: AskOptions;
  /** Starting arrangement: ids (deck indices) top to bottom. */
  start: number[];
  /** Label for each id, already neutralized. */
  labels: string[];
  /** `start` is an arrangement the student made earlier, not the shuffled starting one. */
  resumed?: boolean;
}

export const orderPrompt = createPrompt<Outcome<number[]>, OrderConfig>((config, done) => {
  const { opts, labels } = config;
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [list, setList] = useState<number[]>(config.start);
  const [cursor, setCursor] = useState(0);
  const [holding, setHolding] = useState(false);
  const [touched, setTouched] = useState(config.resumed === true);
  const [summary, setSummary] = useState('');
  const { hintShown, noHintShown, showHint, prefix } = useCommon(opts, status);
  const n = list.length;

  const moveTo = (from: number, to: number): void => {
    const next = [...list];
    const [item] = next.splice(from, 1);
    if (item === undefined) return;
    next.splice(to, 0, item);
    setList(next);
    setCursor(to);
    setTouched(true);
  };
  const finish = (value: Outcome<number[]>): void => {
    setSummary(outcomeSummary(value, (ids) => ids.map((id) => labels[id] ?? '').join(' → ')));
    setStatus('done');
    done(value);
  };

  useDeadline(status === 'done' ? undefined : opts.deadlineMs, () => finish({ kind: 'timeout', draft: list, touched }));

  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (!isEnterKey(key)) rl.clearLine(0);
    const nav = navOf(key, opts.nav);
    if (nav) return finish({ kind: 'nav', nav, draft: list });
    if (isHintKey(key)) return showHint();
    if (isEnterKey(key)) return finish({ kind: 'answer', value: list, usedHint: hintShown });
    if (isSpaceKey(key)) return setHolding(!holding);
    if (isUpKey(key) || isDownKey(key)) {
      const target = cursor + (isUpKey(key) ? -1 : 1);
      if (target < 0 || target >= n) return;
      if (holding) moveTo(cursor, target);
      else setCursor(target);
      return;
    }
    const ch = charOf(key);
    const place = ch !== undefined && /^[1-9]$/.test(ch) ? Number(ch) - 1 : -1;
    if (place >= 0 && place < n) {
      moveTo(cursor, place);
      setHolding(false);
    }
  });

  const body = list.map((id, i) => {
    const active = i === cursor;
    const pointer = active ? (holding ? '=' : '>') : ' ';
    const num = `${i + 1}. `;
    const text = `${pointer} ${num}${wrapLabel(labels[id] ?? '', 2 + num.length)}${active && holding ? '  (moving)' : ''}`;
    return active ? theme.style.highlight(text) : text;
  });
  const keys = ['↑↓ move', 'space pick up/drop', `1-${Math.min(n, 9)} move to position`, 'Enter submit'];
  return frame({ status, opts, title: config.title, body, hintShown, noHintShown, keys, summary, hideCursor: true }, prefix);
});
