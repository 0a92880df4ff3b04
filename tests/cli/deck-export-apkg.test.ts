// `recall deck export --format apkg`: the package is opened with sql.js and checked as Anki would
// read it (schema 11, every card on a note, field counts per note type), then imported back.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, workFolder } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
let SQL: any;
beforeAll(async () => {
  SQL = await require('sql.js')();
});

const NOW = '2026-03-01T10:00:00Z';
const work = workFolder({ RECALL_NOW: NOW });
const { run, write, read, env } = work;

const DECK = `deck: round-trip
title: Round trip
description: Capitals & <units>
tags: [rt, two words]
cards:
  - id: capital-of-france
    type: basic
    front: "What is the capital of France? (say it: \\"Paris\\")"
    back: |-
      Paris
      on the <Seine> & more
    explain: Since the 10th century.
    tags: [geo, europe]
  - id: unit-of-frequency
    type: typed
    prompt: What is the SI unit of frequency?
    answer: hertz
    explain: After Heinrich Hertz.
  - id: photosynthesis
    type: cloze
    text: Plants take in {{carbon dioxide|CO2}} and release {{oxygen}}.
    hint: gases
    explain: Photosynthesis.
  - id: spaced
    type: basic
    front: "a  b   c\\twith tab"
    back: "1 < 2"
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
  - id: order-planets
    type: order
    prompt: Order from the Sun.
    items: [Mercury, Venus, Earth]
`;

interface Opened {
  q: (sql: string) => any[][];
  files: string[];
  close: () => void;
}

