// `recall deck import` of Anki packages. Every fixture is made here: sql.js writes the collection,
// fflate zips it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
let SQL: any;
beforeAll(async () => {
  SQL = await require('sql.js')();
});

const work = workFolder();
const { run, write, read } = work;

interface FNote {
  guid: string;
  mid: number;
  fields: string[];
  tags?: string;
  did: number;
  ords?: number[];
}

const MODELS = {
  1: { name: 'Basic', type: 0, flds: [{ name: 'Front' }, { name: 'Back' }], tmpls: [{ qfmt: '{{Front}}' }] },
  2: { name: 'Basic (and reversed card)', type: 0, flds: [{ name: 'Front' }, { name: 'Back' }], tmpls: [{ qfmt: '{{Front}}' }, { qfmt: '{{Back}}' }] },
  3: { name: 'Einfach (Antwort eintippen)', type: 0, flds: [{ name: 'Vorderseite' }, { name: 'Rückseite' }], tmpls: [{ qfmt: '{{Vorderseite}}\n{{type:Rückseite}}' }] },
  4: { name: 'Lückentext', type: 1, flds: [{ name: 'Text' }, { name: 'Extra' }], tmpls: [{ qfmt: '{{cloze:Text}}' }] },
  5: { name: 'Vocab', type: 0, flds: [{ name: 'Word' }, { name: 'Meaning' }, { name: 'Example' }], tmpls: [{ qfmt: '{{Word}}' }] },
};
const DECKS = { 1: { name: 'Default' }, 10: { name: 'AWS::IAM' }, 11: { name: 'Biology' } };

/** A schema-11 collection (the tables and columns Anki's legacy exports have). */
function collection(notes: FNote[]): Uint8Array {
  const db = new SQL.Database();
  db.run(`create table col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
    create table notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text, flds text, sfld text, csum integer, flags integer, data text);
    create table cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer, left integer, odue integer, odid integer, flags integer, data text);`);
  db.run('insert into col values (1, 0, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, ?)', ['{}', JSON.stringify(MODELS), JSON.stringify(DECKS), '{}', '{}']);
  let cid = 1;
  notes.forEach((n, i) => {
    db.run('insert into notes values (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, ?)', [i + 1, n.guid, n.mid, ` ${n.tags ?? ''} `, n.fields.join('\x1f'), n.fields[0], '']);
    for (const ord of n.ords ?? [0]) db.run('insert into cards values (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)', [cid++, i + 1, n.did, ord, '']);
  });
  const bytes = db.export();
  db.close();
  return bytes;
}

const NOTES: FNote[] = [
  { guid: 'aB3$x', mid: 1, fields: ['What does <b>IAM</b> stand for?', 'Identity &amp; Access<br>Management'], tags: 'aws iam', did: 10 },
  { guid: 'r3v', mid: 2, fields: ['role', 'an identity a workload assumes'], did: 10, ords: [0, 1] },
  { guid: 'typ', mid: 3, fields: ['Unit of frequency?', 'hertz'], did: 11 },
  { guid: 'clz', mid: 4, fields: ['Plants release {{c1::oxygen::a gas}}', 'Photosynthesis'], did: 11 },
  { guid: 'voc', mid: 5, fields: ['Mitochondrion', 'Powerhouse of the cell', 'An example'], did: 11 },
  { guid: 'img', mid: 1, fields: ['A diagram', '<img src="cell.png">'], did: 11 },
];

