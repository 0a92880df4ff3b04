// The pure half of `deck export --format apkg`: fields as Anki HTML, Anki's checksum and tag rules,
// deck names, and the rows of the collection.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCollection, fieldChecksum, stripHtml, textToField } from '../../../src/core/interop/anki-collection.js';
import { ankiDeckNames, ankiTag } from '../../../src/core/interop/from-deck.js';
import { decodeEntities } from '../../../src/core/interop/field-text.js';
import type { Card, Deck } from '../../../src/core/model.js';

const sha1Hex = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

describe('deck text as an Anki field', () => {
  it.each([
    ['plain', 'plain'],
    ['a < b & c > d "q"', 'a &lt; b &amp; c &gt; d &quot;q&quot;'],
    ['<b>not bold</b>', '&lt;b&gt;not bold&lt;/b&gt;'],
    ['line 1\nline 2\r\nline 3', 'line 1<br>line 2<br>line 3'],
    ['a  b   c', 'a &nbsp;b &nbsp;&nbsp;c'],
    ['{{c1::x::hint}}', '{{c1::x::hint}}'],
  ])('%j becomes %j', (text, field) => expect(textToField(text)).toBe(field));

  it.each(['a < b & "c"', 'x  y\nz', "it's <br> & &amp;"])('strips back to the text without its line breaks: %j', (text) => {
    expect(stripHtml(textToField(text))).toBe(text.replace(/\n/g, ''));
    expect(decodeEntities(textToField(text).replace(/<br>/g, '\n')).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it("strips tags, comments, style and script as Anki's checksum does", () => {
    expect(stripHtml('<b>x</b><!-- c --><style>.a{}</style><script>1</script>&nbsp;y<br>z')).toBe('x yz');
    expect(fieldChecksum('<b>Paris</b>', sha1Hex)).toBe(parseInt(sha1Hex('Paris').slice(0, 8), 16));
  });
});

describe("Anki's tag and deck-name rules", () => {
  it.each([
    ['aws', 'aws'],
    ['two words', 'two_words'],
    ['  padded  ', 'padded'],
    ['say "hi"', 'say_hi'],
    ['tab\there', 'tabhere'],
    ['parent::child', 'parent::child'],
    ['a::', 'a::blank'],
    ['e\u0301', '\u00e9'],
  ])('tag %j becomes %j', (tag, anki) => expect(ankiTag(tag)).toBe(anki));

  it('names each deck by its title, apart from the others and from Default, without "::"', () => {
    const names = ankiDeckNames([
      { id: 'a', title: 'AWS::IAM' },
      { id: 'b', title: 'aws:iam' },
      { id: 'c', title: 'Default' },
      { id: 'd', title: '  ' },
    ]);
    expect([...names.values()]).toEqual(['AWS:IAM', 'aws:iam (b)', 'Default (c)', 'd']);
  });
});

const card = (c: Partial<Card> & { id: string; type: Card['type'] }): Card => ({ tags: [], pos: { line: 1, col: 1 }, ...c }) as Card;
const deck = (id: string, cards: Card[]): Deck => ({ id, title: id.toUpperCase(), tags: [], cards, source: `${id}.yaml` });

describe('collection rows', () => {
  const decks = [
    deck('one', [card({ id: 'b', type: 'basic', front: 'F', back: 'B' } as Partial<Card> & { id: string; type: 'basic' }), card({ id: 'c', type: 'cloze', text: '{{x}} y', blanks: [['x']] } as never)]),
    deck('two', [card({ id: 't', type: 'typed', prompt: 'P', answer: 'A', accept: [], explain: 'E' } as never)]),
  ];
  const rows = buildCollection(decks, { nowMs: Date.parse('2026-03-01T10:00:00Z'), sha1Hex });

  it('writes one note and one card per recall card, the card on its note, due in order', () => {
    expect(rows.notes).toHaveLength(3);
    expect(rows.cards.map((c) => c[1])).toEqual(rows.notes.map((n) => n[0]));
    expect(rows.cards.map((c) => c[8])).toEqual([1, 2, 3]);
    expect(rows.notes.map((n) => n[1])).toEqual(['recall:one/b', 'recall:one/c', 'recall:two/t']);
  });

  it('gives a deck consecutive note ids, the same on every build, in the past', () => {
    const again = buildCollection(decks, { nowMs: Date.parse('2027-01-01T00:00:00Z'), sha1Hex });
    expect(again.notes.map((n) => n[0])).toEqual(rows.notes.map((n) => n[0]));
    const [first, second] = rows.notes.map((n) => Number(n[0]));
    expect(second).toBe(first! + 1);
    for (const n of rows.notes) expect(Number(n[0])).toBeLessThan(Date.parse('2021-01-01'));
  });

  it('keeps the explanation of a typed card in Back Extra', () => {
    expect(String(rows.notes[2]![6]).split('\x1f')).toEqual(['P', 'A', 'E']);
    expect(rows.lost).toEqual([]);
  });

  it('sets col: version 11, the day the collection starts, and the next new position', () => {
    expect(rows.col[4]).toBe(11);
    expect(rows.col[1]).toBe(Date.parse('2026-03-01T00:00:00Z') / 1000);
    expect(JSON.parse(String(rows.col[8])).nextPos).toBe(4);
  });
});
