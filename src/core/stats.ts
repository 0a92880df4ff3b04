// `recall stats` figures, computed from the deck files, the per-card states and the review journal.
// Pure: the clock and the settings arrive as arguments. Built for 10,000 cards and 100,000 journal
// entries: one pass over the states, two over the journal, Maps throughout, and ISO times compared
// as strings (a canonical `toISOString()` sorts like the instant it names) instead of parsed.
//
// Definitions (the text output and docs/stats.schema.json follow these):
// - Study day: the local day that starts at `settings.rolloverHour`; a review at 01:00 with a 04:00
//   rollover belongs to the previous study day. Dates are that study day's YYYY-MM-DD.
// - Cards: every card of the decks in scope. suspended (a leech) takes precedence; otherwise the
//   FSRS state: new (no state, or New), learning (Learning or Relearning), review (Review).
//   A card removed from its deck file keeps its progress in the store but is not counted.
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
import { stateKey } from './progress.js';
import { makeScheduler, retrievabilityAt } from './schedule.js';

export interface CardCounts {
  total: number;
  new: number;
  learning: number;
  review: number;
  suspended: number;
}
export interface DueCounts {
  overdue: number;
  today: number;
  tomorrow: number;
}
export interface DayCount {
  date: string;
  count: number;
}
export interface TagAccuracy {
  tag: string;
  correct: number;
  total: number;
  accuracy: number;
}
export interface LeechInfo {
  deck: string;
  id: string;
  lapses: number;
  tags: string[];
}
export interface Confusion {
  deck: string;
  id: string;
  picked: string;
  right: string;
  count: number;
}
export interface QuizSession {
  session: string;
  at: string;
  correct: number;
  total: number;
  score: number;
}
export interface QuizHistory {
  deck: string;
  /** The most recent sessions, oldest first. */
  sessions: QuizSession[];
  last: number;
  /** Last score against the mean of the earlier ones shown: 5 points either way is 'flat'. */
  trend: 'up' | 'down' | 'flat' | null;
}
export interface DeckStats {
  id: string;
  /** null when only the store knows the deck (its file was not loaded). */
  title: string | null;
  cards: CardCounts;
  due: DueCounts;
  reviews: number;
}
export interface Stats {
  now: string;
  studyDay: string;
  reviews: { total: number; today: number };
  cards: CardCounts;
  due: DueCounts & { forecast: DayCount[] };
  retention: { last7: number | null; last30: number | null; predicted: number | null };
  /** How many reviews each true-retention figure rests on. */
  retentionReviews: { last7: number; last30: number };
  desiredRetention: number;
  streak: { current: number; longest: number };
  /** Reviews per study day, the last 84 days, oldest first (today last). */
  activity: DayCount[];
  timeSpentMs: number;
  weakest: TagAccuracy[];
  leeches: LeechInfo[];
  confusions: Confusion[];
  quizzes: QuizHistory[];
  decks: DeckStats[];
}

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

export const FORECAST_DAYS = 30;
export const ACTIVITY_DAYS = 84;
const DAY_MS = 86_400_000;

const zeroCards = (): CardCounts => ({ total: 0, new: 0, learning: 0, review: 0, suspended: 0 });
const zeroDue = (): DueCounts => ({ overdue: 0, today: 0, tomorrow: 0 });

/** Canonical ISO (UTC, milliseconds, Z) so that string order is time order; null if unreadable. */
function canonical(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  if (s.length === 24 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(23) === 90 /* Z */) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

// Study days are numbered like UTC day numbers of their local date, so consecutive days differ by 1
// whatever DST does; `dayLabel` turns the number back into YYYY-MM-DD.
function dayLabel(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Maps instants to study-day numbers, caching the last day's bounds (journals are mostly in order). */
function makeDayIndex(hour: number) {
  const startOf = (n: number): string => {
    const u = new Date(n * DAY_MS);
    return new Date(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), hour).toISOString();
  };
  let lo = '';
  let hi = '';
  let cur = 0;
  const dayOf = (iso: string): number => {
    if (iso >= lo && iso < hi) return cur;
    const d = new Date(iso);
    let n = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
    if (d.getHours() < hour) n -= 1;
    // DST can shift a boundary by the odd hour: settle on the day whose bounds hold the instant.
    if (iso < startOf(n)) n -= 1;
    else if (iso >= startOf(n + 1)) n += 1;
    [cur, lo, hi] = [n, startOf(n), startOf(n + 1)];
    return n;
  };
  return { dayOf, startOf };
}

function isRight(e: ReviewEntry): boolean {
  return e.correct ?? e.rating !== 'again';
}

/** Text of an option as recorded in `given`/`expected` (option text; an index is tolerated). */
function optionText(card: Card | undefined, v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && card && (card.type === 'choice' || card.type === 'multi')) return card.choices[v]?.text ?? null;
  return null;
}