function openPackage(file: string): Opened {
  const files = unzipSync(fs.readFileSync(path.join(work.dir, file)));
  expect(new TextDecoder().decode(files.media)).toBe('{}');
  const db = new SQL.Database(files['collection.anki2']);
  return { q: (sql) => db.exec(sql)[0]?.values ?? [], files: Object.keys(files).sort(), close: () => db.close() };
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('recall deck export --format apkg', () => {
  it('writes a schema-11 collection that SQLite and Anki read: tables, indexes, notes, cards, note types', async () => {
    write('rt.yaml', DECK);
    write('others.yaml', OTHERS);
    const r = await run(['deck', 'export', 'rt.yaml', 'others.yaml', '--format', 'apkg', '-o', 'both.apkg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/exported 6 notes from 2 decks \((round-trip, others|others, round-trip)\) to both\.apkg as an Anki package/);
    const p = openPackage('both.apkg');
    try {
      expect(p.files).toEqual(['collection.anki2', 'media']);
      expect(p.q('pragma integrity_check')).toEqual([['ok']]);
      const [ver, crt, models, decks, dconf, conf, tags] = p.q('select ver, crt, models, decks, dconf, conf, tags from col')[0]!;
      expect(ver).toBe(11);
      expect(crt).toBe(Date.parse('2026-03-01T00:00:00Z') / 1000);
      const objects = p.q("select type, name from sqlite_master where name not like 'sqlite_%' order by type, name").map((r) => r.join(' '));
      expect(objects).toEqual([
        'index ix_cards_nid', 'index ix_cards_sched', 'index ix_cards_usn', 'index ix_notes_csum', 'index ix_notes_usn', 'index ix_revlog_cid', 'index ix_revlog_usn',
        'table cards', 'table col', 'table graves', 'table notes', 'table revlog',
      ]);
      // every card points at a note, every note has exactly one card
      expect(p.q('select count(*) from cards where nid not in (select id from notes)')).toEqual([[0]]);
      expect(p.q('select count(*) from notes where id not in (select nid from cards)')).toEqual([[0]]);
      expect(p.q('select count(*), count(distinct guid) from notes')).toEqual([[6, 6]]);
      // field counts match each note's note type
      const m = JSON.parse(String(models));
      for (const [mid, flds] of p.q('select mid, flds from notes')) expect(String(flds).split('\x1f').length).toBe(m[String(mid)].flds.length);
      const byName = Object.fromEntries(Object.values(m).map((x: any) => [x.name, x]));
      expect(byName['recall: Cloze'].type).toBe(1);
      expect(byName['recall: Cloze'].tmpls[0].qfmt).toBe('{{cloze:Text}}');
      expect(byName['recall: Type in the answer'].tmpls[0].qfmt).toContain('{{type:Back}}');
      expect(byName['recall: Basic'].flds.map((f: any) => f.name)).toEqual(['Front', 'Back']);
      // one Anki deck per recall deck, named by its title, plus Anki's Default
      const d = JSON.parse(String(decks));
      expect(Object.values(d).map((x: any) => x.name).sort()).toEqual(['Default', 'Others', 'Round trip']);
      const rtDeck: any = Object.values(d).find((x: any) => x.name === 'Round trip');
      expect(rtDeck.desc).toBe('Capitals &amp; &lt;units&gt;');
      expect(p.q(`select count(*) from cards where did = ${rtDeck.id}`)).toEqual([[4]]);
      expect(JSON.parse(String(dconf))['1'].name).toBe('Default');
      expect(JSON.parse(String(conf)).nextPos).toBe(7);
      expect(Object.keys(JSON.parse(String(tags))).sort()).toEqual(['europe', 'geo', 'rt', 'two_words']);

      const note = (guid: string) => {
        const [flds, tagText, sfld, csum, mid] = p.q(`select flds, tags, sfld, csum, mid from notes where guid = '${guid}'`)[0]!;
        return { fields: String(flds).split('\x1f'), tags: String(tagText), sfld, csum, model: m[String(mid)].name };
      };
      const basic = note('recall:round-trip/capital-of-france');
      expect(basic.model).toBe('recall: Basic');
      expect(basic.fields).toEqual(['What is the capital of France? (say it: &quot;Paris&quot;)', 'Paris<br>on the &lt;Seine&gt; &amp; more<br><br>Explain: Since the 10th century.']);
      expect(basic.tags).toBe(' rt two_words geo europe ');
      expect(basic.sfld).toBe('What is the capital of France? (say it: "Paris")');
      expect(basic.csum).toBe(parseInt(sha1('What is the capital of France? (say it: "Paris")').slice(0, 8), 16));
      expect(note('recall:round-trip/unit-of-frequency')).toMatchObject({ model: 'recall: Type in the answer', fields: ['What is the SI unit of frequency?', 'hertz', 'After Heinrich Hertz.'] });
      expect(note('recall:round-trip/photosynthesis')).toMatchObject({
        model: 'recall: Cloze',
        fields: ['Plants take in {{c1::carbon dioxide|CO2::gases}} and release {{c1::oxygen}}.', 'Photosynthesis.'],
      });
      expect(note('recall:round-trip/spaced').fields[0]).toBe('a &nbsp;b &nbsp;&nbsp;c\twith tab');
      expect(note('recall:others/pick-one')).toMatchObject({ model: 'recall: Basic', fields: ['Which is largest?<br><br>A. Jupiter<br>B. Mars', 'A. Jupiter<br><br>A: Most massive.<br>B: Small.'] });
      // a cloze note has one card per cloze ordinal: every recall blank is c1
      expect(p.q("select count(*), max(ord) from cards join notes on notes.id = cards.nid where guid = 'recall:round-trip/photosynthesis'")).toEqual([[1, 0]]);
      // new cards, due in deck order
      const due = p.q(`select due from cards where did = ${rtDeck.id} order by nid`).flat() as number[];
      expect(due).toEqual([due[0], due[0]! + 1, due[0]! + 2, due[0]! + 3]);
      expect(p.q(`select guid from notes where id in (select nid from cards where did = ${rtDeck.id}) order by id`).flat()).toEqual(
        ['capital-of-france', 'unit-of-frequency', 'photosynthesis', 'spaced'].map((c) => `recall:round-trip/${c}`),
      );
    } finally {
      p.close();
    }
  });

  it('gives the same guids, note ids, card ids and deck ids on every export', async () => {
    write('rt.yaml', DECK);
    await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'a.apkg']);
    // a card added in front does not change the other notes' guids
    write('rt.yaml', DECK.replace('cards:\n', 'cards:\n  - id: new-first\n    type: basic\n    front: new\n    back: card\n'));
    await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'b.apkg']);
    await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'c.apkg']);
    const rows = (f: string) => {
      const p = openPackage(f);
      const out = {
        notes: p.q('select guid, id from notes order by guid'),
        cards: p.q('select notes.guid, cards.id, cards.did from cards join notes on notes.id = cards.nid order by notes.guid'),
        decks: Object.keys(JSON.parse(String(p.q('select decks from col')[0]![0]))).sort(),
      };
      p.close();
      return out;
    };
    const a = rows('a.apkg');
    const b = rows('b.apkg');
    expect(rows('c.apkg')).toEqual(b);
    expect(fs.readFileSync(path.join(work.dir, 'b.apkg')).equals(fs.readFileSync(path.join(work.dir, 'c.apkg')))).toBe(true);
    expect(b.notes.map((n) => n[0]).filter((g) => g !== 'recall:round-trip/new-first')).toEqual(a.notes.map((n) => n[0]));
    expect(b.decks).toEqual(a.decks);
  });

  it('round trip: export then import gives the same basic, typed and cloze cards, ids and deck', async () => {
    write('rt.yaml', DECK);
    expect((await run(['deck', 'export', 'rt.yaml', '--format', 'apkg'])).code).toBe(0);
    const r = await run(['deck', 'import', 'round-trip.apkg', '-o', 'back/']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/back\/round-trip\.yaml \(deck "round-trip", 4 cards\)/);
    const original = parse(DECK).cards.map((c: { tags?: string[] }) => ({ ...c, tags: ['rt', 'two_words', ...(c.tags ?? [])] }));
    // The tab and the runs of spaces survive; Anki keeps them as &nbsp;.
    expect(parse(read('back/round-trip.yaml')).cards).toEqual(original);
    expect(parse(read('back/round-trip.yaml')).title).toBe('Round trip');
    expect((await run(['deck', 'lint', '--strict', 'back'])).code).toBe(0);
  });

  it.each(['apkg', 'csv'])('keeps "::" inside a cloze answer from reading as a hint in Anki (%s), and imports it back', async (format) => {
    write('arn.yaml', `deck: arns\ntitle: ARNs\ncards:\n  - id: role-arn\n    type: cloze\n    text: "The role ARN is {{arn:aws:iam::123456789012:role/R}}."\n    hint: "form a::b"\n`);
    const file = `arns.${format === 'apkg' ? 'apkg' : 'txt'}`;
    expect((await run(['deck', 'export', 'arn.yaml', '--format', format, '-o', file])).code).toBe(0);
    let field: string;
    if (format === 'apkg') {
      const p = openPackage(file);
      field = String(p.q('select flds from notes')[0]![0]).split('\x1f')[0]!;
      p.close();
      expect(field).toBe('The role ARN is {{c1::arn:aws:iam:&#58;123456789012:role/R::form a:&#58;b}}.');
    } else {
      field = read(file).split('\n')[7]!.split('\t')[3]!;
      expect(field).toBe('The role ARN is {{c1::arn:aws:iam:\u200B:123456789012:role/R::form a:\u200B:b}}.');
    }
    // Anki's cloze syntax: the answer runs to the first "::", the hint after it.
    const [, answer, hint] = /\{\{c1::(.*?)(?:::(.*?))?\}\}/.exec(field)!;
    expect(answer!.replace('&#58;', ':').replace('\u200B', '')).toBe('arn:aws:iam::123456789012:role/R');
    expect(hint!.replace('&#58;', ':').replace('\u200B', '')).toBe('form a::b');
    expect((await run(['deck', 'import', file, '-o', 'back.yaml'])).code).toBe(0);
    expect(parse(read('back.yaml')).cards[0]).toMatchObject({ text: 'The role ARN is {{arn:aws:iam::123456789012:role/R}}.', hint: 'form a::b' });
  });

  it('names decks that share a title apart, so Anki keeps them apart', async () => {
    write('rt.yaml', DECK);
    write('twin.yaml', DECK.replace('deck: round-trip', 'deck: twin'));
    write('default.yaml', OTHERS.replace('title: Others', 'title: default'));
    expect((await run(['deck', 'export', 'rt.yaml', 'twin.yaml', 'default.yaml', '--format', 'apkg', '-o', 'x.apkg'])).code).toBe(0);
    const p = openPackage('x.apkg');
    const names = Object.values(JSON.parse(String(p.q('select decks from col')[0]![0]))).map((d: any) => d.name);
    p.close();
    expect(names.sort()).toEqual(['Default', 'Round trip', 'Round trip (twin)', 'default (others)']);
    const back = await run(['deck', 'import', 'x.apkg', '-o', 'back']);
    expect(back.code).toBe(0);
    expect(fs.readdirSync(path.join(work.dir, 'back')).sort()).toEqual(['others.yaml', 'round-trip.yaml', 'twin.yaml']);
  });

  it.each([
    ['an unknown deck', ['deck', 'export', 'nope', '--format', 'apkg'], /nope/],
    ['-o into a missing folder', ['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'missing/x.apkg'], /cannot write missing\/x\.apkg: the folder missing does not exist/],
    ['-o into a file as if a folder', ['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'rt.yaml/x.apkg'], /rt\.yaml is not a folder/],
    ['an unknown format', ['deck', 'export', 'rt.yaml', '--format', 'anki'], /anki/],
  ])('refuses %s with exit 2 and no stack trace', async (_, args, message) => {
    write('rt.yaml', DECK);
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(work.dir, 'missing'))).toBe(false);
  });

  it('refuses to write a package to a terminal, and csv into a missing folder, with exit 2', async () => {
    write('rt.yaml', DECK);
    const { PassThrough } = await import('node:stream');
    const { run: exportRun } = await import('../../src/commands/deck-export.js');
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: env(), cwd: work.dir };
    await expect(exportRun({ decks: ['rt.yaml'], format: 'apkg', output: '-' }, io)).rejects.toThrow(/an Anki package is binary: write it to a file with -o FILE\.apkg/);
    const csv = await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'no/such/rt.txt']);
    expect(csv.code).toBe(2);
    expect(csv.err).toMatch(/the folder no\/such does not exist/);
    expect(fs.existsSync(path.join(work.dir, 'no'))).toBe(false);
  });

  it('writes into a folder -o names, under the default file name', async () => {
    write('rt.yaml', DECK);
    fs.mkdirSync(path.join(work.dir, 'out'));
    const r = await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'out']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/to out\/round-trip\.apkg as an Anki package/);
    expect(fs.existsSync(path.join(work.dir, 'out', 'round-trip.apkg'))).toBe(true);
    expect((await run(['deck', 'export', 'rt.yaml', '--format', 'csv', '-o', 'out/'])).code).toBe(0);
    expect(read('out/round-trip.txt')).toMatch(/^#separator:tab/);
  });

  it('never overwrites without --force', async () => {
    write('rt.yaml', DECK);
    write('round-trip.apkg', 'mine');
    const r = await run(['deck', 'export', 'rt.yaml', '--format', 'apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/round-trip\.apkg already exists; pass --force/);
    expect(read('round-trip.apkg')).toBe('mine');
    expect((await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '--force'])).code).toBe(0);
    expect(fs.readFileSync(path.join(work.dir, 'round-trip.apkg')).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  });

  it('says what Anki cannot keep, and that a name without .apkg is not listed by Anki', async () => {
    write('rt.yaml', DECK.replace('    explain: After Heinrich Hertz.\n', '    explain: After Heinrich Hertz.\n    accept: [Hz]\n'));
    const r = await run(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'rt.zip']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/not kept in Anki: round-trip: 1 × accepted alternatives of typed cards/);
    expect(r.out).not.toMatch(/explanations of typed cards/);
    expect(r.out).toMatch(/only files ending in \.apkg/);
  });
});

