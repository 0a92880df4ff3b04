// The item-writing rules through the loader: each warning at its exact path:line:col, waivers honoured
// or reported, NEAR_DUPLICATE across decks, and the same result from the chunked big-deck path.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeckFiles } from '../../src/adapters/load-decks.js';
import { lintInChunks, lintSource, lintWhole } from '../../src/adapters/lint-source.js';
import { memoryDeckCache } from '../../src/adapters/deck-cache.js';
import type { Diagnostic } from '../../src/core/model.js';

const root = path.resolve(__dirname, '../..');
const FIX = 'tests/fixtures/decks/item-lint';
const where = (d: Diagnostic) => `${d.line}:${d.col} ${d.code}`;
const lint = async (files: string[], crossDeck = false) => loadDeckFiles(files, root, { crossDeck });

describe('item-writing warnings at their nodes', () => {
  it('reports each flaw of the flawed fixture once, where it is written', async () => {
    const { diagnostics, decks } = await lint([`${FIX}/flawed.yaml`]);
    expect(diagnostics.map(where)).toEqual([
      '2:7 TRUEFALSE_BALANCE',
      '9:15 KEY_LONGEST',
      '23:15 ABSOLUTE_WORD',
      '35:15 ALL_OF_THE_ABOVE',
      '39:13 NEGATIVE_STEM',
      '48:16 ABSOLUTE_WORD',
      '75:5 NEAR_DUPLICATE',
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    // Warnings never keep a deck from being studied.
    expect(decks).toHaveLength(1);
    expect(diagnostics.at(-1)!.message).toContain('card "same-question" (line 71)');
  });

  it('reports nothing on sound items', async () => {
    const { diagnostics } = await lint([`${FIX}/clean.yaml`]);
    expect(diagnostics).toEqual([]);
  });

  it('gives the same result in one piece and a few cards at a time', () => {
    const cards = Array.from(
      { length: 40 },
      (_, i) => `  - id: c${i}\n    type: truefalse\n    statement: "Statement number ${i} about topic ${i * 7} never holds."\n    answer: ${i % 9 === 0}\n`,
    );
    cards.push('  - id: dup\n    type: truefalse\n    statement: "Statement number 3 about topic 21 never holds."\n    answer: true\n');
    const text = `deck: chunks\ntitle: Chunks\ncards:\n${cards.join('')}`;
    const whole = lintWhole(text, 'x.yaml');
    expect(new Set(whole.diagnostics.map((d) => d.code))).toEqual(new Set(['TRUEFALSE_BALANCE', 'ABSOLUTE_WORD', 'NEAR_DUPLICATE']));
    expect(lintInChunks(text, 'x.yaml', 300)).toEqual(whole);
  });
});

describe('a hostile flood of identical questions', () => {
  it('ends with the first near duplicates and a warning that the search stopped', () => {
    const card = (i: number) => `  - {id: c${i}, type: truefalse, statement: "Which role does the app use?", answer: ${i % 2 === 0}}\n`;
    const text = `deck: flood\ntitle: Flood\ncards:\n${Array.from({ length: 1500 }, (_, i) => card(i)).join('')}`;
    const { diagnostics } = lintSource(text, 'flood.yaml');
    const near = diagnostics.filter((d) => d.code === 'NEAR_DUPLICATE');
    expect(near[0]).toMatchObject({ line: 1, col: 7 });
    expect(near[0]!.message).toContain('stopped after 1,000,000 candidate pairs');
    expect(near.length).toBeGreaterThan(500);
    expect(near.slice(1).every((d) => d.message.includes('card "c0" (line 4)'))).toBe(true);
    expect(near[0]!.message).toContain(`so the ${(near.length - 1).toLocaleString('en-US')} pairs reported may not be all`);
  });

  it('says so when it stops before finding any pair: templated questions, none alike enough', () => {
    // Six template words and one of its own each: every pair shares 6 of 8 words (75%, under the
    // 80% of a near duplicate), and every question is a candidate for every other.
    const card = (i: number) => `  - {id: c${i}, type: truefalse, statement: "Template question asks about topic number w${i}", answer: ${i % 2 === 0}}\n`;
    const text = `deck: tpl\ntitle: Templated\ncards:\n${Array.from({ length: 3000 }, (_, i) => card(i)).join('')}`;
    const near = lintSource(text, 'tpl.yaml').diagnostics.filter((d) => d.code === 'NEAR_DUPLICATE');
    expect(near).toHaveLength(1);
    expect(near[0]!.message).toContain('stopped after 1,000,000 candidate pairs without finding one');
    expect(near[0]!.message).toContain('were not checked');
    expect(near[0]!.message).not.toContain('reported');
  });
});

describe('waivers', () => {
  it('honours a waiver with a reason and reports broken ones, which are not honoured', async () => {
    const { diagnostics, waivers } = await lint([`${FIX}/waivers.yaml`]);
    expect(diagnostics.map(where)).toEqual(['22:16 ABSOLUTE_WORD', '24:22 BAD_WAIVER', '27:16 ABSOLUTE_WORD', '29:11 BAD_WAIVER', '34:22 BAD_WAIVER']);
    expect(diagnostics[1]!.message).toContain('did you mean "ABSOLUTE_WORD"?');
    expect(diagnostics[3]!.message).toContain('should say why');
    expect(diagnostics[4]!.message).toContain('whole deck');
    expect(waivers.map((w) => [w.line, w.card ?? `deck ${w.deck}`, w.ignore, w.suppressed])).toEqual([
      [4, 'deck fixture-waivers', ['NEAR_DUPLICATE'], ['NEAR_DUPLICATE']],
      [12, 'honoured', ['ABSOLUTE_WORD'], ['ABSOLUTE_WORD']],
      [19, 'idle', ['NEGATIVE_STEM'], []],
    ]);
    expect(waivers[1]!.why).toBe('The fixture needs an absolute that is waived.');
  });

  it('keeps the waiver on the card model, and the waivers through the deck cache', async () => {
    const cache = memoryDeckCache();
    const cold = await loadDeckFiles([`${FIX}/waivers.yaml`], root, { cache });
    const warm = await loadDeckFiles([`${FIX}/waivers.yaml`], root, { cache });
    expect(warm).toEqual(cold);
    expect(warm.decks[0]!.lint).toEqual({ ignore: ['NEAR_DUPLICATE'], why: 'The typed and cloze forms of one question are deliberate.' });
    expect(warm.decks[0]!.cards.find((c) => c.id === 'honoured')!.lint).toMatchObject({ ignore: ['ABSOLUTE_WORD'] });
  });

  it.each([
    ['an empty ignore', 'lint: { ignore: [], why: x }', 'should list the rules'],
    ['an unknown field', 'lint: { ignore: [ABSOLUTE_WORD], why: x, because: y }', 'unknown field'],
  ])('reports %s in "lint"', (_what, line, message) => {
    const text = `deck: w\ntitle: W\ncards:\n  - id: c\n    type: truefalse\n    statement: Roles never expire.\n    answer: false\n    ${line}\n`;
    const found = lintSource(text, 'w.yaml').diagnostics.filter((d) => d.code === 'BAD_WAIVER' || d.code === 'UNKNOWN_FIELD');
    expect(found.map((d) => d.message).join('\n')).toContain(message);
  });

  it('takes a "lint" that is not a mapping as WRONG_TYPE, an error like any misshapen field', () => {
    const text = 'deck: w\ntitle: W\ncards:\n  - id: c\n    type: truefalse\n    statement: S.\n    answer: false\n    lint: ABSOLUTE_WORD\n';
    const { diagnostics, deck } = lintSource(text, 'w.yaml');
    expect(diagnostics.map(where)).toEqual(['8:11 WRONG_TYPE']);
    expect(diagnostics[0]!.message).toContain('should be a mapping');
    expect(deck).toBeNull();
  });
});

describe('NEAR_DUPLICATE between decks', () => {
  it('is reported at the later card, naming the earlier file, unless a card waives it', async () => {
    const files = [`${FIX}/cross/a.yaml`, `${FIX}/cross/b.yaml`];
    const { diagnostics, waivers } = await lint(files, true);
    expect(diagnostics.map((d) => `${d.file}:${where(d)}`)).toEqual([`${FIX}/cross/b.yaml:8:5 NEAR_DUPLICATE`]);
    expect(diagnostics[0]!.message).toContain(`deck "fixture-cross-a", ${FIX}/cross/a.yaml:4:5`);
    expect(waivers).toEqual([expect.objectContaining({ card: 'waived-here', suppressed: ['NEAR_DUPLICATE'] })]);
  });

  it('is left to deck lint: other commands load decks without it', async () => {
    const { diagnostics } = await lint([`${FIX}/cross/a.yaml`, `${FIX}/cross/b.yaml`]);
    expect(diagnostics).toEqual([]);
  });
});
