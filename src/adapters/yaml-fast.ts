// A fast reader for the plain layout of cards, the layout `recall deck new`, the Anki import and
// most hand-written decks use: block mappings and lists, one-line scalars (plain, "double" or
// 'single' quoted) and one-line flow lists of scalars. The yaml library composes a full document
// model (~1 s per MB on this machine); this reads the same cards line by line in a tenth of that.
//
// It is only a shortcut: it gives the tree yaml would give (same values, positions and quoted
// source) or declines, and a declined group is parsed by yaml as before. It declines anything it
// does not read exactly as yaml does: block scalars (| >), multi-line scalars, anchors, aliases,
// tags, flow mappings, escapes other than the common ones, tabs, control characters, duplicate
// keys, empty values, and plain scalars that the YAML core schema would read as anything but text,
// `true`/`false` or a small decimal integer. tests/adapters/yaml-fast.test.ts compares it with
// yaml on mutated decks and on tricky scalars.
import type { PEntry, PMap, PNode, PScalar } from '../core/ptree.js';

const MAX_SOURCE_QUOTE = 80;
/** Cards are ~4 levels deep; deeper input goes to yaml, which applies the real depth limit. */
const MAX_DEPTH = 24;
/** yaml rejects implicit keys longer than 1024 characters; such keys go to yaml. */
const MAX_KEY = 256;
/** From this many keys on, a mapping's keys are kept in a Set to find a duplicate (see Reader.map). */
const MANY_KEYS = 16;

/** Characters yaml treats specially or rejects (tabs, CR, controls, BOM, line separators), and lone surrogates. */
const UNUSUAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\p{Surrogate}/u;
/** Keys the YAML core schema reads as null or a boolean: such keys go to yaml. */
const NOT_TEXT_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** The core schema's tests other than string (yaml/dist/schema/core): such plain scalars go to yaml,
 *  except the forms read below. */