export function computeStats(input: StatsInput): Stats {
  const { decks, states, entries, now, settings } = input;
  const hour = settings.rolloverHour;
  const { dayOf, startOf } = makeDayIndex(hour);
  const nowIso = now.toISOString();
  const today = dayOf(nowIso);
  const todayStart = startOf(today);
  const bounds: string[] = [];
  for (let k = 0; k <= FORECAST_DAYS; k++) bounds.push(startOf(today + k));
  const start7 = startOf(today - 6);
  const start30 = startOf(today - 29);
  const recall = input.retrievability ?? defaultRecall(settings);

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
    perDeck.set(id, { id, title: loaded.get(id)?.title ?? null, cards: zeroCards(), due: zeroDue(), reviews: 0 });
  }
  const cards = zeroCards();
  const due = zeroDue();
  const forecast = new Array<number>(FORECAST_DAYS).fill(0);
  const leeches: LeechInfo[] = [];
  let rSum = 0;
  let rCount = 0;
  const classify = (ds: DeckStats, cardId: string, st: CardState | undefined, tags: string[]): void => {
    ds.cards.total++;
    cards.total++;
    if (st?.leech) {
      ds.cards.suspended++;
      cards.suspended++;
      leeches.push({ deck: ds.id, id: cardId, lapses: st.lapses, tags });
      return;
    }
    if (!st || st.state === 0) {
      ds.cards.new++;
      cards.new++;
      return;
    }
    if (st.state === 2) {
      ds.cards.review++;
      cards.review++;
      const r = recall(st, now);
      if (Number.isFinite(r)) [rSum, rCount] = [rSum + r, rCount + 1];
    } else {
      ds.cards.learning++;
      cards.learning++;
    }
    const at = canonical(st.due);
    if (at === null || at >= bounds[FORECAST_DAYS]!) return;
    let k = 0;
    if (at < todayStart) {
      ds.due.overdue++;
      due.overdue++;
    } else {
      let [a, b] = [0, FORECAST_DAYS - 1]; // largest k with bounds[k] <= at
      while (a < b) {
        const mid = (a + b + 1) >> 1;
        if (bounds[mid]! <= at) a = mid;
        else b = mid - 1;
      }
      k = a;
      if (k === 0) [ds.due.today, due.today] = [ds.due.today + 1, due.today + 1];
      if (k === 1) [ds.due.tomorrow, due.tomorrow] = [ds.due.tomorrow + 1, due.tomorrow + 1];
    }
    forecast[k]!++;
  };
  for (const d of decks) {
    const ds = perDeck.get(d.id);
    if (ds) for (const c of d.cards) classify(ds, c.id, states.get(stateKey(d.id, c.id)), c.tags);
  }
  if (scope.some((id) => !loaded.has(id))) {
    for (const [key, st] of states) {
      const deck = key.slice(0, key.indexOf('/'));
      const ds = loaded.has(deck) ? undefined : perDeck.get(deck);
      if (ds) classify(ds, key.slice(deck.length + 1), st, []);
    }
  }

  // ---- journal pass 1: what was undone, where resets fall
  const undone = new Set<string>();
  const deckReset = new Map<string, number>();
  const cardReset = new Map<string, Map<string, number>>();
  const legacy = legacySessions();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    legacy.see(e);
    if (e.op === 'undo') undone.add(e.ref);
    else if (e.op === 'reset') {
      if (e.card === undefined) deckReset.set(e.deck, i);
      else {
        let m = cardReset.get(e.deck);
        if (!m) cardReset.set(e.deck, (m = new Map()));
        m.set(e.card, i);
      }
    }
  }

  // ---- journal pass 2: the reviews that stand
  const reviews = { total: 0, today: 0 };
  const perDay = new Map<number, number>();
  let timeSpentMs = 0;
  let [n7, r7, n30, r30] = [0, 0, 0, 0];
  // Answers are tallied per card, then spread over the card's tags once at the end.
  const perCard = new Map<string, Map<string, CardTally>>();
  const quiz = new Map<string, Map<string, QuizSession>>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.op !== 'review' || undone.has(e.id) || !inScope.has(e.deck)) continue;
    const at = canonical(e.at);
    if (at === null) continue;
    const day = dayOf(at);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
    reviews.total++;
    if (day === today) reviews.today++;
    if (Number.isFinite(e.ms) && e.ms > 0) timeSpentMs += e.ms;
    const ds = perDeck.get(e.deck);
    if (ds) ds.reviews++;

    if (i < (deckReset.get(e.deck) ?? -1)) continue;
    const right = isRight(e);
    if (e.kind === 'quiz') {
      const sid = typeof e.session === 'string' ? e.session : legacy.of(e);
      let sessions = quiz.get(e.deck);
      if (!sessions) quiz.set(e.deck, (sessions = new Map()));
      let s = sessions.get(sid);
      if (!s) sessions.set(sid, (s = { session: sid, at, correct: 0, total: 0, score: 0 }));
      s.total++;
      if (right) s.correct++;
    }
    if (i < (cardReset.get(e.deck)?.get(e.card) ?? -1)) continue;
    if (e.kind === 'study' && e.before === 2 && at >= start30) {
      [n30, r30] = [n30 + 1, r30 + (right ? 1 : 0)];
      if (at >= start7) [n7, r7] = [n7 + 1, r7 + (right ? 1 : 0)];
    }
    let tallies = perCard.get(e.deck);
    if (!tallies) perCard.set(e.deck, (tallies = new Map()));
    let tally = tallies.get(e.card);
    if (!tally) {
      const card = cardIndex.get(e.deck)?.get(e.card);
      tallies.set(e.card, (tally = { deck: e.deck, id: e.card, card, tags: card?.tags ?? [], correct: 0, total: 0, picks: null }));
    }
    tally.total++;
    if (right) tally.correct++;
    else if (tally.card?.type === 'choice' || tally.card?.type === 'multi') notePicks(tally, e, tally.card);
  }
  const tagAcc = new Map<string, { correct: number; total: number }>();
  const confusions: Confusion[] = [];
  for (const tallies of perCard.values()) {
    for (const t of tallies.values()) {
      for (const tag of t.tags) {
        let a = tagAcc.get(tag);
        if (!a) tagAcc.set(tag, (a = { correct: 0, total: 0 }));
        a.total += t.total;
        a.correct += t.correct;
      }
      if (t.picks) confusions.push(mostPicked(t, t.picks));
    }
  }

  // ---- shape the results
  let longest = 0;
  let run = 0;
  let prevDay = Number.NaN;
  for (const d of [...perDay.keys()].sort((a, b) => a - b)) {
    run = d === prevDay + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prevDay = d;
  }
  let current = 0;
  for (let d = perDay.has(today) ? today : today - 1; perDay.has(d); d--) current++;

  const activity: DayCount[] = [];
  for (let d = today - ACTIVITY_DAYS + 1; d <= today; d++) activity.push({ date: dayLabel(d), count: perDay.get(d) ?? 0 });

  const weakest = [...tagAcc]
    .map(([tag, t]) => ({ tag, correct: t.correct, total: t.total, accuracy: t.correct / t.total }))
    .sort((a, b) => a.accuracy - b.accuracy || b.total - a.total || (a.tag < b.tag ? -1 : 1));

  confusions.sort((a, b) => b.count - a.count || a.deck.localeCompare(b.deck) || a.id.localeCompare(b.id));

  const keep = Math.max(1, input.quizzes ?? 10);
  const quizzes: QuizHistory[] = [];
  for (const id of scope) {
    const sessions = quiz.get(id);
    if (!sessions) continue;
    const list = [...sessions.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-keep);
    for (const s of list) s.score = s.correct / s.total;
    quizzes.push({ deck: id, sessions: list, last: list[list.length - 1]!.score, trend: trendOf(list.map((s) => s.score)) });
  }

  leeches.sort((a, b) => b.lapses - a.lapses || a.deck.localeCompare(b.deck) || a.id.localeCompare(b.id));
  return {
    now: nowIso,
    studyDay: dayLabel(today),
    reviews,
    cards,
    due: { ...due, forecast: forecast.map((count, k) => ({ date: dayLabel(today + k), count })) },
    retention: {
      last7: n7 > 0 ? r7 / n7 : null,
      last30: n30 > 0 ? r30 / n30 : null,
      predicted: rCount > 0 ? rSum / rCount : null,
    },
    retentionReviews: { last7: n7, last30: n30 },
    desiredRetention: settings.retention,
    streak: { current, longest },
    activity,
    timeSpentMs,
    weakest,
    leeches,
    confusions,
    quizzes,
    decks: [...perDeck.values()],
  };
}

