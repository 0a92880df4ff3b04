// `recall deck lint` of several decks compares their cards with each other (NEAR_DUPLICATE across
// decks, core/validate-items.ts crossDeckDuplicates): every card made whole from its entry's body and
// every pair of question texts weighed, ~12 ms of the ~75 that a lint of the four bundled decks
// spends beyond node's own start, on every run. Its result depends only on the decks' files (their
// paths, in order) and their texts, which the deck-cache keys name; so it is kept in the deck cache
// under a key made of them, and read back while they stay the same. The entry is signed like any
// other there (deck-cache.ts); one that does not have the shape below is a miss.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/model.js';
import type { WaiverUse } from '../core/waivers.js';
import { LINT_RULES_VERSION } from '../core/validate.js';

/** What the comparison gave: its diagnostics, and the waivers it marked as having silenced a pair
 *  (by file, and card id or null for a deck's own waiver). */
export interface CrossEntry {
  diagnostics: Diagnostic[];
  waived: Array<[file: string, card: string | null]>;
}

/** The key of a comparison of these decks: each deck's file and deck-cache key, in order. */
export function crossKey(decks: ReadonlyArray<{ file: string; key: string }>): string {
  return createHash('sha1').update(`recall-cross:${LINT_RULES_VERSION}\u0000${JSON.stringify(decks.map((d) => [d.file, d.key]))}`).digest('hex');
}

export function encodeCross(entry: CrossEntry): Buffer {
  return Buffer.from(JSON.stringify({ cross: 1, ...entry }));
}

/** The entry in `bytes`, when it has the shape encodeCross writes and names only these files. */
export function decodeCross(bytes: Buffer | undefined, files: ReadonlySet<string>): CrossEntry | undefined {
  if (bytes === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { cross, diagnostics, waived } = v as Record<string, unknown>;
  if (cross !== 1 || !Array.isArray(diagnostics) || !Array.isArray(waived)) return undefined;
  if (!diagnostics.every((d) => isDiagnostic(d, files))) return undefined;
  if (!waived.every((w) => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && files.has(w[0]) && (w[1] === null || typeof w[1] === 'string'))) return undefined;
  return { diagnostics: diagnostics as Diagnostic[], waived: waived as CrossEntry['waived'] };
}

function isDiagnostic(d: unknown, files: ReadonlySet<string>): d is Diagnostic {
  if (typeof d !== 'object' || d === null) return false;
  const { file, line, col, severity, code, message } = d as Record<string, unknown>;
  const place = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1;
  return typeof file === 'string' && files.has(file) && place(line) && place(col) && (severity === 'warning' || severity === 'error') && code === 'NEAR_DUPLICATE' && typeof message === 'string';
}

/** The waivers `compare` marked as having silenced a pair: those that lacked NEAR_DUPLICATE before. */
export function markedBy(uses: readonly WaiverUse[], compare: () => Diagnostic[]): CrossEntry {
  const before = new Set(uses.filter((u) => u.suppressed.includes('NEAR_DUPLICATE')));
  const diagnostics = compare();
  const waived = uses.filter((u) => !before.has(u) && u.suppressed.includes('NEAR_DUPLICATE')).map((u): [string, string | null] => [u.file, u.card ?? null]);
  return { diagnostics, waived };
}

/** Marks the waivers a stored comparison marked; false when one of them is not among `uses`. */
export function markAgain(uses: readonly WaiverUse[], waived: CrossEntry['waived']): boolean {
  const found = waived.map(([file, card]) => uses.find((u) => u.file === file && (u.card ?? null) === card));
  if (found.some((u) => u === undefined)) return false;
  for (const u of found) if (!u!.suppressed.includes('NEAR_DUPLICATE')) u!.suppressed.push('NEAR_DUPLICATE');
  return true;
}
