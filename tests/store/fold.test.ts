import { describe, expect, it } from 'vitest';
import { applyEntry, parseJournal, serializeEntry, validBytes, type CardState, type JournalEntry } from '../../src/core/progress.js';
import { cardState, lines, review } from './helpers.js';

function fold(entries: JournalEntry[], start: [string, CardState][] = []): Map<string, CardState> {
  const cards = new Map(start);
  for (const e of entries) applyEntry(cards, e);
  return cards;
}

describe('parseJournal', () => {
  it('reads every whole line and reports no damage on a clean journal', () => {
    const text = lines([review('d', 'a', 1), review('d', 'b', 2)]);
    const p = parseJournal(text);
    expect(p.entries.map((e) => e.deck + '/' + (e as { card: string }).card)).toEqual(['d/a', 'd/b']);
    expect(p).toMatchObject({ tornTail: false, badLines: [] });
    expect(validBytes(text)).toBe(text.length);
  });

  it('drops a torn last line and says where the whole lines end', () => {
    const whole = lines([review('d', 'a', 1)]);
    const text = whole + '{"id":"x","at":"2025-01';
    const p = parseJournal(text);
    expect(p.entries).toHaveLength(1);
    expect(p.tornTail).toBe(true);
    expect(validBytes(text)).toBe(whole.length);
  });

  it('skips an unparsable line in the middle, reports its line number, and keeps the lines after it', () => {
    const p = parseJournal(lines([review('d', 'a', 1)]) + 'garbage\n' + lines([review('d', 'b', 2)]));
    expect(p.entries).toHaveLength(2);
    expect(p.badLines).toEqual([2]);
    expect(p.tornTail).toBe(false);
  });

  it('rejects a line that is JSON but not a journal entry', () => {
    expect(parseJournal('{"id":"x"}\n[]\n').badLines).toEqual([1, 2]);
  });

  it('recovers a whole entry glued after a torn fragment', () => {
    const e = review('d', 'b', 2);
    const p = parseJournal('{"id":"torn","at":"20' + serializeEntry(e));
    expect(p.entries).toEqual([e]);
    expect(p.badLines).toEqual([]);
  });

  it('counts validBytes in UTF-8 bytes, not characters', () => {
    const text = lines([review('d', 'ü→', 1)]);
    expect(validBytes(text + '{')).toBe(Buffer.byteLength(text));
  });

  it('ignores blank lines', () => {
    expect(parseJournal('\n\n' + lines([review('d', 'a', 1)])).entries).toHaveLength(1);
  });
});

describe('applyEntry', () => {
  it('sets the card state on a review', () => {
    const e = review('d', 'q.1', 3);
    expect(fold([e]).get('d/q.1')).toEqual(e.state);
  });

  it('restores the previous state on undo, and deletes the card when undo goes back to new', () => {
    const r1 = review('d', 'a', 1);
    const r2 = review('d', 'a', 2, { before: 1 });
    const undoTo = (state: CardState | null): JournalEntry => ({ id: 'u', at: r2.at, deck: 'd', op: 'undo', card: 'a', ref: r2.id, state });
    expect(fold([r1, r2, undoTo(r1.state)]).get('d/a')).toEqual(r1.state);
    expect(fold([r1, undoTo(null)]).has('d/a')).toBe(false);
  });

  it('resets one card, leaving the others', () => {
    const cards = fold([review('d', 'a', 1), review('d', 'b', 2), { id: 'r', at: 'x', deck: 'd', op: 'reset', card: 'a', reason: 'user' }]);
    expect([...cards.keys()]).toEqual(['d/b']);
  });

  it('resets every card of a deck and no card of a deck whose id merely starts the same', () => {
    const cards = fold([
      review('d', 'a', 1),
      review('d', 'b.c', 2),
      review('d2', 'a', 3),
      { id: 'r', at: 'x', deck: 'd', op: 'reset', reason: 'user' },
    ]);
    expect([...cards.keys()]).toEqual(['d2/a']);
  });

  it('sets the state given on unsuspend', () => {
    const leech = cardState(4, { leech: true });
    const freed = cardState(4);
    const cards = fold([review('d', 'a', 4, { state: leech }), { id: 'u', at: 'x', deck: 'd', op: 'unsuspend', card: 'a', state: freed }]);
    expect(cards.get('d/a')).toEqual(freed);
  });

  it('does not let an imported older review overwrite a newer local state', () => {
    const local = review('d', 'a', 50);
    const old = { ...review('d', 'a', 10), imported: true };
    expect(fold([local, old]).get('d/a')).toEqual(local.state);
    expect(fold([old]).get('d/a')).toEqual(old.state);
  });

  it('gives the same fold when a prefix already folded is replayed again (stale checkpoints are safe)', () => {
    const j1 = [review('d', 'a', 1), review('d', 'b', 2), { id: 'r', at: 'x', deck: 'd', op: 'reset', card: 'a', reason: 'user' } as JournalEntry];
    const j2 = [review('d', 'a', 3), { id: 'rd', at: 'y', deck: 'd', op: 'reset', reason: 'user' } as JournalEntry, review('d', 'c', 4)];
    const fromCheckpoint = fold([...j1, ...j2], [...fold(j1)]);
    expect(fromCheckpoint).toEqual(fold([...j1, ...j2]));
  });
});
