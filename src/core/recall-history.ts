// The student's own answers as predictions and outcomes, for calibrating readiness. Pure.
import { applyEntry, stateKey, type CardState, type JournalEntry } from './progress.js';
import { retrievability, type Scheduler } from './schedule.js';
import type { Observation } from './calibration.js';

/**
 * Replays the journal and, for every graded answer (study or quiz) to a card in the FSRS Review
 * state, pairs what the model predicted at that moment with whether the answer was right.
 * Self-graded basic cards have no outcome, and learning steps minutes apart are not day-scale
 * predictions (FSRS counts whole days, so it predicts 100% there): both are left out.
 */
export function recallObservations(entries: Iterable<JournalEntry>, sched: Scheduler): Observation[] {
  const observer = recallObserver(sched);
  for (const e of entries) observer.add(e);
  return observer.observations;
}

/** recallObservations an entry at a time, for a caller that streams the journal (stats --json). */
export function recallObserver(sched: Scheduler): { add(e: JournalEntry): void; readonly observations: Observation[] } {
  const states = new Map<string, CardState>();
  const observations: Observation[] = [];
  return {
    observations,
    add(e) {
      if (e.op === 'review' && e.correct !== null) {
        const prev = states.get(stateKey(e.deck, e.card));
        if (prev !== undefined && prev.state === 2) {
          const at = new Date(e.at);
          if (!Number.isNaN(at.getTime())) observations.push({ p: retrievability(sched, prev, at), correct: e.correct });
        }
      }
      applyEntry(states, e);
    },
  };
}
