// `recall deck export --format csv`: Anki text with headers, and the round trip back through import.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';
import { parseAnkiText } from '../../src/core/interop/anki-text.js';

const work = workFolder();
const { run, write, read } = work;

const DECK = `deck: round-trip
title: Round trip
tags: [rt]
cards:
  - id: capital-of-france
    type: basic
    front: "What is the capital of France? (say it: \\"Paris\\")"
    back: |-
      Paris
      on the Seine
    explain: Since the 10th century.
    tags: [geo, europe]
  - id: unit-of-frequency
    type: typed
    prompt: What is the SI unit of frequency?
    answer: hertz
  - id: photosynthesis
    type: cloze
    text: Plants take in {{carbon dioxide|CO2}} and release {{oxygen}}.
    hint: gases
    explain: Photosynthesis.
  - id: tab-and-hash
    type: basic
    front: "#1 with\\ttab"
    back: "<b>not html</b> & 1.10"
`;

const OTHERS = `deck: others
title: Others
cards:
  - id: pick-one
    type: choice
    prompt: Which is largest?
    choices:
      - { text: Jupiter, correct: true, why: Most massive. }
      - { text: Mars, why: Small. }
  - id: tf
    type: truefalse
    statement: Water boils at 100 C at sea level.
    answer: true
  - id: typed-extra
    type: typed
    prompt: Unit of force?
    answer: newton
    accept: [N]
    explain: After Isaac Newton.
  - id: order-planets
    type: order
    prompt: Order from the Sun.
    items: [Mercury, Venus, Earth]
`;

const cardsOf = (file: string) => parse(read(file)).cards;

