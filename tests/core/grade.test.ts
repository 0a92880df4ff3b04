import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { expectedText, grade } from '../../src/core/grade.js';
import { diffText, editDistance, matchTyped, normalizeText, typoThreshold } from '../../src/core/text-match.js';

const pos = { line: 1, col: 1 };
const choice: Card = {
  type: 'choice', id: 'capital', tags: ['geo'], pos, prompt: 'Capital of France?',
  choices: [{ text: 'Lyon', correct: false }, { text: 'Paris', correct: true }, { text: 'Nice', correct: false }],
};
const multi: Card = {
  type: 'multi', id: 'primes', tags: [], pos, prompt: 'Which are prime?',
  choices: [{ text: '2', correct: true }, { text: '4', correct: false }, { text: '5', correct: true }, { text: '9', correct: false }],
};
const tf: Card = { type: 'truefalse', id: 'sky', tags: [], pos, statement: 'The sky is green', answer: false };
const typed: Card = { type: 'typed', id: 'river', tags: [], pos, prompt: 'Longest river?', answer: 'Mississippi River', accept: ['Mississippi'] };
const cloze: Card = { type: 'cloze', id: 'iam', tags: [], pos, text: 'An {{IAM role}} has {{policies|policy}}', blanks: [['IAM role'], ['policies', 'policy']] };
const order: Card = { type: 'order', id: 'steps', tags: [], pos, prompt: 'Order', items: ['plan', 'build', 'ship'] };
const basic: Card = { type: 'basic', id: 'b', tags: [], pos, front: 'Q', back: 'The long explanation' };
const basicAccept: Card = { type: 'basic', id: 'ba', tags: [], pos, front: 'HTTP port?', back: 'Port 80, usually', accept: ['eighty', '80'] };

describe('text matching', () => {
  it('folds case, spacing and punctuation but keeps meaningful symbols', () => {
    expect(normalizeText('  Hello,   WORLD! ')).toBe('hello world');
    expect(normalizeText('ap-southeast-1')).toBe('ap southeast 1');
    expect(normalizeText('C#')).toBe('c#');
    expect(normalizeText('C++')).toBe('c++');
  });

  it('counts a swapped pair of letters as one edit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('form', 'from')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    [3, 0], [4, 1], [7, 1], [8, 2], [12, 2], [20, 3], [40, 6],
  ])('allows %i-character answers %i typos', (len, limit) => {
    expect(typoThreshold(len)).toBe(limit);
  });

  it('forgives no typo in a short answer but calls it near', () => {
    expect(matchTyped('cat', ['car'])).toMatchObject({ correct: false, near: true });
    expect(matchTyped('CAR', ['car'])).toMatchObject({ correct: true, exact: true });
  });

  it('rejects a different number even when the text is long enough for a typo', () => {
    expect(matchTyped('port 1025', ['port 1024'])).toMatchObject({ correct: false, near: true });
  });

  it('reports which accepted answer matched', () => {
    expect(matchTyped('misisippi', ['Mississippi River', 'Mississippi']).best).toBe('Mississippi');
  });

  it('never accepts an empty answer', () => {
    expect(matchTyped('   ', ['a'])).toMatchObject({ correct: false, near: false });
  });

  it('compares an all-punctuation answer as written', () => {
    expect(matchTyped('...', ['...']).correct).toBe(true);
    expect(matchTyped('?', ['...']).correct).toBe(false);
  });

  it('diffs a near miss so that same+add spells the expected answer', () => {
    const ops = diffText('Misisipi', 'Mississippi');
    expect(ops.filter((o) => o.op !== 'del').map((o) => o.text).join('')).toBe('Mississippi');
    expect(ops.filter((o) => o.op !== 'add').map((o) => o.text).join('').toLowerCase()).toBe('misisipi');
    expect(ops.some((o) => o.op === 'add')).toBe(true);
    expect(diffText('abc', 'abc')).toEqual([{ op: 'same', text: 'abc' }]);
    expect(diffText('abx', 'ab')).toEqual([{ op: 'same', text: 'ab' }, { op: 'del', text: 'x' }]);
  });
});

