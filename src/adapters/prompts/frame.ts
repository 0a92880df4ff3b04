// What every recall prompt shares: the caller's header, the question title with its [flagged] marker,
// the hint revealed by '?', the live countdown tick, the quiz navigation keys and the help line.
// Each prompt only draws its own body; layout and keys live here once.
import { makeTheme, useEffect, usePrefix, useRef, useState, type KeypressEvent, type Status } from '@inquirer/core';
import type { Answer } from '../../core/model.js';
import wrapAnsi from 'wrap-ansi';
import { neutralize } from '../../core/sanitize.js';
import { appendAll } from '../../core/arrays.js';
import { chooseN } from '../../core/validate-cards.js';
import { joinFitting, wrapLines } from '../../core/wrap.js';

export type Nav = 'flag' | 'skip' | 'back' | 'review';

export interface AskOptions {
  /** Drawn above the question on every render (progress bar, "Question 3 of 20 · 12:04 left").
   * Trusted text: it may carry colour, so the caller neutralizes any deck text inside it. */
  header?: () => string;
  /** Re-render every tickMs (a live countdown in the header); the timer stops when the prompt ends. */
  tickMs?: number;
  /** Quiz deadline: ms from now until time is up. Then the prompt ends with what is on screen (a
   * 'timeout' outcome carrying the draft), rather than being aborted and losing it. */
  deadlineMs?: number;
  /** When set, '?' shows it, and the result reports usedHint. */
  hint?: string;
  /** What '?' says when there is no hint (default "No hint for this card."); false: '?' is ignored. */
  noHint?: string | false;
  /** Quiz navigation keys enabled (Ctrl+F flag, Ctrl+N skip, Ctrl+P back, Ctrl+R review). */
  nav?: Nav[];
  /** Shows a [flagged] marker next to the question. */
  flagged?: boolean;
  /** Quiz: pre-fills a previously given (or draft) answer when coming back to a question. */
  initial?: Answer;
  /** basic cards: 'reveal' (Enter reveals, then self-grade) or 'type' (typed answer, needs accept).
   * Default: 'type' when the card has accept, else 'reveal'. */
  basicMode?: 'reveal' | 'type';
}

/** The prompt library's context, restated so callers need not import @inquirer/type. */
export interface PromptCtx {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
  clearPromptOnDone?: boolean;
}

// The default theme colours through yoctocolors, which honours NO_COLOR (chalk 5 does not).
// The done mark is neutral: the answered question stays on screen above its feedback, and the
// default green tick there read as "right" in front of a wrong answer.
// inquirer marks an error line with '> ', the mark of the highlighted option in every list: with
// NO_COLOR, '> choose exactly 2 (1 selected)' under the options read as the cursor. '!' it is.
const base = makeTheme({ prefix: { done: '›' } });
export const theme = { ...base, style: { ...base.style, error: (text: string) => base.style.error(text).replace('> ', '! ') } };

/**
 * Ctrl+letter, not bare letters: bare f/b collide with option letters (b) and False (f), and every
 * letter is text in a typed answer. Ctrl+B is tmux's prefix and Ctrl+S is XOFF, hence N(ext)/P(rev).
 */
export const NAV_KEYS: Record<Nav, string> = { flag: 'f', skip: 'n', back: 'p', review: 'r' };
const NAV_HELP: Record<Nav, string> = { flag: 'flag', skip: 'skip', back: 'back', review: 'review' };

type Key = KeypressEvent & { sequence?: string; shift?: boolean };

export function navOf(key: Key, enabled: readonly Nav[] | undefined): Nav | undefined {
  if (!key.ctrl || !enabled) return undefined;
  return enabled.find((nav) => NAV_KEYS[nav] === key.name);
}

/** Real terminals report '?' as sequence with no name; @inquirer/testing sends it as the name. */
export function isHintKey(key: Key): boolean {
  return key.name === '?' || key.sequence === '?';
}

