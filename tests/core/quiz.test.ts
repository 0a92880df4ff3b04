import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { grade, type GradeResult } from '../../src/core/grade.js';
import { rng, seedFrom, shuffle } from '../../src/core/random.js';
import {
  answersInTime, formatTimeLeft, missText, passMarkOf, pickedOf, scoreQuiz, selectQuestions, tagTable, timeLeft, UNANSWERED, verdictText, type QuizGrade, type TimedAnswer,
} from '../../src/core/quiz.js';
import { formatPercent, percentOf } from '../../src/core/percent.js';
import { answerHash } from '../../src/core/hash.js';

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
    const item = (i: number) => result.items.find((x) => x.id === qs[i]!.card.id)!;
    expect([0, 1, 2].map((i) => item(i).correct)).toEqual([true, false, false]);
    // The late answer and the question never reached are unanswered, not wrong answers.
    expect([0, 1, 2].map((i) => item(i).answered)).toEqual([true, false, false]);
    expect(item(1).given).toBe(UNANSWERED);
    expect(result).toMatchObject({ correct: 1, unanswered: 2 });
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
    expect(result.items.find((i) => i.id === 'c2')).toMatchObject({ correct: false, answered: false, given: UNANSWERED, expected: 'a) opt 0' });
    expect(result.items.find((i) => i.id === 'c3')).toMatchObject({ correct: false, answered: true, given: 'b) opt 1' });
    expect(result.unanswered).toBe(1);
    expect(result.items[0]).toEqual({
      deck: 'd',
      id: 'c0',
      hash: answerHash(pool[0]!.card),
      type: 'choice',
      tags: ['even'],
      correct: true,
      answered: true,
      given: 'a) opt 0',
      expected: 'a) opt 0',
      picked: null, // the caller gave no raw response (see the next test)
      options: [
        { text: 'opt 0', correct: true },
        { text: 'opt 1', correct: false },
        { text: 'opt 2', correct: false },
        { text: 'opt 3', correct: false },
      ],
    });
  });

  it('keeps the raw response of every answer type for item analysis, null when unanswered', () => {
    expect(pickedOf({ type: 'choice', index: 2 })).toBe(2);
    expect(pickedOf({ type: 'multi', indices: [3, 0, 3] })).toEqual([0, 3]);
    expect(pickedOf({ type: 'truefalse', value: false })).toBe(false);
    expect(pickedOf({ type: 'typed', text: 'sts:AssumeRole' })).toBe('sts:AssumeRole');
    expect(pickedOf({ type: 'cloze', texts: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(pickedOf({ type: 'order', order: [2, 0, 1] })).toEqual([2, 0, 1]);
    expect(pickedOf({ type: 'basic', rating: 'good' })).toBeNull();
    const r = new Map<string, QuizGrade | undefined>([['d/c0', { ...grade(pool[0]!.card, { type: 'choice', index: 1 }), response: 1 }], ['d/c1', undefined]]);
    const items = scoreQuiz(qs, r, 72).items;
    expect(items.find((i) => i.id === 'c0')!.picked).toBe(1);
    expect(items.find((i) => i.id === 'c1')!.picked).toBeNull();
  });

  it('lists the items in deck order whatever order the questions were asked in', () => {
    const deckOrder = ['d/c0', 'd/c1', 'd/c2', 'd/c3', 'e/auto', 'e/ord'];
    for (const seed of [1, 2, 3, 99]) {
      const asked = selectQuestions({ cards: [...pool.slice(0, 4), ...pool.slice(13)], seed });
      const r = scoreQuiz(asked, new Map(), 72);
      expect(r.items.map((i) => `${i.deck}/${i.id}`)).toEqual(deckOrder);
      expect(Object.keys(r.byTag)).toEqual(['even', 'odd', 'x', 'y']);
    }
    expect(keys(selectQuestions({ cards: pool.slice(0, 4), seed: 1 }))).not.toEqual(deckOrder.slice(0, 4)); // really shuffled
  });

  it('rounds every percentage the same way: 2 of 3 is 66.6 in the score and in the tag table', () => {
    const three = [pool[0]!, pool[2]!, pool[4]!]; // all tagged even
    const asked = selectQuestions({ cards: three, seed: 5 });
    const r = scoreQuiz(asked, results(['c0', 'c2']).set('d/c4', grade(pool[4]!.card, { type: 'choice', index: 1 })), 72);
    expect(r.score).toBe(66.6);
    expect(tagTable(r)[0]).toMatchObject({ tag: 'even', pct: 66.6 });
    expect(percentOf(2, 3)).toBe(66.6);
    expect(percentOf(18, 25)).toBe(72);
    expect(formatPercent(percentOf(2, 3))).toBe('66.6%');
    // Whole percents (narrow columns) round down too: 199 of 200 is 99%, not a 100% not earned.
    expect(percentOf(199, 200, 0)).toBe(99);
    expect(percentOf(1999, 2000)).toBe(99.9);
    expect(percentOf(0, 0, 0)).toBe(0);
  });

  it('has one pass mark: --pass or --min-score, the higher when both, 72 by default', () => {
    expect(passMarkOf({})).toBe(72);
    expect(passMarkOf({ pass: 80 })).toBe(80);
    expect(passMarkOf({ minScore: 60 })).toBe(60);
    expect(passMarkOf({ pass: 80, minScore: 100 })).toBe(100);
    expect(passMarkOf({ pass: 80, minScore: 60 })).toBe(80);
  });

  it('fails a quiz below --min-score and says so in one wording', () => {
    const r = scoreQuiz(qs, results(['c0', 'c1', 'c2']), { minScore: 100 });
    expect(r).toMatchObject({ score: 75, passed: false, passPct: 100, minScore: 100 });
    expect(missText(r)).toBe('score 75.0% is below --min-score 100');
    expect(verdictText(r)).toBe('FAILED (pass mark 100%, from --min-score)');
    const lower = scoreQuiz(qs, results(['c0', 'c1']), { minScore: 50 });
    expect(lower).toMatchObject({ score: 50, passed: true, passPct: 50 });
    expect(missText(lower)).toBeNull();
    const byPass = scoreQuiz(qs, results(['c0']), { pass: 72 });
    expect(missText(byPass)).toBe('score 25.0% is below the pass mark 72%');
    expect(verdictText(byPass)).toBe('FAILED (pass mark 72%)');
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
