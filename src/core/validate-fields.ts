// Field readers shared by the deck and card rules: each reads one field of a mapping, reports what
// is wrong with it at the offending node, and returns the value only when it is usable.
import type { Diagnostic, Position, Severity } from './model.js';
import { describeNode, getEntry, type PMap, type PNode, type PScalar } from './ptree.js';
import { neutralize } from './sanitize.js';
import { truncate } from './truncate.js';

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Card ids are kebab-case and may also use dots between parts (e.g. `s3.get-object`). */
export const CARD_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** Counted as they come: the validator asks twice per card, and a deck may have 10,000 warnings. */
  private errors = 0;
  constructor(readonly file: string) {}
  add(pos: Position, severity: Severity, code: string, message: string): void {
    this.diagnostics.push({ file: this.file, line: pos.line, col: pos.col, severity, code, message });
    if (severity === 'error') this.errors++;
  }
  error(pos: Position, code: string, message: string): void {
    this.add(pos, 'error', code, message);
  }
  warn(pos: Position, code: string, message: string): void {
    this.add(pos, 'warning', code, message);
  }
  get errorCount(): number {
    return this.errors;
  }
}

/** Quotes deck text for a message: neutralised and cut short. */
export function q(text: string, max = 60): string {
  const cut = truncate(text, max);
  return `"${neutralize(cut).replace(/\n/g, '\\n')}"`;
}

/** What YAML read from a scalar, quoting the source when it differs from the value. */
function readAs(node: PScalar): string {
  const v = node.value;
  if (typeof v === 'string') return `the text ${q(v)}`;
  const src = node.source.trim();
  const kind = typeof v === 'number' ? 'number' : 'boolean';
  return src !== '' && src !== String(v) ? `${src} as the ${kind} ${String(v)}` : `the ${kind} ${String(v)}`;
}

/** What YAML read from a node, quoting scalars: `the text "A"`, `1.10 as the number 1.1`, `a list`. */
export function describe(node: PNode): string {
  return node.kind === 'scalar' ? readAs(node) : describeNode(node);
}

export interface FieldOpts {
  required: boolean;
  /** How the owner is named in messages, e.g. `card "role-credentials"`. */
  owner: string;
}

function isEmptyValue(node: PNode): boolean {
  return node.kind === 'scalar' && (node.value === null || (typeof node.value === 'string' && node.value.trim() === ''));
}

/** Reports a field that is absent, or present with nothing in it. Returns true when it did. */
function reportEmpty(r: Reporter, map: PMap, key: string, opts: FieldOpts): boolean {
  const entry = getEntry(map, key);
  if (!entry) {
    if (opts.required) r.error(map, 'MISSING_FIELD', `${opts.owner} has no "${key}"`);
    return true;
  }
  if (isEmptyValue(entry.value)) {
    const pos = { line: entry.keyLine, col: entry.keyCol };
    if (opts.required) r.error(pos, 'MISSING_FIELD', `"${key}" of ${opts.owner} is empty`);
    else r.error(pos, 'EMPTY_VALUE', `"${key}" of ${opts.owner} is empty; write something or remove the line`);
    return true;
  }
  return false;
}

/** A non-blank string scalar. */
export function readText(r: Reporter, map: PMap, key: string, opts: FieldOpts): string | undefined {
  const value = getEntry(map, key)?.value;
  // The usual case first, without building the label a message would need (~6 per card).
  if (value?.kind === 'scalar' && typeof value.value === 'string' && value.value.trim() !== '') return value.value;
  if (reportEmpty(r, map, key, opts)) return undefined;
  return textOf(r, getEntry(map, key)!.value, `"${key}"`);
}

/** The text held by a node, or a WRONG_TYPE report naming the field as `label`. */
export function textOf(r: Reporter, node: PNode, label: string): string | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
  const hint = node.kind === 'scalar' && node.source.trim() !== '' ? `; put it in quotes: "${neutralize(node.source.trim())}"` : '';
  r.error(node, 'WRONG_TYPE', `${label} should be text, but YAML read ${describe(node)}${hint}`);
  return undefined;
}

