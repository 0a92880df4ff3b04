import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from '@inquirer/testing';
import {
  askContinue,
  askQuizReview,
  askReveal,
  askSelfGrade,
  askSubmitOrAbandon,
  type AskOptions,
  type PromptCtx,
} from '../../src/adapters/prompts.js';
import type { SelfRating } from '../../src/core/model.js';

// Our ask* functions take their own arguments; adapt each into the (config, context) shape render() drives.
function prompt<C, V>(fn: (config: C, ctx?: PromptCtx) => Promise<V>) {
  return ((config: C, ctx?: PromptCtx) => Object.assign(fn(config, ctx), { cancel: () => {} })) as never as (
    config: C,
  ) => Promise<V> & { cancel: () => void };
}
const previews: Record<SelfRating, string> = { again: '1m', hard: '6m', good: '10m', easy: '4d' };
const selfGrade = prompt((c: { opts: AskOptions }, ctx) => askSelfGrade(previews, c.opts, ctx));
const reveal = prompt((c: { front: string; opts: AskOptions }, ctx) => askReveal(c.front, c.opts, ctx));
const cont = prompt((c: { canUndo: boolean; canRerate?: boolean }, ctx) => askContinue(c, ctx));
type Item = { label: string; answered: boolean; flagged: boolean };
const review = prompt((c: { items: Item[]; opts: AskOptions & { start?: number } }, ctx) => askQuizReview(c.items, c.opts, ctx));
const submitOrAbandon = prompt((c: { answered?: number; total?: number }, ctx) => askSubmitOrAbandon({ answered: c.answered ?? 2, total: c.total ?? 5 }, ctx));

describe('self-grade', () => {
  it('shows the interval each rating would give', async () => {
    const { answer, events, getScreen } = await render(selfGrade, { opts: {} });
    const screen = getScreen();
    expect(screen).toMatch(/1\) Again\s+1m/);
    expect(screen).toMatch(/2\) Hard\s+6m/);
    expect(screen).toMatch(/3\) Good\s+10m/);
    expect(screen).toMatch(/4\) Easy\s+4d/);
    events.keypress('1'); // a prompt left open rejects when the worker exits: an unhandled error
    await expect(answer).resolves.toBe('again');
  });

  it('picks Good at once with key 3', async () => {
    const { answer, events } = await render(selfGrade, { opts: {} });
    events.keypress('3');
    await expect(answer).resolves.toBe('good');
  });

  it('starts on Good and picks with the arrows and Enter', async () => {
    const { answer, events, getScreen } = await render(selfGrade, { opts: {} });
    expect(getScreen()).toContain('> 3) Good');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('easy');
  });
});

describe('reveal', () => {
  it('reports that the hint was used when ? was pressed before revealing', async () => {
    const { answer, events, getScreen } = await render(reveal, { front: 'Bonjour?', opts: { hint: 'A greeting' } });
    expect(getScreen()).toContain('Bonjour?');
    events.keypress('?');
    expect(getScreen()).toContain('Hint: A greeting');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ usedHint: true });
  });

  it('says there is no hint when ? is pressed on a card without one', async () => {
    const { answer, events, getScreen } = await render(reveal, { front: 'Bonjour?', opts: {} });
    events.keypress('?');
    expect(getScreen()).toContain('No hint for this card.');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ usedHint: false });
  });

  it('shows the whole question once revealed, with a neutral mark', async () => {
    const front = 'A requirement says the company wants to avoid long-term credentials for every workload. Which approach meets it best?';
    const { answer, events, getScreen } = await render(reveal, { front, opts: {} });
    events.keypress('enter');
    await answer;
    const screen = getScreen();
    expect(screen.replace(/\s+/g, ' ')).toContain('Which approach meets it best?');
    expect(screen).not.toContain('…');
    expect(screen).not.toContain('✔');
  });
});

