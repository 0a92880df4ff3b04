// Progress model: the review journal (source of truth) and the per-card state folded from it.
// Pure: the store adapter reads and writes these; stats and the session compute from them.
import type { SelfRating } from './model.js';

/** FSRS card state as stored (JSON-safe: ISO date strings, ts-fsrs snake_case names). */
export interface CardState {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning */
  state: 0 | 1 | 2 | 3;
  last_review?: string;
  /** When the card was first answered (counts toward "new cards introduced today"). */
  first_review?: string;
  /** Flagged after too many lapses; left out of study until unsuspended. */
  leech?: boolean;
  /** Content hash of the card's answer part when this state was made. */
  hash: string;
}

export type ReviewKind = 'study' | 'quiz';

interface EntryBase {
  /** Unique id of this journal entry (session id + sequence), so imports never duplicate. */
  id: string;
  /** ISO time the entry was made (the session clock, RECALL_NOW aware). */
  at: string;
  deck: string;
}

export interface ReviewEntry extends EntryBase {
  op: 'review';
  card: string;
  kind: ReviewKind;
  rating: SelfRating;
  /** null for self-graded basic cards */
  correct: boolean | null;
  /** Milliseconds the student took. */
  ms: number;
  /** What was picked/typed, in deck terms (option text for choice), for confusion stats. */
  given?: unknown;
  expected?: unknown;
  /** State before and after; undo restores `prev`. A quiz answer that is right keeps state unchanged. */
  prev: CardState | null;
  state: CardState;
  tags?: string[];
}

export interface UndoEntry extends EntryBase {
  op: 'undo';
  card: string;
  /** id of the review entry taken back */
  ref: string;
  /** the state restored (null: back to new) */
  state: CardState | null;
}

export interface ResetEntry extends EntryBase {
  op: 'reset';
  /** absent: the whole deck */
  card?: string;
  reason: 'user' | 'answer-changed';
}

export interface UnsuspendEntry extends EntryBase {
  op: 'unsuspend';
  card: string;
  state: CardState;
}

export type JournalEntry = ReviewEntry | UndoEntry | ResetEntry | UnsuspendEntry;

export interface Settings {
  /** desired retention, 0.70-0.97 */
  retention: number;
  /** maximum interval in days */
  maxInterval: number;
  newPerDay: number;
  reviewsPerDay: number;
  /** ts-fsrs step strings such as '1m', '10m', '1h', '1d' */
  learningSteps: string[];
  relearningSteps: string[];
  /** local hour (0-23) at which a new study day starts */
  rolloverHour: number;
  /** seconds; a right answer slower than this rates Hard */
  timeBudget: number;
  /** lapses that make a card a leech */
  leechLapses: number;
}

export const DEFAULT_SETTINGS: Settings = {
  retention: 0.9,
  maxInterval: 36500,
  newPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  rolloverHour: 4,
  timeBudget: 30,
  leechLapses: 8,
};

/** Key of a card in the store: deck id and card id (card ids may contain dots). */
export function stateKey(deck: string, card: string): string {
  return `${deck}/${card}`;
}
