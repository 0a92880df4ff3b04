// `recall decks [decks...]`: the decks available to study (the bundled ones, or those given), with how many
// cards each has, how many are new and how many are due by the end of today's study day.
import type { Io } from '../io.js';
import { println } from '../io.js';
import type { Deck } from '../core/model.js';
import { neutralize } from '../core/sanitize.js';
import { computeStats } from '../core/stats.js';
import { clockFromEnv } from '../adapters/clock.js';
import { loadDecksOrThrow } from '../adapters/load-decks.js';
import { makeStyle } from '../adapters/style.js';
import { readStore } from './stats.js';

export interface DecksOptions {
  decks?: string[];
}

export async function run(opts: DecksOptions, io: Io): Promise<number> {
  const now = clockFromEnv(io.env)();
  // Named decks replace the bundled ones, as in study and lint: mixing them in would hide a user's
  // deck behind a bundled deck of the same id. Naming both reports DUPLICATE_DECK like they do.
  const decks: Deck[] = await loadDecksOrThrow(opts.decks ?? [], io.cwd, { env: io.env });
  const snap = readStore(io, false);
  // Counts only: no journal, and no recall prediction needed.
  const stats = computeStats({ decks, states: snap.states, entries: [], now, settings: snap.settings, retrievability: () => Number.NaN });
  const style = makeStyle(io);
  const fit = (s: string, n: number): string => {
    const t = neutralize(s).replace(/\n/g, ' ');
    return t.length <= n ? t : t.slice(0, n - 1) + '…';
  };
  println(io.stdout, style.dim(`${'deck'.padEnd(28)} ${'cards'.padStart(6)} ${'new'.padStart(6)} ${'due'.padStart(6)}  title`));
  for (const d of stats.decks) {
    const due = d.due.overdue + d.due.today;
    const dueText = String(due).padStart(6);
    println(
      io.stdout,
      `${fit(d.id, 28).padEnd(28)} ${String(d.cards.total).padStart(6)} ${String(d.cards.new).padStart(6)} ${due > 0 ? style.yellow(dueText) : dueText}  ${fit(d.title ?? '', 28)}`,
    );
  }
  const due = stats.due.overdue + stats.due.today;
  const n = stats.decks.length;
  println(io.stdout, style.dim(`${n} deck${n === 1 ? '' : 's'}, ${stats.cards.total} cards, ${stats.cards.new} new, ${due} due today`));
  return 0;
}