describe('continue', () => {
  it('returns undo on u when undo is possible', async () => {
    const { answer, events, getScreen } = await render(cont, { canUndo: true });
    expect(getScreen()).toContain('Enter to continue · u to undo');
    events.keypress('u');
    await expect(answer).resolves.toBe('undo');
  });

  it('ignores u when there is nothing to undo and continues on Enter', async () => {
    const { answer, events, getScreen } = await render(cont, { canUndo: false });
    expect(getScreen()).not.toContain('undo');
    events.keypress('u');
    events.keypress('enter');
    await expect(answer).resolves.toBe('next');
  });
});

describe('continue: overruling the automatic rating', () => {
  it.each([
    ['e', 'easy'],
    ['4', 'easy'],
    ['h', 'hard'],
    ['2', 'hard'],
  ])('after an auto-graded right answer, %s says %s', async (key, rating) => {
    const { answer, events, getScreen } = await render(cont, { canUndo: true, canRerate: true });
    expect(getScreen()).toContain('Enter to continue · e Easy · h I guessed (Hard) · u to undo');
    events.keypress(key);
    await expect(answer).resolves.toBe(rating);
  });

  it('breaks its key line between keys in a 40-column terminal', async () => {
    const tty = process.stdout as { isTTY?: boolean; columns?: number };
    const was = { isTTY: tty.isTTY, columns: tty.columns };
    Object.assign(tty, { isTTY: true, columns: 40 });
    try {
      const { answer, events, getScreen } = await render(cont, { canUndo: true, canRerate: true });
      expect(getScreen()).toBe('Enter to continue · e Easy\nh I guessed (Hard) · u to undo');
      events.keypress('enter');
      await expect(answer).resolves.toBe('next');
    } finally {
      Object.assign(tty, was);
    }
  });

  it('offers no rating keys otherwise (a wrong or self-graded answer)', async () => {
    const { answer, events, getScreen } = await render(cont, { canUndo: true });
    expect(getScreen()).not.toContain('Easy');
    events.keypress('e');
    events.keypress('h');
    events.keypress('enter');
    await expect(answer).resolves.toBe('next');
  });
});

