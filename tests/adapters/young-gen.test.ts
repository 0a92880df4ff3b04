// The young-generation hold (src/adapters/young-gen.ts): V8's growth flag is set while something
// holds it and put back, exactly once, when the last hold is let go; a code cache written with the
// flag left set would be refused by every later start.
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdYoungGeneration, withSteadyYoungGeneration } from '../../src/adapters/young-gen.js';

let flags: string[];
beforeEach(() => {
  flags = [];
  vi.spyOn(v8, 'setFlagsFromString').mockImplementation((f: string) => void flags.push(f));
});
afterEach(() => vi.restoreAllMocks());

const HELD = '--semi-space-growth-factor=1';
const DEFAULT = '--semi-space-growth-factor=2';

describe('holding the young generation', () => {
  it('sets the flag once and puts it back when the hold is let go', () => {
    const release = holdYoungGeneration();
    expect(flags).toEqual([HELD]);
    release();
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('puts the flag back only when the last of nested holds is let go', () => {
    // Interactive study holds it while it loads decks; a big deck linted in process holds it too.
    const outer = holdYoungGeneration();
    const inner = withSteadyYoungGeneration(() => {
      expect(flags).toEqual([HELD]);
      return 'linted';
    });
    expect(inner).toBe('linted');
    expect(flags).toEqual([HELD]); // still held by the outer hold
    outer();
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('lets go once however often its release is called', () => {
    const first = holdYoungGeneration();
    const second = holdYoungGeneration();
    first();
    first(); // a caller letting go early, then again in its finally
    expect(flags).toEqual([HELD]);
    second();
    expect(flags).toEqual([HELD, DEFAULT]);
    second();
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('puts the flag back when the work throws', () => {
    expect(() =>
      withSteadyYoungGeneration(() => {
        throw new Error('bad deck');
      }),
    ).toThrow('bad deck');
    expect(flags).toEqual([HELD, DEFAULT]);
  });

  it('leaves V8 alone when node was started with a young-generation flag of the user', () => {
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-semi-space-size=64';
    try {
      holdYoungGeneration()();
      withSteadyYoungGeneration(() => 1);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
    expect(flags).toEqual([]);
  });
});
