// Loader and linter: every diagnostic code has a fixture, asserted at its exact path:line:col.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeckFiles } from '../../src/adapters/load-decks.js';
import { lintSource } from '../../src/adapters/lint-source.js';
import { parseDeckSource } from '../../src/adapters/yaml-deck.js';
import { readDeckFile } from '../../src/adapters/deck-files.js';
import { validateDeck } from '../../src/core/validate.js';
import { chooseN } from '../../src/core/validate-cards.js';
import type { Card, Diagnostic } from '../../src/core/model.js';

const root = path.resolve(__dirname, '../..');
const FIX = 'tests/fixtures/decks';
const lintFiles = (...files: string[]) => loadDeckFiles(files, root);
const where = (d: Diagnostic) => `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code}`;

// fixture -> every diagnostic it must produce, in order: `line:col severity CODE`.
const BROKEN: Array<[string, string[]]> = [
  ['unknown-type', ['5:11 error UNKNOWN_TYPE']],
  ['missing-field', ['4:5 error MISSING_FIELD']],
  ['missing-title', ['1:1 error MISSING_FIELD']],
  ['empty-field', ['7:5 error MISSING_FIELD', '11:5 error MISSING_FIELD']],
  ['empty-value', ['3:1 error EMPTY_VALUE', '9:5 error EMPTY_VALUE', '10:16 error EMPTY_VALUE']],
  ['wrong-type-number', ['7:13 error WRONG_TYPE']],
  ['wrong-type-bool', ['7:13 error WRONG_TYPE']],
  ['wrong-type-list', ['8:9 error WRONG_TYPE']],
  ['wrong-type-top', ['1:1 error WRONG_TYPE']],
  ['time-limit', ['8:16 error WRONG_TYPE', '13:16 error WRONG_TYPE']],
  ['duplicate-id', ['12:9 error DUPLICATE_ID']],
  ['choice-correct-count', ['8:7 error CHOICE_CORRECT_COUNT', '18:7 error CHOICE_CORRECT_COUNT']],
  ['multi-correct-count', ['8:7 error MULTI_CORRECT_COUNT']],
  ['choose-n-mismatch', ['6:13 error CHOOSE_N_MISMATCH', '20:13 error CHOOSE_N_MISMATCH']],
  ['choice-count', ['8:7 error CHOICE_COUNT']],
  ['cloze-no-blank', ['6:11 error CLOZE_NO_BLANK']],
  ['cloze-empty-blank', ['6:11 error CLOZE_EMPTY_BLANK']],
  ['order-too-few', ['7:12 error ORDER_TOO_FEW']],
  ['order-too-many', ['7:12 error ORDER_TOO_MANY']],
  ['order-duplicate-item', ['10:9 error ORDER_DUPLICATE_ITEM', '17:9 error ORDER_DUPLICATE_ITEM']],
  ['missing-why', ['11:9 warning MISSING_WHY']],
  ['duplicate-choice', ['13:9 warning DUPLICATE_CHOICE']],
  ['ambiguous-choice', ['11:9 error AMBIGUOUS_CHOICE', '22:9 error AMBIGUOUS_CHOICE', '31:9 error AMBIGUOUS_CHOICE']],
  ['empty-file', ['1:1 error EMPTY_FILE']],
  ['empty-deck', ['3:1 error EMPTY_DECK']],
  ['bad-id', ['1:7 error BAD_ID', '4:9 error BAD_ID']],
  ['unknown-field', ['3:1 warning UNKNOWN_FIELD', '7:5 warning UNKNOWN_FIELD', '11:9 warning UNKNOWN_FIELD', '20:5 warning UNKNOWN_FIELD']],
  ['control-char', ['2:8 warning CONTROL_CHAR', '6:12 warning CONTROL_CHAR', '8:14 warning CONTROL_CHAR']],
  ['yaml-syntax', ['6:13 error YAML_SYNTAX']],
  ['duplicate-key', ['7:5 error DUPLICATE_KEY']],
  ['typos-wrong-type', ['3:8 error WRONG_TYPE', '9:12 error WRONG_TYPE']],
];

