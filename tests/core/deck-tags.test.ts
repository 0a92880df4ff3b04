// A card's tags are its deck's, then its own (model.ts): kept once per deck, merged per card.
import { describe, expect, it } from 'vitest';
import { ownTags, withDeckTags } from '../../src/core/model.js';

describe('withDeckTags', () => {
  it('shares the deck\'s array when the card has no tags of its own', () => {
    const deck = ['aws', 'iam'];
    expect(withDeckTags(deck, [])).toBe(deck);
  });

  it('gives the deck\'s tags then the card\'s own in a new array, leaving both alone', () => {
    const deck = ['aws', 'iam'];
    const own = ['sts', 'roles'];
    const tags = withDeckTags(deck, own);
    expect(tags).toEqual(['aws', 'iam', 'sts', 'roles']);
    expect(tags).not.toBe(deck);
    tags.push('x');
    expect(deck).toEqual(['aws', 'iam']);
    expect(own).toEqual(['sts', 'roles']);
  });

  it('is undone by ownTags', () => {
    const deck = ['aws'];
    expect(ownTags(deck, withDeckTags(deck, ['sts']))).toEqual(['sts']);
  });
});
