// The figures `recall stats` reports, as computed by computeStats (stats.ts) and rendered by
// stats-text.ts; docs/stats.schema.json is their JSON form. The definitions of each figure are at
// the top of stats.ts. Kept apart so the parts of the computation (stats-cards, stats-answers,
// stats-quizzes, stats-activity) can name them without importing the whole of stats.ts.

import type { Card, CardHead, Deck } from './model.js';

/** A card as stats reads it: its head (id, type, tags) is enough, but for confusions, which name
 *  options: a choice or multi card answered wrong with options picked must be whole. */
export type StatsCard = Card | CardHead;
/** A deck as stats reads it (its cards may be heads: see StatsCard). */
export type StatsDeck = Omit<Deck, 'cards'> & { cards: readonly StatsCard[] };

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
  /** false when the deck file was not loaded: `cards` then counts only its cards with stored
   *  progress (its total and its new cards are unknown). */
  loaded: boolean;
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
