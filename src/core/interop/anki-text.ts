// Anki's text format ("Notes in Plain Text", CSV/TSV): `#key:value` header lines, then one note per
// row. Pure: the file's text in, notes out. Column numbers in headers are 1-based, as Anki writes them.
import { parseRows, sniffSeparator } from './csv.js';

export interface TextNote {
  /** Line of the file the row starts on. */
  line: number;
  fields: string[];
  fieldNames?: string[];
  tags: string[];
  guid?: string;
  notetype?: string;
  deck?: string;
}

export interface TextFile {
  notes: TextNote[];
  /** true / false from `#html:`, undefined when the file does not say. */
  html?: boolean;
  separator: string;
  /** Problems with the header lines, for the import summary. */
  warnings: string[];
}

const SEPARATORS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', space: ' ', pipe: '|', colon: ':' };

/** `Comma`, `tab`, or the character itself; undefined for anything else. */
export function separatorFrom(value: string): string | undefined {
  const named = SEPARATORS[value.trim().toLowerCase()];
  if (named) return named;
  if (value.length === 1 && value !== '"' && value !== '\n' && value !== '\r') return value;
  return undefined;
}

/** Plain-CSV header names recall understands, and the role each plays. */
const HEADER_NAMES: Record<string, 'front' | 'back' | 'tags' | 'guid' | 'notetype' | 'deck'> = {
  front: 'front',
  question: 'front',
  prompt: 'front',
  term: 'front',
  text: 'front',
  back: 'back',
  answer: 'back',
  definition: 'back',
  'back extra': 'back',
  tags: 'tags',
  tag: 'tags',
  guid: 'guid',
  id: 'guid',
  notetype: 'notetype',
  'note type': 'notetype',
  type: 'notetype',
  deck: 'deck',
};

interface Columns {
  names?: string[];
  tags?: number;
  guid?: number;
  notetype?: number;
  deck?: number;
}

function columnNumber(value: string, key: string, warnings: string[]): number | undefined {
  const t = value.trim();
  if (/^\d+$/.test(t) && Number(t) >= 1) return Number(t) - 1;
  warnings.push(`header "#${key}:${value.slice(0, 40)}" is not a column number; ignored`);
  return undefined;
}

/** Reads an Anki text export or a CSV/TSV file. `text` may start with a BOM. */
export function parseAnkiText(input: string): TextFile {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const warnings: string[] = [];
  const cols: Columns = {};
  let sep: string | undefined;
  let html: boolean | undefined;
  let fileTags: string[] = [];
  let notetype: string | undefined;
  let deck: string | undefined;

  // Header lines come first, each `#key:value`.
  let pos = 0;
  let headerLines = 0;
  for (;;) {
    if (text[pos] !== '#') break;
    const end = text.indexOf('\n', pos);
    const raw = text.slice(pos, end < 0 ? text.length : end).replace(/\r$/, '');
    const m = /^#([a-z ]+):(.*)$/i.exec(raw);
    if (!m) break;
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!;
    switch (key) {
      case 'separator': {
        const s = separatorFrom(value);
        if (s) sep = s;
        else warnings.push(`unknown separator "${value.slice(0, 20)}"; guessing it from the rows`);
        break;
      }
      case 'html':
        html = value.trim().toLowerCase() === 'true';
        break;
      case 'tags':
        fileTags = splitTags(value);
        break;
      case 'columns':
        // Split later, once the separator is known.
        cols.names = [value];
        break;
      case 'notetype':
        notetype = value.trim();
        break;
      case 'deck':
        deck = value.trim();
        break;
      case 'notetype column':
        cols.notetype = columnNumber(value, key, warnings);
        break;
      case 'deck column':
        cols.deck = columnNumber(value, key, warnings);
        break;
      case 'tags column':
        cols.tags = columnNumber(value, key, warnings);
        break;
      case 'guid column':
        cols.guid = columnNumber(value, key, warnings);
        break;
      default:
        warnings.push(`header "#${key}" is not one recall reads; ignored`);
    }
    headerLines++;
    pos = end < 0 ? text.length : end + 1;
  }
  const body = text.slice(pos);
  const separator = sep ?? sniffSeparator(body);
  let rows = parseRows(body, separator);
  for (const r of rows) r.line += headerLines;

  let names = cols.names ? splitColumns(cols.names[0]!, separator) : undefined;
  // A plain CSV (no `#` headers: Anki's own exports name columns with #columns) whose first row
  // names the columns: take it as the header.
  if (!names && headerLines === 0 && rows.length > 0) {
    const first = rows[0]!.cells.map((c) => c.trim().toLowerCase());
    const roles = first.map((c) => HEADER_NAMES[c]);
    if (roles.every((r) => r !== undefined) && roles.includes('front')) {
      names = rows[0]!.cells.map((c) => c.trim());
      rows = rows.slice(1);
    }
  }
  if (names) {
    const lower = names.map((n) => n.toLowerCase());
    const find = (role: string) => {
      const i = lower.findIndex((n) => HEADER_NAMES[n] === role);
      return i < 0 ? undefined : i;
    };
    cols.tags ??= find('tags');
    cols.guid ??= find('guid');
    cols.notetype ??= find('notetype');
    cols.deck ??= find('deck');
  }
  const special = new Set([cols.tags, cols.guid, cols.notetype, cols.deck].filter((c): c is number => c !== undefined));

  const notes: TextNote[] = rows.map((row) => {
    const fields: string[] = [];
    const fieldNames: string[] = [];
    row.cells.forEach((cell, i) => {
      if (special.has(i)) return;
      fields.push(cell);
      fieldNames.push(names?.[i] ?? `Field ${fields.length}`);
    });
    const cell = (i: number | undefined) => (i === undefined ? undefined : row.cells[i]);
    const guid = cell(cols.guid)?.trim();
    const nt = cell(cols.notetype)?.trim() || notetype;
    const dk = cell(cols.deck)?.trim() || deck;
    return {
      line: row.line,
      fields,
      ...(names ? { fieldNames } : {}),
      tags: [...fileTags, ...splitTags(cell(cols.tags) ?? '')],
      ...(guid ? { guid } : {}),
      ...(nt ? { notetype: nt } : {}),
      ...(dk ? { deck: dk } : {}),
    };
  });
  return { notes, ...(html !== undefined ? { html } : {}), separator, warnings };
}

function splitColumns(value: string, sep: string): string[] {
  const row = parseRows(value, sep)[0];
  return (row?.cells ?? []).map((c) => c.trim());
}

/** Anki tags are separated by spaces. */
export function splitTags(value: string): string[] {
  return value.split(/\s+/).filter((t) => t !== '');
}
