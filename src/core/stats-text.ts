// Text rendering of `recall stats`, laid out for the width given (80 columns down to 40).
// Pure: Stats in, string out.
// Everything reads with colour off (the style is decoration only); deck text goes through neutralize().
import { formatCount, plural } from './count-text.js';
import { formatPercent, percentOf, percentOfShare } from './percent.js';
import { appendAll, maxOf } from './arrays.js';
import { neutralize } from './sanitize.js';
import { truncate } from './truncate.js';
import type { DayCount, Stats } from './stats-types.js';
import { wrapWords } from './wrap.js';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const id = (s: string): string => s;
export const plainStyle: TextStyle = { bold: id, dim: id, green: id, red: id, yellow: id, cyan: id };

const BLOCKS = '▁▂▃▄▅▆▇█';
const HEAT = ['·', '░', '▒', '▓', '█'];
const LIST_MAX = 10;
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const safe = (s: string): string => neutralize(s).replace(/\n/g, ' ');
const fit = (s: string, n: number): string => truncate(safe(s), n);
const pct = (x: number | null, digits = 0): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const num = formatCount;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** ▁..█ for scores in 0..1 (absolute scale, so 100% is always a full block). */
export function sparkline(values: number[]): string {
  return values.map((v) => BLOCKS[Math.min(7, Math.max(0, Math.round(v * 7)))]).join('');
}

/** Weekday of a YYYY-MM-DD label, 0 = Monday. */
function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Wider than this, the tables do not grow: their columns are full at 80. */
const MAX_WIDTH = 80;

