// A study session as a pure state machine: `step(state, event) -> state`. The command performs the
// effects (prompting, appending to the journal); this file only decides what comes next, so the whole
// flow - answer, undo, quit, summary - is testable without a terminal or a store.
import type { SelfRating } from './model.js';
import { percentOf } from './percent.js';

export interface SessionItem {
  /** deck/id */
  key: string;
  deck: string;
}

export interface Answered {
  key: string;
  deck: string;
  /** journal entry id of the review, so undo can reference it */
  entryId: string;
  rating: SelfRating;
  /** null for self-graded cards */
  correct: boolean | null;
  ms: number;
  /** The answer sent the card back into this session (a learning step): undo takes that copy out too. */
  requeued?: boolean;
}

/**
 * A list that successive states share, so that answering a card is O(1) instead of a copy of the
 * whole queue and history (10,000 scripted answers copied ~10^8 items, ~0.7 s). Each state sees
 * buf[start..end). Adding at the end writes into the shared buffer only when nothing lies past
 * `end` yet, where no other state can see it; otherwise it copies. No state ever changes.
 */
interface Seq<T> {
  readonly buf: T[];
  readonly start: number;
  readonly end: number;
}

const seqOf = <T>(items: readonly T[]): Seq<T> => ({ buf: items.slice(), start: 0, end: items.length });
const items = <T>(s: Seq<T>): T[] => s.buf.slice(s.start, s.end);
const size = (s: Seq<unknown>) => s.end - s.start;
const last = <T>(s: Seq<T>): T | undefined => (s.end > s.start ? s.buf[s.end - 1] : undefined);
const dropFirst = <T>(s: Seq<T>): Seq<T> => ({ buf: s.buf, start: Math.min(s.start + 1, s.end), end: s.end });
const dropLast = <T>(s: Seq<T>): Seq<T> => ({ buf: s.buf, start: s.start, end: Math.max(s.end - 1, s.start) });
function append<T>(s: Seq<T>, x: T): Seq<T> {
  if (s.buf.length === s.end) {
    s.buf.push(x);
    return { buf: s.buf, start: s.start, end: s.end + 1 };
  }
  const buf = items(s);
  buf.push(x);
  return { buf, start: 0, end: buf.length };
}

export interface SessionState {
  /** cards still to show, in order; the head is the current card (read it with queued()) */
  readonly queue: Seq<SessionItem>;
  /** answers given, oldest first; undo takes the last (read it with answers()) */
  readonly answered: Seq<Answered>;
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly startedAt: number;
}

export type SessionEvent =
  | { type: 'answer'; answer: Answered }
  | { type: 'undo' }
  | { type: 'interrupt' }
  | { type: 'requeue'; item: SessionItem };

export function startSession(queue: readonly SessionItem[], startedAt: number): SessionState {
  return { queue: seqOf(queue), answered: seqOf([]), status: queue.length === 0 ? 'finished' : 'running', startedAt };
}

/** The cards still to show, in order (a copy). */
export function queued(state: SessionState): SessionItem[] {
  return items(state.queue);
}

/** The answers given, oldest first (a copy). */
export function answers(state: SessionState): Answered[] {
  return items(state.answered);
}

export function current(state: SessionState): SessionItem | undefined {
  return state.status === 'running' && size(state.queue) > 0 ? state.queue.buf[state.queue.start] : undefined;
}

/** Any answer can be taken back, the last of the session included; an interrupted session is over. */
export function canUndo(state: SessionState): boolean {
  return size(state.answered) > 0 && state.status !== 'interrupted';
}

/** The answer an undo would take back, if any. */
export function lastAnswer(state: SessionState): Answered | undefined {
  return last(state.answered);
}

export function step(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'answer': {
      if (state.status !== 'running') return state;
      const head = current(state);
      if (!head || head.key !== event.answer.key) throw new Error(`answer for ${event.answer.key} but the current card is ${head?.key}`);
      const rest = dropFirst(state.queue);
      return {
        ...state,
        queue: rest,
        answered: append(state.answered, event.answer),
        status: size(rest) === 0 ? 'finished' : 'running',
      };
    }
    case 'undo': {
      const last = lastAnswer(state);
      if (!last || state.status === 'interrupted') return state;
      // The copy the answer requeued goes with it: the card is asked again now, not twice.
      const rest = queued(state);
      const at = last.requeued ? rest.map((q) => q.key).lastIndexOf(last.key) : -1;
      const queue = at >= 0 ? rest.filter((_, i) => i !== at) : rest;
      return {
        ...state,
        queue: seqOf([{ key: last.key, deck: last.deck }, ...queue]),
        answered: dropLast(state.answered),
        status: 'running',
      };
    }
    case 'requeue': {
      // A card that is due again within this session (learning steps) goes to the back.
      const prev = lastAnswer(state);
      const answered = prev?.key === event.item.key ? append(dropLast(state.answered), { ...prev, requeued: true }) : state.answered;
      return { ...state, queue: append(state.queue, event.item), answered, status: 'running' };
    }
    case 'interrupt':
      return state.status === 'running' ? { ...state, status: 'interrupted' } : state;
  }
}

export interface SessionProgress {
  /** Cards answered this session and not coming back in it. */
  done: number;
  /** Cards still to show; a learning card that comes back counts once, so this never grows. */
  left: number;
  /** Of `left`, the cards in a learning step (they come back until they graduate). */
  learning: number;
}

/** What the header shows: "12 left (3 in learning)". `inLearning` reads the card's current state. */
export function progress(state: SessionState, inLearning: (key: string) => boolean): SessionProgress {
  const waiting = new Set(queued(state).map((q) => q.key));
  const done = new Set(answers(state).map((a) => a.key).filter((k) => !waiting.has(k))).size;
  return { done, left: waiting.size, learning: [...waiting].filter(inLearning).length };
}

export interface SessionSummary {
  cards: number;
  /** auto-graded answers that were right; self-graded count as right unless Again */
  correct: number;
  accuracy: number | null;
  timeMs: number;
  remaining: number;
  byRating: Record<SelfRating, number>;
}

export function summarize(state: SessionState, now: number): SessionSummary {
  const byRating: Record<SelfRating, number> = { again: 0, hard: 0, good: 0, easy: 0 };
  let correct = 0;
  const given = answers(state);
  for (const a of given) {
    byRating[a.rating] += 1;
    if (a.correct ?? a.rating !== 'again') correct += 1;
  }
  const cards = given.length;
  return {
    cards,
    correct,
    accuracy: cards === 0 ? null : percentOf(correct, cards),
    timeMs: Math.max(0, now - state.startedAt),
    remaining: size(state.queue),
    byRating,
  };
}
