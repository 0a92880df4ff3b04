// Key help under a prompt, and other lines of short phrases, break between phrases in a narrow
// terminal: the terminal itself would cut "1-4 move to position" after "move".
import { describe, expect, it } from 'vitest';
import { helpLine } from '../../src/adapters/prompts/frame.js';
import { joinFitting } from '../../src/core/wrap.js';

describe('joinFitting', () => {
  it.each([
    [['a b', 'c d', 'e f'], 9, 'a b · c d\ne f'],
    [['a b', 'c d', 'e f'], 100, 'a b · c d · e f'],
    [['a b', 'c d', 'e f'], undefined, 'a b · c d · e f'],
    // a part longer than the width keeps its own line, whole
    [['a very long part', 'x'], 5, 'a very long part\nx'],
  ] as const)('%j in %s columns', (parts, width, out) => {
    expect(joinFitting([...parts], width)).toBe(out);
  });
});

describe('the key help under a prompt', () => {
  const order = {
    keys: ['↑↓ move', 'space pick up/drop', '1-4 move to position', 'Enter submit'],
    opts: { nav: ['flag', 'skip', 'back', 'review'] as const, hint: 'a hint' },
    hintShown: false,
  };

  it('breaks between keys at 40 columns, every key whole', () => {
    const lines = helpLine({ ...order, opts: { ...order.opts, nav: [...order.opts.nav] } }, 40).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines.join(' · ').split(' · ')).toEqual(['↑↓ move', 'space pick up/drop', '1-4 move to position', 'Enter submit', '? hint', '^F flag', '^N skip', '^P back', '^R review']);
  });

  it('stays one line without a terminal width', () => {
    expect(helpLine({ ...order, opts: { ...order.opts, nav: [...order.opts.nav] } }, undefined)).not.toContain('\n');
  });
});
