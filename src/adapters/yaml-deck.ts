// YAML text -> positioned tree (src/core/ptree.ts) plus diagnostics. Deck files are untrusted, so
// this never throws and never hangs: aliases are expanded against a budget, depth is capped, tags
// stay inert, and anything unexpected becomes a diagnostic.
import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../core/model.js';
import type { PEntry, PMap, PNode } from '../core/ptree.js';
import { splitCards, type CardGroup } from './yaml-chunks.js';
import { fastHeader, fastItems } from './yaml-fast.js';
import { appendAll } from '../core/arrays.js';

/** Deeper than any sane deck (a deck is about 5 levels deep); stops stack-eating input early. */
const MAX_DEPTH = 64;
/** Nodes an alias expansion may add in total; alias bombs blow past it within a few levels. */
const MAX_ALIAS_NODES = 10_000;
const MAX_SOURCE_QUOTE = 80;

/** Tags that only restate what YAML would read anyway. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** The usual cause of a few yaml errors, in deck authors' terms. */
const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: '; indent with spaces',
  MULTIPLE_DOCS: '; one deck per file, without a second ---',
};

/**
 * The hint for a yaml error at `offset`. A mapping where none may start (BLOCK_AS_IMPLICIT_KEY)
 * has two usual causes, told apart by its line: a second ": " on it is text that needs quotes
 * (`front: Role: what is it?`); otherwise a line is indented out of step with its neighbours (a key
 * one space too deep, a dash one space too shallow), and a hint about quotes misled the author.
 */
/**
 * yaml quotes the whole offending token in its message: a paragraph of prose, or a whole Markdown
 * file linted by mistake, came out as one 68 KB line. The position already points at the token, so
 * its first 40 characters say enough.
 */
function shortQuote(message: string): string {
  return message.replace(/: "((?:[^"\\]|\\.)*)"/, (whole, body: string) => (body.length <= 40 ? whole : `: "${body.slice(0, 40).replace(/\\$/, '')}…"`));
}

function syntaxHint(code: string, src: string, offset: number): string {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY') return SYNTAX_HINTS[code] ?? '';
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  const end = src.indexOf('\n', offset);
  const line = src.slice(start, end < 0 ? src.length : end);
  return line.split(': ').length > 2
    ? '; text containing ": " must be in quotes'
    : '; check the indentation of this line and the next ones: every key of a card starts in the column of the key after its dash';
}

export interface ParsedDeck {
  tree: PNode | null;
  diagnostics: Diagnostic[];
}

class Bail extends Error {}

/** The text parsed in one piece. */
export function parseDeckSource(src: string, file: string): ParsedDeck {
  return parseYaml(src, file).parsed;
}

/** Thrown while reading ChunkedDeck.cards when a group does not read as it would in one piece. */
export class ChunkDeclined extends Error {}

export interface ChunkedDeck {
  /** The top-level mapping; its `cards` entry reads as empty. */
  header: PMap;
  /** The cards list in groups of consecutive items, as written (see yaml-chunks.ts). */
  groups: CardGroup[];
  /** One group's items and YAML diagnostics. Throws ChunkDeclined when the group is not clean YAML
   *  without aliases: then only the whole text gives exact diagnostics. */
  read(group: CardGroup): { items: PNode[]; diagnostics: Diagnostic[] };
  /** The cards, every group read in turn (so each group's tree can be dropped once validated), its
   *  diagnostics added to `diagnostics`. Throws ChunkDeclined as `read` does. */
  cards: Iterable<PNode>;
  /** YAML diagnostics: the header's, then each group's once it has been read through `cards`. */
  diagnostics: Diagnostic[];
  /** Where the cards list starts (its first dash), as the one-piece parse reports it. */
  seqLine: number;
  seqCol: number;
}

