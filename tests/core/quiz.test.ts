import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { grade, type GradeResult } from '../../src/core/grade.js';
import { rng, seedFrom, shuffle } from '../../src/core/random.js';
import {
  answersInTime, formatTimeLeft, scoreQuiz, selectQuestions, tagTable, timeLeft, UNANSWERED, type TimedAnswer,
} from '../../src/core/quiz.js';

const pos = { line: 1, col: 1 };
const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `opt ${i}`, correct: i === 0 }));
function choice(id: string, tags: string[] = []): Card {
  return { type: 'choice', id, tags, pos, prompt: id, choices: opts(4) };
}
const basic: Card = { type: 'basic', id: 'self', tags: ['x'], pos, front: 'Q', back: 'A' };
const basicAccept: Card = { type: 'basic', id: 'auto', tags: ['x'], pos, front: 'Q', back: 'A', accept: ['a'] };
const order: Card = { type: 'order', id: 'ord', tags: ['y'], pos, prompt: 'P', items: ['1', '2'] };
const pool = [
  ...Array.from({ length: 12 }, (_, i) => ({ deck: 'd', card: choice(`c${i}`, i % 2 ? ['odd'] : ['even']) })),
  { deck: 'd', card: basic },
  { deck: 'e', card: basicAccept },
  { deck: 'e', card: order },
];
const keys = (qs: Array<{ deck: string; card: Card }>) => qs.map((q) => `${q.deck}/${q.card.id}`);

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = rng(7);
    const b = rng(7);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect(rng(8)()).not.toBe(seqA[0]);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shuffles into a new array and leaves the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffle(items, rng(1));
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort((x, y) => x - y)).toEqual(items);
  });

  it('derives a stable 32-bit seed from a string', () => {
    expect(seedFrom('abc')).toBe(seedFrom('abc'));
    expect(seedFrom('abc')).not.toBe(seedFrom('abd'));
    expect(Number.isInteger(seedFrom('ünïcode'))).toBe(true);
  });
});

describe('selectQuestions', () => {
  it('draws only auto-gradable cards, including basic cards with accept', () => {
    const qs = selectQuestions({ cards: pool, seed: 1 });
    expect(qs).toHaveLength(14);
    expect(keys(qs)).not.toContain('d/self');
    expect(keys(qs)).toContain('e/auto');
  });

  it('gives the same questions, order and option order for the same seed', () => {
    const a = selectQuestions({ cards: pool, seed: 42, count: 5 });
    const b = selectQuestions({ cards: pool, seed: 42, count: 5 });
    expect(b).toEqual(a);
    expect(keys(selectQuestions({ cards: pool, seed: 43, count: 5 }))).not.toEqual(keys(a));
  });

  it('keeps a card\'s option order whatever --count selects', () => {
    const all = selectQuestions({ cards: pool, seed: 9 });
    const few = selectQuestions({ cards: pool, seed: 9, count: 3 });
    for (const q of few) expect(q.optionOrder).toEqual(all.find((x) => x.card.id === q.card.id)!.optionOrder);
  });

  it('gives choice and order questions a display order that is a permutation', () => {
    for (const q of selectQuestions({ cards: pool, seed: 3 })) {
      if (q.card.type === 'choice') expect([...q.optionOrder!].sort()).toEqual([0, 1, 2, 3]);
      if (q.card.type === 'basic') expect(q.optionOrder).toBeUndefined();
    }
  });

  it('never shows an order question already in order', () => {
    for (let seed = 0; seed < 50; seed++) {
      const q = selectQuestions({ cards: [{ deck: 'e', card: order }], seed })[0]!;
      expect(q.optionOrder).toEqual([1, 0]);
    }
  });

  it('shuffles questions rather than keeping deck order', () => {
    const ordered = keys(pool.filter((p) => p.card.id !== 'self'));
    expect(keys(selectQuestions({ cards: pool, seed: 5 }))).not.toEqual(ordered);
  });

  it('keeps cards with any of the tags', () => {
    const qs = selectQuestions({ cards: pool, seed: 1, tags: ['odd', 'y'] });
    expect(qs).toHaveLength(7);
    expect(qs.every((q) => q.card.tags.includes('odd') || q.card.tags.includes('y'))).toBe(true);
  });

  it('puts the lowest predicted recall first, then never-seen cards', () => {
    const recall = new Map<string, number | undefined>([['d/c3', 0.9], ['d/c7', 0.2], ['e/ord', 0.5], ['d/c1', undefined]]);
    const qs = selectQuestions({ cards: pool, seed: 11, weakest: { recall } });
    expect(keys(qs).slice(0, 4)).toEqual(['d/c7', 'e/ord', 'd/c3', expect.any(String)]);
    expect(keys(selectQuestions({ cards: pool, seed: 11, count: 2, weakest: { recall } }))).toEqual(['d/c7', 'e/ord']);
  });
});

