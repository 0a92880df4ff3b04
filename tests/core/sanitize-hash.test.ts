import { describe, expect, it } from 'vitest';
import { hasControlChars, neutralize, neutralizeJson } from '../../src/core/sanitize.js';
import { answerHash, fnv1a64 } from '../../src/core/hash.js';
import type { Card } from '../../src/core/model.js';

describe('neutralize', () => {
  it.each([
    ['\x1b[31mred\x1b[0m', '\\e[31mred\\e[0m'],
    ['bell\x07', 'bell\\x07'],
    ['nul\x00', 'nul\\x00'],
    ['cr\rline', 'cr\\x0Dline'],
    ['del\x7f', 'del\\x7F'],
    ['csi\u009b2J', 'csi\\x9B2J'],
    ['bidi\u202eevil', 'bidi\\u{202E}evil'],
    ['keeps\ttabs\nand newlines, ümlauts and ✓', 'keeps\ttabs\nand newlines, ümlauts and ✓'],
  ])('rewrites %j as %j', (input, output) => {
    expect(neutralize(input)).toBe(output);
    expect(hasControlChars(output)).toBe(false);
  });

  it('is idempotent', () => {
    const once = neutralize('\x1b]0;title\x07');
    expect(neutralize(once)).toBe(once);
  });
});

describe('answerHash', () => {
  const base: Card = {
    type: 'choice',
    id: 'c',
    tags: ['a'],
    pos: { line: 1, col: 1 },
    prompt: 'Which?',
    explain: 'Because.',
    choices: [
      { text: 'A', correct: true, why: 'right' },
      { text: 'B', correct: false, why: 'wrong' },
    ],
  };

  it('matches FNV-1a 64 reference values', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes of any text, ASCII or not (the ASCII shortcut reads the same bytes)', () => {
    // Reference: FNV-1a 64 with BigInt over TextEncoder's bytes.
    const reference = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    for (const text of ['foobar', '["choice",[["A",true]]]', 'é', 'naïve café', '日本語', '😀 emoji', 'a\u0000b\u007f', 'mixed ascii then ü'])
      expect(fnv1a64(text), text).toBe(reference(text));
  });

  it('ignores wording that does not decide right or wrong', () => {
    const reworded: Card = {
      ...base,
      prompt: 'Which one, really?',
      explain: 'Other words.',
      hint: 'new hint',
      tags: ['b'],
      pos: { line: 9, col: 3 },
      choices: base.choices.map((c) => ({ ...c, why: `${c.why}!` })),
    };
    expect(answerHash(reworded)).toBe(answerHash(base));
  });

  it('changes when the correct option or an option text changes', () => {
    const h = answerHash(base);
    expect(answerHash({ ...base, choices: [{ text: 'A', correct: false }, { text: 'B', correct: true }] })).not.toBe(h);
    expect(answerHash({ ...base, choices: [{ text: 'A2', correct: true }, { text: 'B', correct: false }] })).not.toBe(h);
    expect(answerHash({ ...base, type: 'multi' })).not.toBe(h);
  });

  it('covers the answer fields of every type', () => {
    const common = { id: 'x', tags: [], pos: { line: 1, col: 1 } };
    const pairs: Array<[Card, Card]> = [
      [{ ...common, type: 'basic', front: 'f', back: 'b' }, { ...common, type: 'basic', front: 'f', back: 'b', accept: ['b'] }],
      [{ ...common, type: 'truefalse', statement: 's', answer: true }, { ...common, type: 'truefalse', statement: 's', answer: false }],
      [{ ...common, type: 'typed', prompt: 'p', answer: 'a', accept: [] }, { ...common, type: 'typed', prompt: 'p', answer: 'a', accept: ['b'] }],
      [{ ...common, type: 'cloze', text: '{{a}}', blanks: [['a']] }, { ...common, type: 'cloze', text: '{{a|b}}', blanks: [['a', 'b']] }],
      [{ ...common, type: 'order', prompt: 'p', items: ['1', '2', '3'] }, { ...common, type: 'order', prompt: 'p', items: ['1', '3', '2'] }],
    ];
    for (const [a, b] of pairs) expect(answerHash(a)).not.toBe(answerHash(b));
    expect(answerHash({ ...common, type: 'truefalse', statement: 'reworded', answer: true })).toBe(answerHash(pairs[1]![0]));
    expect(answerHash(pairs[0]![0])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('neutralizeJson', () => {
  it('writes DEL, C1 and bidi controls as \\u escapes: the same value for a parser, inert bytes', () => {
    const value = { s: 'a\u007fb\u009bc\u202ed\u2069e\u001bf' };
    const out = neutralizeJson(JSON.stringify(value));
    expect(hasControlChars(out)).toBe(false);
    expect(JSON.parse(out)).toEqual(value);
    expect(out).toContain('\\u009b');
  });
});
