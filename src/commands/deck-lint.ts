// `recall deck lint [paths...]`: every problem as `path:line:col: severity CODE message`.
import type { Io } from '../io.js';
import { println } from '../io.js';
import path from 'node:path';
import { formatDiagnostic, lintWithDecks } from '../adapters/load-decks.js';
import { answersFilesAmong, namedFiles } from '../adapters/answers-beside-decks.js';
import { makeStyle } from '../adapters/style.js';
import { plural } from '../core/count-text.js';
import { truncate } from '../core/truncate.js';
import { neutralize, neutralizeJson } from '../core/sanitize.js';
import type { WaiverUse } from '../core/waivers.js';

export interface DeckLintOptions {
  paths: string[];
  strict?: boolean;
  format?: 'text' | 'json';
  /** Also list the waivers (`lint: { ignore, why }`) and what each silenced. */
  verbose?: boolean;
}

export async function run(opts: DeckLintOptions, io: Io): Promise<number> {
  const linted = await lintWithDecks(opts.paths ?? [], io.cwd, { env: io.env, crossDeck: true });
  // A scripted answers file a folder walk found beside the decks is set aside, said on stderr (and
  // in JSON): only one whose every key is a card of these decks (core/answers-shape.ts), and never
  // a file named as an argument, which is linted as asked.
  const named = namedFiles(opts.paths ?? [], io.cwd);
  // Candidates: files with no `cards` at all, as an answers file has none. A deck that has them is
  // not read a second time (a broken 5 MB deck would be parsed again for nothing).
  const failing = new Set(linted.diagnostics.filter((d) => d.code === 'MISSING_FIELD' && d.message === 'the deck has no "cards"').map((d) => d.file));
  const found = await answersFilesAmong(linted.files.filter((f) => failing.has(f) && !named.has(path.resolve(io.cwd, f))), linted.decks, io.cwd);
  const skipped = new Set(found.answers);
  const diagnostics = linted.diagnostics.filter((d) => !skipped.has(d.file));
  const files = linted.files.filter((f) => !skipped.has(f));
  const waivers = linted.waivers.filter((w) => !skipped.has(w.file));
  for (const f of skipped) println(io.stderr, `recall: ${neutralize(f)}: skipped, an answers file (its keys are cards of these decks), not a deck; name it to lint it as one`);
  for (const { file, unknown } of found.unknownKeys) {
    const keys = unknown.slice(0, 3).map((k) => JSON.stringify(truncate(k, 40))).join(', ') + (unknown.length > 3 ? `, … (${unknown.length} in all)` : '');
    println(io.stderr, `recall: ${neutralize(file)}: linted as a deck; it looks like an answers file, but ${neutralize(keys)} ${unknown.length === 1 ? 'is' : 'are'} no card of these decks`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const failed = errors > 0 || (Boolean(opts.strict) && warnings > 0);

  if (opts.format === 'json') {
    // File names are the user's, or whoever named files in a deck folder: inert as every message is.
    io.stdout.write(`${neutralizeJson(JSON.stringify({ diagnostics, errors, warnings, files: files.length, waivers, skipped: [...skipped] }, null, 2))}\n`);
    return failed ? 1 : 0;
  }

  const style = makeStyle(io);
  const paint = (severity: string) => (severity === 'error' ? style.red(severity) : style.yellow(severity));
  for (const d of diagnostics) println(io.stdout, formatDiagnostic(d, paint));
  if (opts.verbose) for (const w of waivers) println(io.stdout, formatWaiver(w, (s) => style.dim(s)));
  const errStyle = makeStyle(io, io.stderr);
  const waived = opts.verbose ? `, ${plural(waivers.length, 'waiver')}` : '';
  const summary = `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${waived}`;
  const verdict = failed ? (errors > 0 ? '' : ' (--strict fails on warnings)') : '';
  println(io.stderr, failed ? errStyle.red(summary + verdict) : errStyle.green(summary));
  return failed ? 1 : 0;
}

/** `path:line:col: waiver card "id" ignores CODE, CODE: why (CODE did not fire)`; deck text neutralised. */
export function formatWaiver(w: WaiverUse, paint: (word: string) => string = (s) => s): string {
  const owner = w.card !== undefined ? `card "${w.card}"` : `deck${w.deck !== undefined ? ` "${w.deck}"` : ''}`;
  const idle = w.ignore.filter((c) => !w.suppressed.includes(c));
  const note = idle.length > 0 ? ` (${idle.join(', ')} did not fire: the waiver can go)` : '';
  return `${neutralize(`${w.file}:${w.line}:${w.col}:`)} ${paint('waiver')} ${neutralize(`${owner} ignores ${w.ignore.join(', ')}: ${w.why.replace(/\s+/g, ' ').trim()}`)}${note}`;
}