describe('broken fixtures', () => {
  it.each(BROKEN)('%s reports exactly its diagnostics at their positions', async (name, expected) => {
    const file = `${FIX}/broken/${name}.yaml`;
    const { diagnostics } = await lintFiles(file);
    expect(diagnostics.map(where)).toEqual(expected.map((e) => `${file}:${e}`));
  });

  it('has a fixture for every file in the broken folder', async () => {
    const files = fs.readdirSync(path.join(root, FIX, 'broken')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(BROKEN.map(([n]) => n).sort());
  });

  it('returns no deck for a file with errors, and the deck for one with warnings only', async () => {
    expect((await lintFiles(`${FIX}/broken/unknown-type.yaml`)).decks).toEqual([]);
    expect((await lintFiles(`${FIX}/broken/missing-why.yaml`)).decks.map((d) => d.id)).toEqual(['missing-why']);
    expect((await lintFiles(`${FIX}/broken/control-char.yaml`)).decks.map((d) => d.id)).toEqual(['control-char']);
  });
});

describe('messages', () => {
  const message = async (name: string, i = 0) => (await lintFiles(`${FIX}/broken/${name}.yaml`)).diagnostics[i]!.message;

  it('quotes what YAML read and suggests quoting when a number stands for text', async () => {
    expect(await message('wrong-type-number')).toBe('"answer" should be text, but YAML read 1.10 as the number 1.1; put it in quotes: "1.10"');
  });
  it('says typos takes true or false', async () => {
    expect(await message('typos-wrong-type')).toBe('"typos" should be true or false, but YAML read the text "no"; write true or false without quotes');
  });
  it('quotes the text YAML read where true/false was expected', async () => {
    expect(await message('wrong-type-bool')).toContain('YAML read the text "nope"');
  });
  it('names the line of the first card when reporting a duplicate id', async () => {
    expect(await message('duplicate-id')).toContain('already used on line 4');
  });
  it('suggests the closest card type and field name', async () => {
    expect(await message('unknown-type')).toContain('did you mean "choice"?');
    expect(await message('unknown-field', 1)).toContain('did you mean "prompt"?');
    expect(await message('unknown-field', 3)).toContain('belongs to basic cards');
  });
  it('reads "choose" counts written in digits and in words', async () => {
    expect(await message('choose-n-mismatch', 0)).toContain('says choose 3, but 2 choices');
    expect(await message('choose-n-mismatch', 1)).toContain('says choose 2, but 3 choices');
  });
  it.each([
    ['Which services let an admin select 3 Regions for replicas? (Choose two.)', 2],
    ['You must pick one Region and two AZs. Which are true? Choose two.', 2],
    ['Pick two services that let an admin select 3 Regions.', 2],
    ['Which apply? (Choose three.)', 3],
    ['Select 2 of these.', 2],
    ['Which two would you select 2 of?', 2],
    ['Which apply?', undefined],
  ] as const)('reads the count of the instruction, not a "select 3" of the question before it: %j', (prompt, n) => {
    expect(chooseN(prompt)).toBe(n);
  });
  it('neutralises escape sequences it quotes', async () => {
    const { diagnostics } = await lintFiles(`${FIX}/broken/control-char.yaml`);
    expect(diagnostics[0]!.message).toContain('\\e[31m');
    for (const d of diagnostics) expect(d.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('duplicate deck ids across files', () => {
  it('reports the second file at its deck: value, naming the first file', async () => {
    const a = `${FIX}/duplicate-deck/a.yaml`;
    const b = `${FIX}/duplicate-deck/b.yaml`;
    const { diagnostics, decks } = await lintFiles(a, b);
    expect(diagnostics.map(where)).toEqual([`${b}:2:7 error DUPLICATE_DECK`]);
    expect(diagnostics[0]!.message).toContain(`${a}:1:7`);
    expect(decks.map((d) => d.source)).toEqual([a]);
  });
});

describe('valid decks', () => {
  const deckOf = async (name: string) => {
    const { decks, diagnostics } = await lintFiles(`${FIX}/valid/${name}.yaml`);
    expect(diagnostics).toEqual([]);
    return decks[0]!;
  };

  it('builds the model with merged tags, positions and every card type', async () => {
    const deck = await deckOf('all-types');
    expect(deck).toMatchObject({ id: 'fixture-all-types', title: 'Every card type once', tags: ['fixture', 'aws'] });
    expect(new Set(deck.cards.map((c) => c.type))).toEqual(new Set(['basic', 'choice', 'multi', 'truefalse', 'typed', 'cloze', 'order']));
    const byId = (id: string) => deck.cards.find((c) => c.id === id)! as Card;
    expect(byId('basic-auto-graded')).toMatchObject({ tags: ['fixture', 'aws', 'sts'], accept: ['sts', 'security token service'], pos: { line: 11, col: 5 } });
    expect(byId('role-credentials')).toMatchObject({ hint: 'Think about expiry.', timeLimit: 45, explain: 'Roles never have long-term credentials.' });
    expect(byId('role-credentials')).toMatchObject({ choices: [{ correct: true }, { correct: false }] });
    expect(byId('principal-kinds')).toMatchObject({ choices: [{ correct: true }, { correct: true }, { correct: false }] });
    expect(byId('roles-have-passwords')).toMatchObject({ answer: false });
    expect(byId('version-number')).toMatchObject({ answer: '2012-10-17', accept: [] });
    expect(byId('temp-creds-cloze')).toMatchObject({ blanks: [['session token', 'token']] });
    expect(byId('assume-role-steps')).toMatchObject({ items: ['The caller requests AssumeRole', 'STS checks the trust policy', 'STS returns temporary credentials'] });
    expect(deck.source).toBe(`${FIX}/valid/all-types.yaml`);
  });

  it("takes the deck's typos as the default of its cards, and a card's own typos over it", async () => {
    const deck = await deckOf('typos');
    expect(deck.cards.map((c) => `${c.id}:${c.typos ?? 'on'}`)).toEqual(['strict-by-default:false', 'tolerant-again:on', 'strict-cloze:false']);
    const { deck: plain } = lintSource('deck: t\ntitle: T\ncards:\n  - {id: c, type: typed, prompt: P, answer: PutObject, typos: false}\n  - {id: d, type: typed, prompt: P, answer: PutObject}\n', 'x.yaml');
    expect(plain!.cards.map((c) => c.typos)).toEqual([false, undefined]);
  });

  it('does not repeat a tag the card shares with its deck', async () => {
    const { deck } = lintSource('deck: t\ntitle: T\ntags: [a, b]\ncards:\n  - {id: c, type: truefalse, statement: S, answer: true, tags: [b, c]}\n', 'x.yaml');
    expect(deck!.cards[0]!.tags).toEqual(['a', 'b', 'c']);
  });

  it('expands anchors and aliases in moderation', async () => {
    const deck = await deckOf('anchors');
    expect(deck.cards[1]).toMatchObject({ id: 'second', choices: [{ text: 'Session token', correct: true }, { correct: false }] });
  });

  it('lints the starter deck of `deck new` clean, warnings included', async () => {
    const { starterDeck } = await import('../../src/commands/deck-new.js');
    expect(lintSource(starterDeck('starter'), 'starter.yaml').diagnostics).toEqual([]);
  });
});

describe('hostile input', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-validate-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('stops an alias bomb with ALIAS_LIMIT', async () => {
    const { diagnostics, decks } = await lintFiles(`${FIX}/hostile/alias-bomb.yaml`);
    expect(diagnostics.map((d) => d.code)).toEqual(['ALIAS_LIMIT']);
    expect(decks).toEqual([]);
  });

  it('keeps custom tags such as !!js/function inert and reports them', async () => {
    const file = `${FIX}/hostile/js-function.yaml`;
    const { diagnostics, decks } = await lintFiles(file);
    expect(diagnostics.map(where)).toEqual([`${file}:6:12 warning UNKNOWN_TAG`, `${file}:7:11 warning UNKNOWN_TAG`]);
    expect(decks[0]!.cards[0]).toMatchObject({ type: 'basic', front: 'function () { return process.exit(1) }', back: 'plain text' });
  });

  it.each([
    ['flow sequences', '['.repeat(1000) + ']'.repeat(1000)],
    ['block mappings', Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n')],
    ['block sequences', Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + '- ').join('\n')],
    ['cards nested 100 deep', 'deck: d\ntitle: T\ncards: ' + '['.repeat(100) + ']'.repeat(100)],
  ])('reports nesting 1,000 levels deep (%s) without crashing', (_name, src) => {
    const { diagnostics, deck } = lintSource(src, 'deep.yaml');
    expect(deck).toBeNull();
    expect(diagnostics.map((d) => d.code)).toContain('NESTING_TOO_DEEP');
  });

  it('refuses a file over 5 MB before reading it', async () => {
    const file = path.join(tmp, 'huge.yaml');
    fs.writeFileSync(file, 'deck: huge\n');
    fs.truncateSync(file, 5 * 1024 * 1024 + 1);
    const read = readDeckFile(file, tmp);
    expect(read.text).toBeNull();
    expect(read.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['1:1 FILE_TOO_LARGE']);
    expect((await loadDeckFiles([file], tmp)).diagnostics[0]!.code).toBe('FILE_TOO_LARGE');
  });

  it('reports a file it cannot read instead of throwing or blocking', async () => {
    const dir = path.join(tmp, 'folder.yaml');
    fs.mkdirSync(dir);
    expect(readDeckFile(dir, tmp).diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE']);
    expect(readDeckFile('/dev/zero', tmp).diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE']);
    expect(readDeckFile(path.join(tmp, 'gone.yaml'), tmp).diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE']);
  });

  it('warns about raw control bytes and escape sequences written straight into the file', async () => {
    const src = 'deck: raw\ntitle: "Raw \x1b[2J bytes"\ncards:\n  - id: c\n    type: basic\n    front: "tab\tand bell \x07"\n    back: "ok"\n';
    const { diagnostics, deck } = lintSource(src, 'raw.yaml');
    expect(diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['2:8 CONTROL_CHAR', '6:12 CONTROL_CHAR']);
    expect(deck!.title).toBe('Raw \x1b[2J bytes');
  });

  it('reports a second YAML document as a syntax error', async () => {
    const { diagnostics } = lintSource('deck: a\n---\ndeck: b\n', 'two.yaml');
    expect(diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });

  it('treats a file holding only null as empty', async () => {
    expect(lintSource('~\n', 'null.yaml').diagnostics.map((d) => d.code)).toEqual(['EMPTY_FILE']);
    expect(lintSource('', 'blank.yaml').diagnostics.map((d) => d.code)).toEqual(['EMPTY_FILE']);
  });

  it('never throws on odd trees handed straight to the validator', async () => {
    expect(validateDeck(null, 'x').diagnostics[0]!.code).toBe('EMPTY_FILE');
    expect(validateDeck({ kind: 'scalar', value: 42, source: '42', line: 1, col: 1 }, 'x').diagnostics[0]!.code).toBe('WRONG_TYPE');
    expect(parseDeckSource('? [a, b]\n: c\n', 'x').diagnostics.map((d) => d.code)).toEqual(['WRONG_TYPE']);
  });
});
