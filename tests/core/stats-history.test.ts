// The journal folded for stats (src/core/stats-history.ts): review ids kept as bytes with a hash
// each, and the columns grown as the journal goes on.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type JournalEntry, type ReviewEntry } from '../../src/core/progress.js';
import { computeStats, historyOf } from '../../src/core/stats.js';

function review(id: string, n: number): ReviewEntry {
  return { id, op: 'review', at: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(), deck: 'd', card: `c${n % 7}`, kind: 'study', rating: 'good', correct: true, ms: 1000, state: null };
}
const undo = (ref: string, n: number): JournalEntry => ({ id: `u-${n}`, op: 'undo', at: new Date(Date.UTC(2026, 0, 2) + n).toISOString(), deck: 'd', card: 'c0', ref, state: null });

function fold(entries: JournalEntry[], capacity?: number) {
  const f = historyOf(DEFAULT_SETTINGS, capacity);
  for (const e of entries) f.add(e);
  return f.result();
}

describe('the stats fold of the journal', () => {
  // 'r66999' and 'r916676' have the same 32-bit FNV-1a hash: the hash only narrows the search.
  const ids = ['r66999', 'r916676', 'plain-1', 'größe', '😀-emoji', '\ud800-lone', 'x'.repeat(1024), 'y'.repeat(1023) + 'ü', 'r'];

  it('takes back exactly the reviews an undo names, ids past ASCII, long ids and colliding hashes alike', () => {
    const reviews = ids.map((id, n) => review(id, n));
    for (const taken of ids) {
      const h = fold([...reviews, undo(taken, 0)]);
      const undone = reviews.map((_, row) => h.isUndone(row));
      expect(undone, taken.slice(0, 20)).toEqual(ids.map((id) => id === taken));
    }
    const none = fold(reviews);
    expect(reviews.map((_, row) => none.isUndone(row))).toEqual(ids.map(() => false));
  });

  it('keeps every review when the journal outgrows the room made at first', () => {
    const many: JournalEntry[] = [];
    for (let n = 0; n < 5000; n++) many.push(review(n % 3 === 0 ? `wide-ü-${n}` : `id-${n}-${'z'.repeat(n % 90)}`, n));
    many.push(undo('id-4999-' + 'z'.repeat(4999 % 90), 1), undo('wide-ü-3', 2));
    const h = fold(many, 10);
    expect(h.reviews).toBe(5000);
    const undone = [...Array(h.reviews).keys()].filter((row) => h.isUndone(row));
    expect(undone).toEqual([3, 4999]);
    const stats = computeStats({ decks: [], states: new Map(), entries: h, now: new Date('2026-01-05T00:00:00Z'), settings: DEFAULT_SETTINGS });
    expect(stats.reviews.total).toBe(4998);
    expect(stats.timeSpentMs).toBe(4998 * 1000);
  });
});
