// Anki packages (.apkg, .colpkg): the zip is read in memory (no path in it ever touches the disk),
// the collection opened with sql.js (SQLite compiled to WASM: nothing to build, works offline) and
// its notes handed to the same conversion as text exports. Loaded only by `deck import`.
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import type { Note } from '../core/interop/to-deck.js';

/** Limits against zip bombs: an entry or the whole package larger than this, once inflated, is refused. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

export interface PackageNotes {
  notes: Note[];
  layout: string;
}

const require = createRequire(import.meta.url);

function unzipCollection(data: Uint8Array, shown: string): { name: string; bytes: Uint8Array } {
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const wanted = ['collection.anki21b', 'collection.anki21', 'collection.anki2'];
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (f) => {
        if (!wanted.includes(f.name)) return false;
        declared += f.originalSize;
        if (f.originalSize > MAX_ENTRY_BYTES || declared > MAX_TOTAL_BYTES)
          throw new UsageError(`${shown}: the entry ${f.name} inflates to ${Math.round(f.originalSize / 1048576)} MB, over the ${MAX_ENTRY_BYTES / 1048576} MB limit; refusing it (a zip bomb, or a collection too big to import)`, 'IMPORT_TOO_LARGE');
        return true;
      },
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown} is not a readable zip archive (${(err as Error).message}); an Anki package is a zip file`, 'IMPORT_FORMAT');
  }
  for (const name of wanted) {
    const bytes = files[name];
    if (!bytes) continue;
    if (bytes.length > MAX_ENTRY_BYTES) throw new UsageError(`${shown}: ${name} is over the size limit; refusing it`, 'IMPORT_TOO_LARGE');
    if (name === 'collection.anki21b') return { name, bytes: unzstd(bytes, shown) };
    return { name, bytes };
  }
  throw new UsageError(`${shown} holds no Anki collection (collection.anki2 or collection.anki21)`, 'IMPORT_FORMAT');
}

/** The frame content size a zstd frame declares, or undefined when it does not say. */
export function zstdContentSize(b: Uint8Array): number | undefined {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return undefined;
  const fhd = b[4]!;
  const single = (fhd >> 5) & 1;
  const size = [single ? 1 : 0, 2, 4, 8][fhd >> 6]!;
  if (size === 0) return undefined;
  let at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!;
  let v = 0;
  for (let k = 0, mul = 1; k < size; k++, mul *= 256) v += (b[at++] ?? 0) * mul;
  return size === 2 ? v + 256 : v;
}

/** collection.anki21b is the SQLite file compressed with zstd (fzstd: pure JS). */
function unzstd(bytes: Uint8Array, shown: string): Uint8Array {
  const declared = zstdContentSize(bytes);
  if (declared !== undefined && declared > MAX_ENTRY_BYTES)
    throw new UsageError(`${shown}: collection.anki21b inflates to ${Math.round(declared / 1048576)} MB, over the ${MAX_ENTRY_BYTES / 1048576} MB limit; refusing it`, 'IMPORT_TOO_LARGE');
  const { decompress } = require('fzstd') as typeof import('fzstd');
  let out: Uint8Array;
  try {
    out = decompress(bytes);
  } catch (err) {
    throw new UsageError(`${shown}: collection.anki21b is not valid zstd data (${(err as Error).message})`, 'IMPORT_FORMAT');
  }
  if (out.length > MAX_ENTRY_BYTES) throw new UsageError(`${shown}: collection.anki21b is over the size limit; refusing it`, 'IMPORT_TOO_LARGE');
  return out;
}

interface Model {
  name: string;
  type: number;
  flds: { name: string }[];
  tmpls: { qfmt: string }[];
}

