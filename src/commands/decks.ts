// `recall decks [decks...]`: the decks available to study (the bundled ones, or those given), with how many
// cards each has, how many are new and how many are due by the end of today's study day.
import type { Io } from '../io.js';
import { outputWidth, println } from '../io.js';
import type { Deck } from '../core/model.js';
import { neutralize } from '../core/sanitize.js';
import { truncate } from '../core/truncate.js';
import { wrapWords } from '../core/wrap.js';
import { maxOf } from '../core/arrays.js';
import { computeStats } from '../core/stats.js';
import { clockFromEnv } from '../adapters/clock.js';
import { loadDecksOrThrow } from '../adapters/load-decks.js';
import { makeStyle } from '../adapters/style.js';
import { readStore } from './stats.js';

export interface DecksOptions {
  decks?: string[];
}

/** The three count columns with their spaces: ' cards    new    due  '. */
const COUNTS = 23;
const TITLE_MIN = 24;

export async function run(opts: DecksOptions, io: Io): Promise<number> {
  const now = clockFromEnv(io.env)();
  // Named decks replace the bundled ones, as in study and lint: mixing them in would hide a user's
  // deck behind a bundled deck of the same id. Naming both reports DUPLICATE_DECK like they do.
  const decks: Deck[] = await loadDecksOrThrow(opts.decks ?? [], io.cwd, { env: io.env, notice: (line) => println(io.stderr, line) });
  const snap = readStore(io);
  // Counts only: no journal, and no recall prediction needed.
  const stats = computeStats({ decks, states: snap.states, entries: [], now, settings: snap.settings, retrievability: () => Number.NaN });
  const style = makeStyle(io);
  const clean = (s: string): string => neutralize(s).replace(/\n/g, ' ');
  // Ids are what users type, so the deck column is as wide as the longest id (cut only past what
  // the line can hold); the counts are fixed and the title takes the rest of the line. When titles
  // do not fit there and the rest is narrow, each title gets a line of its own below its deck.
  // Off a terminal with no $COLUMNS (`recall decks > list.txt`, `| grep`), no line is cut: there is
  // no width to fit, and a title cut at a made-up 80 columns is lost to whoever reads the file.
  const whole = !io.stdout.isTTY && !(Number(io.env.COLUMNS) > 0);
  const width = whole ? Number.MAX_SAFE_INTEGER : outputWidth(io);
  const longestId = maxOf(stats.decks.map((d) => clean(d.id).length), 4);
  // When an id would be cut (under ~49 columns), the count columns shrink to their header or widest
  // number plus a space, as recall stats does, and the titles go below: at 40 columns
  // 'iam-trust-vs-permissions' was cut to 'iam-trust-vs-p…' beside columns 6 wide for 2 digits.
  const compact = longestId > width - COUNTS - 2;
  const figures = stats.decks.map((d) => [d.cards.total, d.cards.new, d.due.overdue + d.due.today]);
  const cellWidths = ['cards', 'new', 'due'].map((h, i) => (compact ? maxOf(figures.map((f) => String(f[i]).length), h.length) + 1 : 7));
  const countsWidth = cellWidths.reduce((a, b) => a + b, 0) + (compact ? 0 : 2);
  const idWidth = Math.min(longestId, width - countsWidth - (compact ? 0 : 2));
  const titleWidth = width - idWidth - countsWidth;
  const own = compact || (titleWidth < TITLE_MIN && stats.decks.some((d) => clean(d.title ?? '').length > titleWidth));
  const counts = (a: string, b: string, c: string): string => `${[a, b, c].map((x, i) => x.padStart(cellWidths[i]!)).join('')}${compact ? '' : '  '}`;
  println(io.stdout, style.dim(`${'deck'.padEnd(idWidth)}${counts('cards', 'new', 'due')}${own ? '' : 'title'}`.trimEnd()));
  for (const d of stats.decks) {
    const due = d.due.overdue + d.due.today;
    const dueText = String(due).padStart(cellWidths[2]!);
    const title = clean(d.title ?? '');
    const row = `${truncate(clean(d.id), idWidth).padEnd(idWidth)}${counts(String(d.cards.total), String(d.cards.new), due > 0 ? style.yellow(dueText) : dueText)}`;
    if (own) {
      println(io.stdout, row.trimEnd());
      // On its own line a title has the whole width: it wraps under itself rather than lose its end.
      if (title) println(io.stdout, `  ${wrapWords(title, width, 2)}`);
    } else println(io.stdout, `${row}${truncate(title, titleWidth)}`.trimEnd());
  }
  const due = stats.due.overdue + stats.due.today;
  const n = stats.decks.length;
  println(io.stdout, style.dim(`${n} deck${n === 1 ? '' : 's'}, ${stats.cards.total} cards, ${stats.cards.new} new, ${due} due today`));
  return 0;
}
