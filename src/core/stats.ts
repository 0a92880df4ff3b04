// `recall stats` figures, computed from the deck files, the per-card states and the review journal.
// Pure: the clock and the settings arrive as arguments. Built for 10,000 cards and 100,000 journal
// entries: one pass over the states (stats-cards.ts); the journal folded one entry at a time into
// compact columns (stats-history.ts), so a caller can stream it without holding its entries, then
// one pass over those for the reviews that stand (stats-reviews.ts, feeding stats-answers.ts and
// stats-quizzes.ts); Maps throughout, and ISO times compared as strings (stats-days.ts) instead of
// parsed. The figures' types are in stats-types.ts; streaks and activity in stats-activity.ts.
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
import type { CardState, JournalEntry, Settings } from './progress.js';
import { activityFigures } from './stats-activity.js';
import { cardFigures, defaultRecall, zeroCards, zeroDue } from './stats-cards.js';
import { dayLabel, makeDayIndex } from './stats-days.js';
import { statsHistoryFold, type StatsHistory } from './stats-history.js';
import { reviewFigures } from './stats-reviews.js';
import type { DeckStats, Stats, StatsCard, StatsDeck } from './stats-types.js';

export type * from './stats-types.js';
export { ACTIVITY_DAYS } from './stats-activity.js';
export { FORECAST_DAYS } from './stats-cards.js';

export interface StatsInput {
  /** Loaded deck files (may be empty); cards may be heads (see StatsCard). */
  decks: readonly StatsDeck[];
  /** Deck ids to report; default: the loaded decks, or every deck the store knows when none is loaded.
   *  An id without a loaded deck is reported from its stored states alone. */
  deckIds?: string[];
  states: Map<string, CardState>;
  /** The journal: its entries, or folded already with historyOf() (a big journal need not be held). */
  entries: JournalEntry[] | StatsHistory;
  now: Date;
  settings: Settings;
  /** Quiz sessions kept per deck (default 10). */
  quizzes?: number;
  /** Predicted recall of a card now; default: the scheduler's FSRS forgetting curve over the whole
   *  days since the last review (schedule.retrievability counts study days; this is within a day of it
   *  and much cheaper over 10,000 cards). */
  retrievability?: (state: CardState, now: Date) => number;
}

/** A fold of journal entries for computeStats with these settings: feed it every entry in order.
 *  `capacity`: about how many reviews to expect (room is made for them at once). */
export function historyOf(settings: Pick<Settings, 'rolloverHour'>, capacity?: number) {
  return statsHistoryFold(makeDayIndex(settings.rolloverHour), settings.rolloverHour, capacity);
}

export function computeStats(input: StatsInput): Stats {
  const { decks, states, now, settings } = input;
  const history = Array.isArray(input.entries) ? foldAll(input.entries, settings) : input.entries;
  // Its study days are numbered with the rollover it was folded with.
  if (history.rolloverHour !== settings.rolloverHour) throw new Error('internal: a journal folded with another rollover hour');
  const days = makeDayIndex(settings.rolloverHour);
  const nowIso = now.toISOString();
  const today = days.dayOf(nowIso);

  // ---- scope and card index
  const loaded = new Map(decks.map((d) => [d.id, d]));
  let scope: string[];
  if (input.deckIds) scope = [...new Set(input.deckIds)];
  else if (decks.length > 0) scope = [...loaded.keys()];
  else {
    const ids = new Set<string>();
    for (const key of states.keys()) ids.add(key.slice(0, key.indexOf('/')));
    for (const id of history.deckIds) ids.add(id);
    scope = [...ids].sort();
  }
  const inScope = new Set(scope);
  // deck id → card id → card: nested, so the journal pass needs no `deck/card` string per entry.
  const cardIndex = new Map<string, Map<string, StatsCard>>();
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

  // ---- the journal: the reviews that stand
  const r = reviewFigures(history, { scope, perDeck, cardIndex, today, quizzes: Math.max(1, input.quizzes ?? 10) });
  const { streak, activity } = activityFigures(r.perDay, today);
  const { n7, r7, n30, r30 } = r.retention;

  return {
    now: nowIso,
    studyDay: dayLabel(today),
    reviews: r.reviews,
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
    timeSpentMs: r.timeSpentMs,
    weakest: r.weakest,
    leeches: figures.leeches,
    confusions: r.confusions,
    quizzes: r.quizzes,
    decks: [...perDeck.values()],
  };
}

function foldAll(entries: JournalEntry[], settings: Settings): StatsHistory {
  const fold = historyOf(settings);
  for (const e of entries) fold.add(e);
  return fold.result();
}
