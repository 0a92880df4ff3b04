// The JSON Schema and the linter must agree: a deck is valid per schema iff it has no lint errors.
// Exceptions are what JSON Schema cannot express; files whose only errors are those are expected
// to pass the schema. Files YAML cannot turn into data (syntax errors, alias bombs) are skipped.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The named export: under NodeNext the default import of this CommonJS module is not constructable.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { deckSchema } from '../../src/core/schema.js';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { loadDeckFiles } from '../../src/adapters/load-decks.js';
import { lintSource } from '../../src/adapters/lint-source.js';

const root = path.resolve(__dirname, '../..');

/** Lint errors the schema cannot express, and why. */
const SCHEMA_CANNOT_EXPRESS: Record<string, string> = {
  DUPLICATE_ID: 'uniqueness of one property across array items',
  DUPLICATE_DECK: 'a relation between files',
  CHOOSE_N_MISMATCH: 'a number written in words inside the prompt compared with a count',
  CLOZE_EMPTY_BLANK: 'an empty alternative inside a blank (kept out of the pattern for readable editor errors)',
  AMBIGUOUS_CHOICE: 'two options with the same text after trimming, one of them right and one wrong',
};
/** Problems found while reading YAML, before there is any data to validate. */
const NOT_DATA = new Set(['YAML_SYNTAX', 'DUPLICATE_KEY', 'ALIAS_LIMIT', 'NESTING_TOO_DEEP', 'FILE_TOO_LARGE', 'FILE_UNREADABLE']);

function compile() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return ajv.compile(deckSchema());
}

const files = [
  ...expandPaths(['tests/fixtures/decks'], root),
  ...(fs.existsSync(path.join(root, 'decks')) ? expandPaths(['decks'], root) : []),
];
const lint = await loadDeckFiles(files, root);

describe('deck schema', () => {
  it('compiles in ajv 2020 strict mode as draft 2020-12', async () => {
    expect(deckSchema().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof compile()).toBe('function');
  });

  it('is committed as docs/deck.schema.json, unchanged', async () => {
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'docs/deck.schema.json'), 'utf8'));
    expect(committed).toEqual(deckSchema());
  });

  const validate = compile();

  it.each(files)('agrees with the linter on %s', async (file) => {
    const diagnostics = lint.diagnostics.filter((d) => d.file === file);
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    if (errors.some((c) => NOT_DATA.has(c))) return; // nothing for a JSON Schema to look at
    const data = parse(fs.readFileSync(path.join(root, file), 'utf8'), { logLevel: 'error' });
    const expressible = errors.filter((c) => !(c in SCHEMA_CANNOT_EXPRESS));
    const valid = validate(data ?? null);
    const why = `lint errors: [${errors.join(', ')}]; schema errors: ${JSON.stringify(validate.errors)}`;
    expect(valid, why).toBe(expressible.length === 0);
  });

  it('covers bundled decks and every kind of fixture', async () => {
    expect(files.some((f) => f.startsWith('tests/fixtures/decks/broken/'))).toBe(true);
    expect(files.some((f) => f.startsWith('tests/fixtures/decks/valid/'))).toBe(true);
  });

  it('rejects what the linter rejects, case by case', async () => {
    const base = { deck: 'd', title: 'T', cards: [{ id: 'c', type: 'truefalse', statement: 'S', answer: true }] };
    const card = (c: Record<string, unknown>) => ({ ...base, cards: [c] });
    const opt = (text: string, correct?: boolean) => ({ text, ...(correct !== undefined ? { correct } : {}), why: 'w' });
    const cases: Array<[string, unknown]> = [
      ['no cards', { ...base, cards: [] }],
      ['bad deck id', { ...base, deck: 'Bad_Id' }],
      ['unknown type', card({ id: 'c', type: 'chioce', prompt: 'p' })],
      ['answer as text', card({ id: 'c', type: 'truefalse', statement: 'S', answer: 'true' })],
      ['two correct on choice', card({ id: 'c', type: 'choice', prompt: 'p', choices: [opt('a', true), opt('b', true)] })],
      ['none correct on choice', card({ id: 'c', type: 'choice', prompt: 'p', choices: [opt('a'), opt('b', false)] })],
      ['one correct on multi', card({ id: 'c', type: 'multi', prompt: 'p', choices: [opt('a', true), opt('b'), opt('c')] })],
      ['nine choices', card({ id: 'c', type: 'choice', prompt: 'p', choices: [opt('a', true), ...'bcdefghi'.split('').map((t) => opt(t))] })],
      ['cloze without blank', card({ id: 'c', type: 'cloze', text: 'no blank' })],
      ['two order items', card({ id: 'c', type: 'order', prompt: 'p', items: ['a', 'b'] })],
      ['repeated order item', card({ id: 'c', type: 'order', prompt: 'p', items: ['a', 'b', 'a'] })],
      ['blank prompt', card({ id: 'c', type: 'typed', prompt: ' ', answer: 'a' })],
      ['zero time limit', card({ id: 'c', type: 'truefalse', statement: 'S', answer: true, timeLimit: 0 })],
    ];
    for (const [name, data] of cases) {
      expect({ name, schema: validate(data) }).toEqual({ name, schema: false });
      const yaml = JSON.stringify(data);
      expect({ name, lintErrors: lintSource(yaml, 'x.yaml').diagnostics.some((d) => d.severity === 'error') }).toEqual({ name, lintErrors: true });
    }
    expect(validate(base)).toBe(true);
  });
});
