// The journal as `recall stats` needs it, folded one entry at a time into compact columns.
//
// Why: stats used to take the journal as an array of parsed entries, and on a big store (100,000
// reviews) those entries were most of its memory and much of its time: they all survived the
// young generation, were copied out of it and promoted, and their pages were touched for the
// first time. What stats keeps of a review is a handful of numbers (its study day, time taken,
// kind, whether it was right, its state before) plus its id, deck and card, so the fold keeps
// those in typed arrays and lets each parsed entry go at once. Only rare entries keep more: quiz
// answers (their session and time), wrong answers that name picked options (confusions), quiz,
// undo and reset entries.
//
// Review ids (needed only to tell which reviews an undo takes back) are kept as bytes outside the
// V8 heap with a hash each, not as 100,000 strings: those cost ~2,000 page faults and ~50 ms of
// garbage collection on the bench's big store. An id with a character past ASCII (a hand-edited
// journal) is kept as it is.
//
// What counts is decided later, in computeStats (stats.ts), once the decks in scope are known:
// an undo or reset can come after the reviews it takes back, so nothing is dropped here. The fold
// needs the study days (the rollover hour) up front, to keep a day number instead of the time.
import type { JournalEntry, ReviewEntry } from './progress.js';
import { canonical, type DayIndex } from './stats-days.js';
import { legacySessions } from './stats-quizzes.js';

/** Flags of a review in `StatsHistory.flags`. */
export const QUIZ = 1;
export const RIGHT = 2;
/** The card was in Review state before the answer (true retention counts these). */
export const WAS_REVIEW = 4;

/** A quiz answer, or a quiz's deck none of whose questions was answered (`review` -1). */
export interface QuizEvent {
  /** The review's row in the columns; -1 for an unanswered quiz entry. */
  review: number;
  /** Index of the entry in the journal (where resets fall). */
  index: number;
  deck: string;
  session: string;
  /** Canonical ISO time. */
  at: string;
  questions: unknown;
}

/** What a wrong answer picked, for confusions (only kept when the entry names something). */
export type PickedAnswer = Pick<ReviewEntry, 'picked' | 'given'>;

export interface StatsHistory {
  /** The rollover hour the days were counted with. */
  readonly rolloverHour: number;
  /** Every deck id an entry names, in order of first appearance. */
  readonly deckIds: readonly string[];
  /** Reviews kept (rows of the columns below), in journal order. */
  readonly reviews: number;
  /** Per review: its entry index, deck (index in deckIds), card (index in cardIds), study day,
   *  milliseconds taken (0 when not a positive finite number), flags (QUIZ, RIGHT, WAS_REVIEW). */
  readonly index: Int32Array;
  readonly deck: Int32Array;
  readonly card: Int32Array;
  readonly day: Int32Array;
  readonly ms: Float64Array;
  readonly flags: Uint8Array;
  /** Whether an undo entry takes back the review in this row. */
  isUndone(row: number): boolean;
  /** Card ids by card index (a card is its deck's and its id's: the same id in two decks is two). */
  readonly cardIds: readonly string[];
  /** Quiz answers and unanswered quiz entries, in journal order. */
  readonly quizEvents: readonly QuizEvent[];
  /** Review row → what a wrong answer picked. */
  readonly picks: ReadonlyMap<number, PickedAnswer>;
  /** Index of each deck's last whole-deck reset. */
  readonly deckResets: ReadonlyMap<string, number>;
  /** Index of each card's last reset of its own, nested by deck. */
  readonly cardResets: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface StatsHistoryFold {
  /** Folds the next journal entry (every entry, in journal order: adjacency counts). */
  add(e: JournalEntry): void;
  /** The history, once the last entry is folded (it shares the fold's tables: fold no more after). */
  result(): StatsHistory;
}

// FNV-1a over UTF-16 code units: the same for an id kept as bytes (ASCII) and for a ref.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
function hashId(id: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), FNV_PRIME);
  return h;
}

function isRight(e: ReviewEntry): boolean {
  return e.correct ?? e.rating !== 'again';
}

