// The zip of an Anki package, read in memory: no path in it ever touches the disk, every entry is
// held to the size its zip directory declares and to a limit, and zstd entries (the current
// layout) are inflated with fzstd. Loaded only for packages.
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';
import { protoField, protoFields } from '../core/interop/protobuf.js';

const require = createRequire(import.meta.url);

/** Limits against zip bombs: an entry or the whole package larger than this, once inflated, is refused. */
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

/** Limit on the small entries beside the collection (`meta`, the `media` map). */
const MAX_SMALL_BYTES = 64 * 1024 * 1024;
const COLLECTIONS = ['collection.anki21b', 'collection.anki21', 'collection.anki2'];

interface Declared {
  size: number;
  originalSize: number;
}

/**
 * The entries `names` of the zip, inflated. The central directory is read first (fflate's
 * unzipSync, which inflates nothing when its filter says no) for the size each entry declares;
 * the entries are then inflated as a stream and stopped as soon as one grows past its declared
 * size or its limit, so a directory that lies cannot make recall hold more than it allows.
 */
function inflateEntries(data: Uint8Array, shown: string, names: Set<string>, declared: Map<string, Declared>): Map<string, Uint8Array> {
  const { Unzip, UnzipInflate } = require('fflate') as typeof import('fflate');
  const out = new Map<string, Uint8Array>();
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  let total = 0;
  unzip.onfile = (file) => {
    if (!names.has(file.name) || out.has(file.name)) return;
    const limit = Math.min(declared.get(file.name)?.originalSize ?? 0, COLLECTIONS.includes(file.name) ? MAX_ENTRY_BYTES : MAX_SMALL_BYTES);
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (err) throw err;
      size += chunk.length;
      total += chunk.length;
      if (size > limit)
        throw new UsageError(
          `${shown}: the entry ${file.name} inflates to more than the ${limit} bytes its zip directory declares; refusing it (a damaged or hostile zip)`,
          'IMPORT_TOO_LARGE',
        );
      if (total > MAX_TOTAL_BYTES) throw new UsageError(`${shown}: the entries recall reads inflate to over ${MAX_TOTAL_BYTES / 1048576} MB; refusing it`, 'IMPORT_TOO_LARGE');
      chunks.push(chunk);
      if (final) out.set(file.name, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    file.start();
  };
  // Pieces of 64 KB: one push of deflate data inflates to at most ~1,032 times its size (~66 MB),
  // so a lie is caught within that much. Streaming costs ~0.1-0.3 s more than fflate's unzipSync
  // on a 10,000-note collection; unzipSync cannot tell a lie (it silently cuts the entry at the
  // declared size, and the import then failed with a misleading "not a SQLite database").
  const step = 64 * 1024;
  for (let at = 0; at < data.length; at += step) unzip.push(data.subarray(at, at + step), at + step >= data.length);
  return out;
}

/** The central directory: every entry's name and declared sizes. */
function listZip(data: Uint8Array, shown: string): Map<string, Declared> {
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const entries = new Map<string, Declared>();
  let declaredTotal = 0;
  unzipSync(data, {
    filter: (f) => {
      if (COLLECTIONS.includes(f.name) || f.name === 'meta' || f.name === 'media') {
        const limit = COLLECTIONS.includes(f.name) ? MAX_ENTRY_BYTES : MAX_SMALL_BYTES;
        declaredTotal += f.originalSize;
        if (f.originalSize > limit || declaredTotal > MAX_TOTAL_BYTES)
          throw new UsageError(`${shown}: the entry ${f.name} inflates to ${Math.round(f.originalSize / 1048576)} MB, over the ${limit / 1048576} MB limit; refusing it (a zip bomb, or a collection too big to import)`, 'IMPORT_TOO_LARGE');
        if (!entries.has(f.name)) entries.set(f.name, { size: f.size, originalSize: f.originalSize });
      }
      return false;
    },
  });
  return entries;
}

/** PackageMetadata.version in `meta` (anki/proto import_export.proto): 1 legacy anki2, 2 legacy anki21, 3 anki21b. */
export function packageVersion(meta: Uint8Array | undefined): number | undefined {
  if (!meta) return undefined;
  const v = protoField(meta, 1);
  return typeof v === 'number' ? v : undefined;
}

/** The file names in the package's media map: JSON `{"0": "name"}` (legacy), or zstd protobuf MediaEntries (version 3). */
export function mediaNames(media: Uint8Array | undefined, version: number | undefined, shown: string): string[] {
  if (!media || media.length === 0) return [];
  if ((version ?? 0) >= 3) {
    const bytes = unzstd(media, shown, 'media', MAX_SMALL_BYTES);
    const names: string[] = [];
    // MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; ... }. A map
    // that does not parse names nothing: the notes can still be imported.
    try {
      for (const entry of protoFields(bytes, 1)) {
        const name = entry instanceof Uint8Array ? protoField(entry, 1) : undefined;
        if (name instanceof Uint8Array) names.push(new TextDecoder().decode(name));
      }
    } catch {
      return names;
    }
    return names;
  }
  try {
    const map = JSON.parse(new TextDecoder().decode(media)) as unknown;
    return map && typeof map === 'object' && !Array.isArray(map) ? Object.values(map).filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

export function unzipCollection(data: Uint8Array, shown: string): { name: string; bytes: Uint8Array; media: string[] } {
  let listed: Map<string, Declared>;
  let small: Map<string, Uint8Array>;
  try {
    listed = listZip(data, shown);
    small = inflateEntries(data, shown, new Set(['meta', 'media'].filter((n) => listed.has(n))), listed);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown} is not a readable zip archive (${(err as Error).message}); an Anki package is a zip file`, 'IMPORT_FORMAT');
  }
  let version: number | undefined;
  try {
    version = packageVersion(small.get('meta'));
  } catch (err) {
    throw new UsageError(`${shown}: its meta entry is not readable (${(err as Error).message})`, 'IMPORT_FORMAT');
  }
  // The layout meta names, else the newest collection present (a legacy export's newer file sits
  // beside a stub collection.anki2 that only says "please update Anki").
  const byVersion: Record<number, string> = { 1: 'collection.anki2', 2: 'collection.anki21', 3: 'collection.anki21b' };
  const named = version !== undefined ? byVersion[version] : undefined;
  if (version !== undefined && named === undefined) throw new UsageError(`${shown}: its meta names package version ${version}, which recall does not know (1-3 are Anki's)`, 'IMPORT_FORMAT');
  const name = named ?? COLLECTIONS.find((n) => listed.has(n));
  if (!name || !listed.has(name)) throw new UsageError(`${shown} holds no Anki collection (${named ?? 'collection.anki2 or collection.anki21'})`, 'IMPORT_FORMAT');
  let bytes: Uint8Array | undefined;
  try {
    bytes = inflateEntries(data, shown, new Set([name]), listed).get(name);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown}: ${name} cannot be inflated (${(err as Error).message})`, 'IMPORT_FORMAT');
  }
  if (!bytes) throw new UsageError(`${shown}: ${name} is listed in the zip directory but its data is missing`, 'IMPORT_FORMAT');
  const media = mediaNames(small.get('media'), version, shown);
  return { name, bytes: name === 'collection.anki21b' ? unzstd(bytes, shown, name) : bytes, media };
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

/**
 * collection.anki21b (and the current media map) is zstd-compressed (fzstd: pure JS). A frame need
 * not declare its size, so the data is inflated as a stream and stopped at the limit.
 */
function unzstd(bytes: Uint8Array, shown: string, entry = 'collection.anki21b', limit = MAX_ENTRY_BYTES): Uint8Array {
  const declared = zstdContentSize(bytes);
  if (declared !== undefined && declared > limit)
    throw new UsageError(`${shown}: ${entry} inflates to ${Math.round(declared / 1048576)} MB, over the ${limit / 1048576} MB limit; refusing it`, 'IMPORT_TOO_LARGE');
  const { Decompress } = require('fzstd') as typeof import('fzstd');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = new Decompress((chunk) => {
    size += chunk.length;
    if (size > limit) throw new UsageError(`${shown}: ${entry} inflates to over ${limit / 1048576} MB; refusing it (a zstd bomb, or a collection too big to import)`, 'IMPORT_TOO_LARGE');
    chunks.push(chunk);
  });
  // 2 KB pieces: a zstd block of 4 bytes can stand for 128 KB, so one push yields at most ~64 MB.
  const step = 2048;
  try {
    for (let at = 0; at < bytes.length || at === 0; at += step) stream.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${shown}: ${entry} is not valid zstd data (${(err as Error).message})`, 'IMPORT_FORMAT');
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
