// Quiz history for stats: quiz answers grouped by session and deck, the latest sessions per deck
// with a trend. The session is the entry's `session` id. Journals written before it was recorded
// have none: there a run of adjacent quiz answers that asks no card twice and spans under 10
// minutes counts as one session (a submitted quiz is written in one append, so its answers are
// adjacent).
import type { JournalEntry, ReviewEntry } from './progress.js';
import { stateKey } from './progress.js';
import type { QuizHistory, QuizSession } from './stats.js';

const LEGACY_SESSION_SPAN_MS = 10 * 60_000;

/**
 * Session ids for quiz answers journaled without one. `see` every entry in journal order (all of
 * them: adjacency is what counts), then ask `of`.
 */
export function legacySessions() {
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

/** Feed it the quiz answers that count (`add`), then read the history of the decks in scope. */
export function quizSessions(legacy: ReturnType<typeof legacySessions>) {
  const quiz = new Map<string, Map<string, QuizSession>>();
  return {
    add(e: ReviewEntry, at: string, right: boolean): void {
      const sid = typeof e.session === 'string' ? e.session : legacy.of(e);
      let sessions = quiz.get(e.deck);
      if (!sessions) quiz.set(e.deck, (sessions = new Map()));
      let s = sessions.get(sid);
      if (!s) sessions.set(sid, (s = { session: sid, at, correct: 0, total: 0, score: 0 }));
      s.total++;
      if (right) s.correct++;
    },

    /** Per deck in scope order, its latest `keep` sessions, oldest first. */
    result(scope: string[], keep: number): QuizHistory[] {
      const out: QuizHistory[] = [];
      for (const id of scope) {
        const sessions = quiz.get(id);
        if (!sessions) continue;
        const list = [...sessions.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(-keep);
        for (const s of list) s.score = s.correct / s.total;
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