/**
 * The deck read from its header and from groups of cards parsed one at a time (see yaml-chunks.ts):
 * the yaml library holds ~100 bytes of memory per byte of text while it parses, so a 2.3 MB deck
 * peaked near 300 MiB in one piece. Undefined when the layout does not allow it or the header is not
 * clean; ChunkDeclined from `cards` when a group is not. Either way the caller parses the whole text,
 * which gives the exact diagnostics.
 */
export function parseDeckInChunks(src: string, file: string, groupChars?: number): ChunkedDeck | undefined {
  const split = splitCards(src, groupChars);
  if (!split) return undefined;
  const gap = { after: split.seqLine - 1, lines: split.headerGap };
  // The plain layout without yaml, as for groups below: it gives the same tree or declines.
  const fast = fastHeader(split.header, gap);
  const head: YamlPass = fast ? { parsed: { tree: fast, diagnostics: [] }, clean: true } : parseYaml(split.header, file, { gap });
  const header = head.parsed.tree;
  if (!head.clean || header?.kind !== 'map') return undefined;
  const cardsEntry = header.entries.find((e) => e.key === 'cards');
  if (cardsEntry?.value.kind !== 'scalar' || cardsEntry.value.value !== null) return undefined;
  const diagnostics = [...head.parsed.diagnostics];
  const read = (group: CardGroup) => readCardGroup(group, file);
  function* cards(): Generator<PNode> {
    for (const group of split!.groups) {
      const part = read(group);
      appendAll(diagnostics, part.diagnostics);
      yield* part.items;
    }
  }
  return { header, groups: split.groups, read, cards: cards(), diagnostics, seqLine: split.seqLine, seqCol: split.seqCol };
}

/** One group of the cards list (yaml-chunks.ts), read as it reads in the whole text: its items and
 *  YAML diagnostics. Throws ChunkDeclined when the group is not clean YAML without aliases. */
export function readCardGroup(group: CardGroup, file: string): { items: PNode[]; diagnostics: Diagnostic[] } {
  // Most groups are in the plain layout, which yaml-fast.ts reads ~10 times faster; it gives the
  // same tree or declines, and then yaml reads the group.
  const fast = fastItems(group.text, group.line, 2);
  if (fast !== undefined && fast.length === group.items) return { items: fast, diagnostics: [] };
  // Depth 1: in the whole deck these items sit in the `cards` list, inside the top-level mapping.
  const part = parseYaml(group.text, file, { firstLine: group.line, depth: 1 });
  const tree = part.parsed.tree;
  // An empty item is positioned at the list in one piece: leave that to the one-piece parse.
  if (!part.clean || tree?.kind !== 'seq' || tree.items.length !== group.items || tree.items.some((i) => i.kind === 'scalar' && i.value === null))
    throw new ChunkDeclined();
  return { items: tree.items, diagnostics: part.parsed.diagnostics };
}

interface YamlPass {
  parsed: ParsedDeck;
  /** No errors, no YAML warnings (other than unknown tags, reported per node) and no aliases. */
  clean: boolean;
}

interface YamlPlace {
  /** The line of the whole file where this text starts. */
  firstLine?: number;
  /** How deep the text's top node sits in the whole file. */
  depth?: number;
  /** Lines of the file left out of this text after its line `after` (the cards list of a header). */
  gap?: { after: number; lines: number };
}

