// A study session as a pure state machine: `step(state, event) -> state`. The command performs the
// effects (prompting, appending to the journal); this file only decides what comes next, so the whole
// flow - answer, undo, quit, summary - is testable without a terminal or a store.
import type { SelfRating } from './model.js';

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

export interface SessionState {
  /** cards still to show, in order; the head is the current card */
  queue: SessionItem[];
  /** answers given, oldest first; undo pops the last */
  answered: Answered[];
  status: 'running' | 'finished' | 'interrupted';
  startedAt: number;
}

export type SessionEvent =
  | { type: 'answer'; answer: Answered }
  | { type: 'undo' }
  | { type: 'interrupt' }
  | { type: 'requeue'; item: SessionItem };

export function startSession(queue: SessionItem[], startedAt: number): SessionState {
  return { queue, answered: [], status: queue.length === 0 ? 'finished' : 'running', startedAt };
}

export function current(state: SessionState): SessionItem | undefined {
  return state.status === 'running' ? state.queue[0] : undefined;
}

/** Any answer can be taken back, the last of the session included; an interrupted session is over. */
export function canUndo(state: SessionState): boolean {
  return state.answered.length > 0 && state.status !== 'interrupted';
}

/** The answer an undo would take back, if any. */
export function lastAnswer(state: SessionState): Answered | undefined {
  return state.answered[state.answered.length - 1];
}

export function step(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'answer': {
      if (state.status !== 'running') return state;
      const [head, ...rest] = state.queue;
      if (!head || head.key !== event.answer.key) throw new Error(`answer for ${event.answer.key} but the current card is ${head?.key}`);
      return {
        ...state,
        queue: rest,
        answered: [...state.answered, event.answer],
        status: rest.length === 0 ? 'finished' : 'running',
      };
    }
    case 'undo': {
      const last = lastAnswer(state);
      if (!last || state.status === 'interrupted') return state;
      // The copy the answer requeued goes with it: the card is asked again now, not twice.
      const at = last.requeued ? state.queue.map((q) => q.key).lastIndexOf(last.key) : -1;
      const queue = at >= 0 ? state.queue.filter((_, i) => i !== at) : state.queue;
      return {
        ...state,
        queue: [{ key: last.key, deck: last.deck }, ...queue],
        answered: state.answered.slice(0, -1),
        status: 'running',
      };
    }
    case 'requeue': {
      // A card that is due again within this session (learning steps) goes to the back.
      const last = lastAnswer(state);
      const answered = last?.key === event.item.key ? [...state.answered.slice(0, -1), { ...last, requeued: true }] : state.answered;
      return { ...state, queue: [...state.queue, event.item], answered, status: 'running' };
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
  const queued = new Set(state.queue.map((q) => q.key));
  const done = new Set(state.answered.map((a) => a.key).filter((k) => !queued.has(k))).size;
  return { done, left: queued.size, learning: [...queued].filter(inLearning).length };
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
  for (const a of state.answered) {
    byRating[a.rating] += 1;
    if (a.correct ?? a.rating !== 'again') correct += 1;
  }
  const cards = state.answered.length;
  return {
    cards,
    correct,
    accuracy: cards === 0 ? null : Math.round((correct / cards) * 1000) / 10,
    timeMs: Math.max(0, now - state.startedAt),
    remaining: state.queue.length,
    byRating,
  };
}
