// Property test: whatever a mutation does to a valid deck, the loader returns a deck or at least
// one error, never throws, and every diagnostic has a real position. Fixed seed: reproducible.
import { describe, expect, it } from 'vitest';
import { lintSource } from '../../src/adapters/lint-source.js';
import { rng } from '../../src/core/random.js';
import { mutate, seeds } from '../helpers/mutate.js';

const CASES = 2_000;
const SEED = 0x5eed2024;

describe('fuzz: mutated valid decks', () => {
  it(`never throws and always returns a deck or an error (${CASES} cases, seed ${SEED})`, () => {
    const rand = rng(SEED);
    const bases = seeds();
    const codes = new Map<string, number>();
    let decks = 0;
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      let src = bases[n % bases.length]!;
      const rounds = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < rounds; k++) src = mutate(src, rand);
      let result: ReturnType<typeof lintSource>;
      try {
        result = lintSource(src, 'fuzz.yaml');
      } catch (err) {
        throw new Error(`case ${n} threw ${String(err)} on:\n${src}`);
      }
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      // Plain checks in the loop (expect() per diagnostic is slow); one assertion on the failures.
      if (result.deck) {
        decks++;
        if (errors.length > 0) failures.push(`case ${n}: a deck came back with errors`);
        if (result.deck.cards.length === 0) failures.push(`case ${n}: a deck without cards`);
      } else if (errors.length === 0) failures.push(`case ${n}: neither a deck nor an error:\n${src}`);
      for (const d of result.diagnostics) {
        codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
        if (!(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1)) failures.push(`case ${n}: bad position ${JSON.stringify(d)}`);
        if (!/^[A-Z][A-Z_]+$/.test(d.code) || d.code === 'INTERNAL') failures.push(`case ${n}: ${JSON.stringify(d)}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // The mutations must actually exercise both outcomes and a spread of rules.
    expect(decks).toBeGreaterThan(CASES / 20);
    expect(decks).toBeLessThan(CASES);
    expect(codes.size).toBeGreaterThan(10);
  });
});
