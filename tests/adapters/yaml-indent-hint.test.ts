// A mapping where yaml allows none (BLOCK_AS_IMPLICIT_KEY) is told apart by its line: a colon in
// text needs quotes; anything else is indentation. A new user's mis-indented key was told to quote.
import { describe, expect, it } from 'vitest';
import { lintWhole } from '../../src/adapters/lint-source.js';

const head = 'deck: d\ntitle: T\ncards:\n';
const firstError = (text: string) => lintWhole(text, 'd.yaml').diagnostics.find((d) => d.severity === 'error')!;

describe('YAML_SYNTAX hints for a mapping where none may start', () => {
  it('a key indented one space too deep: check the indentation, not quotes', () => {
    const e = firstError(`${head}  - id: a\n    type: basic\n     front: Q?\n    back: A\n`);
    expect(e).toMatchObject({ code: 'YAML_SYNTAX', line: 5 });
    expect(e.message).toContain('BLOCK_AS_IMPLICIT_KEY');
    expect(e.message).toContain('check the indentation');
    expect(e.message).not.toContain('quotes');
  });

  it('a card dash one space too shallow: check the indentation', () => {
    const e = firstError(`${head}  - id: a\n    type: basic\n    front: Q?\n    back: A\n - id: b\n    type: basic\n    front: R?\n    back: B\n`);
    expect(e).toMatchObject({ code: 'YAML_SYNTAX', line: 8, col: 1 });
    expect(e.message).toContain('check the indentation');
  });

  it('a second ": " in a value: quote the text', () => {
    const e = firstError(`${head}  - id: a\n    type: basic\n    front: Role: what is it?\n    back: A\n`);
    expect(e).toMatchObject({ code: 'YAML_SYNTAX', line: 6 });
    expect(e.message).toContain('text containing ": " must be in quotes');
    expect(e.message).not.toContain('indentation');
  });
});
