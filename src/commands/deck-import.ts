// `recall deck import FILE`: Anki text exports, CSV/TSV and Anki packages to recall YAML decks that lint clean.
import { shellPath } from '../core/shell-word.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { println } from '../io.js';
import { UsageError } from '../errors.js';
import { writeNewFile } from '../adapters/write-new-file.js';
import { refuseStoreFiles } from '../adapters/store-guard.js';
import { openRegularFile, readOpened } from '../adapters/input-file.js';
import { KEBAB } from '../core/validate-fields.js';
import { neutralize } from '../core/sanitize.js';
import { parseAnkiText } from '../core/interop/anki-text.js';
import { deckIdFrom, notesToCards, type ConvertResult, type Note, type OutCard } from '../core/interop/to-deck.js';
import { deckYaml } from '../core/interop/write-deck.js';
import { withoutControls } from '../core/interop/field-text.js';

export interface DeckImportOptions {
  file: string;
  output?: string;
  deck?: string;
  title?: string;
  type?: 'basic' | 'typed';
  force?: boolean;
}

/** Text exports this large are refused before reading (a 10,000-note TSV is about 1 MB). */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;
/** Anki packages this large are refused before reading; a package's entries have their own limits. */
export const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

export async function run(opts: DeckImportOptions, io: Io): Promise<number> {
  if (opts.deck !== undefined && !KEBAB.test(opts.deck)) throw new UsageError(`--deck takes a lowercase kebab-case deck id like "my-deck", got "${neutralize(opts.deck)}"`);
  if (opts.title !== undefined && opts.title.trim() === '') throw new UsageError('--title is empty');
  // `-` is standard output in quiz --output, deck export -o and progress export; here it made a
  // folder named "-". An import writes deck files (one per Anki deck), so it takes none.
  if (opts.output === '-') throw new UsageError('deck import writes deck files, not standard output: give -o a .yaml file (-o my-deck.yaml) or a folder (-o decks/)');
  const abs = path.resolve(io.cwd, opts.file);
  // A recall deck is YAML already. Read as CSV it became one junk card per line, written by default
  // to the same name: `recall deck import deck.yaml --force` replaced the deck with them.
  if (/\.ya?ml$/i.test(opts.file))
    throw new UsageError(`${opts.file} is YAML, the format recall decks are written in: there is nothing to import (recall deck lint ${shellPath(opts.file)} checks it). deck import reads Anki text exports (.txt), CSV/TSV and Anki packages (.apkg, .colpkg)`, 'IMPORT_FORMAT');
  const input = openRegularFile(abs, opts.file, 'import file', Math.max(MAX_TEXT_BYTES, MAX_PACKAGE_BYTES), 'IMPORT_FILE');
  let text = '';
  let pkg: Buffer | undefined;
  let sqlite = false;
  try {
    const head = Buffer.alloc(16);
    const n = fs.readSync(input.fd, head, 0, 16, 0);
    const magic = head.subarray(0, n);
    sqlite = magic.toString('latin1').startsWith('SQLite format 3');
    if (sqlite || magic.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
      if (input.size > MAX_PACKAGE_BYTES) throw new UsageError(`${opts.file} is over ${MAX_PACKAGE_BYTES / 1048576} MB; refusing it`, 'IMPORT_TOO_LARGE');
      pkg = fs.readFileSync(input.fd);
    } else text = readOpened(input, opts.file, 'import file', MAX_TEXT_BYTES, 'IMPORT_FILE');
  } finally {
    fs.closeSync(input.fd);
  }
  let parsed: { notes: Note[]; html?: boolean; warnings: string[]; media?: string[] };
  if (pkg) {
    // Only packages pay for sql.js and fflate.
    const { readPackage } = await import('../adapters/anki-package.js');
    const read = await readPackage(pkg, neutralize(opts.file), sqlite);
    parsed = { notes: read.notes, html: true, warnings: [], media: read.media };
  } else {
    if (text.includes('\u0000')) throw new UsageError(`${opts.file} is not a text file (it holds NUL bytes)`, 'IMPORT_FORMAT');
    if (text.includes('\uFFFD')) io.stderr.write(`warning: ${opts.file} is not valid UTF-8; unreadable bytes were replaced with \uFFFD\n`);
    parsed = parseAnkiText(text);
  }
  const result = notesToCards(parsed.notes, { html: parsed.html, ...(opts.type ? { type: opts.type } : {}) });
  // The files a package carries, besides those its fields name (a package may hold unused media).
  const named = new Set(result.media);
  for (const m of parsed.media ?? []) if (!named.has(m)) named.add(m), result.media.push(m);
  const base = path.basename(opts.file).replace(/\.[^.]*$/, '');
  const groups = pickDecks(result, opts, base);

  const outputs = plan(groups, opts, io.cwd, result.recallIds);
  const source = fs.statSync(abs);
  for (const o of outputs) {
    refuseStoreFiles(o.abs, path.relative(io.cwd, o.abs) || o.abs, io.env);
    // Never over the file being read, whatever its name (a link to it, -o naming it).
    const target = fs.statSync(o.abs, { throwIfNoEntry: false });
    if (target && target.dev === source.dev && target.ino === source.ino) throw new UsageError(`${neutralize(opts.file)} is the file being imported; give -o another file`, 'IMPORT_OVER_SOURCE');
  }
  for (const o of outputs) {
    const rel = path.relative(io.cwd, o.abs);
    o.typed = rel && !rel.startsWith('..') ? rel : o.abs;
    const shown = neutralize(o.typed);
    const yaml = deckYaml(
      { id: o.id, title: o.title, description: `Imported from ${neutralize(path.basename(opts.file))} by recall deck import.`, cards: o.cards },
      `Imported by recall deck import from ${neutralize(path.basename(opts.file))}.\nCard ids come from the note guid (or the front): re-import an updated export over this file to keep progress.`,
    );
    // The deck is not linted again here: that doubled the time of a 10,000-row import (yaml parses
    // ~4x slower than it writes). It lints by construction instead: notesToCards makes only ids that
    // match CARD_ID, non-empty fields, tags within the limits and blanks that parseBlanks reads, and
    // the tests lint every deck they import (tests/cli/deck-import.test.ts).
    writeNewFile(o.abs, shown, yaml, Boolean(opts.force), 'pass --force to replace it (card ids are stable, so progress is kept)');
    o.shown = shown;
  }

  const total = outputs.reduce((s, o) => s + o.cards.length, 0);
  println(io.stdout, `imported ${total} card${total === 1 ? '' : 's'} from ${neutralize(opts.file)}:`);
  for (const o of outputs) println(io.stdout, `  ${o.shown} (deck "${o.id}", ${o.cards.length} card${o.cards.length === 1 ? '' : 's'})`);
  report(io, parsed.warnings, result);
  println(io.stdout, `next: recall deck lint ${outputs.map((o) => neutralize(shellPath(o.typed ?? o.abs))).join(' ')}`);
  return 0;
}