describe('quiz review screen', () => {
  const items: Item[] = [
    { label: 'Capital of France?', answered: true, flagged: false },
    { label: 'Default SSH port?', answered: false, flagged: true },
    { label: 'Boot order', answered: true, flagged: false },
  ];

  it('lists each question with its status and the counts', async () => {
    const { answer, events, getScreen } = await render(review, { items, opts: {} });
    const screen = getScreen();
    expect(screen).toContain('Answered 2 of 3 · Unanswered 1 · Flagged 1');
    expect(screen).toContain('> 1. answered   Capital of France?');
    expect(screen).toContain('  2. UNANSWERED [flagged] Default SSH port?');
    expect(screen).toContain('[ Submit the quiz ]');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ jump: 0 });
  });

  it('breaks its counts and key lines between phrases in a 40-column terminal', async () => {
    const tty = process.stdout as { isTTY?: boolean; columns?: number };
    const was = { isTTY: tty.isTTY, columns: tty.columns };
    Object.assign(tty, { isTTY: true, columns: 40 });
    try {
      const { answer, events, getScreen } = await render(review, { items, opts: {} });
      const lines = getScreen().split('\n');
      expect(lines).toContain('Answered 2 of 3 · Unanswered 1');
      expect(lines).toContain('Flagged 1');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
      events.keypress('enter');
      await expect(answer).resolves.toEqual({ jump: 0 });
    } finally {
      Object.assign(tty, was);
    }
  });

  it('jumps back to the question chosen with the arrows', async () => {
    const { answer, events } = await render(review, { items, opts: {} });
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ jump: 1 });
  });

  it('jumps to the next unanswered question with u', async () => {
    const { answer, events } = await render(review, { items, opts: {} });
    events.keypress('u');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ jump: 1 });
  });

  it('asks for a second Enter before submitting with questions unanswered', async () => {
    const { answer, events, getScreen } = await render(review, { items, opts: {} });
    events.keypress('up'); // wraps to Submit
    events.keypress('enter');
    expect(getScreen()).toContain('1 question is unanswered and will count as wrong');
    events.keypress('enter');
    await expect(answer).resolves.toBe('submit');
  });

  it('submits at once from the Submit entry when everything is answered', async () => {
    const all = items.map((i) => ({ ...i, answered: true }));
    const { answer, events } = await render(review, { items: all, opts: {} });
    events.keypress('up'); // wraps to Submit
    events.keypress('enter');
    await expect(answer).resolves.toBe('submit');
  });

  it('ignores ? in the self-grade menu, where the answer is already shown', async () => {
    const { answer, events, getScreen } = await render(selfGrade, { opts: {} });
    events.keypress('?');
    expect(getScreen()).not.toContain('hint');
    events.keypress('3');
    await expect(answer).resolves.toBe('good');
  });

  it('starts on Submit when asked to (after the last question)', async () => {
    const { answer, events, getScreen } = await render(review, { items, opts: { start: 3 } });
    expect(getScreen()).toContain('> [ Submit the quiz ]');
    events.keypress('enter');
    expect(getScreen()).toContain('1 question is unanswered and will count as wrong. Press Enter or s again to submit.');
    events.keypress('enter');
    await expect(answer).resolves.toBe('submit');
  });

  it('submits on s, asking once more when questions are unanswered', async () => {
    const { answer, events, getScreen } = await render(review, { items, opts: {} });
    events.keypress('s');
    expect(getScreen()).toContain('> [ Submit the quiz ]');
    expect(getScreen()).toContain('1 question is unanswered and will count as wrong');
    events.keypress('s');
    await expect(answer).resolves.toBe('submit');
  });

  it('submits on s at once when everything is answered', async () => {
    const all = items.map((i) => ({ ...i, answered: true }));
    const { answer, events } = await render(review, { items: all, opts: {} });
    events.keypress('s');
    await expect(answer).resolves.toBe('submit');
  });

  it('drops the pending confirmation when the cursor moves away', async () => {
    const { answer, events, getScreen } = await render(review, { items, opts: {} });
    events.keypress('s');
    events.keypress('u');
    expect(getScreen()).not.toContain('will count as wrong');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ jump: 1 });
  });

  it('ends with timeout at the deadline', async () => {
    const { answer } = await render(review, { items, opts: { deadlineMs: 100 } });
    await expect(answer).resolves.toBe('timeout');
  });
});

describe('submit or abandon', () => {
  it('abandons on a', async () => {
    const { answer, events, getScreen } = await render(submitOrAbandon, {});
    expect(getScreen()).toContain('s) Submit: 2 of 5 answered, the other 3 count as wrong');
    expect(getScreen()).toContain('a) Abandon the quiz: nothing is recorded');
    events.keypress('a');
    await expect(answer).resolves.toBe('abandon');
  });

  it('says nothing counts as wrong when every question was answered', async () => {
    const { answer, events, getScreen } = await render(submitOrAbandon, { answered: 5, total: 5 });
    expect(getScreen()).toMatch(/s\) Submit: 5 of 5 answered\n/);
    events.keypress('s');
    await expect(answer).resolves.toBe('submit');
  });

  it('submits on Enter by default', async () => {
    const { answer, events } = await render(submitOrAbandon, {});
    events.keypress('enter');
    await expect(answer).resolves.toBe('submit');
  });
});

describe('live header', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('redraws the header on every tick so a countdown moves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let left = 60;
    const header = () => `Question 1 of 5 · ${left}s left`;
    const { answer, events, getScreen } = await render(selfGrade, { opts: { header, tickMs: 1000 } });
    expect(getScreen()).toContain('60s left');
    left = 59;
    vi.advanceTimersByTime(1000);
    expect(getScreen()).toContain('59s left');
    events.keypress('1');
    await expect(answer).resolves.toBe('again');
    expect(vi.getTimerCount()).toBe(0); // the interval is cleared once the prompt is done
  });
});