describe('time limit', () => {
  it('counts down and stops at zero', () => {
    expect(timeLeft(1_000, 60_000, 31_000)).toBe(30_000);
    expect(timeLeft(1_000, 60_000, 99_000)).toBe(0);
    expect(formatTimeLeft(30_000)).toBe('0:30');
    expect(formatTimeLeft(3_725_000)).toBe('1:02:05');
  });

  it('counts questions unanswered when time runs out as wrong', () => {
    const qs = selectQuestions({ cards: pool.slice(0, 3), seed: 1 });
    const clock = { now: 10_000 };
    const right = (q: (typeof qs)[number]): GradeResult => grade(q.card, { type: 'choice', index: 0 });
    const log: TimedAnswer[] = [];
    const answer = (i: number, afterMs: number): void => {
      clock.now += afterMs;
      const q = qs[i]!;
      log.push({ key: `${q.deck}/${q.card.id}`, result: right(q), at: clock.now });
    };
    answer(0, 20_000); // in time
    answer(1, 50_000); // 70 s after start: past the 60 s limit
    const result = scoreQuiz(qs, answersInTime(log, 10_000, 60_000), 72);
    expect(result.items.map((i) => i.correct)).toEqual([true, false, false]);
    expect(result.items[1]!.given).toBe(UNANSWERED);
    expect(result.correct).toBe(1);
  });

  it('keeps the last in-time answer to a question and every answer when there is no limit', () => {
    const wrong: GradeResult = { correct: false, given: 'a', expected: 'b' };
    const right: GradeResult = { correct: true, given: 'b', expected: 'b' };
    const log = [{ key: 'd/c0', result: wrong, at: 5 }, { key: 'd/c0', result: right, at: 9 }, { key: 'd/c1', result: right, at: 50 }];
    expect(answersInTime(log, 0, 10).get('d/c0')).toBe(right);
    expect(answersInTime(log, 0, 10).has('d/c1')).toBe(false);
    expect(answersInTime(log, 0, undefined).size).toBe(2);
  });
});

describe('scoreQuiz', () => {
  const qs = selectQuestions({ cards: pool.slice(0, 4), seed: 2 });
  const results = (correctIds: string[]) =>
    new Map<string, GradeResult | undefined>(qs.map((q) => [`d/${q.card.id}`, grade(q.card, { type: 'choice', index: correctIds.includes(q.card.id) ? 0 : 1 })]));

  it('scores percent correct, per tag, with unanswered questions wrong', () => {
    const r = results(['c0', 'c1', 'c2']);
    r.set('d/c2', undefined);
    const result = scoreQuiz(qs, r, 50);
    expect(result).toMatchObject({ total: 4, correct: 2, score: 50, passed: true });
    expect({ ...result.byTag }).toEqual({ even: { total: 2, correct: 1 }, odd: { total: 2, correct: 1 } });
    expect(result.items.find((i) => i.id === 'c2')).toMatchObject({ correct: false, given: UNANSWERED, expected: 'a) opt 0' });
    expect(result.items[0]).toEqual({ deck: 'd', id: qs[0]!.card.id, type: 'choice', tags: qs[0]!.card.tags, correct: expect.any(Boolean), given: expect.any(String), expected: 'a) opt 0' });
  });

  it('fails below the pass mark and passes exactly at it', () => {
    expect(scoreQuiz(qs, results(['c0', 'c1']), 72).passed).toBe(false);
    expect(scoreQuiz(qs, results(['c0', 'c1', 'c2']), 75)).toMatchObject({ score: 75, passed: true });
  });

  it('truncates the score to one decimal so it never rounds up', () => {
    const three = qs.slice(0, 3);
    expect(scoreQuiz(three, results(['c0', 'c1', 'c2', 'c3']).set(`d/${three[0]!.card.id}`, undefined), 0).score).toBe(66.6);
  });

  it('scores an empty quiz as 0 and not passed', () => {
    expect(scoreQuiz([], new Map(), 72)).toMatchObject({ total: 0, score: 0, passed: false });
  });

  it('sorts the tag table weakest first', () => {
    const rows = tagTable({ byTag: { a: { total: 4, correct: 4 }, b: { total: 3, correct: 1 }, c: { total: 6, correct: 2 }, d: { total: 2, correct: 2 } } });
    expect(rows.map((r) => r.tag)).toEqual(['c', 'b', 'a', 'd']);
    expect(rows[0]).toEqual({ tag: 'c', total: 6, correct: 2, pct: 33.3 });
  });
});
