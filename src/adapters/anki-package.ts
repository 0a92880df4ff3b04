// Anki packages (.apkg, .colpkg): the zip is read in memory (anki-zip.ts), the collection opened with sql.js (SQLite compiled to WASM: nothing to build, works offline) and
// its notes handed to the same conversion as text exports. Loaded only by `deck import`.
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import type { Note } from '../core/interop/to-deck.js';
import { protoField } from '../core/interop/protobuf.js';
import { unzipCollection } from './anki-zip.js';

export interface PackageNotes {
  notes: Note[];
  layout: string;
  /** Media files the package carries (its media map), which recall does not import. */
  media: string[];
}

const require = createRequire(import.meta.url);

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
  const { name, bytes, media } = isSqlite ? { name: 'collection (SQLite file)', bytes: data, media: [] } : unzipCollection(data, shown);
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
    return { notes, layout: name, media };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown}: ${name} is not an Anki collection recall can read (${(err as Error).message})`, 'IMPORT_FORMAT');
  } finally {
    db.close();
  }
}
