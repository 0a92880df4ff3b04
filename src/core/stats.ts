// `recall stats` figures, computed from the deck files, the per-card states and the review journal.
// Pure: the clock and the settings arrive as arguments. Built for 10,000 cards and 100,000 journal
// entries: one pass over the states (stats-cards.ts), two over the journal (stats-journal.ts for
// undo and reset, then the pass here feeding stats-answers.ts and stats-quizzes.ts), Maps
// throughout, and ISO times compared as strings (stats-days.ts) instead of parsed. The figures'
// types are in stats-types.ts; streaks and activity in stats-activity.ts.
//
// Definitions (the text output and docs/stats.schema.json follow these):
// - Study day: the local day that starts at `settings.rolloverHour`; a review at 01:00 with a 04:00
//   rollover belongs to the previous study day. Dates are that study day's YYYY-MM-DD.
// - Cards: every card of the decks in scope. suspended (a leech) takes precedence; otherwise the
//   FSRS state: new (no state, or New), learning (Learning or Relearning), review (Review).
//   A card removed from its deck file keeps its progress in the store but is not counted. A deck
//   whose file is not loaded (only the store knows it: `loaded` false) counts only its cards with
//   stored progress: how many cards it has, and so how many are new, is not known.
// - Due: learning and review cards only (new cards are introduced by the daily limit, leeches are
//   left out of study). overdue = due before today's rollover; today = due during today's study day;
//   tomorrow = the next one. forecast[0] is everything due by the end of today (overdue included),
//   forecast[k] the cards falling due on study day k.
// - True retention over the last N days: among `study` reviews made since the start of the study day
//   N-1 days ago whose card was in Review state before the answer (young and mature alike; learning
//   and relearning steps and first sightings excluded), the share answered right. Right means
//   `correct === true`, or for a self-graded card a rating other than `again`. Quiz answers are
//   left out: they come at arbitrary times rather than when FSRS scheduled them, so they would not
//   be comparable with the desired retention.
// - Predicted retention: the mean FSRS retrievability now over cards in Review state (leeches out).
// - Undo: a review taken back by an undo entry counts nowhere. Reset: reviews before a reset of their
//   card or deck still count as activity (reviews, streak, time spent), since the work was done, but
//   not in retention, weak spots or confusions; a deck reset also clears that deck's quiz history.
// - Streak: consecutive study days with at least one review. The current streak runs back from today,
//   or from yesterday while today has no review yet (a day is not lost until it is over).
// - Weak spots: every tag with answers (study and quiz), accuracy = right / answers, lowest first.
// - Confusions: for choice and multi cards, the wrong option picked most often, with its count.
// - Quiz history: quiz answers grouped by session and by deck. The session is the entry's `session`
//   id. Journals written before it was recorded have none: there a run of adjacent quiz answers that
//   asks no card twice and spans under 10 minutes counts as one session (a submitted quiz is written
//   in one append, so its answers are adjacent).
import type { Card, Deck } from './model.js';
import type { CardState, JournalEntry, ReviewEntry, Settings } from './progress.js';
import { activityFigures } from './stats-activity.js';
import { cardFigures, defaultRecall, zeroCards, zeroDue } from './stats-cards.js';
import { answerTallies } from './stats-answers.js';
import { canonical, dayLabel, makeDayIndex } from './stats-days.js';
import { journalMarks } from './stats-journal.js';
import { legacySessions, quizSessions } from './stats-quizzes.js';
import type { DeckStats, Stats } from './stats-types.js';

export type * from './stats-types.js';
export { ACTIVITY_DAYS } from './stats-activity.js';
export { FORECAST_DAYS } from './stats-cards.js';

export interface StatsInput {
  /** Loaded deck files (may be empty). */
  decks: Deck[];
  /** Deck ids to report; default: the loaded decks, or every deck the store knows when none is loaded.
   *  An id without a loaded deck is reported from its stored states alone. */
  deckIds?: string[];
  states: Map<string, CardState>;
  entries: JournalEntry[];
  now: Date;
  settings: Settings;
  /** Quiz sessions kept per deck (default 10). */
  quizzes?: number;
  /** Predicted recall of a card now; default: the scheduler's FSRS forgetting curve over the whole
   *  days since the last review (schedule.retrievability counts study days; this is within a day of it
   *  and much cheaper over 10,000 cards). */
  retrievability?: (state: CardState, now: Date) => number;
}

