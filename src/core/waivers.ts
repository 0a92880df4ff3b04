// Waivers: a card (or a deck) may switch off an item-writing rule when it says why, e.g.
//   lint: { ignore: [ABSOLUTE_WORD], why: "the fact itself is an absolute: root cannot assume a role" }
// A waiver that names an unknown rule or gives no reason is not honoured (the rule still fires) and
// is reported as BAD_WAIVER, a warning: a broken waiver must not stop anyone studying the deck.
// Only a `lint` that is not a mapping at all is an error (WRONG_TYPE), as for any other field.
import { ITEM_CODES, type ItemCode } from './item-lint.js';
import type { Position, Waiver } from './model.js';
import { getEntry, type PMap } from './ptree.js';
import { checkUnknownFields, closest, describe, q, Reporter } from './validate-fields.js';

/** A waiver as written, for `deck lint --verbose`, with the rules it actually silenced. */
export interface WaiverUse {
  file: string;
  line: number;
  col: number;
  deck?: string;
  /** Absent for a deck's own waiver. */
  card?: string;
  ignore: ItemCode[];
  why: string;
  /** Codes that fired and were not reported because of this waiver. */
  suppressed: ItemCode[];
}

export const WAIVER_FIELDS = ['ignore', 'why'] as const;
/** Whole-deck rules: only the deck's own `lint` can waive them. */
export const DECK_ONLY_CODES: readonly ItemCode[] = ['TRUEFALSE_BALANCE'];

/**
 * Reads `lint` of a card or deck mapping. Returns the waiver and where it is written, or undefined
 * when there is none or it cannot be honoured (after a BAD_WAIVER saying why).
 */
export function readWaiver(r: Reporter, map: PMap, owner: string, scope: 'card' | 'deck'): { waiver: Waiver; at: Position } | undefined {
  const entry = getEntry(map, 'lint');
  if (!entry) return undefined;
  const at = { line: entry.keyLine, col: entry.keyCol };
  const bad = (pos: Position, message: string) => {
    r.warn(pos, 'BAD_WAIVER', `${message}; the waiver is ignored`);
    return undefined;
  };
  const node = entry.value;
  if (node.kind !== 'map') {
    // A wrong shape is an error like any other field's; what is inside a mapping only warns.
    r.error(node, 'WRONG_TYPE', `"lint" of ${owner} should be a mapping like { ignore: [ABSOLUTE_WORD], why: "..." }, but YAML read ${describe(node)}`);
    return undefined;
  }
  checkUnknownFields(r, node, WAIVER_FIELDS, `"lint" of ${owner}`);
  const list = getEntry(node, 'ignore')?.value;
  const why = getEntry(node, 'why')?.value;
  if (!list || list.kind !== 'seq' || list.items.length === 0) return bad(list ?? node, `"lint" of ${owner} should list the rules it waives in "ignore", e.g. ignore: [ABSOLUTE_WORD]`);
  if (!why || why.kind !== 'scalar' || typeof why.value !== 'string' || why.value.trim() === '')
    return bad(why ?? node, `"lint" of ${owner} should say why in "why"; a waiver without a reason hides the warning from the next reviewer too`);
  const allowed = scope === 'card' ? ITEM_CODES.filter((c) => !DECK_ONLY_CODES.includes(c)) : ITEM_CODES;
  const ignore: ItemCode[] = [];
  let ok = true;
  for (const item of list.items) {
    const code = item.kind === 'scalar' && typeof item.value === 'string' ? item.value.trim() : undefined;
    if (code !== undefined && (allowed as readonly string[]).includes(code)) {
      if (!ignore.includes(code as ItemCode)) ignore.push(code as ItemCode);
      continue;
    }
    ok = false;
    if (code !== undefined && scope === 'card' && (DECK_ONLY_CODES as readonly string[]).includes(code))
      bad(item, `${code} is a rule about the whole deck: waive it in the deck's own "lint", not on ${owner}`);
    else {
      const near = code === undefined ? undefined : closest(code, allowed);
      bad(item, `${code === undefined ? 'an item of "ignore"' : q(code)} is not a rule that can be waived${near ? ` (did you mean "${near}"?)` : ''}; waivable: ${allowed.join(', ')}`);
    }
  }
  if (!ok) return undefined;
  return { waiver: { ignore, why: why.value }, at };
}