/** `capacity`: reviews to make room for at first (the columns grow as needed). */
export function statsHistoryFold(days: DayIndex, rolloverHour: number, capacity = 1024): StatsHistoryFold {
  let size = Number.isFinite(capacity) ? Math.max(1024, Math.min(Math.floor(capacity), 1 << 22)) : 1024;
  let index = new Int32Array(size);
  let deck = new Int32Array(size);
  let card = new Int32Array(size);
  let day = new Int32Array(size);
  let ms = new Float64Array(size);
  let flags = new Uint8Array(size);
  // Review ids: ASCII bytes (row k's end at idEnd[k], its start at the row before's end), a hash
  // per row, and the ids past ASCII as they are.
  let idBytes = new Uint8Array(size * 32);
  let idEnd = new Int32Array(size);
  let idHash = new Int32Array(size);
  let idAt = 0;
  const wideIds = new Map<number, string>();
  let n = 0;
  let count = 0;

  const deckIds: string[] = [];
  const deckIndex = new Map<string, number>();
  // deck index → card id → card index: nested, so no `deck/card` string is built per entry.
  const cardIndex: Map<string, number>[] = [];
  const cardIds: string[] = [];

  const quizEvents: QuizEvent[] = [];
  const picks = new Map<number, PickedAnswer>();
  const undone = new Set<string>();
  const deckResets = new Map<string, number>();
  const cardResets = new Map<string, Map<string, number>>();
  const legacySession = legacySessions();

  const deckOf = (id: string): number => {
    let d = deckIndex.get(id);
    if (d === undefined) {
      d = deckIds.length;
      deckIndex.set(id, d);
      deckIds.push(id);
      cardIndex.push(new Map());
    }
    return d;
  };
  const cardOf = (d: number, id: string): number => {
    const cards = cardIndex[d]!;
    let c = cards.get(id);
    if (c === undefined) {
      c = cardIds.length;
      cards.set(id, c);
      cardIds.push(id);
    }
    return c;
  };
  const grow = (): void => {
    size *= 2;
    const more = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    [index, deck, card, day, ms, flags, idEnd, idHash] = [more(index), more(deck), more(card), more(day), more(ms), more(flags), more(idEnd), more(idHash)];
  };
  const putId = (row: number, id: string): void => {
    if (idAt + id.length > idBytes.length) {
      const bigger = new Uint8Array(Math.max(idBytes.length * 2, idAt + id.length));
      bigger.set(idBytes.subarray(0, idAt));
      idBytes = bigger;
    }
    const start = idAt;
    let h = FNV_OFFSET;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c > 0x7f) {
        idAt = start;
        wideIds.set(row, id);
        h = hashId(id);
        break;
      }
      idBytes[idAt++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    idEnd[row] = idAt;
    idHash[row] = h;
  };
  const idOf = (row: number): string =>
    wideIds.get(row) ?? String.fromCharCode(...idBytes.subarray(row === 0 ? 0 : idEnd[row - 1]!, idEnd[row]!));

  return {
    add(e) {
      const i = count++;
      const legacy = legacySession(e); // before any entry is skipped: adjacency counts every line
      const d = deckOf(e.deck);
      switch (e.op) {
        case 'review': {
          const at = canonical(e.at);
          if (at === null) return;
          if (n === size) grow();
          const right = isRight(e);
          index[n] = i;
          deck[n] = d;
          card[n] = cardOf(d, e.card);
          day[n] = days.dayOf(at);
          ms[n] = Number.isFinite(e.ms) && e.ms > 0 ? e.ms : 0;
          flags[n] = (e.kind === 'quiz' ? QUIZ : 0) | (right ? RIGHT : 0) | (e.before === 2 ? WAS_REVIEW : 0);
          putId(n, e.id);
          if (e.kind === 'quiz') quizEvents.push({ review: n, index: i, deck: e.deck, session: typeof e.session === 'string' ? e.session : (legacy ?? e.id), at, questions: e.questions });
          if (!right && (e.picked !== undefined || e.given !== undefined)) picks.set(n, { picked: e.picked, given: e.given });
          n++;
          return;
        }
        case 'quiz': {
          const at = canonical(e.at);
          if (at !== null) quizEvents.push({ review: -1, index: i, deck: e.deck, session: e.session ?? e.id, at, questions: e.questions });
          return;
        }
        case 'undo':
          undone.add(e.ref);
          return;
        case 'reset':
          if (e.card === undefined) deckResets.set(e.deck, i);
          else {
            let m = cardResets.get(e.deck);
            if (!m) cardResets.set(e.deck, (m = new Map()));
            m.set(e.card, i);
          }
          return;
        default:
          return;
      }
    },

    result() {
      // An id's hash rules most rows out; the few left are compared as strings.
      const refHashes = new Set<number>();
      for (const ref of undone) refHashes.add(hashId(ref));
      const hashes = idHash;
      return {
        rolloverHour,
        deckIds,
        reviews: n,
        index: index.subarray(0, n),
        deck: deck.subarray(0, n),
        card: card.subarray(0, n),
        day: day.subarray(0, n),
        ms: ms.subarray(0, n),
        flags: flags.subarray(0, n),
        isUndone: (row) => refHashes.size > 0 && refHashes.has(hashes[row]!) && undone.has(idOf(row)),
        cardIds,
        quizEvents,
        picks,
        deckResets,
        cardResets,
      };
    },
  };
}
