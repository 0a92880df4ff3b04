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
    if (name === 'collection.anki21b')
      throw new UsageError(`${shown} uses Anki's newest package layout (collection.anki21b, zstd); recall does not read it yet. In Anki, export with "Support older Anki versions" ticked, or export Notes in Plain Text`, 'IMPORT_FORMAT');
    return { name, bytes };
  }
  throw new UsageError(`${shown} holds no Anki collection (collection.anki2 or collection.anki21)`, 'IMPORT_FORMAT');
}

interface Model {
  name: string;
  type: number;
  flds: { name: string }[];
  tmpls: { qfmt: string }[];
}

/** What kind of note type this is, from its fields and templates rather than its (translatable) name. */
function kindName(m: Model): string {
  if (m.type === 1) return 'Cloze';
  if (m.tmpls.some((t) => /\{\{type:/.test(t.qfmt ?? ''))) return 'Basic (type in the answer)';
  if (m.tmpls.length === 2) return 'Basic (and reversed card)';
  if (m.tmpls.length === 1 && m.flds.length === 2) return 'Basic';
  return m.name || 'unnamed note type';
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
      col = one('select models, decks from col')[0] ?? [];
    } catch {
      throw new UsageError(`${shown}: ${name} is a SQLite database but not an Anki collection (no col table)`, 'IMPORT_FORMAT');
    }
    let models: Record<string, Model>;
    let decks: Record<string, { name: string }>;
    try {
      models = JSON.parse(String(col[0]));
      decks = JSON.parse(String(col[1]));
    } catch {
      throw new UsageError(`${shown}: ${name} keeps its note types in tables (a newer schema); recall reads collections of schema 11. In Anki, export with "Support older Anki versions" ticked`, 'IMPORT_FORMAT');
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
        notetype: m ? kindName(m) : 'unknown note type',
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