function isRight(e: ReviewEntry): boolean {
  return e.correct ?? e.rating !== 'again';
}

export function computeStats(input: StatsInput): Stats {
  const { decks, states, entries, now, settings } = input;
  const days = makeDayIndex(settings.rolloverHour);
  const { dayOf, startOf } = days;
  const nowIso = now.toISOString();
  const today = dayOf(nowIso);
  const start7 = startOf(today - 6);
  const start30 = startOf(today - 29);

  // ---- scope and card index
  const loaded = new Map(decks.map((d) => [d.id, d]));
  let scope: string[];
  if (input.deckIds) scope = [...new Set(input.deckIds)];
  else if (decks.length > 0) scope = [...loaded.keys()];
  else {
    const ids = new Set<string>();
    for (const key of states.keys()) ids.add(key.slice(0, key.indexOf('/')));
    for (const e of entries) ids.add(e.deck);
    scope = [...ids].sort();
  }
  const inScope = new Set(scope);
  // deck id → card id → card: nested, so the journal pass needs no `deck/card` string per entry.
  const cardIndex = new Map<string, Map<string, Card>>();
  for (const d of decks) if (inScope.has(d.id)) cardIndex.set(d.id, new Map(d.cards.map((c) => [c.id, c])));

  // ---- cards, due, forecast, predicted recall, leeches: one pass over the cards in scope
  const perDeck = new Map<string, DeckStats>();
  for (const id of scope) {
    perDeck.set(id, { id, title: loaded.get(id)?.title ?? null, loaded: loaded.has(id), cards: zeroCards(), due: zeroDue(), reviews: 0 });
  }
  const figures = cardFigures({
    decks,
    perDeck,
    storeOnly: scope.some((id) => !loaded.has(id)),
    states,
    now,
    days,
    today,
    recall: input.retrievability ?? defaultRecall(settings),
  });

  // ---- journal pass 1: what was undone, where resets fall
  const marks = journalMarks(entries);

  // ---- journal pass 2: the reviews that stand
  const reviews = { total: 0, today: 0 };
  const perDay = new Map<number, number>();
  let timeSpentMs = 0;
  let [n7, r7, n30, r30] = [0, 0, 0, 0];
  const answers = answerTallies(cardIndex);
  const quiz = quizSessions();
  const legacySession = legacySessions();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const legacy = legacySession(e); // before any entry is skipped: adjacency counts every line
    if (e.op === 'quiz') {
      const at = canonical(e.at);
      if (at !== null && inScope.has(e.deck) && i >= marks.deckResetAt(e.deck)) quiz.addUnanswered(e, at);
      continue;
    }
    if (e.op !== 'review' || marks.undone.has(e.id) || !inScope.has(e.deck)) continue;
    const at = canonical(e.at);
    if (at === null) continue;
    const day = dayOf(at);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    reviews.total++;
    if (day === today) reviews.today++;
    if (Number.isFinite(e.ms) && e.ms > 0) timeSpentMs += e.ms;
    const ds = perDeck.get(e.deck);
    if (ds) ds.reviews++;

    if (i < marks.deckResetAt(e.deck)) continue;
    const right = isRight(e);
    if (e.kind === 'quiz') quiz.add(e, at, right, legacy);
    if (i < marks.cardResetAt(e.deck, e.card)) continue;
    if (e.kind === 'study' && e.before === 2 && at >= start30) {
      [n30, r30] = [n30 + 1, r30 + (right ? 1 : 0)];
      if (at >= start7) [n7, r7] = [n7 + 1, r7 + (right ? 1 : 0)];
    }
    answers.add(e, right);
  }
  const { weakest, confusions } = answers.result();

  const { streak, activity } = activityFigures(perDay, today);

  return {
    now: nowIso,
    studyDay: dayLabel(today),
    reviews,
    cards: figures.cards,
    due: { ...figures.due, forecast: figures.forecast.map((count, k) => ({ date: dayLabel(today + k), count })) },
    retention: {
      last7: n7 > 0 ? r7 / n7 : null,
      last30: n30 > 0 ? r30 / n30 : null,
      predicted: figures.predicted,
    },
    retentionReviews: { last7: n7, last30: n30 },
    desiredRetention: settings.retention,
    streak,
    activity,
    timeSpentMs,
    weakest,
    leeches: figures.leeches,
    confusions,
    quizzes: quiz.result(scope, Math.max(1, input.quizzes ?? 10)),
    decks: [...perDeck.values()],
  };
}
