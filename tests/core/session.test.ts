import { describe, expect, it } from 'vitest';
import { answers, canUndo, current, lastAnswer, progress, queued, startSession, step, summarize, type Answered, type SessionItem } from '../../src/core/session.js';

const items: SessionItem[] = ['a', 'b', 'c'].map((id) => ({ key: `deck/${id}`, deck: 'deck' }));
const answer = (key: string, rating: Answered['rating'] = 'good', correct: boolean | null = true): Answered => ({
  key,
  deck: 'deck',
  entryId: `e-${key}`,
  rating,
  correct,
  ms: 1000,
});

describe('study session state machine', () => {
  it('starts on the first card and finishes after the last answer', () => {
    let s = startSession(items, 0);
    expect(current(s)?.key).toBe('deck/a');
    for (const it of items) s = step(s, { type: 'answer', answer: answer(it.key) });
    expect(s.status).toBe('finished');
    expect(current(s)).toBeUndefined();
  });

  it('is finished at once when the queue is empty', () => {
    expect(startSession([], 0).status).toBe('finished');
  });

  it('refuses an answer for a card that is not the current one', () => {
    const s = startSession(items, 0);
    expect(() => step(s, { type: 'answer', answer: answer('deck/b') })).toThrow(/current card is deck\/a/);
  });

  it('undo puts the last answered card back in front and forgets its answer', () => {
    let s = startSession(items, 0);
    s = step(s, { type: 'answer', answer: answer('deck/a') });
    s = step(s, { type: 'answer', answer: answer('deck/b', 'again', false) });
    expect(lastAnswer(s)?.entryId).toBe('e-deck/b');
    s = step(s, { type: 'undo' });
    expect(current(s)?.key).toBe('deck/b');
    expect(answers(s).map((a) => a.key)).toEqual(['deck/a']);
  });

  it('undo after the last card reopens a finished session', () => {
    let s = startSession(items.slice(0, 1), 0);
    s = step(s, { type: 'answer', answer: answer('deck/a') });
    expect(s.status).toBe('finished');
    s = step(s, { type: 'undo' });
    expect(s.status).toBe('running');
    expect(current(s)?.key).toBe('deck/a');
  });

  it('cannot undo before any answer, and undo then changes nothing', () => {
    const s = startSession(items, 0);
    expect(canUndo(s)).toBe(false);
    expect(step(s, { type: 'undo' })).toBe(s);
  });

  it('requeues a learning card at the back of the queue', () => {
    let s = startSession(items.slice(0, 1), 0);
    s = step(s, { type: 'answer', answer: answer('deck/a', 'again', false) });
    s = step(s, { type: 'requeue', item: items[0]! });
    expect(s.status).toBe('running');
    expect(current(s)?.key).toBe('deck/a');
  });

  it('an interrupt stops the session and keeps the answers', () => {
    let s = startSession(items, 0);
    s = step(s, { type: 'answer', answer: answer('deck/a') });
    s = step(s, { type: 'interrupt' });
    expect(s.status).toBe('interrupted');
    expect(current(s)).toBeUndefined();
    expect(answers(s)).toHaveLength(1);
  });

  it('summarizes cards, accuracy, ratings and time; self-graded Again counts as wrong', () => {
    let s = startSession(items, 1_000);
    s = step(s, { type: 'answer', answer: answer('deck/a', 'good', true) });
    s = step(s, { type: 'answer', answer: answer('deck/b', 'again', false) });
    s = step(s, { type: 'answer', answer: answer('deck/c', 'again', null) });
    const sum = summarize(s, 61_000);
    expect(sum).toMatchObject({ cards: 3, correct: 1, accuracy: 33.3, timeMs: 60_000, remaining: 0 });
    expect(sum.byRating).toEqual({ again: 2, hard: 0, good: 1, easy: 0 });
  });

  it('rounds accuracy down, as the quiz score does: 1,999 of 2,000 right is 99.9, never 100', () => {
    const many: SessionItem[] = Array.from({ length: 2000 }, (_, i) => ({ key: `deck/${i}`, deck: 'deck' }));
    let s = startSession(many, 0);
    for (let i = 0; i < 2000; i++) s = step(s, { type: 'answer', answer: answer(`deck/${i}`, i === 0 ? 'again' : 'good', i !== 0) });
    expect(summarize(s, 0).accuracy).toBe(99.9);
  });

  it('gives a null accuracy when nothing was answered', () => {
    expect(summarize(startSession(items, 0), 0).accuracy).toBeNull();
  });

  it('can undo the last answer of a session, which reopens it', () => {
    let s = startSession(items.slice(0, 1), 0);
    s = step(s, { type: 'answer', answer: answer('deck/a') });
    expect(s.status).toBe('finished');
    expect(canUndo(s)).toBe(true);
  });

  it('cannot undo once the session was interrupted', () => {
    let s = startSession(items, 0);
    s = step(s, { type: 'answer', answer: answer('deck/a') });
    s = step(s, { type: 'interrupt' });
    expect(canUndo(s)).toBe(false);
    expect(step(s, { type: 'undo' })).toBe(s);
  });

  it('undo takes back the learning repeat its answer queued, so the card is not asked twice', () => {
    let s = startSession(items, 0);
    s = step(s, { type: 'answer', answer: answer('deck/a', 'again', false) });
    s = step(s, { type: 'requeue', item: items[0]! });
    expect(queued(s).map((q) => q.key)).toEqual(['deck/b', 'deck/c', 'deck/a']);
    s = step(s, { type: 'undo' });
    expect(queued(s).map((q) => q.key)).toEqual(['deck/a', 'deck/b', 'deck/c']);
  });

  it('undo of an answer that queued nothing leaves an earlier repeat of the same card alone', () => {
    let s = startSession(items.slice(0, 2), 0);
    s = step(s, { type: 'answer', answer: answer('deck/a', 'again', false) });
    s = step(s, { type: 'requeue', item: items[0]! }); // queue: b, a
    s = step(s, { type: 'answer', answer: answer('deck/b') }); // queue: a
    s = step(s, { type: 'undo' });
    expect(queued(s).map((q) => q.key)).toEqual(['deck/b', 'deck/a']);
  });
});

describe('session progress', () => {
  const learning = new Set<string>();
  const inLearning = (k: string) => learning.has(k);

  it('counts cards left once, however often a learning card comes back, and how many are in learning', () => {
    let s = startSession(items, 0);
    expect(progress(s, inLearning)).toEqual({ done: 0, left: 3, learning: 0 });
    s = step(s, { type: 'answer', answer: answer('deck/a', 'again', false) });
    s = step(s, { type: 'requeue', item: items[0]! });
    learning.add('deck/a');
    expect(progress(s, inLearning)).toEqual({ done: 0, left: 3, learning: 1 });
    s = step(s, { type: 'answer', answer: answer('deck/b') });
    expect(progress(s, inLearning)).toEqual({ done: 1, left: 2, learning: 1 });
    s = step(s, { type: 'undo' });
    expect(progress(s, inLearning)).toEqual({ done: 0, left: 3, learning: 1 });
    learning.clear();
  });
});
