import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { parseAnswerValue, resolveAnswers } from '../../src/core/answers.js';

const pos = { line: 1, col: 1 };
const opts = (...texts: string[]) => texts.map((text, i) => ({ text, correct: i === 0 }));
const basic: Card = { type: 'basic', id: 'b', tags: [], pos, front: 'Q', back: 'A' };
const basicAccept: Card = { type: 'basic', id: 'ba', tags: [], pos, front: 'Q', back: 'A', accept: ['eighty'] };
const choice: Card = { type: 'choice', id: 'c', tags: [], pos, prompt: 'P', choices: opts('Paris', 'Lyon', 'Nice') };
const multi: Card = { type: 'multi', id: 'm', tags: [], pos, prompt: 'P', choices: opts('w', 'x', 'y', 'z') };
const tf: Card = { type: 'truefalse', id: 't', tags: [], pos, statement: 'S', answer: true };
const typed: Card = { type: 'typed', id: 'ty', tags: [], pos, prompt: 'P', answer: '1.10', accept: [] };
const cloze1: Card = { type: 'cloze', id: 'c1', tags: [], pos, text: '{{x}}', blanks: [['x']] };
const cloze2: Card = { type: 'cloze', id: 'c2', tags: [], pos, text: '{{x}} {{y}}', blanks: [['x'], ['y']] };
const order: Card = { type: 'order', id: 'o', tags: [], pos, prompt: 'P', items: ['one', 'two', 'three'] };

describe('parseAnswerValue', () => {
  it.each<[string, Card, unknown, unknown]>([
    ['basic rating', basic, 'Good', { type: 'basic', rating: 'good' }],
    ['basic-with-accept rating word', basicAccept, 'easy', { type: 'basic', rating: 'easy' }],
    ['basic-with-accept text', basicAccept, 'Eighty', { type: 'basic', text: 'Eighty' }],
    ['choice letter', choice, 'b', { type: 'choice', index: 1 }],
    ['choice capital letter', choice, 'C', { type: 'choice', index: 2 }],
    ['choice option text', choice, 'Paris', { type: 'choice', index: 0 }],
    ['multi letters', multi, ['d', 'a'], { type: 'multi', indices: [3, 0] }],
    ['multi letters in one string', multi, 'a, c', { type: 'multi', indices: [0, 2] }],
    ['multi empty list', multi, [], { type: 'multi', indices: [] }],
    ['truefalse boolean', tf, false, { type: 'truefalse', value: false }],
    ['truefalse string', tf, 'TRUE', { type: 'truefalse', value: true }],
    ['typed text', typed, 'one point ten', { type: 'typed', text: 'one point ten' }],
    ['typed number read by YAML', typed, 42, { type: 'typed', text: '42' }],
    ['cloze list', cloze2, ['x', 'y'], { type: 'cloze', texts: ['x', 'y'] }],
    ['cloze single string for one blank', cloze1, 'x', { type: 'cloze', texts: ['x'] }],
    ['order letters', order, ['c', 'a', 'b'], { type: 'order', order: [2, 0, 1] }],
    ['order letters in one string', order, 'b,a,c', { type: 'order', order: [1, 0, 2] }],
  ])('reads %s', (_name, card, raw, answer) => {
    expect(parseAnswerValue(card, raw)).toEqual(answer);
  });

  it('reads a basic card with accept as text in a quiz, rating words included', () => {
    expect(parseAnswerValue(basicAccept, 'good', 'quiz')).toEqual({ type: 'basic', text: 'good' });
    expect(parseAnswerValue(basicAccept, 80, 'quiz')).toEqual({ type: 'basic', text: '80' });
    expect(parseAnswerValue(basicAccept, ['a'], 'quiz')).toEqual({ error: 'expected the answer text, got ["a"]' });
    // A basic card without accept is no quiz question; it keeps its ratings (a shared answers file).
    expect(parseAnswerValue(basic, 'good', 'quiz')).toEqual({ type: 'basic', rating: 'good' });
    expect(resolveAnswers({ ba: 'easy' }, [{ deck: 'd', card: basicAccept }], 'quiz').answers.get('d/ba')).toEqual({ type: 'basic', text: 'easy' });
  });

  it.each<[string, Card, unknown, RegExp]>([
    ['basic without accept given text', basic, 'A', /again, hard, good or easy/],
    ['choice letter past the options', choice, 'd', /letter a-c or the exact text/],
    ['choice option text that is not there', choice, 'Marseille', /"Marseille"/],
    ['choice given a list', choice, ['a'], /letter a-c/],
    ['multi with an unknown letter', multi, ['a', 'q'], /list of letters a-d/],
    ['multi with a letter twice', multi, ['a', 'a'], /option a is listed twice/],
    ['truefalse given yes', tf, 'yes', /true or false, got "yes"/],
    ['typed given a list', typed, ['a'], /answer text/],
    ['cloze with too few strings', cloze2, ['x'], /list of 2 strings/],
    ['cloze given one string for two blanks', cloze2, 'x', /list of 2 strings/],
    ['order missing an item', order, ['a', 'b'], /3 item letters a-c/],
    ['order with a repeated item', order, ['a', 'a', 'b'], /each once/],
    ['null', tf, null, /got nothing/],
  ])('rejects %s, saying what was expected', (_name, card, raw, message) => {
    const r = parseAnswerValue(card, raw);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(message);
  });

  it('refuses a single letter that is also the text of another option, instead of reading it as the letter', () => {
    // DNS record types: "A" is option b's text and option a's letter. Read as the letter, an answer
    // key's right answer was graded wrong.
    const dns: Card = { type: 'choice', id: 'dns', tags: [], pos, prompt: 'P', choices: opts('AAAA', 'A', 'CNAME') };
    const both: Card = { ...dns, type: 'multi', id: 'both' } as Card;
    expect(parseAnswerValue(dns, 'A')).toEqual({ error: '"A" is the letter of option a and the text of option b; write the letter of the one you mean' });
    expect(parseAnswerValue(both, ['A', 'AAAA'])).toHaveProperty('error');
    expect(parseAnswerValue(dns, 'b')).toEqual({ type: 'choice', index: 1 });
    expect(parseAnswerValue(dns, 'AAAA')).toEqual({ type: 'choice', index: 0 });
    expect(parseAnswerValue(both, ['b', 'a'])).toEqual({ type: 'multi', indices: [1, 0] });
    // a letter that is its own option's text is not ambiguous
    const letters: Card = { type: 'choice', id: 'l', tags: [], pos, prompt: 'P', choices: opts('a', 'b', 'c') };
    expect(parseAnswerValue(letters, 'b')).toEqual({ type: 'choice', index: 1 });
  });

  it('quotes a long wrong answer shortened, not whole (a 1 MB answer made a 1 MB error line)', () => {
    const r = parseAnswerValue(choice, 'x'.repeat(1_000_000)) as { error: string };
    expect(r.error).toMatch(/or the exact text of an option, got "x{58}…"$/);
    expect((parseAnswerValue(tf, 'y'.repeat(500)) as { error: string }).error.length).toBeLessThan(120);
  });
});

