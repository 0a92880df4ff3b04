// optimizerFor() over a fake binding: what recall hands the optimizer and how it reads its answers.
import { describe, expect, it } from 'vitest';
import { optimizerFor, type FsrsBinding } from '../../src/adapters/fsrs-binding.js';
import type { TrainingReview } from '../../src/core/optimize.js';

interface FakeItem {
  reviews: Array<{ rating: number; deltaT: number }>;
}

function fake(evaluate: (params: number[] | undefined, items: FakeItem[]) => { logLoss: number; rmseBins: number }, fit: () => number[] = () => []) {
  const calls: { fit: unknown[] } = { fit: [] };
  const binding: FsrsBinding = {
    FSRSBindingReview: class {
      constructor(
        readonly rating: number,
        readonly deltaT: number,
      ) {}
    } as unknown as FsrsBinding['FSRSBindingReview'],
    FSRSBindingItem: class {
      constructor(readonly reviews: object[]) {}
    } as unknown as FsrsBinding['FSRSBindingItem'],
    FSRSBinding: class {
      constructor(readonly params?: number[]) {}
      evaluate(items: object[]) {
        return evaluate(this.params, items as FakeItem[]);
      }
    } as unknown as FsrsBinding['FSRSBinding'],
    computeParameters: async (items, options) => {
      calls.fit.push({ items: (items as FakeItem[]).length, options: { ...options, progress: typeof options?.progress } });
      options?.progress?.(5, 10);
      return fit();
    },
  };
  return { binding, calls };
}

const card: TrainingReview[] = [
  { rating: 3, deltaT: 0 },
  { rating: 3, deltaT: 2 },
  { rating: 1, deltaT: 5 },
];
const items = [card.slice(0, 2), card.slice(0, 3)];

describe('optimizerFor', () => {
  it('hands over each item as the card history up to the review it predicts', () => {
    let seen: FakeItem[] = [];
    const { binding } = fake((_p, its) => ((seen = its), { logLoss: 0.3, rmseBins: 0.05 }));
    expect(optimizerFor(binding, items).evaluate([1, 2])).toEqual({ logLoss: 0.3, rmse: 0.05 });
    expect(seen.map((i) => i.reviews.map((r) => `${r.rating}@${r.deltaT}`).join(' '))).toEqual(['3@0 3@2', '3@0 3@2 1@5']);
    // a card's items share its review objects
    expect(seen[1]!.reviews[0]).toBe(seen[0]!.reviews[0]);
  });

  it.each([
    ['the optimizer has too little to score', () => { throw new Error('Evaluation failed: NotEnoughData'); }],
    ['a score that is not a number', () => ({ logLoss: NaN, rmseBins: 0.1 })],
  ])('scores nothing (null) when %s', (_name, evaluate) => {
    expect(optimizerFor(fake(evaluate).binding, items).evaluate([1])).toBeNull();
  });

  it('lets any other failure of the optimizer through (a bug, exit 70)', () => {
    const { binding } = fake(() => {
      throw new Error('Evaluation failed: InvalidInput');
    });
    expect(() => optimizerFor(binding, items).evaluate([1])).toThrow(/InvalidInput/);
  });

  it('fits with short-term memory on, the number of relearning steps, and reports progress', async () => {
    const { binding, calls } = fake(() => ({ logLoss: 1, rmseBins: 1 }), () => [9]);
    const seen: number[][] = [];
    expect(await optimizerFor(binding, items).fit({ relearningSteps: 2, onProgress: (d, t) => seen.push([d, t]) })).toEqual([9]);
    expect(calls.fit).toEqual([{ items: 2, options: { enableShortTerm: true, numRelearningSteps: 2, progress: 'function' } }]);
    expect(seen).toEqual([[5, 10]]);
  });

  it('scores nothing when there are no items', () => {
    expect(optimizerFor(fake(() => ({ logLoss: 0.1, rmseBins: 0.1 })).binding, []).evaluate([1])).toBeNull();
  });
});
