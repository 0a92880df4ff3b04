// Quiz reports for `recall analyze`: files and folders (searched recursively for *.json), read one
// at a time, so 10,000 reports never sit in memory as text together. Each report is untrusted: it
// is kept only if it has the shape analysis needs, and only the fields analysis uses are kept.
import fs from 'node:fs';
import path from 'node:path';
import type { Picked, Report, ReportItem } from '../core/item-analysis.js';
import { UsageError } from '../errors.js';
import { readAtMost } from './read-at-most.js';

/** A report bigger than this is not one recall wrote (a 1,000-question report is ~1 MB). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** Every *.json file under the given paths, sorted, without repeats; symlinks are not followed. */
export function reportFiles(args: readonly string[], cwd: string): string[] {
  const out = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 64) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new UsageError(`cannot read ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'BAD_INPUT');
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) out.add(p);
    }
  };
  for (const a of args) {
    const p = path.resolve(cwd, a);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      throw new UsageError(`${a}: no such file or folder`, 'BAD_INPUT');
    }
    if (st.isDirectory()) walk(p, 0);
    else if (st.isFile()) out.add(p);
    else throw new UsageError(`${a}: not a regular file or folder`, 'BAD_INPUT');
  }
  return [...out].sort();
}

const str = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max;

function picked(v: unknown): Picked | undefined {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return typeof v === 'number' && !Number.isFinite(v) ? undefined : v;
  if (str(v, 10_000)) return v;
  if (Array.isArray(v) && v.length <= 1000 && v.every((x) => (typeof x === 'number' && Number.isInteger(x)) || str(x, 10_000))) return v as number[] | string[];
  return undefined;
}

function item(v: unknown): ReportItem | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (!str(o.deck) || !str(o.id) || !str(o.hash) || !str(o.type) || typeof o.correct !== 'boolean') return undefined;
  const p = picked(o.picked);
  if (p === undefined) return undefined;
  const out: ReportItem = { deck: o.deck, id: o.id, hash: o.hash, type: o.type, correct: o.correct, picked: p };
  if (o.type === 'truefalse' && (o.expected === 'true' || o.expected === 'false')) out.expected = o.expected;
  if (Array.isArray(o.options) && o.options.length <= 100) {
    const options = o.options.filter((x): x is { text: string; correct: boolean } => typeof x === 'object' && x !== null && str((x as { text?: unknown }).text, 10_000) && typeof (x as { correct?: unknown }).correct === 'boolean');
    if (options.length === o.options.length) out.options = options.map((x) => ({ text: x.text, correct: x.correct }));
  }
  return out;
}

/** A report from its text, or why it is not one analysis can use. */
export function parseReport(text: string, source: string): Report | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a recall quiz report';
  const o = v as Record<string, unknown>;
  if (!Array.isArray(o.items) || typeof o.score !== 'number') return 'not a recall quiz report';
  if (typeof o.version !== 'number') return 'a recall quiz report without item data (written before report version 2)';
  const items: ReportItem[] = [];
  for (const raw of o.items) {
    const it = item(raw);
    if (!it) return 'a quiz report with a malformed item';
    items.push(it);
  }
  const at = str(o.at) && !Number.isNaN(Date.parse(o.at)) ? new Date(o.at).toISOString() : '';
  return { source, student: str(o.student, 200) && o.student !== '' ? o.student : null, at, items };
}

/** Reads the reports one by one; a file that is not a usable report is reported and skipped. */
export function* readReports(files: readonly string[], skip: (file: string, why: string) => void): Generator<Report> {
  for (const file of files) {
    const read = readReportText(file);
    if (read.why !== undefined) {
      skip(file, read.why);
      continue;
    }
    const r = parseReport(read.text, file);
    if (typeof r === 'string') skip(file, r);
    else yield r;
  }
}

/**
 * A report's text, or why it was not read. The file was found a regular file (reportFiles), but a
 * shared reports folder can change before the read: it is opened without following a link and
 * without waiting on a FIFO, checked on the open file, and read no further than the limit.
 */
function readReportText(file: string): { text: string; why?: undefined } | { why: string } {
  const C = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, C.O_RDONLY | (C.O_NOFOLLOW ?? 0) | (C.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { why: code === 'ELOOP' ? 'a symbolic link, not followed' : `cannot read: ${code ?? String(err)}` };
  }
  const tooLarge = { why: `larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB` };
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { why: 'not a regular file' };
    if (st.size > MAX_REPORT_BYTES) return tooLarge;
    const bytes = readAtMost(fd, st.size, MAX_REPORT_BYTES + 1);
    if (bytes.length > MAX_REPORT_BYTES) return tooLarge;
    return { text: bytes.toString('utf8') };
  } catch (err) {
    return { why: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  } finally {
    fs.closeSync(fd);
  }
}
