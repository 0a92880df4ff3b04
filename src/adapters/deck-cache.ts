// An optional cache of lint results keyed by file content, for commands that load the same decks
// on every start (yaml parses about 1 MB/s, ~15 ms per bundled deck). Results are stored without
// the file path, so moving a file keeps its entry. Any failure is a cache miss, never an error.
import fs from 'node:fs';
import path from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import type { Deck, Diagnostic } from '../core/model.js';
import { createHash } from 'node:crypto';
import { cacheDir, writeCacheFile } from './cache-files.js';
import { LINT_RULES_VERSION, type DeckHeader } from '../core/validate.js';
import type { WaiverUse } from '../core/waivers.js';

export interface CachedLint {
  deck: Omit<Deck, 'source'> | null;
  diagnostics: Array<Omit<Diagnostic, 'file'>>;
  header?: Omit<DeckHeader, 'file'>;
  /** Absent in entries without waivers. */
  waivers?: Array<Omit<WaiverUse, 'file'>>;
}

export interface DeckCache {
  get(key: string): CachedLint | undefined;
  set(key: string, value: CachedLint): void;
}

/** The cache key of a deck text: changes with the text and with the lint rules. */
export function cacheKey(text: string, salt = ''): string {
  // Native SHA-1, not the JS hash of core/hash.ts: a 2 MB deck hashes in ~3 ms instead of ~80.
  return createHash('sha1').update(`recall-lint:${LINT_RULES_VERSION}:${salt}\u0000`).update(text).digest('hex');
}

/**
 * One JSON file per deck text in `dir` (e.g. `$RECALL_HOME/cache/decks`). `salt` should name the
 * build (e.g. the package version) so an upgrade never reads results of older rules.
 */
export function fileDeckCache(dir: string): DeckCache {
  return {
    get(key) {
      try {
        const value = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), 'utf8')) as CachedLint;
        return value && Array.isArray(value.diagnostics) && (value.deck === null || Array.isArray(value.deck?.cards)) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      writeCacheFile(path.join(dir, `${key}.json`), JSON.stringify(value));
    },
  };
}

/** An in-memory cache (tests, long-running sessions). */
export function memoryDeckCache(): DeckCache {
  const map = new Map<string, string>();
  return {
    get: (key) => {
      const hit = map.get(key);
      return hit === undefined ? undefined : (JSON.parse(hit) as CachedLint);
    },
    set: (key, value) => void map.set(key, JSON.stringify(value)),
  };
}

/**
 * The default cache: `$RECALL_HOME/cache/decks`, else the user's cache folder. Keys are salted
 * with the package version, so an upgrade never reads results of older rules.
 */
export function deckCache(env: Record<string, string | undefined>): DeckCache {
  const files = fileDeckCache(path.join(cacheDir(env), 'decks'));
  return { get: (key) => files.get(`${pkg.version}-${key}`), set: (key, value) => files.set(`${pkg.version}-${key}`, value) };
}
