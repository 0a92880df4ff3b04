// One menu prompt for every pick-from-a-list question: choice, truefalse, multi (checkboxes),
// the self-grade menu and the submit-or-abandon question. Indices here are display positions;
// the public wrappers map them back to deck order.
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useState, useKeypress } from '@inquirer/core';
import { charOf, frame, isHintKey, navOf, outcomeSummary, theme, useCommon, useDeadline, wrapLabel, type AskOptions, type Outcome } from './frame.js';
import { maxOf } from '../../core/arrays.js';

export interface ListItem {
  /** Already neutralized. */
  label: string;
  /** Shortcut key shown as "a)", "1)", "t)". */
  key?: string;
  /** Extra text after the label, e.g. the interval a rating would give. */
  detail?: string;
}

export interface ListConfig {
  title: string;
  items: ListItem[];
  opts: AskOptions;
  multi?: boolean;
  /** A shortcut key picks and submits at once (self-grade 1-4); otherwise it highlights (or toggles). */
  pickOnKey?: boolean;
  /** multi: the exact number of boxes Enter accepts. */
  required?: number;
  /** Display positions pre-selected: the cursor (single) or the checked boxes (multi). */
  initial?: number[];
  /** Help text for the shortcut keys, e.g. 'a-d pick'. */
  keyHelp?: string;
}

export const listPrompt = createPrompt<Outcome<number[]>, ListConfig>((config, done) => {
  const { items, opts, multi = false } = config;
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [cursor, setCursor] = useState(multi ? 0 : (config.initial?.[0] ?? 0));
  const [checked, setChecked] = useState<number[]>(multi ? (config.initial ?? []) : []);
  // A single-choice cursor always sits somewhere; it is a pick only once moved (or given back).
  const [moved, setMoved] = useState(!multi && (config.initial?.length ?? 0) > 0);
  const [error, setError] = useState<string | undefined>(undefined);
  const [summary, setSummary] = useState('');
  const { hintShown, noHintShown, showHint, prefix } = useCommon(opts, status);

  const describe = (shown: number[]): string =>
    shown.map((i) => `${items[i]?.key ? items[i]?.key + ') ' : ''}${items[i]?.label ?? ''}`).join(', ');
  const finish = (value: Outcome<number[]>): void => {
    setSummary(outcomeSummary(value, describe));
    setStatus('done');
    done(value);
  };
  const toggle = (i: number): void => {
    setChecked(checked.includes(i) ? checked.filter((c) => c !== i) : [...checked, i].sort((a, b) => a - b));
    setError(undefined);
  };

  useDeadline(status === 'done' ? undefined : opts.deadlineMs, () =>
    finish({ kind: 'timeout', draft: multi ? checked : [cursor], touched: multi ? checked.length > 0 : moved }),
  );

  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (!isEnterKey(key)) rl.clearLine(0); // letters typed into a menu must not pile up in readline
    const draft = multi ? checked : [cursor];
    const nav = navOf(key, opts.nav);
    if (nav) return finish({ kind: 'nav', nav, draft });
    if (isHintKey(key)) return showHint();
    if (isUpKey(key) || isDownKey(key)) {
      const step = isUpKey(key) ? -1 : 1;
      setCursor((cursor + step + items.length) % items.length);
      setMoved(true);
      return;
    }
    if (multi && isSpaceKey(key)) return toggle(cursor);
    if (isEnterKey(key)) {
      if (!multi) return finish({ kind: 'answer', value: [cursor], usedHint: hintShown });
      if (config.required !== undefined && checked.length !== config.required) {
        setError(`choose exactly ${config.required} (${checked.length} selected)`);
        return;
      }
      if (checked.length === 0) return setError('select at least one option (space or its letter)');
      return finish({ kind: 'answer', value: checked, usedHint: hintShown });
    }
    const ch = charOf(key);
    const index = ch === undefined ? -1 : items.findIndex((item) => item.key === ch);
    if (index < 0) return;
    setCursor(index);
    setMoved(true);
    if (multi) toggle(index);
    else if (config.pickOnKey) finish({ kind: 'answer', value: [index], usedHint: hintShown });
  });

  const labelWidth = maxOf(items.map((i) => i.label.length));
  const body = items.map((item, i) => {
    const active = i === cursor;
    const pointer = active ? '>' : ' ';
    const box = multi ? (checked.includes(i) ? '[x] ' : '[ ] ') : '';
    const key = item.key ? `${item.key}) ` : '';
    const label = item.detail ? `${item.label.padEnd(labelWidth)}  ${item.detail}` : item.label;
    const text = `${pointer} ${box}${key}${wrapLabel(label, 2 + box.length + key.length)}`;
    return active ? theme.style.highlight(text) : text;
  });
  if (multi && config.required !== undefined) body.push(theme.style.help(`  ${checked.length} of ${config.required} selected`));

  const keys = ['↑↓ move'];
  if (config.keyHelp) keys.push(config.keyHelp);
  if (multi) keys.push('space toggle', 'Enter submit');
  else keys.push('Enter confirm');
  return frame({ status, opts, title: config.title, body, hintShown, noHintShown, error, keys, summary, hideCursor: true }, prefix);
});
