import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/core/count-text.js';

describe('formatCount', () => {
  const cases = [0, 7, 42, 999, 1000, 1001, 12_345, 100_000, 999_999, 1_000_000, 1_234_567, 9_007_199_254_740_991, -1, -999, -1000, -1_234_567, 0.5, 1234.5678];
  it.each(cases)('writes %s as toLocaleString("en-US") does', (n) => {
    expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