/** Parses one YAML text, a part of a file placed as `place` says. */
function parseYaml(src: string, file: string, { firstLine = 1, depth: baseDepth = 0, gap }: YamlPlace = {}): YamlPass {
  const diagnostics: Diagnostic[] = [];
  const lc = new LineCounter();
  let sawAlias = false;
  const at = (offset: number | undefined) => {
    const p = lc.linePos(Math.max(0, Math.min(offset ?? 0, src.length)));
    const line = Math.max(1, p.line) + firstLine - 1;
    return { line: gap && line > gap.after ? line + gap.lines : line, col: Math.max(1, p.col) };
  };
  const report = (offset: number | undefined, severity: Diagnostic['severity'], code: string, message: string) =>
    diagnostics.push({ file, ...at(offset), severity, code, message });

  let doc: Document.Parsed;
  try {
    // uniqueKeys (the default) reports duplicate keys as DUPLICATE_KEY; prettyErrors off keeps messages one line.
    doc = parseDocument(src, { lineCounter: lc, prettyErrors: false, keepSourceTokens: false });
  } catch (err) {
    report(0, 'error', 'YAML_SYNTAX', `YAML could not be read: ${err instanceof Error ? err.message : String(err)}`);
    return { parsed: { tree: null, diagnostics }, clean: false };
  }

  for (const e of doc.errors) {
    const message = e.message.split('\n')[0] ?? e.message;
    const opened = e.code === 'MISSING_CHAR' ? openingQuote(doc, e.pos[0]) : undefined;
    if (opened) {
      const mark = src[opened] === "'" ? "'" : '"';
      report(opened, 'error', 'YAML_SYNTAX', `this ${mark} quote is never closed: the text runs on to line ${at(e.pos[0]).line} (MISSING_CHAR); add the closing ${mark}`);
    } else if (e.code === 'RESOURCE_EXHAUSTION') report(e.pos[0], 'error', 'NESTING_TOO_DEEP', `nesting is too deep for a deck (${message})`);
    else if (e.code === 'DUPLICATE_KEY') report(e.pos[0], 'error', 'DUPLICATE_KEY', 'this key appears twice in the same mapping');
    else report(e.pos[0], 'error', 'YAML_SYNTAX', `${shortQuote(message)} (${e.code})${syntaxHint(e.code, src, e.pos[0])}`);
  }
  // Tag warnings are reported per node below, where the position is exact; other warnings pass on.
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') report(w.pos[0], 'warning', 'YAML_WARNING', `${w.message.split('\n')[0]} (${w.code})`);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { parsed: { tree: null, diagnostics: dedupe(diagnostics) }, clean: false };
  const clean = doc.errors.length === 0 && doc.warnings.every((w) => w.code === 'TAG_RESOLVE_FAILED');

  let aliasNodes = 0;
  let aliasAt = 0;
  let targets: Map<Alias, Node | undefined> | undefined;
  const convert = (node: unknown, depth: number, viaAlias: boolean): PNode => {
    if (depth > MAX_DEPTH) {
      const offset = (node as Node | null)?.range?.[0];
      report(offset, 'error', 'NESTING_TOO_DEEP', `nesting is deeper than ${MAX_DEPTH} levels`);
      throw new Bail();
    }
    if (viaAlias && ++aliasNodes > MAX_ALIAS_NODES) throw new Bail();
    if (isAlias(node)) {
      sawAlias = true;
      if (!viaAlias) aliasAt = node.range?.[0] ?? 0;
      const target = (targets ??= aliasTargets(doc)).get(node);
      if (!target) {
        report(node.range?.[0], 'error', 'YAML_SYNTAX', `unknown alias *${node.source}`);
        throw new Bail();
      }
      const converted = convert(target, depth + 1, true);
      // An alias reads as its target, but positions point where the alias was written.
      const pos = at(node.range?.[0]);
      return { ...converted, line: pos.line, col: pos.col };
    }
    const pos = at((node as Node | null)?.range?.[0]);
    const tag = (node as Node | null)?.tag;
    if (tag && !PLAIN_TAGS.has(tag)) {
      const shown = tag.replace(/^tag:yaml\.org,2002:/, '!!');
      report(tagOffset(src, (node as Node).range?.[0] ?? 0), 'warning', 'UNKNOWN_TAG', `the tag ${shown} means nothing to recall; the value is read as plain data`);
    }
    const base = { ...pos, ...(tag ? { tag } : {}) };
    if (isMap(node)) {
      const entries: PEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0]);
        let key: string;
        if (isScalar(keyNode)) key = String(keyNode.value);
        else {
          report(keyNode?.range?.[0] ?? node.range?.[0], 'error', 'WRONG_TYPE', 'a key must be plain text, not a list or mapping');
          key = '';
        }
        const value: PNode =
          pair.value === null || pair.value === undefined
            ? { kind: 'scalar', value: null, source: '', line: keyPos.line, col: keyPos.col }
            : convert(pair.value, depth + 1, viaAlias);
        entries.push({ key, keyLine: keyPos.line, keyCol: keyPos.col, value });
      }
      return { kind: 'map', entries, ...base };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) =>
        item === null || item === undefined ? ({ kind: 'scalar', value: null, source: '', ...pos } as PNode) : convert(item, depth + 1, viaAlias),
      );
      return { kind: 'seq', items, ...base };
    }
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      const range = node.range;
      let source = range ? src.slice(range[0], Math.min(range[1], range[0] + MAX_SOURCE_QUOTE)) : String(value);
      if (range && range[1] - range[0] > MAX_SOURCE_QUOTE) source += '…';
      return { kind: 'scalar', value, source, ...base };
    }
    return { kind: 'scalar', value: null, source: '', ...base };
  };

  try {
    if (doc.contents === null || doc.contents === undefined) return { parsed: { tree: null, diagnostics }, clean };
    const tree = convert(doc.contents, baseDepth, false);
    // An error found while converting (a key that is a list) stops lint at the parse in one piece.
    const noErrors = diagnostics.every((d) => d.severity !== 'error');
    return { parsed: { tree, diagnostics: dedupe(diagnostics) }, clean: clean && !sawAlias && noErrors };
  } catch (err) {
    if (!(err instanceof Bail)) {
      const text = err instanceof Error ? err.message : String(err);
      if (err instanceof ReferenceError && /alias/i.test(text)) report(aliasAt, 'error', 'ALIAS_LIMIT', `aliases expand too far; this looks like an alias bomb`);
      else if (err instanceof RangeError) report(0, 'error', 'NESTING_TOO_DEEP', `nesting is too deep for a deck (${text})`);
      else report(0, 'error', 'YAML_SYNTAX', `YAML could not be read: ${text}`);
    } else if (aliasNodes > MAX_ALIAS_NODES) {
      report(aliasAt, 'error', 'ALIAS_LIMIT', `aliases expand to more than ${MAX_ALIAS_NODES} nodes; this looks like an alias bomb`);
    }
    return { parsed: { tree: null, diagnostics: dedupe(diagnostics) }, clean: false };
  }
}

