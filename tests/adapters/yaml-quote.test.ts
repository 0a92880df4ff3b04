// An unclosed quote is reported where it opened, not where yaml gave up (the end of the file).
import { describe, expect, it } from 'vitest';
import { lintInChunks, lintWhole } from '../../src/adapters/lint-source.js';

const card = (id: string, front: string) => `  - id: ${id}\n    type: basic\n    front: ${front}\n    back: yes\n`;
const deck = (cards: string[]) => `deck: q\ntitle: Q\ncards:\n${cards.join('')}`;

describe('an unclosed quote', () => {
  it.each([
    ['"', `"What is`],
    ["'", `'What is`],
  ])('%s is reported at the line and column it opened', (mark, front) => {
    const text = deck([card('a', 'fine'), card('b', front), card('c', 'x'), card('d', 'y')]);
    const { diagnostics } = lintWhole(text, 'q.yaml');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors[0]).toMatchObject({ line: 10, col: 12, code: 'YAML_SYNTAX' }); // card b's front:
    expect(errors[0]!.message).toContain(`this ${mark} quote is never closed`);
    expect(errors[0]!.message).toContain(`add the closing ${mark}`);
  });

  it('in a big deck linted card by card, at the line it opened in the whole file', () => {
    const cards = Array.from({ length: 40 }, (_, i) => card(`c${i}`, i === 30 ? '"open' : `q${i}`));
    const result = lintInChunks(deck(cards), 'big.yaml', 200);
    const errors = (result ?? lintWhole(deck(cards), 'big.yaml')).diagnostics.filter((d) => d.severity === 'error');
    expect(errors[0]).toMatchObject({ line: 3 + 30 * 4 + 3, col: 12 });
  });

  it('in the deck header, at its opening quote', () => {
    const { diagnostics } = lintWhole('deck: q\ntitle: "Q\ncards: []\n', 'h.yaml');
    expect(diagnostics[0]).toMatchObject({ line: 2, col: 8, code: 'YAML_SYNTAX' });
  });
});
