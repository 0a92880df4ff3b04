// Lints one deck text: YAML with positions, then the pure validator. Kept apart from load-decks.ts
// so that yaml is imported only when a deck is not in the cache.
import type { Deck, Diagnostic } from '../core/model.js';
import { validateDeck, type DeckHeader } from '../core/validate.js';
import { parseDeckSource } from './yaml-deck.js';

/** Lints one file from its text (no I/O); the seam for tests and a future cache keyed by content. */
export function lintSource(text: string, file: string): { deck: Deck | null; diagnostics: Diagnostic[]; header?: DeckHeader } {
  const parsed = parseDeckSource(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { deck: null, diagnostics: parsed.diagnostics };
  const result = validateDeck(parsed.tree, file);
  const diagnostics = [...parsed.diagnostics, ...result.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
  return { deck: result.deck, diagnostics, ...(result.header ? { header: result.header } : {}) };
}