/** The printable character of a key press, if it is one: 'a', '3', 't'. */
export function charOf(key: Key): string | undefined {
  if (key.ctrl) return undefined;
  const name = key.name ?? '';
  if (name.length === 1) return name.toLowerCase();
  return undefined;
}

/** Re-renders every `ms` while the prompt is open; the cleanup runs when it resolves or aborts. */
export function useTick(ms: number | undefined): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!ms || ms <= 0) return undefined;
    let n = 0;
    const timer = setInterval(() => setTick(++n), ms);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [ms]);
}

export interface Frame {
  status: Status;
  opts: AskOptions;
  /** The question, already neutralized. */
  title: string;
  /** Lines under the title; for text prompts the last line ends with the input (the cursor sits there). */
  body: string[];
  hintShown: boolean;
  /** '?' was pressed and there is no hint to show. */
  noHintShown?: boolean;
  error?: string;
  /** Prompt-specific key help, e.g. ['↑↓ move', 'a-d pick', 'Enter confirm']. */
  keys: string[];
  /** Shown after the title once the prompt is done. */
  summary: string;
  /** Hide the terminal cursor (menus); text prompts keep it at the end of the input line. */
  hideCursor?: boolean;
}

const CURSOR_HIDE = '\u001B[?25l';

/** Lays a prompt out as inquirer's [content, bottomContent]: the cursor ends the content part. */
export function frame(f: Frame, prefix: string, width = terminalWidth()): [string, string] {
  if (f.status === 'done') {
    // The whole question: it stays above the feedback (study), so cutting it would hide the part
    // the answer was about. Wrapped here with its later lines indented under the question, as the
    // feedback below is: the screen manager would run them back to column 0.
    const line = `${prefix} ${theme.style.message(f.title.trimEnd(), 'done')}${f.summary ? ' ' + theme.style.answer(f.summary) : ''}`;
    return [width && width >= 20 ? wrapLines(line, width) : line, ''];
  }
  const top: string[] = [];
  const header = f.opts.header?.();
  if (header) top.push(header);
  const flag = f.opts.flagged ? ' ' + theme.style.highlight('[flagged]') : '';
  // A long question wraps under itself, as its options do; the screen manager ran it back to
  // column 0 (or 1, with the space it broke at).
  const title = `${prefix} ${theme.style.message(f.title.trimEnd(), f.status)}${flag}`;
  top.push(width && width >= 20 ? wrapLines(title, width) : title);
  appendAll(top, f.body);

  const bottom: string[] = [];
  if (f.hintShown && f.opts.hint) bottom.push(`Hint: ${neutralize(f.opts.hint)}`);
  else if (f.noHintShown && f.opts.noHint !== false) bottom.push(f.opts.noHint ?? 'No hint for this card.');
  if (f.error) bottom.push(theme.style.error(f.error));
  bottom.push(theme.style.help(helpLine(f, terminalWidth())));
  return [top.join('\n') + (f.hideCursor ? CURSOR_HIDE : ''), bottom.join('\n')];
}

/** The key help under a prompt, broken between keys (never inside one) to fit `width`. */
export function helpLine(f: Pick<Frame, 'keys' | 'opts' | 'hintShown'>, width: number | undefined): string {
  const parts = [...f.keys];
  if (f.opts.hint && !f.hintShown) parts.push('? hint');
  for (const nav of f.opts.nav ?? []) parts.push(`^${NAV_KEYS[nav].toUpperCase()} ${NAV_HELP[nav]}`);
  return joinFitting(parts, width);
}

/** Indents the continuation lines of a multi-line label so they stay under their item. */
export function indent(text: string, width: number): string {
  return text.replace(/\n/g, '\n' + ' '.repeat(width));
}

/** The terminal's width, when the prompt draws on one (it is process.stdout in the binary). */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/**
 * A label drawn after `lead` columns (pointer, box, "a) "), word-wrapped so that its continuation
 * lines stay under its first word instead of running back to column 0. Without a terminal width, or
 * with too little room, only its own line breaks are indented.
 */