describe('recall deck import (Anki packages)', () => {
  it('reads a legacy collection.anki2 package: note types by their templates, one file per deck', async () => {
    write('deck.apkg', zipSync({ 'collection.anki2': collection(NOTES), media: new TextEncoder().encode('{"0":"cell.png"}'), '0': new Uint8Array([1, 2]) }));
    const r = await run(['deck', 'import', 'deck.apkg', '-o', 'out']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/out\/aws-iam\.yaml \(deck "aws-iam", 3 cards\)/);
    expect(r.out).toMatch(/out\/biology\.yaml \(deck "biology", 3 cards\)/);
    expect(r.out).toMatch(/Vocab/);
    expect(r.out).toMatch(/media not imported.*cell\.png/);
    const iam = read('out/aws-iam.yaml');
    expect(iam).toContain('Identity & Access\n      Management');
    expect(iam).toMatch(/front: an identity a workload assumes\n\s+back: role/);
    const bio = read('out/biology.yaml');
    expect(bio).toMatch(/type: typed\n\s+prompt: Unit of frequency\?\n\s+answer: hertz/);
    expect(bio).toMatch(/type: cloze\n\s+text: Plants release \{\{oxygen\}\}\n\s+hint: a gas\n\s+explain: Photosynthesis/);
    expect(bio).toMatch(/front: Mitochondrion\n\s+back: Powerhouse of the cell\n\s+explain: An example/);
    const lint = await run(['deck', 'lint', '--strict', 'out']);
    expect(lint.err).toMatch(/0 errors, 0 warnings/);
  });

  it('reads collection.anki21 beside a legacy stub, and --deck picks one deck', async () => {
    const stub = collection([{ guid: 'stub', mid: 1, fields: ['Please update to the latest Anki version', 'x'], did: 1 }]);
    write('new.apkg', zipSync({ 'collection.anki2': stub, 'collection.anki21': collection(NOTES) }));
    const r = await run(['deck', 'import', 'new.apkg', '--deck', 'biology']);
    expect(r.code).toBe(0);
    expect(read('biology.yaml')).toContain('Mitochondrion');
    expect(read('biology.yaml')).not.toContain('Please update');
  });

  it('keeps card ids when an updated package is imported again', async () => {
    write('a.apkg', zipSync({ 'collection.anki2': collection(NOTES) }));
    await run(['deck', 'import', 'a.apkg', '--deck', 'biology']);
    const ids = read('biology.yaml').match(/id: \S+/g);
    const changed = NOTES.map((n) => (n.guid === 'typ' ? { ...n, fields: ['Unit of frequency (SI)?', 'hertz'] } : n));
    write('a.apkg', zipSync({ 'collection.anki2': collection(changed) }));
    expect((await run(['deck', 'import', 'a.apkg', '--deck', 'biology', '--force'])).code).toBe(0);
    expect(read('biology.yaml')).toContain('Unit of frequency (SI)?');
    expect(read('biology.yaml').match(/id: \S+/g)).toEqual(ids);
  });

  it('refuses an entry whose inflated size is over the limit (zip bomb) with exit 2', async () => {
    const zip = zipSync({ 'collection.anki2': collection(NOTES) });
    // Claim 4 GB uncompressed in the central directory, as a bomb would.
    const cd = Buffer.from(zip).indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    new DataView(zip.buffer, zip.byteOffset).setUint32(cd + 24, 0xfffffff0, true);
    write('bomb.apkg', zip);
    const r = await run(['deck', 'import', 'bomb.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/over the 512 MB limit; refusing it/);
  });

  it('stops an entry that inflates past the size its zip directory declares, with exit 2', async () => {
    const zip = zipSync({ 'collection.anki2': collection(NOTES) }, { level: 9 });
    const real = new DataView(zip.buffer, zip.byteOffset).getUint32(22, true);
    expect(real).toBeGreaterThan(4096);
    // The directory (and the local header) claim 100 bytes; the data inflates to the whole collection.
    const cd = Buffer.from(zip).indexOf(Buffer.from('PK\x01\x02', 'latin1'));
    new DataView(zip.buffer, zip.byteOffset).setUint32(cd + 24, 100, true);
    new DataView(zip.buffer, zip.byteOffset).setUint32(22, 100, true);
    write('liar.apkg', zip);
    const r = await run(['deck', 'import', 'liar.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/collection\.anki2 inflates to more than the 100 bytes its zip directory declares; refusing it/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('lists the media files a legacy package carries as not imported, used by a field or not', async () => {
    write('m.apkg', zipSync({ 'collection.anki2': collection(NOTES), media: new TextEncoder().encode('{"0":"cell.png","1":"unused.mp3"}'), '0': new Uint8Array([1]), '1': new Uint8Array([2]) }));
    const r = await run(['deck', 'import', 'm.apkg', '-o', 'out']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/media not imported \(2 files; recall cards are text\): cell\.png, unused\.mp3/);
  });

  it('never writes paths from the zip to disk', async () => {
    write('evil.apkg', zipSync({ '../../evil.txt': new TextEncoder().encode('x'), '/tmp/evil-abs.txt': new Uint8Array([1]), 'collection.anki2': collection(NOTES) }));
    const r = await run(['deck', 'import', 'evil.apkg', '-o', 'out']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(path.dirname(work.dir), 'evil.txt'))).toBe(false);
    expect(fs.existsSync(path.join(work.dir, 'evil.txt'))).toBe(false);
    expect(fs.readdirSync(path.join(work.dir, 'out')).sort()).toEqual(['aws-iam.yaml', 'biology.yaml']);
  });

  it.each([
    ['a SQLite file that is not an Anki collection', () => {
      const db = new SQL.Database();
      db.run('create table t (x)');
      const b = db.export();
      db.close();
      return b;
    }, /not an Anki collection/],
    ['a zip without a collection', () => zipSync({ 'readme.txt': new Uint8Array([1]) }), /holds no Anki collection/],
    ['a broken zip', () => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40, 7)]), /not a readable zip/],
    ['a collection.anki21b that is not zstd', () => zipSync({ 'collection.anki21b': new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]) }), /not valid zstd data/],
  ])('refuses %s with exit 2 and a message', async (_, make, message) => {
    write('x.apkg', make());
    const r = await run(['deck', 'import', 'x.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reads a bare collection file', async () => {
    write('collection.anki2', collection(NOTES));
    const r = await run(['deck', 'import', 'collection.anki2', '--deck', 'aws-iam']);
    expect(r.code).toBe(0);
    expect(read('aws-iam.yaml')).toContain('What does IAM stand for?');
  });
});

/** A zstd frame of raw (stored) blocks: what fzstd reads, built by hand (no pure-JS compressor needed). */
function zstdRaw(data: Uint8Array): Uint8Array {
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0];
  for (let k = 0; k < 4; k++) parts.push((data.length >>> (8 * k)) & 0xff);
  const out: Uint8Array[] = [Uint8Array.from(parts)];
  const max = 128 * 1024;
  for (let at = 0; at < data.length || at === 0; at += max) {
    const chunk = data.subarray(at, at + max);
    const last = at + max >= data.length ? 1 : 0;
    const h = (chunk.length << 3) | last; // block type 0: raw
    out.push(Uint8Array.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), chunk);
    if (data.length === 0) break;
  }
  return Buffer.concat(out);
}