/**
 * The node each alias reads as: the last node with its anchor before it, yaml's own rule. yaml's
 * Alias.resolve(doc) walks the whole document on every call, so lint grew with cards x aliases:
 * a deck with an alias on each of 4,000 cards took 26 s (10,000 cards over three minutes), and an
 * alias bomb in a 380 KB deck 15-25 s to reach its ALIAS_LIMIT. One walk finds them all.
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const latest = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

/** Where the tag before a node starts, when it is on the same line; else the node itself. */
function tagOffset(src: string, nodeStart: number): number {
  const lineStart = src.lastIndexOf('\n', nodeStart - 1) + 1;
  const idx = src.slice(lineStart, nodeStart).search(/!\S*(?:\s+&\S+)?\s*$/);
  return idx >= 0 ? lineStart + idx : nodeStart;
}

/**
 * yaml reports a missing closing quote where the file (or block) ends, often many lines after the
 * mistake. The quoted scalar that runs up to that point starts at the quote the author left open.
 */
function openingQuote(doc: Document.Parsed, errorAt: number): number | undefined {
  let best: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return;
      const [start, end] = node.range ?? [];
      if (start !== undefined && end !== undefined && start < errorAt && end >= errorAt && (best === undefined || start > best)) best = start;
    },
  });
  return best;
}

/** One diagnostic per position and code: a bad tag inside an alias target is reported once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.col}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