export function wrapLabel(text: string, lead: number, width = terminalWidth()): string {
  if (!width || width - lead < 20) return indent(text, lead);
  return indent(wrapAnsi(text, width - lead, { hard: true }), lead);
}

/** The count a multi prompt asks for: "(Choose two.)", "choose 3", "Pick TWO" -> 2. The lint rule
 *  CHOOSE_N_MISMATCH reads the same words (chooseN): a prompt that read them its own way enforced
 *  "select 3" in "Pick two services that select 3 Regions", a count the lint-clean card's two right
 *  options can never meet, so the right answer could not be given. */
export function requiredCount(prompt: string): number | undefined {
  const n = chooseN(prompt);
  return n !== undefined && n > 0 ? n : undefined;
}

/** What a prompt returns before the public wrapper turns it into deck terms. `touched`: the student
 * changed something (moved the cursor, ticked, typed), so the draft is an answer in the making, not
 * the prompt's starting position. */
export type Outcome<T> =
  | { kind: 'answer'; value: T; usedHint: boolean }
  | { kind: 'nav'; nav: Nav; draft: T }
  | { kind: 'timeout'; draft: T; touched: boolean };

/** The summary an ended prompt leaves on its line. */
export function outcomeSummary<T>(out: Outcome<T>, describe: (value: T) => string): string {
  return out.kind === 'answer' ? describe(out.value) : out.kind === 'nav' ? `(${out.nav})` : '(time is up)';
}

/** Calls `onDeadline` once `ms` have passed (never when ms is undefined); the latest callback runs,
 * so it sees the state of the last render. Cleared when the prompt ends. */
export function useDeadline(ms: number | undefined, onDeadline: () => void): void {
  const latest = useRef(onDeadline);
  latest.current = onDeadline;
  useEffect(() => {
    if (ms === undefined) return undefined;
    const timer = setTimeout(() => latest.current(), Math.max(0, ms));
    return () => clearTimeout(timer);
  }, [ms]);
}

/**
 * Redraws the prompt when the terminal is resized. Terminals reflow what is already on screen
 * differently (tmux re-wraps long lines, xterm cuts them), so after a resize nobody knows how many
 * rows the last drawing takes, and the screen manager's usual erase-and-redraw leaves pieces of it
 * behind. Clearing the screen first is the one redraw that comes out clean everywhere; what was
 * above the prompt scrolls into the terminal's history (tmux and most terminals keep it there).
 */
export function useRedrawOnResize(active: boolean): void {
  const [, setSize] = useState('');
  useEffect(
    (rl) => {
      const tty = process.stdout;
      if (!active || !tty.isTTY) return undefined;
      const out = rl.output as unknown as { mute(): void; unmute(): void; write(s: string): boolean };
      const onResize = () => {
        out.unmute();
        out.write('\u001B[H\u001B[2J'); // cursor home, clear the screen
        out.mute();
        setSize(`${tty.columns}x${tty.rows}`); // a state change: inquirer redraws at the new width
      };
      tty.on('resize', onResize);
      return () => {
        tty.off('resize', onResize);
      };
    },
    [active],
  );
}

/** The state every prompt keeps: countdown tick, hint visibility, the status prefix. */
export function useCommon(
  opts: AskOptions,
  status: Status,
): { hintShown: boolean; noHintShown: boolean; showHint: () => void; prefix: string } {
  useTick(status === 'done' ? undefined : opts.tickMs);
  useRedrawOnResize(status !== 'done');
  const [hintShown, setHintShown] = useState(false);
  const [noHintShown, setNoHintShown] = useState(false);
  const prefix = usePrefix({ status, theme });
  // '?' on a card without a hint says so, rather than doing nothing a student could take for a fault.
  const showHint = () => (opts.hint ? setHintShown(true) : setNoHintShown(true));
  return { hintShown, noHintShown, showHint, prefix };
}
