// Text answers: a typed card (one input) and a cloze card (one input per blank, drawn inside the
// sentence). readline owns the line being edited; we mirror it in state on every key so that keys
// readline reinterprets (up/down = history, tab = a literal tab) cannot lose what was typed.
import { createPrompt, isDownKey, isEnterKey, isTabKey, isUpKey, useEffect, useKeypress, useState } from '@inquirer/core';
import { frame, isHintKey, navOf, theme, useCommon, useDeadline, type AskOptions, type Outcome } from './frame.js';

export interface TextConfig {
  title: string;
  opts: AskOptions;
  /** Number of inputs (1 for typed). */
  slots: number;
  /** Cloze: the sentence around the blanks, already neutralized (length slots + 1). */
  segments?: string[];
  initial?: string[];
}

export const textPrompt = createPrompt<Outcome<string[]>, TextConfig>((config, done) => {
  const { opts, slots, segments } = config;
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [values, setValues] = useState<string[]>(() => Array.from({ length: slots }, (_, i) => config.initial?.[i] ?? ''));
  const [index, setIndex] = useState(0);
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [summary, setSummary] = useState('');
  const { hintShown, noHintShown, showHint, prefix } = useCommon(opts, status);

  useEffect((rl) => {
    const first = values[0] ?? '';
    if (first) {
      rl.write(first);
      setLine(first);
    }
  }, []);

  const withCurrent = (): string[] => values.map((v, i) => (i === index ? line : v));

  useDeadline(status === 'done' ? undefined : opts.deadlineMs, () => {
    const draft = withCurrent();
    setSummary('(time is up)');
    setStatus('done');
    done({ kind: 'timeout', draft, touched: draft.some((v) => v.trim() !== '') });
  });

  useKeypress((key, rl) => {
    if (status === 'done') return;
    const emptyMsg = `type an answer${opts.hint && !hintShown ? ', or ? for the hint' : ''}`;
    const goTo = (target: number, all: string[]): void => {
      setValues(all);
      setIndex(target);
      rl.clearLine(0);
      rl.write(all[target] ?? '');
      setLine(all[target] ?? '');
    };

    const nav = navOf(key, opts.nav);
    if (nav) {
      setSummary(`(${nav})`);
      setStatus('done');
      done({ kind: 'nav', nav, draft: withCurrent() });
      return;
    }
    if (isEnterKey(key)) {
      // readline has already emptied its line; `line` still holds what was typed
      const all = withCurrent();
      if (line.trim() === '') {
        setError(slots > 1 ? `blank ${index + 1}: ${emptyMsg}` : emptyMsg);
        rl.write(line);
        return;
      }
      setError(undefined);
      const empty = all.findIndex((v) => v.trim() === '');
      if (empty < 0) {
        setValues(all);
        setSummary(all.join(' · '));
        setStatus('done');
        done({ kind: 'answer', value: all, usedHint: hintShown });
        return;
      }
      goTo(index < slots - 1 && all[index + 1]?.trim() === '' ? index + 1 : empty, all);
      return;
    }
    if (isTabKey(key) || isUpKey(key) || isDownKey(key)) {
      const back = isUpKey(key) || (isTabKey(key) && (key as { shift?: boolean }).shift === true);
      const target = Math.min(slots - 1, Math.max(0, index + (back ? -1 : 1)));
      goTo(target, withCurrent());
      return;
    }
    if (isHintKey(key) && rl.line === '?') {
      showHint();
      // With a hint, '?' on an empty line asks for it; without one it says so and stays typed text,
      // since an answer may start with '?'.
      if (opts.hint) {
        rl.clearLine(0);
        setLine('');
        setError(undefined);
        return;
      }
    }
    setLine(rl.line);
    setError(undefined);
  });

  const body: string[] = [];
  if (segments) {
    const parts: string[] = [];
    segments.forEach((seg, i) => {
      parts.push(seg);
      if (i >= slots) return;
      const text = i === index ? line : (values[i] ?? '');
      const shown = text === '' ? '___' : text;
      parts.push(i === index ? theme.style.highlight(`[>${i + 1}: ${shown}<]`) : `[${i + 1}: ${shown}]`);
    });
    body.push(parts.join(''));
    body.push(`Blank ${index + 1} of ${slots}: ${line}`);
  } else {
    body.push(`Answer: ${line}`);
  }
  const keys = slots > 1 ? ['Enter next blank / submit', '↑↓ or Tab switch blank'] : ['Enter submit'];
  return frame({ status, opts, title: config.title, body, hintShown, noHintShown, error, keys, summary }, prefix);
});

/** Splits cloze source text at its `{{...}}` markers: n markers give n + 1 segments. */
export function clozeSegments(text: string): string[] {
  return text.split(/\{\{[\s\S]*?\}\}/);
}
