import { describe, expect, it } from 'vitest';
import { JsonInputError, parseStrictJson, parseStrictJsonStream } from '../../src/adapters/json-reader.js';

const read = (text: string, maxDepth = 16) => parseStrictJson(text, { maxDepth });

describe('parseStrictJson', () => {
  it.each([
    '{}',
    '[]',
    '{"a": 1, "b": [true, false, null, "x", -1.5e3], "c": {"d": {}}}',
    '"just a string"',
    '  [1, [2, [3]]]  \n',
    '{"emoji": "\\ud83d\\ude00 ü", "esc": "\\u001b[2J"}',
  ])('reads %s as JSON.parse does', (text) => {
    expect(read(text)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key as data, as JSON.parse does', () => {
    const v = read('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1, "a": 2}', /duplicate key "a"/],
    ['{"x": {"b": 1, "c": 2, "b": 3}}', /duplicate key "b"/],
    ['[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]', /nested deeper than 16 levels/],
    ['', /empty/],
    ['   ', /empty/],
    ['{"a": 1', /ends before it is complete/],
    ['{"a": 1,}', /expected a key/],
    ['[1,]', /expected a value/],
    ['[1 2]', /expected "," or "]"/],
    ['{"a" 1}', /expected ":"/],
    ['{"a": 1}{"b": 2}', /after the end/],
    ['{"a": 1} x', /not valid JSON|after the end/],
    ["{'a': 1}", /not valid JSON/],
    ['{"a": tru}', /not valid JSON/],
    ['{"a": "unterminated', /ends in the middle|ends before/],
    ['{a: 1}', /not valid JSON/],
  ])('refuses %j', (text, why) => {
    expect(() => read(text)).toThrow(JsonInputError);
    expect(() => read(text)).toThrow(why);
  });

  it('refuses deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => read(deep, 64)).toThrow(/nested deeper than 64/);
  });

  it('names a control character in a duplicate key without printing it raw', () => {
    try {
      read('{"\\u001b[2J": 1, "\\u001b[2J": 2}');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toMatch(/\x1b/);
      expect((err as Error).message).toContain('\\u001b[2J');
    }
  });
});

describe('parseStrictJsonStream', () => {
  async function* chunks(text: string, size: number) {
    const buf = Buffer.from(text);
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }

  it('hands over the elements of chosen arrays one at a time and keeps only their count', async () => {
    const text = JSON.stringify({ format: 'f', cards: [{ a: 1 }, { a: 2 }], reviews: [{ id: 'ü1' }, { id: 'x2', deep: [[1]] }], other: [1, 2] });
    const seen: [string, number, unknown][] = [];
    const root = await parseStrictJsonStream(chunks(text, 3), {
      maxDepth: 8,
      streamKeys: ['reviews', 'cards'],
      onElement: (key, i, v) => seen.push([key, i, v]),
    });
    expect(root).toEqual({ format: 'f', cards: 2, reviews: 2, other: [1, 2] });
    expect(seen).toEqual([
      ['cards', 0, { a: 1 }],
      ['cards', 1, { a: 2 }],
      ['reviews', 0, { id: 'ü1' }],
      ['reviews', 1, { id: 'x2', deep: [[1]] }],
    ]);
  });

  it('streams only arrays at the top level of the root object', async () => {
    const seen: unknown[] = [];
    const root = await parseStrictJsonStream(chunks('{"x": {"reviews": [1]}, "reviews": [2]}', 5), { maxDepth: 8, streamKeys: ['reviews'], onElement: (_k, _i, v) => seen.push(v) });
    expect(root).toEqual({ x: { reviews: [1] }, reviews: 1 });
    expect(seen).toEqual([2]);
  });

  it('refuses a streamed key that appears twice', async () => {
    await expect(parseStrictJsonStream(chunks('{"reviews": [], "reviews": []}', 4), { maxDepth: 8, streamKeys: ['reviews'] })).rejects.toThrow(/duplicate key "reviews"/);
  });
});
