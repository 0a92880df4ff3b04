// Lints one deck text: YAML with positions, then the pure validator. Kept apart from load-decks.ts
// so that yaml is imported only when a deck is not in the cache.
import type { Deck, Diagnostic } from '../core/model.js';
import { validateDeck, type DeckHeader, type ValidateResult } from '../core/validate.js';
import type { WaiverUse } from '../core/waivers.js';
import { ChunkDeclined, parseDeckInChunks, parseDeckSource } from './yaml-deck.js';

export interface LintResult {
  deck: Deck | null;
  diagnostics: Diagnostic[];
  header?: DeckHeader;
  waivers: WaiverUse[];
}

/** Decks from this size on are read a few cards at a time when they allow it (lintInChunks). */
const CHUNKED_FROM_BYTES = 256 * 1024;

/** Lints one file from its text (no I/O); the seam for tests and the cache keyed by content. */
export function lintSource(text: string, file: string): LintResult {
  return (text.length >= CHUNKED_FROM_BYTES ? lintInChunks(text, file) : undefined) ?? lintWhole(text, file);
}

/** The text parsed in one piece, then validated: the reference result. */
export function lintWhole(text: string, file: string): LintResult {
  const parsed = parseDeckSource(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { deck: null, diagnostics: parsed.diagnostics, waivers: [] };
  return merge(parsed.diagnostics, validateDeck(parsed.tree, file));
}

/**
 * The same result as lintWhole, with each group of cards validated as soon as it is parsed and its
 * tree dropped: a 2.3 MB deck then never holds more than its validated cards and one group's YAML.
 * Undefined when the text must be parsed in one piece (see parseDeckInChunks).
 */
export function lintInChunks(text: string, file: string, groupChars?: number): LintResult | undefined {
  const chunked = parseDeckInChunks(text, file, groupChars);
  if (!chunked) return undefined;
  try {
    const result = validateDeck(chunked.header, file, chunked.cards);
    return merge(chunked.diagnostics, result);
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
}

function merge(yamlDiagnostics: Diagnostic[], result: ValidateResult): LintResult {
  const diagnostics = [...yamlDiagnostics, ...result.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { deck: result.deck, diagnostics, waivers: result.waivers, ...(result.header ? { header: result.header } : {}) };
}
