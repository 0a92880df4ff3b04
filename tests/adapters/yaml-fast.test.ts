// The fast reader of the plain card layout (yaml-fast.ts) must give exactly the tree the yaml
// library gives (values, positions, quoted source) or decline. Every comparison here is against the
// one-piece parse of a deck holding the same cards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { fastHeader, fastItems } from '../../src/adapters/yaml-fast.js';
import { splitCards } from '../../src/adapters/yaml-chunks.js';
import { parseDeckSource } from '../../src/adapters/yaml-deck.js';
import { lintSource } from '../../src/adapters/lint-source.js';
import type { PNode } from '../../src/core/ptree.js';
import { rng } from '../../src/core/random.js';
import { mutate, seeds } from '../helpers/mutate.js';

const root = path.resolve(import.meta.dirname, '../..');
const HEAD = 'deck: t\ntitle: T\ncards:\n';

/** yaml's items for `cards` written after HEAD, or undefined when yaml reports anything at all. */
function yamlItems(cards: string): PNode[] | undefined {
  const parsed = parseDeckSource(HEAD + cards, 'f.yaml');
  if (parsed.diagnostics.length > 0 || parsed.tree?.kind !== 'map') return undefined;
  const value = parsed.tree.entries.find((e) => e.key === 'cards')?.value;
  return value?.kind === 'seq' ? value.items : undefined;
}

/** The fast reading of the same text, placed where HEAD leaves it (line 4, two levels deep). */
const fast = (cards: string) => fastItems(cards, 4, 2);

/** Fast equals yaml, or fast declined; says which. */
function agree(cards: string): 'fast' | 'declined' {
  const got = fast(cards);
  if (got === undefined) return 'declined';
  expect(JSON.stringify(got), cards).toBe(JSON.stringify(yamlItems(cards)));
  return 'fast';
}

/** Forms common in decks that the fast reader must take itself (else the speed-up is lost). */
const READ_FAST = ['true', 'false', '0', '7', '30', '3 things', '"plain double"', "'plain single'", '"tab\\there"', '"a\\"b"', "'a''b'", '"closed" # comment', "''", '""',
  '"a\\\\b\\"c\\nd"', '"\\"both ends\\""', "'it''s a ''quoted'' word'", "''''",
  'a#b', 'a :b', '[a, b]', '[]', '[ ]', '["x", \'y\', z]', 'x # c', 'x  ', 'ünïcödé text', '😀 emoji', 'a\u00a0b', 'x'.repeat(300)];

const card = (field: string) => `  - id: a\n    type: basic\n    front: ${field}\n    back: b\n`;