interface CardTally {
  deck: string;
  id: string;
  card: Card | undefined;
  /** The latest entry's tags (they follow deck edits), else the deck card's. */
  tags: readonly string[];
  correct: number;
  total: number;
  /** wrong option text → times picked (choice and multi cards only) */
  picks: Map<string, number> | null;
}

function notePicks(tally: CardTally, e: ReviewEntry, card: Card & { choices: { text: string; correct: boolean }[] }): void {
  const given = Array.isArray(e.given) ? e.given : [e.given];
  for (const g of given) {
    const text = optionText(card, g);
    if (text === null || card.choices.some((o) => o.correct && o.text === text)) continue;
    tally.picks ??= new Map();
    tally.picks.set(text, (tally.picks.get(text) ?? 0) + 1);
  }
}

function mostPicked(t: CardTally, picks: Map<string, number>): Confusion {
  let [picked, count] = ['', 0];
  for (const [text, n] of picks) if (n > count || (n === count && text < picked)) [picked, count] = [text, n];
  const right = t.card && 'choices' in t.card ? t.card.choices.filter((o) => o.correct).map((o) => o.text).join(' + ') : '';
  return { deck: t.deck, id: t.id, picked, right, count };
}

const LEGACY_SESSION_SPAN_MS = 10 * 60_000;

