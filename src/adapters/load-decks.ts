// The one call commands use to get decks: resolve arguments, read, parse, validate, and check
// deck ids across files. Lint shows everything; other commands refuse decks with errors.
import type { Deck, Diagnostic } from '../core/model.js';
import { neutralize } from '../core/sanitize.js';
import { checkDeckSet, validateDeck, type DeckHeader } from '../core/validate.js';
import { DeckError } from '../errors.js';
import { readDeckFile, resolveDeckArgs } from './deck-files.js';
import { cacheKey, type DeckCache } from './deck-cache.js';
import { parseDeckSource } from './yaml-deck.js';

export interface LoadResult {
  /** Decks without errors (warnings allowed), in file order; a repeated deck id keeps the first. */
  decks: Deck[];
  /** Every diagnostic of every file, in file order, each file's sorted by position. */
  diagnostics: Diagnostic[];
  /** The deck files that were read. */
  files: string[];
}

/** Lints one file from its text (no I/O); the seam for tests and a future cache keyed by content. */
export function lintSource(text: string, file: string): { deck: Deck | null; diagnostics: Diagnostic[]; header?: DeckHeader } {
  const parsed = parseDeckSource(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { deck: null, diagnostics: parsed.diagnostics };
  const result = validateDeck(parsed.tree, file);
  const diagnostics = [...parsed.diagnostics, ...result.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { deck: result.deck, diagnostics, ...(result.header ? { header: result.header } : {}) };
}

export interface LoadOptions {
  /** Reuse lint results of unchanged files (see deck-cache.ts); `deck lint` itself does not. */
  cache?: DeckCache;
  /** Mixed into cache keys; pass the package version. */
  cacheSalt?: string;
}

/** lintSource through the cache: a hit gives the same result, re-attached to this file's path. */
function lintCached(text: string, file: string, opts: LoadOptions): ReturnType<typeof lintSource> {
  const cache = opts.cache;
  if (!cache) return lintSource(text, file);
  const key = cacheKey(text, opts.cacheSalt);
  const hit = cache.get(key);
  if (hit)
    return {
      deck: hit.deck ? { ...hit.deck, source: file } : null,
      diagnostics: hit.diagnostics.map((d) => ({ ...d, file })),
      ...(hit.header ? { header: { ...hit.header, file } } : {}),
    };
  const result = lintSource(text, file);
  let deck: Omit<Deck, 'source'> | null = null;
  if (result.deck) {
    const { source: _source, ...rest } = result.deck;
    deck = rest;
  }
  cache.set(key, {
    deck,
    diagnostics: result.diagnostics.map(({ file: _file, ...d }) => d),
    ...(result.header ? { header: { id: result.header.id, line: result.header.line, col: result.header.col } } : {}),
  });
  return result;
}

/** Lints the given deck files (paths as returned by resolveDeckArgs / expandPaths). */
export function loadDeckFiles(files: string[], cwd: string, opts: LoadOptions = {}): LoadResult {
  const decks: Deck[] = [];
  const perFile = new Map<string, Diagnostic[]>();
  const headers: DeckHeader[] = [];
  for (const file of files) {
    const read = readDeckFile(file, cwd);
    if (read.text === null) {
      perFile.set(file, read.diagnostics);
      continue;
    }
    const result = lintCached(read.text, file, opts);
    perFile.set(file, result.diagnostics);
    if (result.header) headers.push(result.header);
    if (result.deck) decks.push(result.deck);
  }
  const duplicates = checkDeckSet(headers);
  for (const d of duplicates) {
    const list = perFile.get(d.file) ?? [];
    list.push(d);
    list.sort((a, b) => a.line - b.line || a.col - b.col);
  }
  const dropped = new Set(duplicates.map((d) => d.file));
  return {
    decks: decks.filter((deck) => !dropped.has(deck.source)),
    diagnostics: files.flatMap((f) => perFile.get(f) ?? []),
    files,
  };
}

/** Resolves deck arguments (files, folders, bundled ids; none = bundled) and lints them all. */
export function loadDecks(args: string[], cwd: string, opts: LoadOptions = {}): LoadResult {
  return loadDeckFiles(resolveDeckArgs(args, cwd), cwd, opts);
}

/** Like loadDecks, but any error diagnostic throws a DeckError that lists the errors. */
export function loadDecksOrThrow(args: string[], cwd: string, opts: LoadOptions = {}): Deck[] {
  const { decks, diagnostics } = loadDecks(args, cwd, opts);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((d) => formatDiagnostic(d));
    if (errors.length > shown.length) shown.push(`... and ${errors.length - shown.length} more (run recall deck lint)`);
    throw new DeckError(`${errors.length === 1 ? 'a deck has an error' : `decks have ${errors.length} errors`}:\n${shown.join('\n')}`);
  }
  return decks;
}

/**
 * `path:line:col: error|warning CODE message`, with any control characters neutralised.
 * `paint` may colour the severity word (it receives the word and returns what to print).
 */
export function formatDiagnostic(d: Diagnostic, paint: (severity: string) => string = (s) => s): string {
  return `${neutralize(`${d.file}:${d.line}:${d.col}:`)} ${paint(d.severity)} ${neutralize(`${d.code} ${d.message}`)}`;
}
