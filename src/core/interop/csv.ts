// RFC 4180 fields with any one-character separator: quoted fields may hold the separator, doubled
// quotes and line breaks. Pure: text in, rows out, each row with the 1-based line it starts on.

export interface Row {
  line: number;
  cells: string[];
}

/** Splits `text` into rows. A quote opens a quoted field only at the start of a field, as in RFC 4180
 *  (and Anki's reader); elsewhere it is an ordinary character. An unclosed quote runs to the end. */
export function parseRows(text: string, sep: string): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let atFieldStart = true;
  const n = text.length;
  const endRow = () => {
    cells.push(field);
    // A blank line is not a row (Anki skips them too).
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
    field = '';
    atFieldStart = true;
  };
  while (i < n) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // Quoted field: read to the closing quote; "" is one quote.
      i++;
      for (;;) {
        if (i >= n) break;
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      atFieldStart = false;
      continue;
    }
    if (ch === sep) {
      cells.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRow();
      line++;
      rowLine = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (field !== '' || cells.length > 0) endRow();
  return rows;
}

const CANDIDATES = ['\t', ',', ';', '|', ':'];

/**
 * Guesses the separator from the first lines: the candidate that splits them into the same number
 * of fields (more than one), preferring tab, then comma, semicolon, pipe, colon. Falls back to tab
 * (Anki's own default) when nothing splits consistently.
 */
export function sniffSeparator(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  let best = { sep: '\t', score: 0 };
  for (const sep of CANDIDATES) {
    const rows = parseRows(sample, sep).slice(0, 20);
    // The last row of a cut sample may be partial.
    const counted = rows.length > 1 && sample.length < text.length ? rows.slice(0, -1) : rows;
    if (counted.length === 0) continue;
    const first = counted[0]!.cells.length;
    if (first < 2) continue;
    const same = counted.filter((r) => r.cells.length === first).length;
    // Consistency first; a tie keeps the earlier (more likely) candidate.
    const score = same / counted.length;
    if (score > best.score + 1e-9) best = { sep, score };
  }
  return best.sep;
}

/** Writes one TSV/CSV field, quoting it when it holds the separator, a quote or a line break. */
export function formatField(value: string, sep: string): string {
  return value.includes(sep) || /["\r\n]/.test(value) || value.startsWith('#') ? `"${value.replace(/"/g, '""')}"` : value;
}