export function readBool(r: Reporter, map: PMap, key: string, opts: FieldOpts): boolean | undefined {
  if (reportEmpty(r, map, key, opts)) return undefined;
  const node = getEntry(map, key)!.value;
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  const quoted = node.kind === 'scalar' && /^["']/.test(node.source.trim());
  const hint = quoted ? '; write true or false without quotes' : '; write true or false';
  r.error(node, 'WRONG_TYPE', `"${key}" should be true or false, but YAML read ${describe(node)}${hint}`);
  return undefined;
}

export function readPositiveNumber(r: Reporter, map: PMap, key: string, opts: FieldOpts): number | undefined {
  if (reportEmpty(r, map, key, opts)) return undefined;
  const node = getEntry(map, key)!.value;
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value) && node.value > 0) return node.value;
  r.error(node, 'WRONG_TYPE', `"${key}" should be a positive number of seconds, but YAML read ${describe(node)}`);
  return undefined;
}

/** A list node for `key`, or undefined after reporting why not. Empty lists are returned as is. */
export function readList(r: Reporter, map: PMap, key: string, opts: FieldOpts): PNode[] | undefined {
  const entry = getEntry(map, key);
  if (!entry) {
    if (opts.required) r.error(map, 'MISSING_FIELD', `${opts.owner} has no "${key}"`);
    return undefined;
  }
  const node = entry.value;
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value === null) {
    const pos = { line: entry.keyLine, col: entry.keyCol };
    if (opts.required) r.error(pos, 'MISSING_FIELD', `"${key}" of ${opts.owner} is empty`);
    else r.error(pos, 'EMPTY_VALUE', `"${key}" of ${opts.owner} is empty; write a list or remove the line`);
    return undefined;
  }
  r.error(node, 'WRONG_TYPE', `"${key}" should be a list, but YAML read ${describe(node)}`);
  return undefined;
}

/** A list of non-blank strings; bad items are reported and left out. */
export function readTextList(r: Reporter, map: PMap, key: string, opts: FieldOpts): string[] | undefined {
  const items = readList(r, map, key, opts);
  if (!items) return undefined;
  const out: string[] = [];
  items.forEach((item, i) => {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') {
      out.push(item.value); // without the label a message would need
      return;
    }
    if (isEmptyValue(item)) {
      r.error(item, 'EMPTY_VALUE', `item ${i + 1} of "${key}" is empty`);
      return;
    }
    const text = textOf(r, item, `item ${i + 1} of "${key}"`);
    if (text !== undefined) out.push(text);
  });
  return out;
}

export function entryNode(map: PMap, key: string): PNode | undefined {
  return getEntry(map, key)?.value;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest candidate, when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Warns about fields nobody reads (usually typos). `elsewhere` maps fields that belong to another
 * kind of owner (e.g. `front` on a choice card) to that owner, for a more helpful message.
 */
export function checkUnknownFields(r: Reporter, map: PMap, known: readonly string[], where: string, elsewhere: Record<string, string> = {}): void {
  for (const e of map.entries) {
    if (known.includes(e.key)) continue;
    const pos = { line: e.keyLine, col: e.keyCol };
    const name = q(e.key, 40);
    const near = closest(e.key, known);
    const other = Object.hasOwn(elsewhere, e.key) ? elsewhere[e.key] : undefined;
    if (near) r.warn(pos, 'UNKNOWN_FIELD', `unknown field ${name} in ${where}; did you mean "${near}"?`);
    else if (other) r.warn(pos, 'UNKNOWN_FIELD', `field ${name} is not used in ${where} (it belongs to ${other}); it is ignored`);
    else r.warn(pos, 'UNKNOWN_FIELD', `unknown field ${name} in ${where} is ignored; known fields: ${known.join(', ')}`);
  }
}