export function renderStats(stats: Stats, style: TextStyle = plainStyle, columns = MAX_WIDTH): string {
  const width = Math.min(MAX_WIDTH, columns);
  const out: string[] = [];
  const head = (title: string): void => {
    out.push('', style.bold(wrapWords(title, width)));
  };
  const none = (text: string): void => {
    out.push(`  ${style.dim(text)}`);
  };
  out.push(`${style.bold('recall stats')}  ${style.dim(`study day ${stats.studyDay}`)}`);

  // ---- Cards
  head('Cards');
  // Six count columns of 7 and the deck column up to 30. When a deck id would be cut that way (a
  // narrow terminal), the count columns shrink to their header or widest number plus one space:
  // ids are what users type, so they keep the room.
  let headers = ['total', 'new', 'learn', 'review', 'leech', 'due'];
  // A deck whose file is not loaded is known only by its cards with progress: its total and its new
  // cards are unknown ("—"), where a count of those cards alone read as the deck's size (0 cards
  // for a deck answered only right in quizzes, which leaves no card state).
  const counts = (c: Stats['cards'], dueNow: number, known = true): Array<number | null> => [known ? c.total : null, known ? c.new : null, c.learning, c.review, c.suspended, dueNow];
  const cell = (n: number | null): string => (n === null ? '—' : num(n));
  const unloaded = stats.decks.filter((d) => !d.loaded);
  let rows = [...stats.decks.map((d) => ({ name: d.id, cells: counts(d.cards, d.due.overdue + d.due.today, d.loaded), emph: false }))];
  if (stats.decks.length !== 1) rows.push({ name: 'all decks', cells: counts(stats.cards, stats.due.overdue + stats.due.today), emph: true });
  const longestId = maxOf(rows.map((r) => safe(r.name).length), 9);
  const compact = 2 + Math.min(30, longestId) + 6 * 7 > width;
  const widthsOf = () => headers.map((h, i) => (compact ? maxOf(rows.map((r) => cell(r.cells[i]!).length), h.length) + 1 : 7));
  let cellWidths = widthsOf();
  // Narrower still (about 45 columns), the leech column goes: leeches have a section of their own;
  // and the deck column takes what is left, down to 6.
  if (2 + 10 + cellWidths.reduce((a, b) => a + b, 0) > width) {
    const leech = headers.indexOf('leech');
    headers = headers.filter((_, i) => i !== leech);
    rows = rows.map((r) => ({ ...r, cells: r.cells.filter((_, i) => i !== leech) }));
    cellWidths = widthsOf();
  }
  const left = width - 2 - cellWidths.reduce((a, b) => a + b, 0);
  const nameWidth = Math.max(left < 10 ? 6 : 10, Math.min(30, compact ? longestId : 30, left));
  const row = (name: string, cells: Array<number | null>, emph: boolean): string => {
    const line = `  ${fit(name, nameWidth).padEnd(nameWidth)}${cells.map((n, i) => cell(n).padStart(cellWidths[i]!)).join('')}`;
    return emph ? style.bold(line) : line;
  };
  out.push(style.dim(`  ${'deck'.padEnd(nameWidth)}${headers.map((h, i) => h.padStart(cellWidths[i]!)).join('')}`));
  for (const r of rows) out.push(row(r.name, r.cells, r.emph));
  if (unloaded.length > 0) out.push(style.dim(`  ${wrapWords(unloadedNote(unloaded, stats.decks.length > 1), width, 4)}`));

  // ---- Due
  head('Due');
  const { overdue, today, tomorrow } = stats.due;
  out.push(`  overdue ${overdue > 0 ? style.red(num(overdue)) : '0'} · today ${num(today)} · tomorrow ${num(tomorrow)}`);
  appendAll(out, forecastChart(stats.due.forecast, style, width));

  // ---- Retention
  head('Retention');
  const { last7, last30, predicted } = stats.retention;
  const n = stats.retentionReviews;
  // True retention only counts study answers to cards already in review: after a first session of
  // new cards there are many answers and still none of those, and "no reviews yet" read as a bug.
  const noRetention = stats.reviews.total === 0 ? 'no answers yet' : 'no answers to cards in review';
  const tr = (x: number | null, count: number): string =>
    x === null ? style.dim(`—  ${noRetention}`) : `${formatPercent(percentOfShare(x)).padStart(6)}  ${style.dim(`(${plural(count, 'review')})`)}`;
  // Under ~56 columns the two periods go under one label.
  const narrow = width < 56;
  // The reason for a missing figure wraps under itself: at 40 columns it would run 6 past the edge.
  if (narrow) out.push('  true retention, last', `    7 days    ${wrapWords(tr(last7, n.last7), width, 17)}`, `    30 days   ${wrapWords(tr(last30, n.last30), width, 17)}`);
  else {
    out.push(`  true retention, last 7 days   ${tr(last7, n.last7)}`);
    out.push(`  true retention, last 30 days  ${tr(last30, n.last30)}`);
  }
  if (last30 === null && stats.reviews.total > 0)
    out.push(`  ${style.dim(wrapWords('(it counts study answers to cards past their learning steps)', width, 3))}`);
  const target = `desired ${pct(stats.desiredRetention)}`;
  const verdict = predicted === null ? '' : predicted >= stats.desiredRetention ? style.green(' (on target)') : style.yellow(' (below target)');
  const predictedLine = `  predicted recall now          ${predicted === null ? style.dim('—  (no cards in review)') : `${formatPercent(percentOfShare(predicted)).padStart(6)}  ${target}${verdict}`}`;
  // Too long for a narrow terminal: the target and verdict go on a line of their own, under the figure.
  if (predicted !== null && 32 + 8 + target.length + 15 > width)
    out.push(`  predicted recall now          ${formatPercent(percentOfShare(predicted)).padStart(6)}`, `${' '.repeat(narrow ? 4 : 34)}${target}${verdict}`);
  else if (predicted === null && narrow) out.push('  predicted recall now', `    ${style.dim('—  (no cards in review)')}`);
  else out.push(predictedLine);

  // ---- Activity
  head('Activity (reviews per study day, last 12 weeks)');
  appendAll(out, heatmap(stats.activity, style, width));
  const { current, longest } = stats.streak;
  out.push(`  ${wrapWords(`streak ${plural(current, 'day')} · longest ${plural(longest, 'day')}`, width - 2)}`);
  out.push(`  ${wrapWords(`reviews ${num(stats.reviews.total)} (today ${num(stats.reviews.today)}) · time spent ${formatDuration(stats.timeSpentMs)}`, width - 2)}`);

  // ---- Weak spots
  head('Weak spots (accuracy by tag, lowest first)');
  if (stats.weakest.length === 0) none('no answers yet');
  // tag, bar (20, down to 5 when narrow), percentage (4) and a count like 123/456. Tags are what
  // users type after --tag, so they keep their room (up to 24) before the bar does: cut to 10,
  // `credential-hygiene` and `credentials` both read `credentia…`.
  const shown = stats.weakest.slice(0, LIST_MAX);
  const countWidth = maxOf(shown.map((t) => `${num(t.correct)}/${num(t.total)}`.length), 9);
  const longestTag = Math.min(24, maxOf(shown.map((t) => safe(t.tag).length), 10));
  const barWidth = Math.max(5, Math.min(20, width - 2 - longestTag - 1 - 1 - 4 - 2 - countWidth));
  const tagWidth = Math.max(10, Math.min(24, width - 2 - 1 - barWidth - 1 - 4 - 2 - countWidth));
  for (const t of shown) {
    const filled = Math.round(t.accuracy * barWidth);
    const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
    const colour = t.accuracy < 0.6 ? style.red : t.accuracy < 0.8 ? style.yellow : style.green;
    out.push(`  ${fit(t.tag, tagWidth).padEnd(tagWidth)} ${colour(bar)} ${`${percentOf(t.correct, t.total, 0)}%`.padStart(4)}  ${style.dim(`${num(t.correct)}/${num(t.total)}`)}`);
  }
  if (stats.weakest.length > LIST_MAX) none(`… and ${plural(stats.weakest.length - LIST_MAX, 'more tag')}`);

  head('Leeches (suspended; recall card unsuspend DECK/ID)');
  if (stats.leeches.length === 0) none('none');
  for (const l of stats.leeches.slice(0, LIST_MAX)) out.push(`  ${fit(`${l.deck}/${l.id}`, width - 14)}  ${style.dim(plural(l.lapses, 'lapse'))}`);
  if (stats.leeches.length > LIST_MAX) none(`… and ${num(stats.leeches.length - LIST_MAX)} more`);

  head('Confusions (wrong option picked most often)');
  if (stats.confusions.length === 0) none('none yet');
  for (const c of stats.confusions.slice(0, LIST_MAX)) {
    out.push(`  ${fit(`${c.deck}/${c.id}`, width - 10)}  ${style.dim(`×${num(c.count)}`)}`);
    out.push(`    ${style.red('picked')} ${fit(c.picked, width - 11)}`);
    out.push(`    ${style.green('right ')} ${fit(c.right, width - 11)}`);
  }
  if (stats.confusions.length > LIST_MAX) none(`… and ${num(stats.confusions.length - LIST_MAX)} more`);

  // ---- Quiz history
  head('Quiz history (recent sessions, oldest first)');
  if (stats.quizzes.length === 0) none('no quizzes yet');
  const arrow = { up: '↑ up', down: '↓ down', flat: '→ flat' } as const;
  // deck, sparkline (10), " last 66.7% (12/12)" and a trend: the deck gets the rest, up to 30.
  // Under ~54 columns the deck goes on a line of its own, the figures under it.
  const quizWidth = Math.max(10, Math.min(30, width - 43));
  const quizNarrow = width - 43 < 10;
  for (const q of stats.quizzes) {
    const last = q.sessions[q.sessions.length - 1]!;
    const trend = q.trend === null ? '' : `  ${q.trend === 'up' ? style.green(arrow.up) : q.trend === 'down' ? style.red(arrow.down) : arrow.flat}`;
    const figures = `${style.cyan(sparkline(q.sessions.map((s) => s.score)).padEnd(10))} last ${formatPercent(percentOf(last.correct, last.total)).padStart(6)} ${style.dim(`(${last.correct}/${last.total})`)}${trend}`;
    if (quizNarrow) out.push(`  ${fit(q.deck, width - 2)}`, `    ${figures}`);
    else out.push(`  ${fit(q.deck, quizWidth).padEnd(quizWidth)} ${figures}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Vertical bars, one column per study day, 6 rows of eighth-blocks: 2 characters a day where the
 * width allows (a gap between bars), 1 where it does not (30 days then take 30 columns, not 60).
 */
function forecastChart(forecast: DayCount[], style: TextStyle, width: number): string[] {
  const max = maxOf(forecast.map((d) => d.count), 0);
  if (max === 0) return [`  ${style.dim(`nothing due in the next ${forecast.length} days`)}`];
  const rows = 6;
  const eighths = forecast.map((d) => (d.count === 0 ? 0 : Math.max(1, Math.round((d.count / max) * rows * 8))));
  const lines = [`  ${style.dim(`next ${forecast.length} days (today includes overdue)`)}`];
  const w = Math.max(3, String(max).length);
  const step = 2 + w + 2 + forecast.length * 2 <= width ? 2 : 1;
  for (let r = rows - 1; r >= 0; r--) {
    const cells = eighths.map((e) => {
      const part = Math.min(8, Math.max(0, e - r * 8));
      return (part === 0 ? ' ' : BLOCKS[part - 1]!) + (step === 2 ? ' ' : '');
    });
    const label = r === rows - 1 ? String(max) : r === 0 ? '' : '';
    lines.push(`  ${label.padStart(w)} ┤${style.cyan(cells.join('').trimEnd())}`);
  }
  let axis = '';
  for (let k = 0; k < forecast.length; k += 7) {
    const text = k === 0 ? 'today' : forecast[k]!.date.slice(5);
    // A label that would run past the chart (and a narrow terminal) is left out.
    if (axis.length <= k * step && k * step + text.length <= Math.max(forecast.length * step, width - 4 - w)) axis = axis.padEnd(k * step) + text;
  }
  lines.push(`  ${'0'.padStart(w)} └${'─'.repeat(forecast.length * step)}`);
  lines.push(`  ${' '.repeat(w)}  ${style.dim(axis)}`);
  return lines;
}

/** A GitHub-style calendar: a row per weekday, a column per week, today in the last column. */
function heatmap(days: DayCount[], style: TextStyle, width: number): string[] {
  if (days.length === 0) return [];
  const max = maxOf(days.map((d) => d.count), 0);
  const offset = weekday(days[0]!.date);
  const weeks = Math.ceil((offset + days.length) / 7);
  const grid: string[][] = Array.from({ length: 7 }, () => new Array<string>(weeks).fill(' '));
  const months = new Array<string>(weeks).fill('');
  days.forEach((d, i) => {
    const slot = offset + i;
    const [col, wd] = [Math.floor(slot / 7), slot % 7];
    const level = d.count === 0 ? 0 : Math.max(1, Math.ceil((d.count / max) * 4));
    grid[wd]![col] = level === 0 ? style.dim(HEAT[0]!) : style.green(HEAT[level]!);
    if (d.date.endsWith('-01') || i === 0) months[col] = MONTHS[Number(d.date.slice(5, 7)) - 1]!;
  });
  let top = '';
  months.forEach((m, col) => {
    if (m && top.length <= col * 2) top = top.padEnd(col * 2) + m;
  });
  const lines = [`       ${style.dim(top)}`];
  for (let wd = 0; wd < 7; wd++) lines.push(`  ${WEEKDAYS[wd]!.padEnd(4)} ${grid[wd]!.join(' ').trimEnd()}`);
  const legend = `less ${HEAT.join(' ')} more`;
  const busiest = max > 0 ? `(busiest day: ${plural(max, 'review')})` : '';
  if (busiest !== '' && 2 + legend.length + 3 + busiest.length > width) lines.push(`  ${style.dim(legend)}`, `  ${style.dim(busiest)}`);
  else lines.push(`  ${style.dim(busiest === '' ? legend : `${legend}   ${busiest}`)}`);
  return lines;
}

/** Under the cards table: which decks were counted from the store alone, and how to count them whole. */
function unloadedNote(decks: ReadonlyArray<Stats['decks'][number]>, allRow: boolean): string {
  const shown = decks.slice(0, 3).map((d) => `${safe(d.id)} (${plural(d.cards.total, 'card')} with progress, ${plural(d.reviews, 'review')})`);
  const more = decks.length > shown.length ? ` and ${formatCount(decks.length - shown.length)} more` : '';
  const one = decks.length === 1;
  return (
    `— deck file${one ? '' : 's'} not loaded: ${shown.join(', ')}${more}. ` +
    `${one ? 'Its' : 'Their'} total and new cards are unknown${allRow ? `; "all decks" counts only ${one ? 'its' : 'their'} cards with progress` : ''}. ` +
    'Name the deck file to count every card: recall stats FILE.yaml'
  );
}
