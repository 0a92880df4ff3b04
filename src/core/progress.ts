// Progress model: the review journal (source of truth) and the per-card state folded from it.
// Pure: the store adapter reads and writes these; stats and the session compute from them.
import type { SelfRating } from './model.js';
import { journalEntryProblem } from './card-state.js';

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
  /** The run (one study session, one quiz, one command) that made the entry: stats counts quiz
   *  sessions by it. Absent in journals written before it was recorded. */
  session?: string;
  /** Set by the store on entries merged by `progress import`: they add history but never move a
   *  card's state back in time (see applyEntry). */
  imported?: boolean;
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
  /** What was picked/typed and what was right, kept for wrong answers only (confusion stats).
   *  Right answers leave them out: the journal stays small (stats reads all of it). */
  given?: unknown;
  expected?: unknown;
  /** Options picked, as deck-order indices (choice and multi, wrong answers only): stats names
   *  confused options by their text, whatever letters the shuffled screen showed. */
  picked?: number[];
  /** Quiz answers: how many questions the quiz asked from this deck, answered or not. Only answered
   *  questions are journaled, so stats scores the session out of this (an unanswered question
   *  counts wrong, as on the quiz's results screen). Absent in journals written before it. */
  questions?: number;
  /** ts-fsrs state (1-3) of the card before this answer; absent when it was new (true retention). */
  before?: 1 | 2 | 3;
  /** The state after the answer; null when the schedule did not move (a right quiz answer). The
   *  state before is not stored: undo entries carry the state they restore. */
  state: CardState | null;
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

/**
 * A quiz asked questions of this deck and none of them was answered. Unanswered questions leave no
 * review entry, so without this such a deck's part of the quiz (or a quiz with no answer at all)
 * left no trace, and stats left it out of the quiz history or scored the quiz out of fewer
 * questions than it asked. Moves no card.
 */
export interface QuizEntry extends EntryBase {
  op: 'quiz';
  /** Questions the quiz asked from this deck, none answered. */
  questions: number;
}

export type JournalEntry = ReviewEntry | UndoEntry | ResetEntry | UnsuspendEntry | QuizEntry;

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
  /** FSRS weights fitted by `recall optimize` (21, FSRS-6); null: ts-fsrs's defaults. */
  params: number[] | null;
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
  params: null,
};

/** Key of a card in the store: deck id and card id (card ids may contain dots). */
export function stateKey(deck: string, card: string): string {
  return `${deck}/${card}`;
}

// ---- the fold: journal entries -> current card states ------------------------------------------
//
// Every op sets or deletes keys, and the last op touching a key decides its value. So replaying a
// prefix that was already folded changes nothing: a checkpoint whose offset is behind the journal
// (another session's, or one written before a crash) plus a replay from that offset is always right.

function deckOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/** True when an imported entry is older than the card's local state and must not overwrite it. */
function olderThanLocal(cur: CardState | undefined, e: JournalEntry): boolean {
  return e.imported === true && cur?.last_review !== undefined && cur.last_review > e.at;
}

/** Applies one journal entry to the card states (mutates `cards`). */
export function applyEntry(cards: Map<string, CardState>, e: JournalEntry): void {
  if (e.op === 'quiz') return;
  if (e.op === 'reset' && e.card === undefined) {
    const prefix = `${e.deck}/`;
    for (const [key, cur] of cards) {
      if (key.startsWith(prefix) && deckOf(key) === e.deck && !olderThanLocal(cur, e)) cards.delete(key);
    }
    return;
  }
  const key = stateKey(e.deck, e.card as string);
  const cur = cards.get(key);
  if (olderThanLocal(cur, e)) return;
  switch (e.op) {
    case 'review':
      if (e.state !== null) cards.set(key, e.state);
      return;
    case 'unsuspend':
      cards.set(key, e.state);
      return;
    case 'undo':
      if (e.state === null) cards.delete(key);
      else cards.set(key, e.state);
      return;
    case 'reset':
      cards.delete(key);
      return;
  }
}

