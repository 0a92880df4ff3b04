// `recall deck lint [paths...]`: every problem as `path:line:col: severity CODE message`.
import type { Io } from '../io.js';
import { println } from '../io.js';
import { formatDiagnostic, lintWithDecks } from '../adapters/load-decks.js';
import { answersFilesBeside } from '../adapters/answers-beside-decks.js';
import { makeStyle } from '../adapters/style.js';
import { plural } from '../core/count-text.js';
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
  const { skipped, notices } = await answersFilesBeside(linted, opts.paths ?? [], io.cwd, true);
  const diagnostics = linted.diagnostics.filter((d) => !skipped.has(d.file));
  const files = linted.files.filter((f) => !skipped.has(f));
  const waivers = linted.waivers.filter((w) => !skipped.has(w.file));
  for (const line of notices) println(io.stderr, line);
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
