// `recall deck import`: Anki text and CSV in, YAML decks that lint clean out. Fixtures are made here.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const work = workFolder();
const { run, write, read } = work;

const ANKI = [
  '#separator:tab',
  '#html:true',
  '#notetype column:1',
  '#deck column:2',
  '#guid column:3',
  '#tags column:6',
  'Basic\tAWS::IAM\tg1\tWhat does <b>IAM</b> stand for?\tIdentity &amp; Access<br>Management\taws iam',
  'Basic (type in the answer)\tAWS::IAM\tg2\tThe IAM entity a workload assumes?\trole\taws',
  'Cloze\tAWS::S3\tg3\tS3 stores {{c1::objects::not files}} in {{c2::buckets}}\tBack extra\t',
  'Basic\tAWS::S3\tg4\tA diagram\t<img src="s3.png">\t',
  '',
].join('\n');

describe('recall deck import (Anki text)', () => {
  it('writes one deck per Anki deck to a folder, which lints clean, and says what it did', async () => {
    write('export.txt', ANKI);
    const r = await run(['deck', 'import', 'export.txt', '-o', 'decks']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('imported 3 cards from export.txt');
    expect(r.out).toMatch(/decks\/aws-iam\.yaml \(deck "aws-iam", 2 cards\)/);
    expect(r.out).toMatch(/decks\/aws-s3\.yaml \(deck "aws-s3", 1 card\)/);
    expect(r.out).toMatch(/line 10: the back is empty/);
    expect(r.out).toMatch(/media not imported \(1 file.*s3\.png/);
    const lint = await run(['deck', 'lint', '--strict', 'decks']);
    expect(lint.err).toMatch(/2 files checked: 0 errors, 0 warnings/);
    expect(lint.code).toBe(0);
    expect(read('decks/aws-iam.yaml')).toContain('Identity & Access\n      Management');
    const s3 = read('decks/aws-s3.yaml');
    expect(s3).toContain('text: S3 stores {{objects}} in {{buckets}}');
    expect(s3).toContain('hint: not files');
  });

  it('decodes the HTML entities Anki writes into the text they stand for', async () => {
    // Anki's editor writes a pipe as &vert; and braces as &lbrace; &rbrace;; as written they were a wrong card.
    write('shell.txt', ['#separator:tab', '#html:true', '#guid column:1', 'g1\tWhat does <code>a &vert; b</code> do?\tSends &lbrace;stdout&rbrace; of a &rarr; stdin of b&nbsp;&mdash; &NotEqualTilde;', ''].join('\n'));
    const r = await run(['deck', 'import', 'shell.txt', '-o', 'shell.yaml']);
    expect(r.code).toBe(0);
    const deck = read('shell.yaml');
    expect(deck).toContain('front: What does a | b do?');
    expect(deck).toContain('back: Sends {stdout} of a → stdin of b — ≂̸');
    expect(deck).not.toMatch(/&[a-zA-Z]+;/);
    expect((await run(['deck', 'lint', '--strict', 'shell.yaml'])).code).toBe(0);
  });

  it('writes no escape or bidi control into the deck, from an entity, a field or the file name', async () => {
    const name = 'evil\u001b]0;pwned\u0007\u202Ename.txt';
    write(name, ['#separator:tab', '#html:true', 'Who&#x202E;? &#27;[2J\tRLO &#8238;x&#x2066; \u202E raw', ''].join('\n'));
    const r = await run(['deck', 'import', name, '-o', 'evil.yaml']);
    expect(r.code).toBe(0);
    const deck = read('evil.yaml');
    expect(deck).toContain('front: Who? [2J');
    expect(deck).toContain('back: RLO x  raw');
    expect(deck).toMatch(/^title: evil\]0;pwnedname$/m);
    // (the comment and description name the file neutralised: \e, \x07, \u{202E} as text)
    expect(deck).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    const lint = await run(['deck', 'lint', '--strict', 'evil.yaml']);
    expect(lint.err).toMatch(/1 file checked: 0 errors, 0 warnings/);
    expect(lint.code).toBe(0);
  });

  it('imports only the deck --deck names', async () => {
    write('export.txt', ANKI);
    const r = await run(['deck', 'import', 'export.txt', '--deck', 'aws-s3']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(work.dir).sort()).toEqual(['aws-s3.yaml', 'export.txt']);
    const bad = await run(['deck', 'import', 'export.txt', '--deck', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no Anki deck "nope".*--deck aws-iam/);
  });

  it('keeps card ids on re-import of an updated export (so progress is kept), and needs --force to replace', async () => {
    write('export.txt', ANKI);
    await run(['deck', 'import', 'export.txt', '--deck', 'aws-iam']);
    const before = read('aws-iam.yaml').match(/id: \S+/g);
    write('export.txt', ANKI.replace('Identity &amp; Access', 'Identity and Access'));
    const again = await run(['deck', 'import', 'export.txt', '--deck', 'aws-iam']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists; pass --force/);
    expect((await run(['deck', 'import', 'export.txt', '--deck', 'aws-iam', '--force'])).code).toBe(0);
    expect(read('aws-iam.yaml')).toContain('Identity and Access');
    expect(read('aws-iam.yaml').match(/id: \S+/g)).toEqual(before);
  });
});

describe('recall deck import (CSV)', () => {
  it('reads a plain CSV with a header row and a BOM, with --deck, --title, --type and -o', async () => {
    write('terms.csv', '\uFEFFfront,back,tags\n"Capital of France, the city?",Paris,geo\n"He said ""yes""","multi\nline",\nVersion?,"1.10",\n');
    const r = await run(['deck', 'import', 'terms.csv', '-o', 'out/t.yaml', '--deck', 'terms', '--title', 'Key: terms', '--type', 'typed']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const y = read('out/t.yaml');
    expect(y).toContain('deck: terms');
    expect(y).toContain('title: "Key: terms"');
    expect(y).toMatch(/type: typed\n\s+prompt: Capital of France, the city\?\n\s+answer: Paris/);
    expect(y).toContain('answer: "1.10"');
    expect(y).toMatch(/type: basic\n\s+front: He said "yes"/);
    expect(r.out).toMatch(/several lines/);
    const show = await run(['deck', 'lint', '--strict', 'out/t.yaml']);
    expect(show.code).toBe(0);
  });

  it('refuses a YAML file (a recall deck already), even with --force, and leaves it as it was', async () => {
    // Read as CSV it became junk cards, written to the same name: --force replaced the deck.
    const deck = 'deck: mine\ntitle: Mine\ncards:\n  - { id: a, type: truefalse, statement: s, answer: true }\n';
    write('mine.yaml', deck);
    const r = await run(['deck', 'import', 'mine.yaml', '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: mine.yaml is YAML, the format recall decks are written in: there is nothing to import (recall deck lint mine.yaml checks it). deck import reads Anki text exports (.txt), CSV/TSV and Anki packages (.apkg, .colpkg)\n');
    expect(read('mine.yaml')).toBe(deck);
  });

  it('never writes over the file it imports (a hard link named as the output)', async () => {
    write('words.csv', 'eins,one\nzwei,two\n');
    fs.linkSync(path.join(work.dir, 'words.csv'), path.join(work.dir, 'words.yaml'));
    const r = await run(['deck', 'import', 'words.csv', '--force']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/words\.csv is the file being imported; give -o another file/);
    expect(read('words.csv')).toBe('eins,one\nzwei,two\n');
  });

  it('sniffs a semicolon separator and names the deck after the file', async () => {
    write('My Words.csv', 'eins;one\nzwei;two\n');
    const r = await run(['deck', 'import', 'My Words.csv']);
    expect(r.code).toBe(0);
    expect(read('my-words.yaml')).toMatch(/front: eins\n\s+back: one/);
  });

  it.each([
    ['a missing file', null, /import file not found/],
    ['an empty file', '', /no cards to import/],
    ['a file of notes without backs', 'only\nfronts\n', /no cards to import[\s\S]*only one field/],
    ['a broken zip', Buffer.from('PK\x03\x04rest', 'latin1'), /not a readable zip archive/],
    ['a binary file', Buffer.from([0x61, 0x00, 0x62]), /not a text file/],
  ])('refuses %s with exit 2 and a message', async (_, content, message) => {
    if (content !== null) write('in.txt', content);
    const r = await run(['deck', 'import', 'in.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad --deck id and a yaml -o with several decks', async () => {
    write('export.txt', ANKI);
    expect((await run(['deck', 'import', 'export.txt', '--deck', 'Bad Id'])).err).toMatch(/kebab-case/);
    const r = await run(['deck', 'import', 'export.txt', '-o', 'one.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2 Anki decks; give -o a folder/);
  });
});

describe('recall deck import (text YAML would misread)', () => {
  it('writes decks that lint clean and read back exactly, whatever the note text', async () => {
    const tricky = ['yes', 'null', '1.10', '010', '- item', 'key: value', '# not a comment', '&anchor', '*alias', '!tag', '%directive', '@at', '`tick`', 'say "quoted"', "'single'", '[a, b]', '{a: b}', '~', 'ends with colon:', 'a #hash', '…unicode ✓ 日本', '| pipe', '> fold', '? q', 'trailing \\'];
    const rows = tricky.map((t, i) => `${t}\t${tricky[(i + 3) % tricky.length]} ${i}`);
    write('tricky.txt', `#separator:tab\n#html:false\n${rows.join('\n')}\n`);
    const r = await run(['deck', 'import', 'tricky.txt']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`imported ${tricky.length} cards`);
    const lint = await run(['deck', 'lint', '--format', 'json', 'tricky.yaml']);
    expect(JSON.parse(lint.out).errors).toBe(0);
    const { parse } = await import('yaml');
    const deck = parse(read('tricky.yaml'));
    expect(deck.cards.map((c: { front: string }) => c.front)).toEqual(tricky);
  });
});
