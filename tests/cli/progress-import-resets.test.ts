// What `progress import` adds after an export's reviews (commands/progress-import.ts AfterReviews):
// a reset for a card the export no longer lists, an unsuspend for a leech it lists as back in study.
import { describe, expect, it } from 'vitest';
import { AfterReviews } from '../../src/commands/progress-import.js';
import type { ReviewEntry } from '../../src/core/progress.js';

const state = { due: '2026-03-02T10:00:00.000Z', stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 1, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: '2026-03-01T10:00:00.000Z' };

function review(card: string, at: string, extra: Partial<ReviewEntry['state'] & object> = {}): ReviewEntry {
  return { id: `id-${card}-${at}`, op: 'review', at, deck: 'd', card, kind: 'study', rating: 'good', correct: true, ms: 0, state: { ...state, last_review: at, ...extra } } as ReviewEntry;
}

describe('what the reviews alone do not say', () => {
  it('resets a card the export does not list, at its last review, and unsuspends a listed leech put back', () => {
    const after = new AfterReviews();
    after.card({ deck: 'd', card: 'kept', leech: false });
    after.card({ deck: 'd', card: 'back', leech: false });
    after.review(review('gone', '2026-03-01T10:00:00.000Z'));
    after.review(review('gone', '2026-03-03T10:00:00.000Z'));
    after.review(review('kept', '2026-03-01T10:00:00.000Z'));
    after.review(review('back', '2026-03-01T10:00:00.000Z', { leech: true }));
    const out = after.entries();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ op: 'reset', deck: 'd', card: 'gone', at: '2026-03-03T10:00:00.000Z', reason: 'user' });
    expect(out[1]).toMatchObject({ op: 'unsuspend', deck: 'd', card: 'back' });
    expect(out[1]).not.toHaveProperty('state.leech');
    // The same review, the same id: a second import adds nothing.
    expect(new AfterReviews().entries()).toEqual([]);
    const again = new AfterReviews();
    again.review(review('gone', '2026-03-03T10:00:00.000Z'));
    expect(again.entries()[0]!.id).toBe(out[0]!.id);
  });

  it('takes a right quiz answer (no state) for no sign of progress: no reset of a card that has some here', () => {
    const after = new AfterReviews();
    after.review({ ...review('quizzed', '2026-03-03T10:00:00.000Z'), kind: 'quiz', state: null });
    expect(after.entries()).toEqual([]);
  });

  it('keeps no more listed cards than its bound, and then adds nothing rather than guess', () => {
    const after = new AfterReviews(2);
    for (const card of ['a', 'b', 'c']) after.card({ deck: 'd', card, leech: false });
    after.review(review('gone', '2026-03-03T10:00:00.000Z'));
    expect(after.entries()).toEqual([]);
  });
});