describe('grade', () => {
  it('grades a choice by its deck-order index and names the letters', () => {
    expect(grade(choice, { type: 'choice', index: 1 })).toEqual({ correct: true, given: 'b) Paris', expected: 'b) Paris', picked: [1] });
    expect(grade(choice, { type: 'choice', index: 0 })).toMatchObject({ correct: false, given: 'a) Lyon', picked: [0] });
    expect(grade(choice, { type: 'choice', index: 7 }).correct).toBe(false);
  });

  it('needs exactly the right set for multi; a partial answer is wrong', () => {
    expect(grade(multi, { type: 'multi', indices: [2, 0] })).toMatchObject({ correct: true, given: 'a) 2, c) 5', picked: [0, 2] });
    expect(grade(multi, { type: 'multi', indices: [0] }).correct).toBe(false);
    expect(grade(multi, { type: 'multi', indices: [0, 2, 3] }).correct).toBe(false);
    expect(grade(multi, { type: 'multi', indices: [] })).toMatchObject({ correct: false, given: '(none)' });
  });

  it('grades true/false', () => {
    expect(grade(tf, { type: 'truefalse', value: false })).toEqual({ correct: true, given: 'false', expected: 'false' });
    expect(grade(tf, { type: 'truefalse', value: true }).correct).toBe(false);
  });

  it.each([
    ['mississippi river', true, false],
    ['  MISSISSIPPI   river. ', true, false],
    ['Mississippi', true, false],
    ['Misissippi River', true, false],
    ['Misisipi Rvr', false, true],
    ['Mississippi Rivers', false, true],
    ['Nile', false, false],
  ])('typed %j: correct=%s near=%s', (text, correct, near) => {
    const r = grade(typed, { type: 'typed', text });
    expect(r.correct).toBe(correct);
    expect(r.near === true).toBe(near);
    expect(r.expected).toBe('Mississippi River');
  });

  it('grades every cloze blank with the same tolerance against its alternatives', () => {
    expect(grade(cloze, { type: 'cloze', texts: ['iam  role', 'Policy'] })).toMatchObject({ correct: true, given: 'iam  role | Policy', expected: 'IAM role | policies' });
    // "role" is a short word: it must be typed exactly, so "rle" is wrong (a close miss, not a typo).
    expect(grade(cloze, { type: 'cloze', texts: ['IAM rle', 'policies'] })).toMatchObject({ correct: false, near: true });
    expect(grade(cloze, { type: 'cloze', texts: ['IAM role', 'polices'] })).toMatchObject({ correct: true, typo: true, closest: 'IAM role | policies' });
    expect(grade(cloze, { type: 'cloze', texts: ['IAM role', 'users'] }).correct).toBe(false);
  });

  it('marks a cloze near when every wrong blank is close', () => {
    expect(grade(cloze, { type: 'cloze', texts: ['role', 'policies'] })).toMatchObject({ correct: false, near: true });
    expect(grade(cloze, { type: 'cloze', texts: ['IAM role'] }).correct).toBe(false);
  });

  it('needs the exact sequence for order', () => {
    expect(grade(order, { type: 'order', order: [0, 1, 2] })).toMatchObject({ correct: true, expected: 'a) plan, b) build, c) ship' });
    expect(grade(order, { type: 'order', order: [1, 0, 2] })).toMatchObject({ correct: false, given: 'b) build, a) plan, c) ship' });
    expect(grade(order, { type: 'order', order: [0, 1] }).correct).toBe(false);
  });

  it('treats a self-graded basic card as right unless rated again', () => {
    expect(grade(basic, { type: 'basic', rating: 'hard' })).toEqual({ correct: true, given: 'hard', expected: 'The long explanation' });
    expect(grade(basic, { type: 'basic', rating: 'again' }).correct).toBe(false);
  });

  it('grades a basic card with accept as typed text', () => {
    expect(grade(basicAccept, { type: 'basic', text: 'Eighty' })).toMatchObject({ correct: true, expected: 'eighty' });
    expect(grade(basicAccept, { type: 'basic', text: '81' }).correct).toBe(false);
  });

  it("accepts a basic card's own back as typed, besides its accept forms", () => {
    // back: AWS STS, accept: [sts, security token service]: typing the back was graded wrong.
    const sts: Card = { type: 'basic', id: 'sts', tags: [], pos, front: 'Which service issues temporary credentials?', back: 'AWS STS', accept: ['sts', 'security token service'] };
    expect(grade(sts, { type: 'basic', text: 'AWS STS' })).toMatchObject({ correct: true, expected: 'sts' });
    expect(grade(sts, { type: 'basic', text: 'aws sts' }).correct).toBe(true);
    expect(grade(basicAccept, { type: 'basic', text: 'Port 80, usually' }).correct).toBe(true);
    // Still wrong: a part of the back, or another answer.
    expect(grade(basicAccept, { type: 'basic', text: 'Port' }).correct).toBe(false);
    expect(grade(sts, { type: 'basic', text: 'AWS IAM' }).correct).toBe(false);
  });

  it('flags a forgiven typo and names the accepted form it was closest to', () => {
    expect(grade(typed, { type: 'typed', text: 'Misissippi' })).toMatchObject({ correct: true, typo: true, closest: 'Mississippi', expected: 'Mississippi River' });
    expect(grade(typed, { type: 'typed', text: 'Mississippi' }).typo).toBeUndefined();
    expect(grade(basicAccept, { type: 'basic', text: 'eigthy' })).toMatchObject({ correct: true, typo: true, closest: 'eighty' });
    expect(grade(basicAccept, { type: 'basic', text: 'eighth' }).correct).toBe(false); // another word, not a typo
  });

  it('forgives no typo on a card with typos: false', () => {
    const strict: Card = { ...typed, typos: false };
    expect(grade(strict, { type: 'typed', text: 'Misissippi' })).toMatchObject({ correct: false, near: true });
    expect(grade(strict, { type: 'typed', text: 'MISSISSIPPI river' }).correct).toBe(true);
    const strictCloze: Card = { ...cloze, typos: false };
    expect(grade(strictCloze, { type: 'cloze', texts: ['IAM role', 'polices'] }).correct).toBe(false);
  });

  it('treats an answer of the wrong type as wrong rather than throwing', () => {
    expect(grade(choice, { type: 'truefalse', value: true })).toMatchObject({ correct: false, expected: 'b) Paris' });
  });

  it('names the expected answer of every type', () => {
    expect([multi, tf, cloze, order].map(expectedText)).toEqual(['a) 2, c) 5', 'false', 'IAM role | policies', 'a) plan, b) build, c) ship']);
  });
});

describe('given: what was answered, as reports and feedback show it', () => {
  it.each([
    ['a cloze blank left empty is ___', cloze, { type: 'cloze', texts: ['', 'policy'] }, '___ | policy'],
    ['a blank of only spaces too', cloze, { type: 'cloze', texts: ['IAM role', '  '] }, 'IAM role | ___'],
    ['an empty typed answer is (empty)', typed, { type: 'typed', text: '' }, '(empty)'],
    ['an empty text answer to a basic card with accept is (empty)', basicAccept, { type: 'basic', text: ' ' }, '(empty)'],
    ['a typed answer is kept as typed', typed, { type: 'typed', text: ' Nile ' }, ' Nile '],
  ] as Array<[string, Card, Parameters<typeof grade>[1], string]>)('%s', (_name, card, answer, given) => {
    const r = grade(card, answer);
    expect(r.correct).toBe(false);
    expect(r.given).toBe(given);
  });
});
