// `recall deck lint [paths...]`: every problem as `path:line:col: severity CODE message`.
import type { Io } from '../io.js';
import { println } from '../io.js';
import { formatDiagnostic, loadDecks } from '../adapters/load-decks.js';
import { makeStyle } from '../adapters/style.js';

export interface DeckLintOptions {
  paths: string[];
  strict?: boolean;
  format?: 'text' | 'json';
}

export async function run(opts: DeckLintOptions, io: Io): Promise<number> {
  const { diagnostics, files } = await loadDecks(opts.paths ?? [], io.cwd, { env: io.env });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const failed = errors > 0 || (Boolean(opts.strict) && warnings > 0);

  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ diagnostics, errors, warnings, files: files.length }, null, 2)}\n`);
    return failed ? 1 : 0;
  }

  const style = makeStyle(io);
  const paint = (severity: string) => (severity === 'error' ? style.red(severity) : style.yellow(severity));
  for (const d of diagnostics) println(io.stdout, formatDiagnostic(d, paint));
  const errStyle = makeStyle(io, io.stderr);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const verdict = failed ? (errors > 0 ? '' : ' (--strict fails on warnings)') : '';
  println(io.stderr, failed ? errStyle.red(summary + verdict) : errStyle.green(summary));
  return failed ? 1 : 0;
}