describe('resolveAnswers', () => {
  const cards = [
    { deck: 'geo', card: choice },
    { deck: 'geo', card: tf },
    { deck: 'hist', card: { ...tf, answer: false } as Card },
    { deck: 'hist', card: order },
  ];

  it('keys answers by deck/id from bare ids and full keys', () => {
    const r = resolveAnswers({ c: 'b', 'geo/t': true, o: ['a', 'b', 'c'] }, cards);
    expect(r.errors).toEqual([]);
    expect([...r.answers.keys()]).toEqual(['geo/c', 'geo/t', 'hist/o']);
    expect(r.answers.get('hist/o')).toEqual({ type: 'order', order: [0, 1, 2] });
  });

  it('requires deck/id when a card id is in several decks', () => {
    const r = resolveAnswers({ t: true }, cards);
    expect(r.errors).toEqual([expect.stringMatching(/card id "t" is in several decks \(geo, hist\); write it as DECK\/t/)]);
    expect(r.answers.size).toBe(0);
  });

  it('names an unknown card', () => {
    expect(resolveAnswers({ 'no-such-card': 'a', 'geo/nope': 'a' }, cards).errors).toEqual([
      expect.stringContaining('unknown card "no-such-card"'),
      expect.stringContaining('unknown card "geo/nope"'),
    ]);
  });

  it('suggests the closest card id for a mistyped key, in the form the key was written', () => {
    const many = [...cards, { deck: 'geo', card: { ...choice, id: 'role-definition' } as Card }];
    expect(resolveAnswers({ 'role-definiton': 'a', 'geo/role-defnition': 'a', 'hist/ordr': ['a', 'b', 'c'] }, many).errors).toEqual([
      'answers file: unknown card "role-definiton" (no loaded deck has it; did you mean role-definition?)',
      'answers file: unknown card "geo/role-defnition" (no loaded deck has it; did you mean geo/role-definition?)',
      'answers file: unknown card "hist/ordr" (no loaded deck has it; did you mean hist/o?)',
    ]);
  });

  it('suggests for the first five unknown keys only, and nothing when no id is close', () => {
    const map = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`x${i}`, 'a']));
    const errors = resolveAnswers({ ...map, 'completely-different': 'a' }, [{ deck: 'd', card: { ...choice, id: 'x' } as Card }]).errors;
    expect(errors.filter((e) => e.includes('did you mean d/x') || e.includes('did you mean x'))).toHaveLength(5);
    expect(errors.at(-1)).toBe('answers file: unknown card "completely-different" (no loaded deck has it)');
  });

  it('names the card and the expected form for a wrong-shaped value, and keeps the good ones', () => {
    const r = resolveAnswers({ c: 'z', 'hist/t': 'maybe' }, cards);
    expect(r.errors).toEqual([
      expect.stringMatching(/geo\/c \(choice\): expected a letter a-c/),
      expect.stringMatching(/hist\/t \(truefalse\): expected true or false, got "maybe"/),
    ]);
  });

  it('refuses the same card answered under two keys', () => {
    const r = resolveAnswers({ c: 'a', 'geo/c': 'b' }, cards);
    expect(r.errors).toEqual([expect.stringContaining('geo/c is answered twice')]);
    expect(r.answers.get('geo/c')).toEqual({ type: 'choice', index: 0 });
  });

  it('reads ids that contain dots', () => {
    const dotted = { ...tf, id: 'v1.2-intro' } as Card;
    const r = resolveAnswers({ 'v1.2-intro': 'false' }, [{ deck: 'd', card: dotted }]);
    expect(r.answers.get('d/v1.2-intro')).toEqual({ type: 'truefalse', value: false });
  });
});
