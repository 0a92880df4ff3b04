// Finding and reading deck files. Paths stay as the user wrote them (joined with what a folder walk
// found), so diagnostics point where the user looks; bundled decks are shown relative to cwd.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/model.js';
import { UsageError } from '../errors.js';
import { appendAll } from '../core/arrays.js';
import { closest } from '../core/suggest.js';
import { takePrefetched } from './prefetch.js';
import { MAX_DECK_BYTES } from './deck-size.js';
import { readAtMost } from './read-at-most.js';

export { MAX_DECK_BYTES };

const DECK_EXT = /\.ya?ml$/i;

let bundledDir: string | undefined;

/** The `decks/` folder next to recall's package.json, from src/ (vitest) or from dist/ (bundle). */
export function bundledDecksDir(): string {
  if (bundledDir) return bundledDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && isRecallPackage(pkg)) return (bundledDir = path.join(dir, 'decks'));
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find recall's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

function isRecallPackage(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === 'recall';
  } catch {
    return false;
  }
}

/**
 * The order a student meets the bundled decks when no deck is named (`npm start`, `recall study`,
 * `recall decks`, a quiz over all of them): the lesson's own decks as the lesson teaches them, then
 * the deep dive that goes beyond it. Study introduces new cards in deck order, so alphabetical
 * order would open a new student's first session with the beyond-the-lesson deck. A bundled deck
 * not listed here comes after these, alphabetically (tests/cli/deck-order.test.ts asks each deck
 * added to decks/ to be given its place).
 */
export const BUNDLED_ORDER: readonly string[] = ['iam-users-vs-roles', 'iam-trust-vs-permissions', 'iam-exam-signals', 'iam-exam-deep-dive'];

/** Bundled deck files in BUNDLED_ORDER, any others after them in path order. */
function lessonOrder(files: string[]): string[] {
  const rank = (f: string): number => {
    const i = BUNDLED_ORDER.indexOf(path.basename(f).replace(DECK_EXT, ''));
    return i < 0 ? BUNDLED_ORDER.length : i;
  };
  return files.map((f, at) => ({ f, at, r: rank(f) })).sort((a, b) => a.r - b.r || a.at - b.at).map((x) => x.f);
}

/** Ids of the bundled decks (file names without extension), sorted. */
export function bundledDeckIds(): string[] {
  try {
    return fs
      .readdirSync(bundledDecksDir())
      .filter((f) => DECK_EXT.test(f))
      .map((f) => f.replace(DECK_EXT, ''))
      .sort();
  } catch {
    return [];
  }
}

/** Files and folders (recursively, *.yaml / *.yml) to a sorted list of deck files without repeats. */
export function expandPaths(paths: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const stat = statOrNull(path.resolve(cwd, p));
    if (!stat) throw new UsageError(`no such file or folder: ${p}`, 'NOT_FOUND');
    if (stat.isDirectory()) {
      const found = walk(p, cwd);
      if (found.length === 0) throw new UsageError(`no deck files (*.yaml, *.yml) in folder ${p}`, 'NOT_FOUND');
      appendAll(out, found);
    } else out.push(path.normalize(p));
  }
  return uniqueFiles(out, cwd);
}

/** Sorted, one entry per file however it was spelt (`./a.yaml`, `a.yaml`, an absolute path). */
function uniqueFiles(files: string[], cwd: string): string[] {
  const seen = new Set<string>();
  return [...files].sort().filter((f) => {
    const abs = path.resolve(cwd, f);
    if (seen.has(abs)) return false;
    seen.add(abs);
    return true;
  });
}

