// The reviews that stand, from the folded journal (stats-history.ts): activity (reviews, days,
// time spent), true retention, weak spots, confusions and quiz history for the decks in scope.
// Undo: a review taken back counts nowhere. Reset: reviews before a reset of their card or deck
// still count as activity, but not in retention, weak spots, confusions or (a deck reset) the
// deck's quiz history; see the definitions at the top of stats.ts.
import { answerTallies } from './stats-answers.js';
import { QUIZ, RIGHT, WAS_REVIEW, type StatsHistory } from './stats-history.js';
import { quizSessions } from './stats-quizzes.js';
import type { Confusion, DeckStats, QuizHistory, StatsCard, TagAccuracy } from './stats-types.js';

export interface ReviewScope {
  /** Deck ids in scope, in report order. */
  scope: string[];
  /** The rows of the decks in scope: their `reviews` are counted here. */
  perDeck: Map<string, DeckStats>;
  /** deck id → card id → card, for the decks whose file is loaded. */
  cardIndex: Map<string, Map<string, StatsCard>>;
  today: number;
  /** Quiz sessions kept per deck. */
  quizzes: number;
}

export interface ReviewFigures {
  reviews: { total: number; today: number };
  /** Study-day number → reviews that day. */
  perDay: Map<number, number>;
  timeSpentMs: number;
  /** Study answers to cards in Review state, and how many were right, over the last 7 and 30 days. */
  retention: { n7: number; r7: number; n30: number; r30: number };
  weakest: TagAccuracy[];
  confusions: Confusion[];
  quizzes: QuizHistory[];
}

export function reviewFigures(h: StatsHistory, s: ReviewScope): ReviewFigures {
  const { today } = s;
  // Per deck of the history (by its index): its row when in scope, its last whole-deck reset, and
  // its cards' own resets.
  const rows = h.deckIds.map((id) => s.perDeck.get(id));
  const deckResetAt = h.deckIds.map((id) => h.deckResets.get(id) ?? -1);
  const cardResets = h.deckIds.map((id) => h.cardResets.get(id));

  const reviews = { total: 0, today: 0 };
  const perDay = new Map<number, number>();
  // Reviews of one day mostly come together: counted in a run, added to the map when it ends.
  let [runDay, run] = [0, 0];
  let timeSpentMs = 0;
  let [n7, r7, n30, r30] = [0, 0, 0, 0];
  const answers = answerTallies(s.cardIndex);
  for (let k = 0; k < h.reviews; k++) {
    const d = h.deck[k]!;
    const ds = rows[d];
    if (ds === undefined || h.isUndone(k)) continue;
    const day = h.day[k]!;
    if (day !== runDay) {
      if (run > 0) perDay.set(runDay, (perDay.get(runDay) ?? 0) + run);
      [runDay, run] = [day, 0];
    }
    run++;
    reviews.total++;
    if (day === today) reviews.today++;
    timeSpentMs += h.ms[k]!;
    ds.reviews++;

    const i = h.index[k]!;
    if (i < deckResetAt[d]!) continue;
    const c = h.card[k]!;
    const cardId = h.cardIds[c]!;
    const resets = cardResets[d];
    if (resets !== undefined && i < (resets.get(cardId) ?? -1)) continue;
    const flags = h.flags[k]!;
    const right = (flags & RIGHT) !== 0;
    // Study answers to cards in Review state since the start of the study day 29 (6) days ago:
    // the study day of a time is at or after a day exactly when the time is at or after its start.
    if ((flags & (QUIZ | WAS_REVIEW)) === WAS_REVIEW && day >= today - 29) {
      [n30, r30] = [n30 + 1, r30 + (right ? 1 : 0)];
      if (day >= today - 6) [n7, r7] = [n7 + 1, r7 + (right ? 1 : 0)];
    }
    answers.add(c, ds.id, cardId, right, right ? undefined : h.picks.get(k));
  }
  if (run > 0) perDay.set(runDay, (perDay.get(runDay) ?? 0) + run);
  const { weakest, confusions } = answers.result();

  // Quiz answers and unanswered quiz entries, in journal order (a session is dated by its first).
  const quiz = quizSessions();
  for (const q of h.quizEvents) {
    if (!s.perDeck.has(q.deck) || q.index < (h.deckResets.get(q.deck) ?? -1)) continue;
    if (q.review < 0) quiz.addUnanswered(q.deck, q.session, q.at, q.questions);
    else if (!h.isUndone(q.review)) quiz.add(q.deck, q.session, q.at, (h.flags[q.review]! & RIGHT) !== 0, q.questions);
  }

  return {
    reviews,
    perDay,
    timeSpentMs,
    retention: { n7, r7, n30, r30 },
    weakest,
    confusions,
    quizzes: quiz.result(s.scope, s.quizzes),
  };
}