const CORE_NOT_TEXT = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** A plain scalar may not start with these (yaml reads them as structure or errors). */
const PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };
/** What may follow a one-line value, from a given column (sticky, lastIndex). */
const LINE_END = /(?: *| +#.*)$/y;

class Decline extends Error {}

/**
 * The items of a block list written as `text` (consecutive items of the cards list, see
 * yaml-chunks.ts), which starts at line `firstLine` of the file and whose items sit `depth` levels
 * deep; or undefined when yaml must read it.
 */
export function fastItems(text: string, firstLine: number, depth: number): PNode[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines = text.split('\n');
  // A group keeps the line break after its last line.
  if (lines.at(-1) === '') lines.pop();
  try {
    const reader = new Reader(lines, firstLine);
    const at = reader.nextContent();
    if (at === undefined) return undefined;
    const seq = reader.seq(indentOf(lines[at]!), depth - 1);
    if (reader.nextContent() !== undefined) return undefined;
    return seq.kind === 'seq' ? seq.items : undefined;
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}

/**
 * The header of a deck split for reading in groups (yaml-chunks.ts): the top-level mapping, with
 * `cards:` left empty (read as yaml reads an empty value: null, placed after the spaces that
 * follow its colon) and its lines after line `gap.after` sitting `gap.lines` further down in the
 * file; or undefined when yaml must read it.
 * A header is a few lines, except when it is hostile: 60,000 deck tags took yaml ~0.6 s and more
 * memory than the lint worker has, which then failed and left the main thread to parse it again.
 */
export function fastHeader(text: string, gap: { after: number; lines: number }): PMap | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  try {
    const reader = new Reader(lines, 1, gap, 'cards');
    const at = reader.nextContent();
    if (at === undefined || keyEnd(lines[at]!, 0) < 0) return undefined;
    const map = reader.map(0, 0);
    if (reader.nextContent() !== undefined) return undefined;
    return map.kind === 'map' ? map : undefined;
  } catch (err) {
    if (err instanceof Decline) return undefined;
    throw err;
  }
}

/**
 * Where the key that starts at column `col` ends (the column of its `:`), or -1 when none does: a
 * key is `[A-Za-z_][A-Za-z0-9_-]*` followed by `:` and a space or the end of the line. Scanned by
 * hand: a sticky regex's match array for every key line was ~17 MB of garbage in a cold lint of the
 * 10,000-card bench deck, about a tenth of all it allocated.
 */
function keyEnd(text: string, col: number): number {
  const first = text.charCodeAt(col);
  if (!(isLetter(first) || first === 95)) return -1;
  let c = col + 1;
  for (let ch = text.charCodeAt(c); isLetter(ch) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 45; ch = text.charCodeAt(c)) c++;
  if (text.charCodeAt(c) !== 58) return -1;
  return c + 1 === text.length || text.charCodeAt(c + 1) === 32 ? c : -1;
}

/** A-Z or a-z (NaN, past the end, is neither). */
function isLetter(ch: number): boolean {
  return (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
}

/** Nothing but spaces, or spaces then a comment: scanned, not a regex test per line. */
function isBlank(line: string): boolean {
  const i = indentOf(line);
  return i === line.length || line.charCodeAt(i) === 35;
}

function hasKey(entries: PEntry[], key: string): boolean {
  for (const e of entries) if (e.key === key) return true;
  return false;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

class Reader {
  /** The line being read. */
  i = 0;

  constructor(
    private readonly lines: string[],
    private readonly firstLine: number,
    /** Lines of the file left out after line `after` (fastHeader). */
    private readonly gap?: { after: number; lines: number },
    /** A top-level key whose empty value reads as null (fastHeader: `cards`); any other goes to yaml. */
    private readonly emptyKey?: string,
  ) {}

  /** The next line that is not blank or a comment (moving there), or undefined at the end. */
  nextContent(): number | undefined {
    while (this.i < this.lines.length && isBlank(this.lines[this.i]!)) this.i++;
    return this.i < this.lines.length ? this.i : undefined;
  }

  private line(i: number): number {
    const line = i + this.firstLine;
    return this.gap && line > this.gap.after ? line + this.gap.lines : line;
  }

  /** A block list whose dashes sit at column `indent` (0-based), starting on the current line. */
  seq(indent: number, depth: number): PNode {
    if (depth > MAX_DEPTH) throw new Decline();
    const items: PNode[] = [];
    const line = this.line(this.i);
    for (let at = this.nextContent(); at !== undefined; at = this.nextContent()) {
      const text = this.lines[at]!;
      const ind = indentOf(text);
      if (ind < indent) break;
      if (ind > indent) throw new Decline();
      if (text[indent] !== '-') break; // the parent mapping's next key
      if (text[indent + 1] !== ' ') throw new Decline(); // `-` alone (an empty item), or `-x`
      let c = indent + 1;
      while (text.charCodeAt(c) === 32) c++;
      if (c >= text.length) throw new Decline();
      items.push(this.inline(c, indent, depth + 1));
    }
    return { kind: 'seq', items, line, col: indent + 1 };
  }

  /**
   * The node that starts at column `col` of the current line, after `- ` (or `key: `). `parent`
   * is the column of the dash or key: lines after a one-line value must not be indented past it.
   */
  private inline(col: number, parent: number, depth: number): PNode {
    const text = this.lines[this.i]!;
    if (keyEnd(text, col) >= 0) return this.map(col, depth);
    const node = this.scalarOrFlow(text, col);
    this.i++;
    this.afterValue(parent);
    return node;
  }

  /** After a one-line value: a deeper line would continue it (a multi-line scalar), which yaml reads. */
  private afterValue(parent: number): void {
    const at = this.nextContent();
    if (at !== undefined && indentOf(this.lines[at]!) > parent) throw new Decline();
  }

  /** A block mapping whose keys sit at column `indent`; its first key is on the current line. */
  map(indent: number, depth: number): PNode {
    if (depth > MAX_DEPTH) throw new Decline();
    const entries: PEntry[] = [];
    // Duplicate keys: a card's few keys are compared with each other; a Set per mapping (every card
    // and option) cost more, and only a mapping with many keys (a hostile header) gets one.
    let keys: Set<string> | undefined;
    const line = this.line(this.i);
    for (let first = true; ; first = false) {
      if (!first) {
        const at = this.nextContent();
        if (at === undefined) break;
        const ind = indentOf(this.lines[at]!);
        if (ind < indent) break;
        if (ind > indent) throw new Decline();
      }
      const text = this.lines[this.i]!;
      const end = keyEnd(text, indent);
      if (end < 0) throw new Decline(); // a list item or a scalar where a key belongs: yaml reports it
      const key = text.slice(indent, end);
      if (key.length > MAX_KEY || (key.length <= 5 && NOT_TEXT_KEY.test(key)) || (keys ? keys.has(key) : hasKey(entries, key))) throw new Decline();
      const keyLine = this.line(this.i);
      const keyCol = indent + 1;
      let c = indent + key.length + 1;
      while (text.charCodeAt(c) === 32) c++;
      let value: PNode;
      if (c >= text.length || text[c] === '#') {
        if (c < text.length && text[c - 1] !== ' ') throw new Decline();
        value = indent === 0 && key === this.emptyKey && this.emptyHere() ? { kind: 'scalar', value: null, source: '', line: keyLine, col: c + 1 } : this.blockValue(indent, depth + 1);
      } else {
        value = this.scalarOrFlow(text, c);
        this.i++;
        this.afterValue(indent);
      }
      entries.push({ key, keyLine, keyCol, value });
      if (keys) keys.add(key);
      else if (entries.length === MANY_KEYS) keys = new Set(entries.map((e) => e.key));
    }
    return { kind: 'map', entries, line, col: indent + 1 };
  }

  /** Whether the top-level key on the current line has nothing below it (the end, or the next
   *  top-level key), moving past it when so. */
  private emptyHere(): boolean {
    const from = this.i;
    this.i++;
    const at = this.nextContent();
    if (at === undefined || indentOf(this.lines[at]!) === 0) return true;
    this.i = from;
    return false;
  }

  /** The value of `key:` written on the lines below: a nested mapping or list. Empty values go to yaml. */
  private blockValue(indent: number, depth: number): PNode {
    this.i++;
    const at = this.nextContent();
    if (at === undefined) throw new Decline();
    const text = this.lines[at]!;
    const ind = indentOf(text);
    const dash = text[ind] === '-' && text[ind + 1] === ' ';
    // A list may sit at the key's own column; anything else must be deeper.
    if (dash && ind >= indent) return this.seq(ind, depth);
    if (ind > indent && keyEnd(text, ind) >= 0) return this.map(ind, depth);
    throw new Decline();
  }

  /** A one-line scalar or flow list at column `col`; the rest of the line must be empty or a comment. */
  private scalarOrFlow(text: string, col: number): PNode {
    const line = this.line(this.i);
    const ch = text[col];
    let node: PNode;
    let end: number;
    if (ch === '"' || ch === "'") {
      node = quoted(text, col, line);
      end = quotedEnd;
    } else if (ch === '[') {
      const items: PNode[] = [];
      let c = col + 1;
      while (text.charCodeAt(c) === 32) c++;
      if (text[c] === ']') end = c + 1;
      else
        for (;;) {
          let item: PNode;
          if (text[c] === '"' || text[c] === "'") {
            item = quoted(text, c, line);
            c = quotedEnd;
          }
          else {
            let e = c;
            while (e < text.length && !',]'.includes(text[e]!)) e++;
            const raw = text.slice(c, e).trimEnd();
            if (/[:#{}[]/.test(raw)) throw new Decline();
            item = plain(raw, line, c);
            c += raw.length;
          }
          items.push(item);
          while (text.charCodeAt(c) === 32) c++;
          if (text[c] === ']') {
            end = c + 1;
            break;
          }
          if (text[c] !== ',') throw new Decline();
          c++;
          while (text.charCodeAt(c) === 32) c++;
          if (text[c] === ']' || text[c] === ',') throw new Decline(); // a trailing or empty entry
        }
      node = { kind: 'seq', items, line, col: col + 1 };
    } else {
      // Plain: up to a comment (` #`), without trailing spaces.
      const hash = text.indexOf(' #', col);
      const raw = (hash < 0 ? text.slice(col) : text.slice(col, hash)).trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) throw new Decline(); // a mapping, or an error
      node = plain(raw, line, col);
      end = col + raw.length;
    }
    LINE_END.lastIndex = end;
    if (!LINE_END.test(text)) throw new Decline();
    return node;
  }
}

/** A plain scalar's value: text, or the few other forms read here. Anything else goes to yaml. */
function plain(raw: string, line: number, col: number): PScalar {
  if (raw === '' || PLAIN_START.test(raw)) throw new Decline();
  let value: string | number | boolean = raw;
  if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (SMALL_INT.test(raw)) value = Number(raw);
  else if (CORE_NOT_TEXT.some((re) => re.test(raw))) throw new Decline();
  return { kind: 'scalar', value, source: quote(raw), line, col: col + 1 };
}

/** The column after the closing quote of the last quoted(): kept here rather than returned with
 *  the node in a pair, an array per quoted value. */
let quotedEnd = 0;

/**
 * A quoted scalar closed on its line (quotedEnd: the column after its closing quote). The value is taken a
 * run of plain characters at a time (one slice per run, most values being one run): appending it a
 * character at a time made a string per character, ~10% of a cold lint of the bench deck.
 */
function quoted(text: string, col: number, line: number): PScalar {
  const mark = text.charCodeAt(col);
  let value = '';
  let from = col + 1; // where the run of characters not yet in `value` starts
  let c = from;
  for (;;) {
    if (c >= text.length) throw new Decline(); // runs on to the next line
    const ch = text.charCodeAt(c);
    if (ch === mark) {
      if (mark === 39 /* ' */ && text.charCodeAt(c + 1) === 39) {
        value += text.slice(from, c + 1); // '' is one quote
        c += 2;
        from = c;
        continue;
      }
      break;
    }
    if (ch === 92 /* \\ */ && mark === 34 /* " */) {
      const e = ESCAPES[text[c + 1] ?? ''];
      if (e === undefined) throw new Decline();
      value += text.slice(from, c) + e;
      c += 2;
      from = c;
      continue;
    }
    c++;
  }
  value += text.slice(from, c);
  quotedEnd = c + 1;
  return { kind: 'scalar', value, source: quote(text.slice(col, quotedEnd)), line, col: col + 1 };
}

/** The source as the one-piece parse quotes it (see MAX_SOURCE_QUOTE in yaml-deck.ts). */
function quote(raw: string): string {
  return raw.length > MAX_SOURCE_QUOTE ? raw.slice(0, MAX_SOURCE_QUOTE) + '…' : raw;
}