interface Group {
  name: string;
  cards: OutCard[];
}
interface Output {
  id: string;
  title: string;
  cards: OutCard[];
  abs: string;
  shown?: string;
  /** The path as the user would type it (relative where it can be), for the command suggested next. */
  typed?: string;
}

function pickDecks(result: ConvertResult, opts: DeckImportOptions, base: string): Group[] {
  const all = [...result.decks].map(([name, cards]) => ({ name, cards }));
  if (all.length === 0) {
    const why = result.skipped.slice(0, 5).map((s) => `\n  ${s.where}: ${s.why}`).join('');
    throw new UsageError(`no cards to import from ${neutralize(opts.file)}${why || ' (the file has no notes)'}`, 'IMPORT_EMPTY');
  }
  if (all.length === 1 || opts.deck === undefined) return all;
  // A deck recall exported is named by the id it had (and gets back without --deck), so that id
  // picks it too, and is the one suggested: picking it by its title's slug would write it under a
  // new deck id, and its progress would not carry over.
  const idOf = (g: Group) => result.recallIds.get(g.name) ?? deckIdFrom(g.name);
  const chosen = all.filter((g) => g.name === opts.deck || deckIdFrom(g.name, base) === opts.deck || result.recallIds.get(g.name) === opts.deck);
  if (chosen.length === 0)
    throw new UsageError(`no Anki deck "${opts.deck}" in ${neutralize(opts.file)}; it holds: ${all.map((g) => `"${neutralize(g.name)}" (--deck ${idOf(g)})`).join(', ')}`, 'IMPORT_DECK');
  return chosen;
}

function plan(groups: Group[], opts: DeckImportOptions, cwd: string, recallIds: Map<string, string>): Output[] {
  const base = path.basename(opts.file).replace(/\.[^.]*$/, '');
  const several = groups.length > 1;
  const out = opts.output;
  const asFile = out !== undefined && /\.ya?ml$/i.test(out);
  if (several && asFile) throw new UsageError(`${neutralize(opts.file)} holds ${groups.length} Anki decks; give -o a folder (one YAML file per deck) or pick one with --deck`);
  if (out !== undefined && !asFile && fs.existsSync(path.resolve(cwd, out)) && !fs.statSync(path.resolve(cwd, out)).isDirectory())
    throw new UsageError(`-o ${neutralize(out)} exists and is not a folder; deck files end in .yaml or .yml`);
  const used = new Set<string>();
  return groups.map((g) => {
    // A deck recall exported gets its own id back, so the round trip keeps progress.
    let id = !several && opts.deck ? opts.deck : recallIds.get(g.name) ?? deckIdFrom(g.name || base, deckIdFrom(base));
    for (let i = 2; used.has(id); i++) id = `${id.replace(/-\d+$/, '')}-${i}`;
    used.add(id);
    // An Anki deck name and a file name are text from outside, like a field: no controls in the deck.
    const title = (!several && opts.title) || withoutControls(g.name).replace(/::/g, ' / ').trim() || withoutControls(base).trim() || id;
    const abs = asFile ? path.resolve(cwd, out!) : path.resolve(cwd, out ?? '.', `${id}.yaml`);
    return { id, title, cards: g.cards, abs };
  });
}


function report(io: Io, warnings: string[], result: ConvertResult): void {
  for (const w of warnings) println(io.stdout, `note: ${neutralize(w)}`);
  for (const n of result.notes) println(io.stdout, `note: ${neutralize(n)}`);
  if (result.skipped.length > 0) {
    println(io.stdout, `skipped ${result.skipped.length} note${result.skipped.length === 1 ? '' : 's'}:`);
    const shownMax = 20;
    for (const s of result.skipped.slice(0, shownMax)) println(io.stdout, `  ${s.where}: ${neutralize(s.why)}`);
    if (result.skipped.length > shownMax) println(io.stdout, `  ... and ${result.skipped.length - shownMax} more`);
  }
  if (result.media.length > 0) {
    const names = result.media.slice(0, 10).map((m) => neutralize(m)).join(', ');
    println(io.stdout, `media not imported (${result.media.length} file${result.media.length === 1 ? '' : 's'}; recall cards are text): ${names}${result.media.length > 10 ? ', ...' : ''}`);
  }
}
