import { describe, expect, it } from 'vitest';
import { formatField, parseRows, sniffSeparator } from '../../../src/core/interop/csv.js';

const cells = (text: string, sep = ',') => parseRows(text, sep).map((r) => r.cells);

describe('RFC 4180 fields', () => {
  it.each([
    ['plain fields', 'a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['a quoted separator', '"a,b",c', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['a line break inside quotes', '"one\ntwo",x\ny,z', [['one\ntwo', 'x'], ['y', 'z']]],
    ['CRLF rows', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['a CRLF inside quotes', '"a\r\nb",c', [['a\r\nb', 'c']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['an empty quoted field', '"",x', [['', 'x']]],
    ['a quote inside an unquoted field is text', 'it"s,x', [['it"s', 'x']]],
    ['blank lines are not rows', 'a,b\n\n\nc,d', [['a', 'b'], ['c', 'd']]],
    ['no final newline', 'a,b', [['a', 'b']]],
    ['an unclosed quote runs to the end', '"a,b\nc', [['a,b\nc']]],
  ])('%s', (_, text, want) => {
    expect(cells(text)).toEqual(want);
  });

  it('numbers each row by the line it starts on', () => {
    expect(parseRows('a\n"b\nc"\nd', ',').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('reads tab, semicolon and pipe separators', () => {
    expect(cells('a\tb', '\t')).toEqual([['a', 'b']]);
    expect(cells('a;b', ';')).toEqual([['a', 'b']]);
    expect(cells('a|b', '|')).toEqual([['a', 'b']]);
  });
});

describe('separator sniffing', () => {
  it.each([
    ['tab', 'a\tb\nc\td\n', '\t'],
    ['comma', 'a,b\nc,d\n', ','],
    ['semicolon with commas inside the text', 'one, two;x\nthree, four, five;y\n', ';'],
    ['pipe', 'a|b\nc|d\n', '|'],
    ['comma with quoted commas', '"a,b",c\n"d,e",f\n', ','],
  ])('%s', (_, text, want) => {
    expect(sniffSeparator(text)).toBe(want);
  });
  it('falls back to tab when nothing splits', () => {
    expect(sniffSeparator('just one column\nand another\n')).toBe('\t');
  });
});

describe('writing fields', () => {
  it('quotes only what needs it, and the result reads back the same', () => {
    const values = ['plain', 'with\ttab', 'say "hi"', 'two\nlines', '#not a header'];
    const line = values.map((v) => formatField(v, '\t')).join('\t');
    expect(formatField('plain', '\t')).toBe('plain');
    expect(cells(line, '\t')).toEqual([values]);
  });
});
