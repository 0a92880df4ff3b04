// The lint worker's heap cap (lint-pool.ts): room for what the worker builds, and for what yaml
// holds while it parses a text in one piece. With too little, the worker spends seconds collecting,
// dies, and the deck is parsed again on the main thread (a 60,000-tag header: 3.8 s instead of 1.9).
import { describe, expect, it } from 'vitest';
import { heapCapMb, wantsWorker, WORKER_FROM_ONE_PIECE } from '../../src/adapters/lint-pool.js';

const MB = 2 ** 20;
const cards = (n: number) => Array.from({ length: n }, (_, i) => `  - id: c${i}\n    type: basic\n    front: q${i}\n    back: a${i}\n`).join('');

describe('heapCapMb', () => {
  it('gives a deck with a small header ~12 bytes per byte of text and the card cache, plus a margin', () => {
    const text = `deck: d\ntitle: T\ncards:\n${cards(20_000)}`;
    const cap = heapCapMb(text, 2 * MB);
    expect(cap).toBeGreaterThanOrEqual(48 + Math.ceil(((text.length + 2 * MB) * 12) / MB));
    expect(cap).toBeLessThanOrEqual(48 + Math.ceil(((text.length + 2 * MB) * 12) / MB) + 1);
  });

  it('adds ~100 bytes per byte of the header above the cards list, which yaml may parse in one piece', () => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `  - t${i}`).join('\n');
    const text = `deck: d\ntitle: &t T\ntags:\n${tags}\ncards:\n${cards(1)}`;
    const header = text.indexOf('\ncards:') + 1;
    expect(heapCapMb(text, 0)).toBeGreaterThanOrEqual(48 + Math.ceil((text.length * 12 + header * 100) / MB));
  });

  it('counts the whole text as one piece when it has no cards list to split at', () => {
    const text = `deck: d\ntitle: T\ncards: [${'x, '.repeat(100_000)}x]\n`;
    expect(heapCapMb(text, 0)).toBeGreaterThanOrEqual(48 + Math.ceil((text.length * 112) / MB));
  });
});

describe('wantsWorker', () => {
  it('leaves a deck of many cards under a small header to the main thread: its cards are parsed a group at a time', () => {
    expect(wantsWorker(`deck: d\ntitle: T\ncards:\n${cards(20_000)}`)).toBe(false);
  });

  it('sends a deck to the worker when yaml may parse a big piece of it in one go', () => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `  - t${i}`).join('\n');
    expect(wantsWorker(`deck: d\ntitle: &t T\ntags:\n${tags}\ncards:\n${cards(1)}`)).toBe(true);
    expect(wantsWorker(`deck: d\ntitle: T\ncards: [${'x, '.repeat(100_000)}x]\n`)).toBe(true);
  });

  it('draws the line at the size of the one piece', () => {
    const header = (n: number) => `deck: d\ndescription: ${'x'.repeat(n)}\ncards:\n${cards(10)}`;
    const fixed = header(0).indexOf('cards:');
    expect(wantsWorker(header(WORKER_FROM_ONE_PIECE - fixed - 1))).toBe(false);
    expect(wantsWorker(header(WORKER_FROM_ONE_PIECE - fixed))).toBe(true);
  });
});
