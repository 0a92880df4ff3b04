import { describe, expect, it } from 'vitest';
import { cardStateProblem, dateProblem, isCardState, isValidJournalEntry, journalEntryProblem, parseIsoDate } from '../../src/core/card-state.js';
import { makeScheduler, review } from '../../src/core/schedule.js';
import { DEFAULT_SETTINGS, type CardState } from '../../src/core/progress.js';

const good: CardState = {
  due: '2026-03-02T04:00:00.000Z',
  stability: 3.2,
  difficulty: 5.1,
  elapsed_days: 1,
  scheduled_days: 3,
  learning_steps: 0,
  reps: 4,
  lapses: 1,
  state: 2,
  last_review: '2026-02-27T09:00:00.000Z',
  first_review: '2026-02-20T09:00:00.000Z',
  hash: 'abc',
};

describe('parseIsoDate', () => {
  it.each([
    ['2026-02-28T10:00:00Z', Date.UTC(2026, 1, 28, 10)],
    ['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
    ['2026-01-31T09:00:00+02:00', Date.UTC(2026, 0, 31, 7)],
  ])('reads %s', (text, ms) => {
    expect(parseIsoDate(text)).toBe(ms);
  });

  it.each(['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-01T24:00:00Z', '2026-01-01T10:60Z', '2026-01-01T10:00:60Z', 'tomorrow', '', '+275760-09-13T00:00:00Z', '2026-01-01T10:00+25:00'])(
    'rejects %j instead of rolling it over',
    (text) => {
      expect(parseIsoDate(text)).toBeUndefined();
    },
  );

  it('requires a time and a zone for a stored instant', () => {
    expect(parseIsoDate('2026-01-01', { instant: true })).toBeUndefined();
    expect(parseIsoDate('2026-01-01T10:00:00', { instant: true })).toBeUndefined();
    expect(parseIsoDate('2026-01-01T10:00:00Z', { instant: true })).toBe(Date.UTC(2026, 0, 1, 10));
  });
});

describe('dateProblem', () => {
  it.each([
    ['9999-12-31T23:59:59.999Z', undefined],
    ['1970-01-01T00:00:00.000Z', undefined],
    ['1969-12-31T23:59:59.999Z', 'is outside 1970-9999'],
    ['+275760-09-13T00:00:00.000Z', 'is not an ISO date-time'],
    [5, 'is not a date string'],
    [null, 'is not a date string'],
  ])('%j -> %s', (v, reason) => {
    const p = dateProblem(v);
    if (reason === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(reason);
  });
});

describe('cardStateProblem', () => {
  it('accepts a state ts-fsrs made, from new through relearning', () => {
    const sched = makeScheduler(DEFAULT_SETTINGS);
    let s: CardState | null = null;
    let now = new Date('2026-01-01T09:00:00Z');
    for (const r of ['good', 'good', 'again', 'again', 'easy', 'hard', 'good'] as const) {
      s = review(sched, s, r, now, { deck: 'd', card: 'c', hash: 'h' });
      expect(cardStateProblem(s)).toBeUndefined();
      now = new Date(Math.max(now.getTime() + 60_000, Date.parse(s.due)));
    }
  });

  it('accepts a new card with the empty stability and difficulty', () => {
    expect(isCardState({ ...good, state: 0, stability: 0, difficulty: 0, reps: 0, lapses: 0 })).toBe(true);
  });

  it('accepts a state without the optional fields', () => {
    const { last_review: _a, first_review: _b, ...rest } = good;
    expect(isCardState(rest)).toBe(true);
    expect(isCardState({ ...good, leech: true })).toBe(true);
  });

  it.each([
    ['a difficulty below 1', { difficulty: -1 }, 'state.difficulty'],
    ['a difficulty above 10', { difficulty: 11 }, 'state.difficulty'],
    ['zero difficulty outside the new state', { difficulty: 0 }, 'state.difficulty'],
    ['a stability below S_MIN', { stability: 0 }, 'state.stability'],
    ['a negative stability', { stability: -1 }, 'state.stability'],
    ['a stability above S_MAX', { stability: 1e9 }, 'state.stability'],
    ['a NaN stability (JSON cannot hold it, a cache might)', { stability: NaN }, 'state.stability'],
    ['an infinite difficulty', { difficulty: Infinity }, 'state.difficulty'],
    ['a string stability', { stability: '3' }, 'state.stability'],
    ['state 4', { state: 4 }, 'state.state'],
    ['state "2"', { state: '2' }, 'state.state'],
    ['a due date in year 275760', { due: '+275760-09-13T00:00:00.000Z' }, 'state.due'],
    ['a numeric due date', { due: 5 }, 'state.due'],
    ['an impossible due date', { due: '2026-02-30T00:00:00.000Z' }, 'state.due'],
    ['a due date without a zone', { due: '2026-02-20T00:00:00' }, 'state.due'],
    ['a bad last review', { last_review: 'yesterday' }, 'state.last_review'],
    ['a bad first review', { first_review: '0001-01-01T00:00:00Z' }, 'state.first_review'],
    ['negative elapsed days', { elapsed_days: -1 }, 'state.elapsed_days'],
    ['huge scheduled days', { scheduled_days: 1e12 }, 'state.scheduled_days'],
    ['fractional reps', { reps: 1.5 }, 'state.reps'],
    ['negative lapses', { lapses: -2 }, 'state.lapses'],
    ['fractional learning steps', { learning_steps: 0.5 }, 'state.learning_steps'],
    ['a leech flag that is not boolean', { leech: 'yes' }, 'state.leech'],
    ['a missing hash', { hash: undefined }, 'state.hash'],
  ])('rejects %s', (_what, patch, field) => {
    const p = cardStateProblem({ ...good, ...patch });
    expect(p).toBeDefined();
    expect(p).toContain(field);
  });

  it.each([null, [], 'state', 3])('rejects %j', (v) => {
    expect(cardStateProblem(v)).toBe('state is not an object');
  });
});

describe('journalEntryProblem', () => {
  const review = { id: 's1-1', op: 'review', at: '2026-02-27T09:00:00.000Z', deck: 'd', card: 'c', kind: 'study', rating: 'good', correct: null, ms: 1200, state: good };

  it.each([
    ['a review', review],
    ['a review that did not move the schedule', { ...review, kind: 'quiz', correct: true, state: null, before: 2 }],
    ['an imported review', { ...review, imported: true }],
    ['a quiz answer with the quiz\'s question count', { ...review, kind: 'quiz', correct: true, state: null, questions: 26 }],
    ['an undo back to new', { id: 'u', op: 'undo', at: review.at, deck: 'd', card: 'c', ref: 's1-1', state: null }],
    ['an undo to a state', { id: 'u', op: 'undo', at: review.at, deck: 'd', card: 'c', ref: 's1-1', state: good }],
    ['a deck reset', { id: 'r', op: 'reset', at: review.at, deck: 'd', reason: 'user' }],
    ['a card reset', { id: 'r', op: 'reset', at: review.at, deck: 'd', card: 'c', reason: 'answer-changed' }],
    ['an unsuspend', { id: 'x', op: 'unsuspend', at: review.at, deck: 'd', card: 'c', state: good }],
  ])('accepts %s', (_what, e) => {
    expect(journalEntryProblem(e)).toBeUndefined();
    expect(isValidJournalEntry(e)).toBe(true);
  });

  it.each([
    ['an unknown rating', { rating: 'perfect' }, 'rating'],
    ['an unknown kind', { kind: 'exam' }, 'kind'],
    ['an unknown op', { op: 'delete' }, 'op'],
    ['a numeric id', { id: 7 }, 'id'],
    ['an empty card', { card: '' }, 'card'],
    ['a deck with a slash', { deck: 'a/b' }, 'deck'],
    ['a time in year 275760', { at: '+275760-09-13T00:00:00.000Z' }, 'at'],
    ['a negative answer time', { ms: -5 }, 'ms'],
    ['a missing answer time', { ms: undefined }, 'ms'],
    ['a correct flag that is a string', { correct: 'yes' }, 'correct'],
    ['a before state 0', { before: 0 }, 'before'],
    ['a question count of 0', { questions: 0 }, 'questions'],
    ['a fractional question count', { questions: 2.5 }, 'questions'],
    ['a question count that is a string', { questions: '26' }, 'questions'],
    ['a state with difficulty -1', { state: { ...good, difficulty: -1 } }, 'state.difficulty'],
    ['a state with a numeric due date', { state: { ...good, due: 5 } }, 'state.due'],
    ['a missing state', { state: undefined }, 'state'],
  ])('rejects a review with %s', (_what, patch, field) => {
    const p = journalEntryProblem({ ...review, ...patch });
    expect(p).toBeDefined();
    expect(p).toContain(field);
  });

  it('takes a quiz entry (a deck the quiz asked and got no answer from) with its session and question count', () => {
    const quiz = { id: 'q', op: 'quiz', at: review.at, deck: 'd', session: 's1', questions: 26 };
    expect(journalEntryProblem(quiz)).toBeUndefined();
    expect(journalEntryProblem({ ...quiz, session: undefined })).toContain('session');
    for (const questions of [0, -1, 1.5, '26', undefined, 1e9]) expect(journalEntryProblem({ ...quiz, questions }), String(questions)).toContain('questions');
    expect(journalEntryProblem({ ...quiz, op: 'exam' })).toBe('op is not review, undo, reset, unsuspend or quiz');
  });

  it('rejects an unsuspend without a state and a reset with an unknown reason', () => {
    expect(journalEntryProblem({ id: 'x', op: 'unsuspend', at: review.at, deck: 'd', card: 'c', state: null })).toContain('state');
    expect(journalEntryProblem({ id: 'r', op: 'reset', at: review.at, deck: 'd', reason: 'boredom' })).toContain('reason');
    expect(journalEntryProblem({ id: 'u', op: 'undo', at: review.at, deck: 'd', card: 'c', state: null })).toContain('ref');
  });
});