describe('fastItems', () => {
  it('reads the plain layout exactly as yaml does', () => {
    const cards = [
      '  - id: c1',
      '    type: choice',
      '    tags: [topic-1, "two words", \'it\'\'s\']',
      '    prompt: "Q: which one? {{not a blank}} \\"quoted\\" \\\\ \\/ \\t"   # a comment',
      '    timeLimit: 30',
      '    choices:',
      '      - text: \'single \'\'quoted\'\'\'',
      '        correct: true',
      '        why: plain text with colons:inside and #hash-in-word',
      '',
      '      # a comment between options',
      '      - text:    spaced out   ',
      '        correct: false',
      '    lint: { ignore: [KEY_LONGEST], why: x }',
      '  - id: c2',
      '    type: order',
      '    items:',
      '    - first',
      '    - second [with brackets] and {braces}',
      '    - 3rd, with a comma',
      '    accept: []',
      '  -   id: c3',
      '      type: typed',
      '      answer: "x"',
      '',
    ].join('\n');
    // The flow mapping in c1 (`lint: {...}`) is declined; without it the rest is read fast.
    expect(fast(cards)).toBeUndefined();
    const plainCards = cards.replace('    lint: { ignore: [KEY_LONGEST], why: x }\n', '');
    expect(agree(plainCards)).toBe('fast');
  });

  it.each([
    // values the core schema reads as something other than text, and text that looks like them
    'true', 'false', 'True', 'FALSE', 'null', 'Null', '~', '0', '7', '30', '007', '-3', '+3', '1.10', '1e3', '.5', '0x1F', '0o17', '.inf', '-.Inf',
    '.nan', '123456789012345', '1234567890123456789', 'yes', 'no', 'on', 'NaN', 'infinity', '1_000', '2026-03-02', '12:30', '3 things',
    // quotes and escapes
    '"plain double"', "'plain single'", '"tab\\there"', '"\\u00e9"', '"\\x41"', '"\\e"', '"a\\"b"', "'a''b'", '"unterminated', "'unterminated",
    '"closed" trailing', '"closed"# not a comment', '"closed" # comment', "''", '""',
    // runs of plain characters between escapes and doubled quotes (quoted() slices runs)
    '"a\\\\b\\"c\\nd"', '"\\"both ends\\""', '"\\t\\t"', "'it''s a ''quoted'' word'", "''''", "'''x'''", '"x\\/y\\/z"',
    // plain scalars with structure characters
    'a: b', 'a:', 'a :b', 'a #comment', 'a#b', '- x', '-x', '? x', ': x', '[a, b]', '[a, b,]', '[a,, b]', '[]', '[ ]', '[a, [b]]', '[a: b]', '[a #b]',
    '["x", \'y\', z]', '[1, 2.5, true, null]', '{a: 1}', '&anchor x', '*alias', '!tag x', '!!str x', '|', '>-', '%x', '@x', '`x`', 'a\tb',
    'x # c', 'x  ', 'ünïcödé text', '😀 emoji', 'a\u202eb', 'a\u0085b', 'a\u00a0b', 'x'.repeat(300),
  ])('reads %j as yaml does or declines', (value) => {
    const how = agree(card(value));
    if (READ_FAST.includes(value)) expect(how).toBe('fast');
  });

  it.each([
    ['a continued plain line', '  - id: a\n    front: one\n      two\n'],
    ['a continued quoted line', '  - id: a\n    front: "one\n      two"\n'],
    ['a block scalar', '  - id: a\n    back: |\n      text\n'],
    ['an empty value', '  - id: a\n    front:\n    back: b\n'],
    ['an empty item', '  - id: a\n  -\n  - id: b\n'],
    ['a duplicate key', '  - id: a\n    id: b\n'],
    ['a deeper key', '  - id: a\n      type: basic\n'],
    ['a shallower key', '  - id: a\n   type: basic\n'],
    ['a nested list item', '  - - a\n'],
    ['a key that is not text', '  - id: a\n    true: x\n'],
    ['a quoted key', '  - "id": a\n'],
    ['a Windows line end', '  - id: a\r\n'],
    ['a tab', '  - id: a\n\ttype: basic\n'],
    ['a document marker', '  - id: a\n---\n'],
  ])('declines %s', (_what, text) => {
    expect(fast(text)).toBeUndefined();
  });

  it('places scalars of a list item and nested lists where yaml does', () => {
    for (const text of ['  - just text\n  - "quoted"\n', '  - id: a\n    choices:\n    - text: x\n    - text: y\n', '- id: a\n  t: [x]\n- id: b\n'])
      expect(agree(text)).toBe('fast');
  });

  it('gives the yaml tree or declines, on 3,000 mutated card groups (seeded)', () => {
    const rand = rng(0xfa57);
    const bundled = expandPaths(['decks'], root).map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
    const groups = [...seeds(), ...bundled]
      .map((src) => splitCards(src, 1))
      .flatMap((split) => split?.groups.map((g) => g.text) ?? []);
    expect(groups.length).toBeGreaterThan(50);
    const seen = { fast: 0, declined: 0 };
    for (let n = 0; n < 3_000; n++) {
      let text = groups[n % groups.length]!;
      const rounds = Math.floor(rand() * 3);
      for (let k = 0; k < rounds; k++) text = mutate(text, rand);
      // Keep every line inside the list, as the splitter does.
      text = text
        .split('\n')
        .map((l) => (l === '' || l.startsWith('  ') ? l : `  ${l}`))
        .join('\n');
      const got = fast(text);
      if (got === undefined) {
        seen.declined++;
        continue;
      }
      seen.fast++;
      const want = yamlItems(text);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect.fail(`case ${n}:\n${text}\nfast: ${JSON.stringify(got)}\nyaml: ${JSON.stringify(want)}`);
    }
    expect(seen.fast).toBeGreaterThan(1_000);
    expect(seen.declined).toBeGreaterThan(300);
  }, 120_000);
});

/** yaml's tree of a split deck's header, its lines placed as the chunked parse places them
 *  (yaml-deck.ts, parseYaml's `gap`), or undefined when yaml reports anything at all. */