/**
 * Session ids for quiz answers journaled without one: adjacent quiz answers, no card twice, within
 * 10 minutes of the run's first answer. `see` every entry in journal order, then ask `of`.
 */
function legacySessions() {
  const ids = new Map<ReviewEntry, string>();
  let run: { id: string; start: number; cards: Set<string> } | null = null;
  return {
    see(e: JournalEntry): void {
      if (e.op !== 'review' || e.kind !== 'quiz' || typeof e.session === 'string') {
        run = null;
        return;
      }
      const at = Date.parse(e.at);
      const key = stateKey(e.deck, e.card);
      if (!run || run.cards.has(key) || !(Math.abs(at - run.start) < LEGACY_SESSION_SPAN_MS)) run = { id: `legacy-${e.id}`, start: at, cards: new Set() };
      run.cards.add(key);
      ids.set(e, run.id);
    },
    of(e: ReviewEntry): string {
      return ids.get(e) ?? `legacy-${e.id}`;
    },
  };
}

function defaultRecall(settings: Settings): (st: CardState, now: Date) => number {
  const sched = makeScheduler(settings);
  // Stats asks for every card at the same `now`: work out its study day once per distinct time.
  let at: { ms: number; recall: (st: CardState) => number } | undefined;
  return (st, now) => {
    if (st.last_review === undefined) return Number.NaN;
    if (at?.ms !== now.getTime()) at = { ms: now.getTime(), recall: retrievabilityAt(sched, now) };
    return at.recall(st);
  };
}

function trendOf(scores: number[]): QuizHistory['trend'] {
  if (scores.length < 2) return null;
  const last = scores[scores.length - 1]!;
  const earlier = scores.slice(0, -1);
  const mean = earlier.reduce((a, b) => a + b, 0) / earlier.length;
  if (last - mean > 0.05) return 'up';
  if (mean - last > 0.05) return 'down';
  return 'flat';
}
