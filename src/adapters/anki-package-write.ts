// Writes an Anki package (.apkg) in the legacy layout every Anki since 2.1 imports: a schema-11
// `collection.anki2` made with sql.js (SQLite in WASM) and a `media` map with no files, zipped with
// fflate. Loaded only by `deck export --format apkg`.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { SCHEMA11_SQL } from '../core/interop/anki-schema11.js';
import type { CollectionRows } from '../core/interop/anki-collection.js';

const require = createRequire(import.meta.url);

export const sha1Hex = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

export async function collectionBytes(rows: CollectionRows): Promise<Uint8Array> {
  const initSqlJs = require('sql.js') as (cfg?: object) => Promise<any>;
  const SQL = await initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  const db = new SQL.Database();
  try {
    db.run(SCHEMA11_SQL);
    db.run('begin');
    db.run('insert into col values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', rows.col);
    const note = db.prepare('insert into notes values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows.notes) note.run(r);
    note.free();
    const card = db.prepare('insert into cards values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows.cards) card.run(r);
    card.free();
    db.run('commit');
    return db.export();
  } finally {
    db.close();
  }
}

export async function packageBytes(rows: CollectionRows, now: Date): Promise<Uint8Array> {
  const { zipSync, strToU8 } = require('fflate') as typeof import('fflate');
  const collection = await collectionBytes(rows);
  // `media` maps the numbered media files in the zip to their names: recall cards have none.
  return zipSync({ 'collection.anki2': collection, media: strToU8('{}') }, { level: 6, mtime: now });
}
