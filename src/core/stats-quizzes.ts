// Quiz history for stats: quiz answers grouped by session and deck, the latest sessions per deck
// with a trend. A session is scored out of the questions the quiz asked from the deck (the answers'
// `questions`), so unanswered questions count wrong as they did on the quiz's own results screen. The session is the entry's `session` id. Journals written before it was recorded
// have none: there a run of adjacent quiz answers that asks no card twice and spans under 10
// minutes counts as one session (a submitted quiz is written in one append, so its answers are
// adjacent).
import type { JournalEntry, ReviewEntry } from './progress.js';
import { stateKey } from './progress.js';
import type { QuizHistory, QuizSession } from './stats-types.js';

const LEGACY_SESSION_SPAN_MS = 10 * 60_000;

/**
 * Session ids for quiz answers journaled without one. Call it on every journal entry in order
 * (all of them: adjacency is what counts); it returns the session of a quiz answer without one,
 * else null. Built for journals of 100,000 entries: most runs are one answer long (a quiz answer
 * between study answers), so a run keeps its set of cards only once it has a second answer.
 */
export function legacySessions(): (e: JournalEntry) => string | null {
  let run: { id: string; start: number; first: ReviewEntry; cards: Set<string> | null } | null = null;
  return (e) => {
    if (e.op !== 'review' || e.kind !== 'quiz' || typeof e.session === 'string') {
      run = null;
      return null;
    }
    const at = Date.parse(e.at);
    if (run !== null && at - run.start >= 0 && at - run.start < LEGACY_SESSION_SPAN_MS) {
      run.cards ??= new Set([stateKey(run.first.deck, run.first.card)]);
      const key = stateKey(e.deck, e.card);
      if (!run.cards.has(key)) {
        run.cards.add(key);
        return run.id;
      }
    }
    // The run is named by its first entry's id: a string the journal already holds (a built one
    // would be hashed again on every lookup), and unlike any session id (those are shorter).
    run = { id: e.id, start: at, first: e, cards: null };
    return run.id;
  };
}

/**
 * Feed it the quiz answers that count (`add`) and the decks a quiz asked without getting an answer
 * (`addUnanswered`), then read the history of the decks in scope.
 */
export function quizSessions() {
  const quiz = new Map<string, Map<string, QuizSession>>();
  // The questions each session asked (its entries' `questions`): only answered ones are journaled.
  const asked = new Map<QuizSession, number>();
  const session = (deck: string, sid: string, at: string): QuizSession => {
    let sessions = quiz.get(deck);
    if (!sessions) quiz.set(deck, (sessions = new Map()));
    let s = sessions.get(sid);
    if (!s) {
      s = { session: sid, at, correct: 0, total: 0, score: 0 };
      sessions.set(sid, s);
      asked.set(s, 0);
    }
    return s;
  };
  const askedAtLeast = (s: QuizSession, questions: unknown) => {
    if (typeof questions === 'number' && questions > asked.get(s)!) asked.set(s, questions);
  };
  return {
    /** A quiz answer of `deck` in session `sid` (legacySessions() names one journaled without). */
    add(deck: string, sid: string, at: string, right: boolean, questions: unknown): void {
      const s = session(deck, sid, at);
      s.total++;
      if (right) s.correct++;
      askedAtLeast(s, questions);
    },
    /** A deck whose questions in the quiz all went unanswered: a session of its own, scored 0. */
    addUnanswered(deck: string, sid: string, at: string, questions: unknown): void {
      askedAtLeast(session(deck, sid, at), questions);
    },

    /** Per deck in scope order, its latest `keep` sessions, oldest first. */
    result(scope: string[], keep: number): QuizHistory[] {
      const out: QuizHistory[] = [];
      for (const id of scope) {
        const sessions = quiz.get(id);
        if (!sessions) continue;
        const list = [...sessions.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-keep);
        for (const s of list) {
          // Out of every question asked, unanswered ones wrong, as the quiz scored itself; never
          // out of fewer than were answered (a journal written before the count, or tampered with).
          s.total = Math.max(s.total, asked.get(s) ?? 0);
          s.score = s.total === 0 ? 0 : s.correct / s.total;
        }
        out.push({ deck: id, sessions: list, last: list[list.length - 1]!.score, trend: trendOf(list.map((s) => s.score)) });
      }
      return out;
    },
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