describe('recall deck export --format apkg, built binary', () => {
  const bin = path.join(repoRoot, 'bin/recall.cjs');
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: work.dir, env: { ...process.env, ...env(), NO_COLOR: '1' }, encoding: 'buffer', input });

  it('exports a bundled deck to a package and imports it back into a deck that lints clean', () => {
    expect(fs.existsSync(path.join(repoRoot, 'dist/cli.cjs')), 'run npm run build first').toBe(true);
    const ex = cli(['deck', 'export', 'iam-exam-signals', '--format', 'apkg', '-o', 'iam.apkg']);
    expect(ex.stderr.toString()).toBe('');
    expect(ex.status).toBe(0);
    expect(ex.stdout.toString()).toMatch(/exported \d+ notes from 1 deck \(iam-exam-signals\) to iam\.apkg/);
    const p = openPackage('iam.apkg');
    expect(p.q('pragma integrity_check')).toEqual([['ok']]);
    p.close();
    const im = cli(['deck', 'import', 'iam.apkg', '-o', 'back/']);
    expect(im.status).toBe(0);
    expect(im.stdout.toString()).toMatch(/back\/iam-exam-signals\.yaml/);
    const lint = cli(['deck', 'lint', 'back']);
    expect(lint.status).toBe(0);
  });

  it('writes the package to a pipe with -o -, the summary to stderr', () => {
    fs.writeFileSync(path.join(work.dir, 'rt.yaml'), DECK);
    const r = cli(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', '-']);
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toMatch(/to stdout as an Anki package/);
    const files = unzipSync(new Uint8Array(r.stdout));
    expect(Object.keys(files).sort()).toEqual(['collection.anki2', 'media']);
  });

  it('refuses a missing folder with exit 2 and one line, no stack trace', () => {
    fs.writeFileSync(path.join(work.dir, 'rt.yaml'), DECK);
    const r = cli(['deck', 'export', 'rt.yaml', '--format', 'apkg', '-o', 'nowhere/rt.apkg']);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toMatch(/the folder nowhere does not exist/);
    expect(r.stderr.toString()).not.toMatch(/\n\s+at /);
  });
});