function walk(dir: string, cwd: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.resolve(cwd, dir), { withFileTypes: true });
  } catch (err) {
    throw new UsageError(`cannot read folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'NOT_FOUND');
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const child = path.join(dir, e.name);
    // Symlinked folders are not followed: a link loop must not hang the walk.
    if (e.isDirectory()) appendAll(out, walk(child, cwd));
    // Every other *.yaml entry is a deck file, and readDeckBytes says what is wrong with one that
    // is not a regular file (never opening a FIFO): a link to a deck that is gone, a pipe or a
    // device was left out in silence, and `deck lint decks/` passed in CI without the deck.
    else if (DECK_EXT.test(e.name) && !(e.isSymbolicLink() && statOrNull(path.resolve(cwd, child))?.isDirectory())) out.push(child);
  }
  return out;
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/**
 * Deck arguments to deck files: each may be a file, a folder or a bundled deck id
 * (`iam-users-vs-roles` -> decks/iam-users-vs-roles.yaml). No arguments: all bundled decks.
 */
export function resolveDeckArgs(args: string[], cwd: string): string[] {
  if (args.length === 0) {
    const dir = bundledDecksDir();
    if (!statOrNull(dir)?.isDirectory()) throw new UsageError(`no bundled decks found in ${dir}`, 'NOT_FOUND');
    return lessonOrder(expandPaths([display(dir, cwd)], cwd));
  }
  const out: string[] = [];
  for (const arg of args) {
    if (statOrNull(path.resolve(cwd, arg))) {
      appendAll(out, expandPaths([arg], cwd));
      continue;
    }
    const bundled = bundledFile(arg);
    if (bundled) {
      out.push(display(bundled, cwd));
      continue;
    }
    throw new UsageError(`no such file, folder or bundled deck: ${arg}${notFoundHint(arg, cwd)}`, 'NOT_FOUND');
  }
  return uniqueFiles(out, cwd);
}

/**
 * What a mistyped deck argument was probably meant to be: a deck file or folder beside the path
 * given (`decks/my-topc.yaml`), or a bundled deck id (`iam-exam-signal`); else the bundled ids.
 */
function notFoundHint(arg: string, cwd: string): string {
  const ids = bundledDeckIds();
  let near = closest(arg, ids, 1);
  if (/[\\/]/.test(arg) || /\.ya?ml$/i.test(arg)) {
    const dir = path.dirname(arg);
    let names: string[] = [];
    try {
      names = fs
        .readdirSync(path.resolve(cwd, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory() || /\.ya?ml$/i.test(e.name))
        .map((e) => e.name);
    } catch {
      // the folder is missing too: nothing beside it to suggest
    }
    const sibling = closest(path.basename(arg), names, 1)[0];
    if (sibling !== undefined) near = [dir === '.' && !arg.startsWith('.') ? sibling : path.join(dir, sibling)];
  }
  if (near.length > 0) return ` (did you mean ${near[0]}?)`;
  return ids.length ? ` (bundled decks: ${ids.join(', ')})` : '';
}

function bundledFile(id: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  for (const ext of ['.yaml', '.yml']) {
    const file = path.join(bundledDecksDir(), id + ext);
    if (statOrNull(file)?.isFile()) return file;
  }
  return undefined;
}

/** Relative to cwd when the file is below it, else absolute. */
function display(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

export interface DeckFileText {
  text: string | null;
  diagnostics: Diagnostic[];
}

export interface DeckFileBytes {
  bytes: Buffer | null;
  diagnostics: Diagnostic[];
  /** The file the bytes were read from, as fstat saw it when opened (the study index compares it). */
  stat?: fs.Stats;
}

/** Reads a deck file, refusing oversized ones before reading a byte of them. */
export function readDeckFile(file: string, cwd: string = process.cwd()): DeckFileText {
  const read = readDeckBytes(file, cwd);
  return { text: read.bytes === null ? null : deckText(read.bytes), diagnostics: read.diagnostics };
}

/** A deck file's text: UTF-8, without a leading byte order mark. */
export function deckText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * The bytes of a deck file, as readDeckFile checks them. The deck cache is keyed by these bytes, so
 * a warm start never decodes the text (decoding 2 MB of YAML and hashing it as a string cost
 * ~20 ms; hashing the bytes ~2 ms).
 */
export function readDeckBytes(file: string, cwd: string = process.cwd()): DeckFileBytes {
  const abs = path.resolve(cwd, file);
  const fail = (code: string, message: string): DeckFileBytes => ({
    bytes: null,
    diagnostics: [{ file, line: 1, col: 1, severity: 'error', code, message }],
  });
  let fd: number | undefined;
  try {
    // Only regular files: opening a FIFO blocks, and /dev/zero never ends. stat first, so that a
    // FIFO is never opened (that alone lets a writer waiting on it go on).
    if (!fs.statSync(abs).isFile()) return fail('FILE_UNREADABLE', 'this is not a regular file');
    // The path can change between the stat and the open (a link re-pointed at a FIFO or a device):
    // O_NONBLOCK so that opening a FIFO returns at once, and fstat on the open file, so the kind and
    // the size checked are those of the file read.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return fail('FILE_UNREADABLE', 'this is not a regular file');
    const tooLarge = (size: string) => fail('FILE_TOO_LARGE', `the file is ${size} MB; decks are limited to ${MAX_DECK_BYTES / 1024 / 1024} MB, so it was not read`);
    if (stat.size > MAX_DECK_BYTES) return tooLarge((stat.size / 1024 / 1024).toFixed(1));
    // Bytes boot.ts began reading before the CLI loaded, if this is still that file (prefetch.ts).
    const bytes = takePrefetched(abs, stat) ?? readAtMost(fd, stat.size, MAX_DECK_BYTES + 1);
    // A file that grew since the fstat is read only to just past the limit.
    if (bytes.length > MAX_DECK_BYTES) return tooLarge(`over ${MAX_DECK_BYTES / 1024 / 1024}`);
    return { bytes, diagnostics: [], stat };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' && fs.lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()) return fail('FILE_UNREADABLE', 'this is a symbolic link to a file that does not exist');
    return fail('FILE_UNREADABLE', `cannot read the file (${code})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
