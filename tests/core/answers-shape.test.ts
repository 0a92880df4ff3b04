import { describe, expect, it } from 'vitest';
import { answersFileKind } from '../../src/core/answers-shape.js';

const cards = new Set(['role-definition', 'geo/capital', 'capital', 'flat']);
const isCard = (k: string) => cards.has(k);

describe('answersFileKind: only what is clearly an answers file', () => {
  it.each([
    ['ids to letters, booleans, numbers and lists', { 'role-definition': 'b', flat: false, capital: 3, 'geo/capital': ['a', 'c'] }, 'answers'],
    ['a deck', { deck: 'geo', title: 'Geography', cards: [{ id: 'capital' }] }, 'deck'],
    ['a broken deck whose keys are misspelt', { dekc: 'geo', titel: 'Geography' }, 'deck'],
    ['a deck missing its cards', { deck: 'geo', title: 'Geography' }, 'deck'],
    ['card ids with a nested mapping as a value', { capital: { text: 'Paris' } }, 'deck'],
    ['card ids with an empty list', { capital: [] }, 'deck'],
    ['card ids with a null answer', { capital: null }, 'deck'],
    ['an empty mapping', {}, 'deck'],
    ['a list', ['a', 'b'], 'deck'],
    ['a scalar', 'capital: a', 'deck'],
    ['null', null, 'deck'],
  ])('%s', (_name, value, kind) => {
    expect(answersFileKind(value, isCard).kind).toBe(kind);
  });

  it('names the keys that are no card when the others are', () => {
    expect(answersFileKind({ capital: 'a', 'not-a-card': 'b', flat: true }, isCard)).toEqual({ kind: 'unknown keys', unknown: ['not-a-card'] });
  });
});