export interface ParsedJournal {
  entries: JournalEntry[];
  /** The text ended in an incomplete line (a crash mid-append): it is not in `entries`. */
  tornTail: boolean;
  /** The text ended in a whole entry without its newline: it is the last of `entries`, and
   *  validBytes() does not cover it (a writer completes the line before appending). */
  tailEntry: boolean;
  /** The text ended in a whole line without its newline: a tailEntry, or JSON the validator
   *  refuses (then it is in `badLines`). Either is kept and its line completed, never cut off. */
  tailLine: boolean;
  /** 1-based line numbers (within the text given) that could not be read and were skipped. */
  badLines: number[];
  /** Why the first of badLines was skipped (e.g. `state.due is not a date string`). */
  firstProblem?: string;
}

/** A journal entry recall can fold: the one validator of core/card-state.ts, so replay, the
 *  checkpoint and import agree on what a valid card state is. */
export function isJournalEntry(v: unknown): v is JournalEntry {
  return journalEntryProblem(v) === undefined;
}

/** The entry on a line, or why it is not one. */
function readLine(line: string): { entry?: JournalEntry; problem?: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { problem: 'not valid JSON' };
  }
  const problem = journalEntryProblem(v);
  return problem === undefined ? { entry: v as JournalEntry } : { problem };
}

function parseOrUndefined(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function asEntry(line: string): JournalEntry | undefined {
  return readLine(line).entry;
}

// A torn line from a crash, followed later by a whole line, reads as `{"id":"a",..{"id":"b",...}`.
// Every entry is written with `id` first, so the whole entry at the end can still be recovered.
function recover(line: string): JournalEntry | undefined {
  const at = line.lastIndexOf('{"id":');
  return at > 0 ? asEntry(line.slice(at)) : undefined;
}

/** Parses journal text (JSON Lines). Never throws. */
export function parseJournal(text: string): ParsedJournal {
  const entries: JournalEntry[] = [];
  const badLines: number[] = [];
  let firstProblem: string | undefined;
  const end = text.lastIndexOf('\n') + 1;
  const tail = text.slice(end);
  let lineNo = 0;
  let start = 0;
  while (start < end) {
    const nl = text.indexOf('\n', start);
    const line = text.slice(start, nl);
    start = nl + 1;
    lineNo++;
    // The usual line, an entry recall wrote, is parsed and checked without the reasons and the
    // wrapper object readLine() builds (100,000 lines per `recall stats` on a big store).
    if (line.charCodeAt(0) === 0x7b /* { */) {
      const v = parseOrUndefined(line);
      if (v !== undefined && journalEntryProblem(v) === undefined) {
        entries.push(v as JournalEntry);
        continue;
      }
    } else if (line.trim() === '') continue;
    const read = readLine(line);
    const e = read.entry ?? recover(line);
    if (e) entries.push(e);
    else {
      badLines.push(lineNo);
      firstProblem ??= read.problem;
    }
  }
  const last = tail.trim() === '' ? undefined : (asEntry(tail) ?? recover(tail));
  if (last) entries.push(last);
  // Parsable JSON at the end is a whole line (no strict prefix of an object parses) that lacks only
  // its newline: an edit by hand or another tool, not a crash. One the validator refuses is skipped
  // like any other line, and kept.
  const refused = last === undefined && tail.trim() !== '' && parseOrUndefined(tail) !== undefined;
  if (refused) {
    badLines.push(lineNo + 1);
    firstProblem ??= readLine(tail).problem;
  }
  return {
    entries,
    tornTail: tail.trim() !== '' && last === undefined && !refused,
    tailEntry: last !== undefined,
    tailLine: last !== undefined || refused,
    badLines,
    firstProblem,
  };
}

/**
 * Length in UTF-8 bytes of journal text up to and including its last newline: where its whole lines
 * end. A function of its own, not a field of what parseJournal returns: it was a getter there (to
 * scan for non-ASCII only when asked), and a result holding a getter that closes over the text cost
 * `recall stats` ~8,000 more page faults and ~21 MB more peak memory on the bench's 44 MB journal,
 * read a chunk at a time (each chunk's text outlived its parse; measured with and without).
 */
export function validBytes(text: string): number {
  return utf8Length(text, text.lastIndexOf('\n') + 1);
}

function utf8Length(text: string, chars: number): number {
  if (!/[^\x00-\x7f]/.test(text)) return chars;
  let bytes = 0;
  for (let i = 0; i < chars; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** One journal line. `id` goes first so parseJournal can recover an entry glued to a torn line. */
export function serializeEntry(e: JournalEntry): string {
  const { id, ...rest } = e;
  return JSON.stringify({ id, ...rest }) + '\n';
}
