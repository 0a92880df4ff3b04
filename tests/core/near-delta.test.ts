// NEAR_DUPLICATE after an edit from the last lint's pairs and word sets (near-delta.ts) must be
// nearDuplicates' result over the new texts: the same matches, similarities and waivers used, or
// nothing when the search could have stopped at its budget.
import { describe, expect, it } from 'vitest';
import { keptSets, nearAfterEdit, probeBound } from '../../src/core/near-delta.js';
import { NEAR_DUPLICATE_JACCARD, nearDuplicates } from '../../src/core/near-duplicate.js';
import { rng } from '../../src/core/random.js';

describe('NEAR_DUPLICATE after an edit (near-delta.ts)', () => {
  it('gives nearDuplicates\' result over the new texts, or nothing when it could have stopped at its budget (seeded)', () => {
    const rand = rng(0x0ea7);
    const vocabulary = ['zone', 'bucket', 'queue', 'Lambda', 'EC2', 'role', 'the', 'a', 'of', 'kept', 'days', 'data', 'région', '桶', 'key', 'policy'];
    // Mostly short questions; some long texts (over 32 words, a path of their own).
    const long = () => Array.from({ length: 30 + Math.floor(rand() * 20) }, () => `w${Math.floor(rand() * 60)}`).join(' ');
    const text = () => (rand() < 0.1 ? long() : Array.from({ length: 2 + Math.floor(rand() * 6) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]!).join(' ')) + (rand() < 0.3 ? ` n${Math.floor(rand() * 5)}` : '');
    let compared = 0;
    let refused = 0;
    let matched = 0;
    for (let n = 0; n < 600; n++) {
      const before = Array.from({ length: 5 + Math.floor(rand() * 40) }, text);
      const a = Math.floor(rand() * (before.length + 1));
      const b = Math.min(before.length, a + Math.floor(rand() * 3));
      const stems = Array.from({ length: Math.floor(rand() * 3) }, () => (rand() < 0.3 && before.length > 0 ? before[Math.floor(rand() * before.length)]! : text()));
      const after = [...before.slice(0, a), ...stems, ...before.slice(b)];
      const waived = new Set(after.map((_, i) => i).filter(() => rand() < 0.1));
      const budget = rand() < 0.3 ? Math.floor(rand() * 200) : 1_000_000;
      const old = nearDuplicates(before, { keep: true, budget: 1_000_000 });
      const want = nearDuplicates(after, { waives: (i) => waived.has(i), budget });
      // Half the time with the last lint's bound, which can tell the budget is safe without working it out.
      const kept = keptSets(old.kept!);
      if (rand() < 0.5) kept.bound = probeBound({ ids: kept.ids, ends: kept.ends, words: kept.words }, NEAR_DUPLICATE_JACCARD);
      const got = nearAfterEdit(kept, a, b, stems, (i) => waived.has(i), NEAR_DUPLICATE_JACCARD, budget);
      if (got === undefined) {
        refused++;
        continue;
      }
      compared++;
      matched += want.matches.length;
      expect(got.truncated).toBe(false);
      expect(want.truncated).toBe(false);
      expect(got.matches).toEqual(want.matches);
      expect([...got.waiversUsed].sort((x, y) => x - y)).toEqual([...want.waiversUsed].sort((x, y) => x - y));
    }
    expect(compared).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(20);
    expect(matched).toBeGreaterThan(150);
  });
});