const pbString = (field: number, text: string) => {
  const b = new TextEncoder().encode(text);
  if (b.length > 127) throw new Error('keep fixture strings short');
  return Uint8Array.from([(field << 3) | 2, b.length, ...b]);
};

/** A schema-18 collection: note types, fields, templates and decks in tables, settings in protobuf. */
function collection18(): Uint8Array {
  const db = new SQL.Database();
  db.run(`create table col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
    create table notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
    create table fields (ntid integer, ord integer, name text, config blob);
    create table templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer, config blob);
    create table decks (id integer primary key, name text, mtime_secs integer, usn integer, common blob, kind blob);
    create table notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text, flds text, sfld text, csum integer, flags integer, data text);
    create table cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer, type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer, left integer, odue integer, odid integer, flags integer, data text);`);
  db.run("insert into col values (1, 0, 0, 0, 18, 0, 0, 0, '', '', '', '', '')");
  db.run('insert into notetypes values (1, ?, 0, 0, ?)', ['Basic', pbString(3, '.card {}')]);
  db.run('insert into notetypes values (2, ?, 0, 0, ?)', ['Lückentext', Uint8Array.from([0x08, 0x01, ...pbString(3, '.card {}')])]);
  db.run('insert into notetypes values (3, ?, 0, 0, ?)', ['Eintippen', pbString(3, '.x {}')]);
  for (const [nt, names] of [[1, ['Front', 'Back']], [2, ['Text', 'Back Extra']], [3, ['Front', 'Back']]] as const)
    names.forEach((n, i) => db.run('insert into fields values (?, ?, ?, ?)', [nt, i, n, new Uint8Array()]));
  db.run('insert into templates values (1, 0, ?, 0, 0, ?)', ['Card 1', pbString(1, '{{Front}}')]);
  db.run('insert into templates values (2, 0, ?, 0, 0, ?)', ['Cloze', pbString(1, '{{cloze:Text}}')]);
  db.run('insert into templates values (3, 0, ?, 0, 0, ?)', ['Card 1', pbString(1, '{{Front}} {{type:Back}}')]);
  db.run("insert into decks values (1, 'Default', 0, 0, x'', x'')");
  db.run("insert into decks values (5, 'Top\x1fSub', 0, 0, x'', x'')");
  const notes: [string, number, string[]][] = [
    ['n18a', 1, ['Capital of <i>France</i>?', 'Paris']],
    ['n18b', 2, ['{{c1::Mitochondria::organelle}} make ATP', '']],
    ['n18c', 3, ['Unit of force?', 'newton']],
  ];
  notes.forEach(([guid, mid, f], i) => {
    db.run('insert into notes values (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, ?)', [i + 1, guid, mid, ' t18 ', f.join('\x1f'), f[0], '']);
    db.run('insert into cards values (?, ?, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)', [i + 1, i + 1, '']);
  });
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('recall deck import (current Anki layout)', () => {
  it('reads collection.anki21b (zstd, schema 18) with a protobuf meta and a zstd media map', async () => {
    const meta = Uint8Array.from([0x08, 0x03]); // PackageMetadata { version: LATEST }
    write('cur.apkg', zipSync({ 'collection.anki2': collection([{ guid: 's', mid: 1, fields: ['Please update to the latest Anki version', 'x'], did: 1 }]), 'collection.anki21b': zstdRaw(collection18()), meta, media: zstdRaw(new Uint8Array()) }));
    const r = await run(['deck', 'import', 'cur.apkg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/top-sub\.yaml \(deck "top-sub", 3 cards\)/);
    const y = read('top-sub.yaml');
    expect(y).toContain('title: Top / Sub');
    expect(y).toMatch(/front: Capital of France\?\n\s+back: Paris/);
    expect(y).toMatch(/type: cloze\n\s+text: "\{\{Mitochondria\}\} make ATP"\n\s+hint: organelle/);
    expect(y).toMatch(/type: typed\n\s+prompt: Unit of force\?\n\s+answer: newton/);
    expect((await run(['deck', 'lint', '--strict', 'top-sub.yaml'])).code).toBe(0);
  });

  it('lists the files of a zstd protobuf media map by name, and takes the collection meta names', async () => {
    const entry = (name: string) => {
      const inner = Uint8Array.from([...pbString(1, name), 0x10, 0x05]); // MediaEntry { name, size: 5 }
      return Uint8Array.from([0x0a, inner.length, ...inner]); // MediaEntries.entries
    };
    const media = zstdRaw(Uint8Array.from([...entry('diagram.png'), ...entry('voice.mp3')]));
    const stub = collection([{ guid: 's', mid: 1, fields: ['Please update to the latest Anki version', 'x'], did: 1 }]);
    write('cur.apkg', zipSync({ 'collection.anki2': stub, 'collection.anki21b': zstdRaw(collection18()), meta: Uint8Array.from([0x08, 0x03]), media, '0': new Uint8Array(5), '1': new Uint8Array(5) }));
    const r = await run(['deck', 'import', 'cur.apkg']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/top-sub\.yaml \(deck "top-sub", 3 cards\)/);
    expect(r.out).toMatch(/media not imported \(2 files; recall cards are text\): diagram\.png, voice\.mp3/);
    // meta says the legacy layout: the collection.anki2 is the one to read, even beside a newer file
    write('old.apkg', zipSync({ 'collection.anki2': collection(NOTES), 'collection.anki21b': zstdRaw(collection18()), meta: Uint8Array.from([0x08, 0x01]) }));
    const old = await run(['deck', 'import', 'old.apkg', '-o', 'old']);
    expect(old.code).toBe(0);
    expect(old.out).toMatch(/old\/biology\.yaml/);
  });

  it.each([
    ['names the current layout but has no collection.anki21b', { 'collection.anki2': new Uint8Array(1), meta: Uint8Array.from([0x08, 0x03]) }, /holds no Anki collection \(collection\.anki21b\)/],
    ['names a package version recall does not know', { 'collection.anki2': new Uint8Array(1), meta: Uint8Array.from([0x08, 0x09]) }, /package version 9/],
    ['is not protobuf', { 'collection.anki2': new Uint8Array(1), meta: Uint8Array.from([0x0f]) }, /meta entry is not readable/],
  ])('refuses a package whose meta %s, with exit 2', async (_, files, message) => {
    write('m.apkg', zipSync(files));
    const r = await run(['deck', 'import', 'm.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('imports the notes of a package whose zstd media map is not protobuf', async () => {
    write('odd.apkg', zipSync({ 'collection.anki21b': zstdRaw(collection18()), meta: Uint8Array.from([0x08, 0x03]), media: zstdRaw(Uint8Array.from([0x0f, 0xff])) }));
    const r = await run(['deck', 'import', 'odd.apkg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 cards/);
  });

  it('stops a zstd entry that declares no size at its limit (a media map past 64 MB), with exit 2', async () => {
    // A frame without a content size: window 128 KB, then RLE blocks of 128 KB from 4 bytes each.
    const blocks = 520; // 65 MB
    const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38];
    for (let i = 0; i < blocks; i++) {
      const h = (131072 << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
      parts.push(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, 0x41);
    }
    write('bomb.apkg', zipSync({ 'collection.anki21b': zstdRaw(collection18()), meta: Uint8Array.from([0x08, 0x03]), media: Uint8Array.from(parts) }));
    const r = await run(['deck', 'import', 'bomb.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/media inflates to over 64 MB; refusing it/);
  });

  it('reads a bare schema-18 collection', async () => {
    write('c18.anki2', collection18());
    const r = await run(['deck', 'import', 'c18.anki2', '-o', 'x.yaml']);
    expect(r.code).toBe(0);
    expect(read('x.yaml')).toContain('Unit of force?');
  });

  it('refuses a collection.anki21b that declares a size over the limit', async () => {
    const frame = zstdRaw(new Uint8Array(16));
    new DataView(frame.buffer, frame.byteOffset).setUint32(5, 0xfffffff0, true);
    write('big.apkg', zipSync({ 'collection.anki21b': frame }));
    const r = await run(['deck', 'import', 'big.apkg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/over the 512 MB limit/);
  });
});