/** What kind of note type this is, from its fields and templates rather than its (translatable) name. */
function kindName(m: Model, ords: Set<number>): string {
  if (m.type === 1) return 'Cloze';
  if (m.tmpls.some((t) => /\{\{type:/.test(t.qfmt ?? ''))) return 'Basic (type in the answer)';
  // Two templates: reversed when the note has its second card ("optional reversed" may not).
  if (m.tmpls.length === 2) return ords.has(1) ? 'Basic (and reversed card)' : 'Basic';
  if (m.tmpls.length === 1 && m.flds.length === 2) return 'Basic';
  return m.name || 'unnamed note type';
}

/** The first value of top-level protobuf field `field` in `buf`: a number (varint) or bytes. Enough
 *  of protobuf to read the two settings schema-18 collections keep in blobs (note type kind, qfmt). */
export function protoField(buf: Uint8Array, field: number): number | Uint8Array | undefined {
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated protobuf');
      const b = buf[i++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
      if (mul > 2 ** 63) throw new Error('bad varint');
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    let value: number | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated protobuf');
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      i += 8;
      continue;
    } else if (wire === 5) {
      i += 4;
      continue;
    } else throw new Error(`protobuf wire type ${wire}`);
    if (no === field) return value;
  }
  return undefined;
}

/** Note types and decks of a schema-18 collection (tables notetypes, fields, templates, decks). */
function schema18(all: (sql: string) => any[][]): { models: Record<string, Model>; decks: Record<string, { name: string }> } {
  const models: Record<string, Model> = {};
  for (const [id, name, config] of all('select id, name, config from notetypes')) {
    const kind = config instanceof Uint8Array ? protoField(config, 1) : undefined;
    models[String(id)] = { name: String(name), type: kind === 1 ? 1 : 0, flds: [], tmpls: [] };
  }
  for (const [ntid, name] of all('select ntid, name from fields order by ntid, ord')) models[String(ntid)]?.flds.push({ name: String(name) });
  for (const [ntid, config] of all('select ntid, config from templates order by ntid, ord')) {
    const q = config instanceof Uint8Array ? protoField(config, 1) : undefined;
    models[String(ntid)]?.tmpls.push({ qfmt: q instanceof Uint8Array ? new TextDecoder().decode(q) : '' });
  }
  const decks: Record<string, { name: string }> = {};
  // Schema 18 separates deck levels with \x1f where the JSON decks used "::".
  for (const [id, name] of all('select id, name from decks')) decks[String(id)] = { name: String(name).replace(/\x1f/g, '::') };
  return { models, decks };
}

export async function readPackage(data: Uint8Array, shown: string, isSqlite: boolean): Promise<PackageNotes> {
  const { name, bytes } = isSqlite ? { name: 'collection (SQLite file)', bytes: data } : unzipCollection(data, shown);
  const initSqlJs = require('sql.js') as (cfg?: object) => Promise<any>;
  const SQL = await initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  let db: any;
  try {
    db = new SQL.Database(bytes);
  } catch {
    throw new UsageError(`${shown}: ${name} is not a SQLite database`, 'IMPORT_FORMAT');
  }
  try {
    const one = (sql: string) => {
      const r = db.exec(sql);
      return r[0]?.values ?? [];
    };
    let col: any[];
    try {
      col = one('select ver, models, decks from col')[0] ?? [];
    } catch {
      throw new UsageError(`${shown}: ${name} is a SQLite database but not an Anki collection (no col table)`, 'IMPORT_FORMAT');
    }
    let models: Record<string, Model>;
    let decks: Record<string, { name: string }>;
    if (Number(col[0]) >= 18 || String(col[1] ?? '') === '') {
      ({ models, decks } = schema18(one));
    } else {
      try {
        models = JSON.parse(String(col[1]));
        decks = JSON.parse(String(col[2]));
      } catch {
        throw new UsageError(`${shown}: ${name} has unreadable note types (col.models is not JSON)`, 'IMPORT_FORMAT');
      }
    }
    const ords = new Map<number, Set<number>>();
    for (const [nid, ord] of one('select nid, ord from cards')) {
      const set = ords.get(Number(nid)) ?? new Set<number>();
      set.add(Number(ord));
      ords.set(Number(nid), set);
    }
    const firstDeck = new Map<number, number>();
    for (const [nid, did] of one('select nid, did from cards order by ord, id')) if (!firstDeck.has(Number(nid))) firstDeck.set(Number(nid), Number(did));
    const notes: Note[] = [];
    for (const [id, guid, mid, tags, flds] of one('select id, guid, mid, tags, flds from notes order by id')) {
      const m = models[String(mid)];
      const did = firstDeck.get(Number(id));
      notes.push({
        fields: String(flds).split('\x1f'),
        tags: String(tags ?? '').split(/\s+/).filter(Boolean),
        guid: String(guid),
        notetype: m ? kindName(m, ords.get(Number(id)) ?? new Set()) : 'unknown note type',
        ...(did !== undefined && decks[String(did)] ? { deck: decks[String(did)]!.name } : {}),
      });
    }
    return { notes, layout: name };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown}: ${name} is not an Anki collection recall can read (${(err as Error).message})`, 'IMPORT_FORMAT');
  } finally {
    db.close();
  }
}
