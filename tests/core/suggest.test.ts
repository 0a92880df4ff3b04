import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/core/suggest.js';

describe('editDistance', () => {
  it.each([
    ['study', 'study', 0],
    ['stduy', 'study', 1], // two neighbours swapped
    ['stdy', 'study', 1],
    ['quizz', 'quiz', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s is %i', (a, b, n) => expect(editDistance(a, b)).toBe(n));
});

describe('closest', () => {
  const commands = ['study', 'quiz', 'deck', 'decks', 'stats', 'config', 'card', 'progress', 'completion'];
  it('names the command a typo meant', () => {
    expect(closest('stduy', commands)).toEqual(['study']);
    expect(closest('stat', commands)).toEqual(['stats']);
    expect(closest('progres', commands)).toEqual(['progress']);
  });
  it('ignores case', () => expect(closest('TRAPS', ['trap', 'sts'])).toEqual(['trap']));
  it('offers a tag that contains the word', () => expect(closest('role', ['iam-role', 'iam-user', 'sts'])).toEqual(['iam-role']));
  it('offers nothing for a word unlike any name', () => expect(closest('banana', commands)).toEqual([]));
  it('lists nearest first, at most max', () => expect(closest('dek', ['deck', 'decks', 'desk', 'dark'], 2)).toEqual(['deck', 'desk']));
});
