// `recall analyze REPORTS...`: item analysis of students' quiz reports for instructors.
// Reads the reports one at a time (adapters/report-files.ts); the statistics are core/item-analysis.ts.
import { outputWidth, type Io } from '../io.js';
import { analyze, type Report } from '../core/item-analysis.js';
import { renderAnalysisMarkdown, renderAnalysisText } from '../core/item-analysis-text.js';
import { neutralize, neutralizeJson } from '../core/sanitize.js';
import { readReports, reportFiles } from '../adapters/report-files.js';
import { makeStyle } from '../adapters/style.js';
import { UsageError } from '../errors.js';
import { closest } from '../core/suggest.js';

export interface AnalyzeOptions {
  reports: string[];
  json?: boolean;
  format?: 'text' | 'json' | 'md';
  deck?: string[];
  minN?: number;
}

export async function run(opts: AnalyzeOptions, io: Io): Promise<number> {
  if (opts.reports.length === 0) throw new UsageError('name the quiz reports to analyse: files or folders of JSON reports (recall quiz --reporter json --output FILE)', 'USAGE');
  const format = opts.json ? 'json' : (opts.format ?? 'text');
  const files = reportFiles(opts.reports, io.cwd);
  const decks = opts.deck && opts.deck.length > 0 ? new Set(opts.deck) : null;
  // Every deck id the reports hold, to tell a mistyped --deck from a deck nobody was asked about.
  const seenDecks = new Set<string>();
  let skipped = 0;
  let read = 0;
  const progress = io.stderr.isTTY && files.length >= 2000;
  const stream = readReports(files, (file, why) => {
    skipped++;
    io.stderr.write(`recall: skipped ${neutralize(file)}: ${why}\n`);
  });
  // Streamed: each report is folded into the analysis as it is read, then let go.
  function* reports(): Generator<Report> {
    for (const r of stream) {
      if (progress && ++read % 1000 === 0) io.stderr.write(`\rrecall: read ${read} of ${files.length} reports`);
      if (decks) for (const i of r.items) seenDecks.add(i.deck);
      yield decks ? { ...r, items: r.items.filter((i) => decks.has(i.deck)) } : r;
    }
    if (progress) io.stderr.write('\r\x1b[K');
  }
  const analysis = analyze(reports());
  // A --deck no report holds printed "0 items" and exited 0: an instructor's typo looked like an
  // empty class. It is a usage error naming the closest id, as a mistyped --deck is in study.
  const unknown = decks && analysis.reports > 0 ? [...decks].filter((id) => !seenDecks.has(id)) : [];
  if (unknown.length > 0) {
    const near = [...new Set(unknown.flatMap((id) => closest(id, seenDecks, 2)))];
    const ids = [...seenDecks].sort();
    const among = ids.length > 10 ? [...ids.slice(0, 10), `… (${ids.length} in all)`] : ids;
    throw new UsageError(
      `--deck ${neutralize(unknown.join(', '))}: no item of ${unknown.length === 1 ? 'this deck' : 'these decks'} in the reports${near.length > 0 ? ` (did you mean ${neutralize(near.join(' or '))}?)` : ''}; decks in them: ${among.length > 0 ? neutralize(among.join(', ')) : 'none'}`,
      'USAGE',
    );
  }
  if (opts.minN !== undefined) {
    const all = analysis.items.length;
    analysis.items = analysis.items.filter((i) => i.n >= opts.minN!);
    // "No items to analyse." alone, for reports full of items, read as if the reports were empty.
    if (all > 0 && analysis.items.length === 0) io.stderr.write(`recall: ${all === 1 ? 'the one item was' : `all ${all} items were`} answered by fewer than ${opts.minN} students (--min-n ${opts.minN})\n`);
  }
  // JSON escapes C0 controls itself; C1 and bidi controls are escaped too (\uXXXX: lossless).
  if (format === 'json') io.stdout.write(`${neutralizeJson(JSON.stringify(analysis, null, 2))}\n`);
  else if (format === 'md') io.stdout.write(renderAnalysisMarkdown(analysis));
  else io.stdout.write(renderAnalysisText(analysis, makeStyle(io), outputWidth(io), skipped));
  if (analysis.reports === 0) {
    io.stderr.write('recall: no usable quiz reports among the files given\n');
    return 2;
  }
  return 0;
}