describe('recall deck export --format csv', () => {
  it('writes Anki text with the headers Anki reads, one row per card', async () => {
    write('rt.yaml', DECK);
    const r = await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'rt.txt']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/exported 4 notes from 1 deck \(round-trip\) to rt\.txt/);
    const text = read('rt.txt');
    expect(text.split('\n').slice(0, 7)).toEqual([
      '#separator:tab',
      '#html:false',
      '#guid column:1',
      '#notetype column:2',
      '#deck column:3',
      '#tags column:6',
      '#columns:GUID\tNotetype\tDeck\tFront\tBack\tTags',
    ]);
    const f = parseAnkiText(text);
    expect(f.notes.map((n) => n.notetype)).toEqual(['Basic', 'Basic (type in the answer)', 'Cloze', 'Basic']);
    expect(f.notes[2]!.fields[0]).toBe('Plants take in {{c1::carbon dioxide|CO2::gases}} and release {{c1::oxygen}}.');
    expect(f.notes[0]).toMatchObject({ guid: 'recall:round-trip/capital-of-france', deck: 'Round trip', tags: ['rt', 'geo', 'europe'] });
  });

  it('round trip: export then import gives the same basic, typed and cloze cards, ids and deck', async () => {
    write('rt.yaml', DECK);
    await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'rt.txt']);
    const r = await run(['deck', 'import', 'rt.txt', '-o', 'back/']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/back\/round-trip\.yaml \(deck "round-trip", 4 cards\)/);
    const original = parse(DECK).cards.map((c: { tags?: string[] }) => ({ ...c, tags: ['rt', ...(c.tags ?? [])] }));
    expect(cardsOf('back/round-trip.yaml')).toEqual(original);
    expect(parse(read('back/round-trip.yaml')).title).toBe('Round trip');
    expect((await run(['deck', 'lint', '--strict', 'back'])).code).toBe(0);
  });

  it('exports the other types as Basic notes and says what Anki cannot keep', async () => {
    write('others.yaml', OTHERS);
    const r = await run(['deck', 'export', 'others.yaml', '--format', 'csv']);
    expect(r.code).toBe(0);
    const f = parseAnkiText(r.out);
    expect(f.notes[0]!.fields).toEqual(['Which is largest?\n\nA. Jupiter\nB. Mars', 'A. Jupiter\n\nA: Most massive.\nB: Small.']);
    expect(f.notes[1]!.fields).toEqual(['Water boils at 100 C at sea level.\n\nTRUE or FALSE?', 'True']);
    expect(f.notes[3]!.fields[1]).toBe('1. Mercury\n2. Venus\n3. Earth');
    expect(f.notes[3]!.fields[0]).not.toContain('A. Mercury\nB. Venus\nC. Earth');
    expect(r.err).toMatch(/exported 4 notes from 1 deck \(others\) to stdout/);
    expect(r.err).toMatch(/accepted alternatives of typed cards/);
    expect(r.err).toMatch(/explanations of typed cards/);
  });

  it('exports several decks and bundled decks by id', async () => {
    write('rt.yaml', DECK);
    write('others.yaml', OTHERS);
    const r = await run(['deck', 'export', 'rt.yaml', 'others.yaml', '--format', 'csv', '-o', 'both.txt']);
    expect(r.code).toBe(0);
    const decks = new Set(parseAnkiText(read('both.txt')).notes.map((n) => n.deck));
    expect(decks).toEqual(new Set(['Round trip', 'Others']));
    const imported = await run(['deck', 'import', 'both.txt', '-o', 'again']);
    expect(imported.out).toMatch(/again\/round-trip\.yaml/);
    expect(imported.out).toMatch(/again\/others\.yaml/);
  });

  it('--deck picks a deck of a recall export by the id it had, keeps that id, and suggests it', async () => {
    // iam-exam-signals is titled "IAM users vs roles: exam signals and traps": its title's slug is
    // not its id, and importing it under the slug would lose its progress.
    const exported = await run(['deck', 'export', 'iam-exam-signals', 'iam-users-vs-roles', '--format', 'csv', '-o', 'both.txt']);
    expect(exported.code).toBe(0);
    const bad = await run(['deck', 'import', 'both.txt', '--deck', 'iam-exam-signal']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"IAM users vs roles: exam signals and traps" (--deck iam-exam-signals)');
    const r = await run(['deck', 'import', 'both.txt', '--deck', 'iam-exam-signals']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/iam-exam-signals\.yaml \(deck "iam-exam-signals", 27 cards\)/);
    expect(read('iam-exam-signals.yaml')).toMatch(/^deck: iam-exam-signals$/m);
    expect(fs.existsSync(path.join(work.dir, 'iam-users-vs-roles.yaml'))).toBe(false);
  });

  it.each(['csv', 'apkg'])('refuses -o with a .yaml name (--format %s), even with --force, and leaves the deck as it was', async (format) => {
    // With --force the export replaced the deck it was made from.
    write('rt.yaml', DECK);
    const r = await run(['deck', 'export', 'rt.yaml', '--format', format, '-o', 'rt.yaml', '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^recall: -o rt\\.yaml: an export is .*, not YAML, and a \\.yaml name may be a deck; write it to -o NAME\\.${format === 'apkg' ? 'apkg' : 'txt'}\n$`));
    expect(read('rt.yaml')).toBe(DECK);
  });

  it.each([
    [['deck', 'export', '--format', 'csv'], /missing required argument 'decks'/],
    [['deck', 'export', 'missing.yaml', '--format', 'csv'], /missing\.yaml/],
    [['deck', 'export', 'rt.yaml', '--format', 'xls'], /xls/],
  ])('refuses %j with exit 2', async (args, message) => {
    write('rt.yaml', DECK);
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('without --format says what the formats are, exit 2, and writes nothing', async () => {
    write('rt.yaml', DECK);
    const r = await run(['deck', 'export', 'rt.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: deck export needs --format: apkg (an Anki package to open in Anki) or csv (Anki text, for File > Import)\n');
    expect(r.out).toBe('');
  });

  it('never overwrites without --force', async () => {
    write('rt.yaml', DECK);
    write('rt.txt', 'mine');
    const r = await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'rt.txt']);
    expect(r.code).toBe(2);
    expect(read('rt.txt')).toBe('mine');
    expect((await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'rt.txt', '--force'])).code).toBe(0);
    expect(read('rt.txt')).toMatch(/^#separator:tab/);
  });
});