function yamlHeader(header: string, gap: { after: number; lines: number }): PNode | undefined {
  const parsed = parseDeckSource(header, 'f.yaml');
  if (parsed.diagnostics.length > 0 || parsed.tree === null) return undefined;
  const shift = (n: PNode): PNode => {
    const line = n.line > gap.after ? n.line + gap.lines : n.line;
    if (n.kind === 'seq') return { ...n, line, items: n.items.map(shift) };
    if (n.kind === 'map') return { ...n, line, entries: n.entries.map((e) => ({ ...e, keyLine: e.keyLine > gap.after ? e.keyLine + gap.lines : e.keyLine, value: shift(e.value) })) };
    return { ...n, line };
  };
  return shift(parsed.tree);
}

/** A deck's header as split for chunked reading, read fast and by yaml: 'fast' when they agree. */
function agreeHeader(src: string): 'fast' | 'declined' | 'unsplit' {
  const split = splitCards(src);
  if (!split) return 'unsplit';
  const gap = { after: split.seqLine - 1, lines: split.headerGap };
  const got = fastHeader(split.header, gap);
  if (got === undefined) return 'declined';
  const want = yamlHeader(split.header, gap);
  if (JSON.stringify(got) !== JSON.stringify(want)) expect.fail(`header:\n${split.header}\nfast: ${JSON.stringify(got)}\nyaml: ${JSON.stringify(want)}`);
  return 'fast';
}

const CARDS = '  - id: a\n    type: basic\n    front: f\n    back: b\n';

describe('fastHeader', () => {
  it('reads a header exactly as yaml does, lines after the cut cards list placed below it', () => {
    const headers = [
      `deck: t\ntitle: T\ncards:\n${CARDS}`,
      `# a comment first\n\ndeck: t   # why\ntitle: "Quoted: title"\ndescription: 'it''s'\ntags: [a, b]\ncards: # the cards\n${CARDS}\ntypos: false\n`,
      `deck: t\ntitle: T\ntags:\n  - one\n  - "two words"\ncards:\n${CARDS}typos:\n- x\n`,
      `deck: t\ntitle: T\ntags:\n- one\n- three\ncards:   \n\n${CARDS}`,
      `deck: t\ncards:\n${CARDS}# trailing comment\ntitle: T\nlint:\n  ignore: [KEY_LONGEST]\n  why: fine\n`,
    ];
    for (const src of headers) expect(agreeHeader(src), src).toBe('fast');
  });

  it('leaves to yaml what it does not read exactly: an empty value other than cards, an indented cards list key, anchors', () => {
    for (const src of [`deck:\ntitle: T\ncards:\n${CARDS}`, `deck: &d t\ntitle: *d\ncards:\n${CARDS}`, `--- \ndeck: t\ncards:\n${CARDS}`, `deck: t\ndeck: u\ncards:\n${CARDS}`])
      expect(agreeHeader(src), src).not.toBe('fast');
  });

  it('reads 60,000 deck tags without yaml, and lint names the limit', () => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `  - t${i}`).join('\n');
    const src = `deck: bomb\ntitle: Tag bomb\ntags:\n${tags}\ncards:\n${CARDS}`;
    const split = splitCards(src)!;
    const head = fastHeader(split.header, { after: split.seqLine - 1, lines: split.headerGap });
    const tagList = head?.entries.find((e) => e.key === 'tags')?.value;
    expect(tagList?.kind === 'seq' ? tagList.items.length : 0).toBe(60_000);
    const result = lintSource(src, 'bomb.yaml');
    expect(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['4:3 TOO_MANY_TAGS']);
  });

  it('gives the yaml tree or declines, on 2,000 mutated deck headers (seeded)', () => {
    const rand = rng(0x4ead);
    const bundled = expandPaths(['decks'], root).map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
    const decks = [...seeds(), ...bundled];
    const seen = { fast: 0, declined: 0, unsplit: 0 };
    for (let n = 0; n < 2_000; n++) {
      let src = decks[n % decks.length]!;
      // Mutate the lines above the cards list (the header), where a deck keeps its own keys.
      const at = src.indexOf('\ncards:');
      if (at < 0) continue;
      let head = src.slice(0, at + 1);
      const rounds = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < rounds; k++) head = mutate(head, rand);
      src = (head.endsWith('\n') ? head : `${head}\n`) + src.slice(at + 1);
      seen[agreeHeader(src)]++;
    }
    expect(seen.fast).toBeGreaterThan(300);
    expect(seen.declined).toBeGreaterThan(200);
  }, 120_000);
});
