// Parsing a big deck a few cards at a time must give exactly what parsing it in one piece gives,
// or decline so the caller parses the whole. Every comparison here is against the one-piece parse
// (parseDeckSource, lintWhole); a group size of 1 puts each card in its own piece.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { lintInChunks, lintSource, lintWhole } from '../../src/adapters/lint-source.js';
import { ChunkDeclined, parseDeckInChunks as readChunked, parseDeckSource as parseDeckWhole, type ParsedDeck } from '../../src/adapters/yaml-deck.js';
import { splitCards } from '../../src/adapters/yaml-chunks.js';
import { rng } from '../../src/core/random.js';
import { mutate, seeds } from '../helpers/mutate.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The chunked reading as one tree (every group read), or undefined where it declines. */
function parseDeckInChunks(src: string, file: string, groupChars?: number): ParsedDeck | undefined {
  const chunked = readChunked(src, file, groupChars);
  if (!chunked) return undefined;
  let items;
  try {
    items = [...chunked.cards];
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
  const cards = chunked.header.entries.find((e) => e.key === 'cards')!;
  cards.value = { kind: 'seq', items, line: chunked.seqLine, col: chunked.seqCol };
  return { tree: chunked.header, diagnostics: chunked.diagnostics };
}
const bundled = expandPaths(['decks'], root).map((f) => ({ f, src: fs.readFileSync(path.join(root, f), 'utf8') }));

const deck = (cards: string, { head = 'deck: t\ntitle: T\n', tail = '' } = {}) => `${head}cards:\n${cards}${tail}`;
const card = (id: string, indent = 2) => {
  const pad = ' '.repeat(indent);
  return `${pad}- id: ${id}\n${pad}  type: basic\n${pad}  front: What is ${id}?\n${pad}  back: |\n${pad}    It is ${id}.\n\n${pad}    # not a comment: part of the answer\n`;
};

describe('parseDeckInChunks', () => {
  it.each(bundled.map(({ f }) => f))('splits the bundled deck %s and reads it exactly as in one piece', (f) => {
    const src = bundled.find((b) => b.f === f)!.src;
    for (const group of [1, 2_000, 1e9]) {
      const chunked = parseDeckInChunks(src, f, group);
      expect(chunked, `group size ${group}`).toBeDefined();
      expect(chunked).toEqual(parseDeckWhole(src, f));
      expect(lintInChunks(src, f, group)).toEqual(lintWhole(src, f));
    }
    expect(splitCards(src, 1)!.groups.length).toBeGreaterThan(15);
  });

  it('keeps lines, columns and errors of the validator exact in a big deck', () => {
    // ~300 KB: big enough that lintSource takes the chunked path itself.
    const cards = Array.from({ length: 2_500 }, (_, i) => card(`c${i}`)).join('');
    const src = deck(cards.replace('front: What is c2400?', 'front: [unclosed'), { tail: 'tags: [a]\n' });
    expect(src.length).toBeGreaterThan(256 * 1024);
    expect(lintInChunks(src, 'big.yaml')).toBeUndefined(); // a YAML error: the whole text decides
    expect(lintSource(src, 'big.yaml')).toEqual(lintWhole(src, 'big.yaml'));
    const ok = deck(cards.replace('id: c1234', 'id: c12'), { tail: '# end\ntags: [a]\n' });
    const chunked = lintSource(ok, 'big.yaml');
    expect(chunked).toEqual(lintWhole(ok, 'big.yaml'));
    expect(chunked.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual([`${4 + 7 * 1234}:9 DUPLICATE_ID`]);
    expect(lintInChunks(ok.replace('id: c12\n', 'id: c1234\n'), 'big.yaml')?.deck?.cards).toHaveLength(2_500);
  });

  it.each([
    ['cards at column 0', deck(card('a', 0) + card('b', 0))],
    ['comments and blank lines between cards', deck(`# first\n${card('a')}\n   # indented comment\n\n${card('b')}`)],
    ['Windows line ends', deck(card('a') + card('b')).replace(/\n/g, '\r\n')],
    ['keys after the list', deck(card('a') + card('b'), { tail: 'tags:\n  - x\n' })],
    ['a tagged key after the list (positioned past the left-out list)', deck(card('a') + '\n# gap\n\n' + card('b'), { tail: '\ntags: !x [a]\n' })],
    ['a document start marker', `---\n${deck(card('a') + card('b'))}`],
    ['a tag', deck(card('a') + '  - !!js/function "x"\n')],
    ['a validation warning', deck(card('a').replace('type: basic', 'type: basic\n    extra: 1') + card('b'))],
  ])('splits %s', (_what, src) => {
    const chunked = parseDeckInChunks(src, 'd.yaml', 1);
    expect(chunked).toBeDefined();
    expect(chunked).toEqual(parseDeckWhole(src, 'd.yaml'));
  });

  it.each([
    ['an alias to another card', deck(card('a').replace('type: basic', 'type: &t basic') + card('b').replace('type: basic', 'type: *t'))],
    ['a %TAG directive', `%TAG !e! tag:example.com,2000:\n---\n${deck(card('a') + card('b'))}`],
    ['a second document', deck(card('a') + card('b'), { tail: '---\ndeck: u\n' })],
    ['a flow list', deck('  [1, 2]\n')],
    ['no cards key', 'deck: t\nitems:\n  - a\n'],
    ['two cards keys', deck(card('a'), { tail: 'cards:\n  - b\n' })],
    ['a line less indented than the list', deck(card('a') + ' stray\n' + card('b'))],
    ['a tab-indented line', deck(card('a') + '\tprompt: x\n')],
    ['an empty item', deck(card('a') + '  -\n' + card('b'))],
    ['an unterminated quote across cards', deck(card('a').replace('What is a?', '"What is a?') + card('b'))],
  ])('declines %s', (_what, src) => {
    expect(parseDeckInChunks(src, 'd.yaml', 1)).toBeUndefined();
  });

  it('gives the one-piece result or declines, on 2,000 mutated decks (seeded)', () => {
    const rand = rng(0xc0ffee);
    const bases = [...seeds(), ...bundled.map((b) => b.src)];
    const failures: string[] = [];
    let split = 0;
    let declined = 0;
    for (let n = 0; n < 2_000; n++) {
      let src = bases[n % bases.length]!;
      const rounds = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < rounds; k++) src = mutate(src, rand);
      const group = 1 + Math.floor(rand() * 3000);
      const chunked = parseDeckInChunks(src, 'm.yaml', group);
      if (chunked === undefined) {
        declined++;
        continue;
      }
      split++;
      // JSON: a plain comparison is much faster than expect().toEqual() in a loop.
      if (JSON.stringify(chunked) !== JSON.stringify(parseDeckWhole(src, 'm.yaml'))) failures.push(`case ${n} (tree):\n${src}`);
      const lint = lintInChunks(src, 'm.yaml', group);
      if (lint === undefined || JSON.stringify(lint) !== JSON.stringify(lintWhole(src, 'm.yaml'))) failures.push(`case ${n} (lint):\n${src}`);
    }
    expect(failures.slice(0, 1)).toEqual([]);
    expect(split).toBeGreaterThan(500);
    expect(declined).toBeGreaterThan(100);
    // ~50 s alone on 2 shared cores, and it grows with the bundled decks it mutates: the suite-wide
    // 60 s would make it fail under load with no change in behaviour.
  }, 240_000);
});
