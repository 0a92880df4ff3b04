// An entry of the card cache of big decks (adapters/card-cache.ts): one card's check (card-check.ts)
// and the YAML diagnostics of its text, with the line the card started on when it was checked, so
// the entry still fits (shifted) when lines above the card are added or removed. Entries are signed, and checked
// here before use like deck-cache entries (cached-lint.ts): the check covers every field the deck-wide
// rules read, and that an entry with an error holds no card. Pure.
import type { CardCheck } from './card-check.js';
import { isCard, isDiagnostic } from './cached-lint.js';
import { ITEM_CODES } from './item-lint.js';
import type { Diagnostic } from './model.js';

/** A card check and its YAML diagnostics as they were when the card started on line `base`.
 *  File names in them are the file's at the time: the reader replaces them. */
export interface CardEntry {
  base: number;
  check: Omit<CardCheck, 'diagnostics'> & { diagnostics: Array<Omit<Diagnostic, 'file'>> };
  yaml: Array<Omit<Diagnostic, 'file'>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isPos = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isPlace = (v: unknown): v is Obj => isObj(v) && isPos(v.line) && isPos(v.col);
const codes = new Set<string>(ITEM_CODES);

function isFinding(v: unknown): boolean {
  return isPlace(v) && isStr(v.code) && codes.has(v.code) && isStr(v.message);
}

export function isCardEntry(v: unknown): v is CardEntry {
  if (!isObj(v) || !Number.isSafeInteger(v.base) || (v.base as number) < 1 || !Array.isArray(v.yaml) || !v.yaml.every(isDiagnostic) || !isObj(v.check)) return false;
  const c = v.check;
  if (!Array.isArray(c.diagnostics) || !c.diagnostics.every(isDiagnostic) || !Array.isArray(c.findings) || !c.findings.every(isFinding)) return false;
  if (c.index !== undefined && !isPos(c.index)) return false;
  if (c.id !== undefined && !(isPlace(c.id) && isStr(c.id.id))) return false;
  if (c.waiver !== undefined) {
    const w = c.waiver;
    if (c.id === undefined || !isObj(w) || !isPlace(w.at) || !isObj(w.waiver) || !isStr(w.waiver.why)) return false;
    if (!Array.isArray(w.waiver.ignore) || !w.waiver.ignore.every(isStr)) return false;
  }
  const isError = (d: unknown) => (d as Obj).severity === 'error';
  const errors = v.yaml.some(isError) || c.diagnostics.some(isError);
  if (c.card === undefined) return c.findings.length === 0;
  return !errors && isCard(c.card);
}

/** The entry with its lines moved by `by` (a copy, unless there is nothing to move). */
export function shiftEntry(entry: CardEntry, by: number): CardEntry {
  if (by === 0) return entry;
  const at = <T extends { line: number }>(p: T): T => ({ ...p, line: p.line + by });
  const { check } = entry;
  return {
    base: entry.base + by,
    check: {
      ...check,
      diagnostics: check.diagnostics.map(at),
      findings: check.findings.map(at),
      ...(check.id ? { id: at(check.id) } : {}),
      ...(check.waiver ? { waiver: { ...check.waiver, at: at(check.waiver.at) } } : {}),
      ...(check.card ? { card: { ...check.card, pos: at(check.card.pos) } } : {}),
    },
    yaml: entry.yaml.map(at),
  };
}

/**
 * The entry as the cache stores it: empty lists left out. Most cards have no diagnostics, findings
 * or YAML diagnostics, and those three empty arrays were a quarter of the objects a re-lint of the
 * 10,000-card bench deck parsed.
 */
export function compactEntry(entry: CardEntry): unknown {
  const { diagnostics, findings, ...rest } = entry.check;
  return {
    base: entry.base,
    check: { ...rest, ...(diagnostics.length > 0 ? { diagnostics } : {}), ...(findings.length > 0 ? { findings } : {}) },
    ...(entry.yaml.length > 0 ? { yaml: entry.yaml } : {}),
  };
}

/** The list put back for one left out: one frozen array for all (30,000 per re-lint of the bench
 *  deck were ~1 MB of fresh memory). Nothing adds to a cached entry's lists; were anything to, it
 *  would throw rather than change every entry. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** A stored entry with the lists compactEntry left out put back (in place), before isCardEntry
 *  checks it; a list that is there but is not a list stays, and fails the check. */
export function expandEntry(v: unknown): unknown {
  if (!isObj(v) || !isObj(v.check)) return v;
  if (v.yaml === undefined) v.yaml = NONE;
  if (v.check.diagnostics === undefined) v.check.diagnostics = NONE;
  if (v.check.findings === undefined) v.check.findings = NONE;
  return v;
}
