// Text rendering of `recall stats` for an 80-column terminal. Pure: Stats in, string out.
// Everything reads with colour off (the style is decoration only); deck text goes through neutralize().
import { formatPercent, percentOf } from './percent.js';
import { neutralize } from './sanitize.js';
import type { DayCount, Stats } from './stats.js';

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
function fit(s: string, n: number): string {
  const t = safe(s);
  return t.length <= n ? t : t.slice(0, Math.max(0, n - 1)) + '…';
}
const pct = (x: number | null, digits = 0): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const num = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

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

export function renderStats(stats: Stats, style: TextStyle = plainStyle): string {
  const out: string[] = [];
  const head = (title: string): void => {
    out.push('', style.bold(title));
  };
  const none = (text: string): void => {
    out.push(`  ${style.dim(text)}`);
  };
  out.push(`${style.bold('recall stats')}  ${style.dim(`study day ${stats.studyDay}`)}`);

  // ---- Cards
  head('Cards');
  const row = (name: string, c: Stats['cards'], dueNow: number, emph = false): string => {
    const cells = [c.total, c.new, c.learning, c.review, c.suspended, dueNow].map((n) => num(n).padStart(7)).join('');
    const line = `  ${fit(name, 30).padEnd(30)}${cells}`;
    return emph ? style.bold(line) : line;
  };
  out.push(style.dim(`  ${'deck'.padEnd(30)}${['total', 'new', 'learn', 'review', 'leech', 'due'].map((h) => h.padStart(7)).join('')}`));
  for (const d of stats.decks) out.push(row(d.id, d.cards, d.due.overdue + d.due.today));
  if (stats.decks.length !== 1) out.push(row('all decks', stats.cards, stats.due.overdue + stats.due.today, true));

  // ---- Due
  head('Due');
  const { overdue, today, tomorrow } = stats.due;
  out.push(`  overdue ${overdue > 0 ? style.red(num(overdue)) : '0'} · today ${num(today)} · tomorrow ${num(tomorrow)}`);
  out.push(...forecastChart(stats.due.forecast, style));

  // ---- Retention
  head('Retention');
  const { last7, last30, predicted } = stats.retention;
  const n = stats.retentionReviews;
  // True retention only counts study answers to cards already in review: after a first session of
  // new cards there are many answers and still none of those, and "no reviews yet" read as a bug.
  const noRetention = stats.reviews.total === 0 ? 'no answers yet' : 'no answers to cards in review';
  const tr = (x: number | null, count: number): string =>
    x === null ? style.dim(`—  ${noRetention}`) : `${pct(x, 1).padStart(6)}  ${style.dim(`(${plural(count, 'review')})`)}`;
  out.push(`  true retention, last 7 days   ${tr(last7, n.last7)}`);
  out.push(`  true retention, last 30 days  ${tr(last30, n.last30)}`);
  if (last30 === null && stats.reviews.total > 0)
    out.push(`  ${style.dim('(it counts study answers to cards past their learning steps)')}`);
  const target = `desired ${pct(stats.desiredRetention)}`;
  const verdict = predicted === null ? '' : predicted >= stats.desiredRetention ? style.green(' (on target)') : style.yellow(' (below target)');
  out.push(
    `  predicted recall now          ${predicted === null ? style.dim('—  (no cards in review)') : `${pct(predicted, 1).padStart(6)}  ${target}${verdict}`}`,
  );

  // ---- Activity
  head('Activity (reviews per study day, last 12 weeks)');
  out.push(...heatmap(stats.activity, style));
  const { current, longest } = stats.streak;
  out.push(`  streak ${plural(current, 'day')} · longest ${plural(longest, 'day')}`);
  out.push(`  reviews ${num(stats.reviews.total)} (today ${num(stats.reviews.today)}) · time spent ${formatDuration(stats.timeSpentMs)}`);

  // ---- Weak spots
  head('Weak spots (accuracy by tag, lowest first)');
  if (stats.weakest.length === 0) none('no answers yet');
  for (const t of stats.weakest.slice(0, LIST_MAX)) {
    const filled = Math.round(t.accuracy * 20);
    const bar = '█'.repeat(filled) + '░'.repeat(20 - filled);
    const colour = t.accuracy < 0.6 ? style.red : t.accuracy < 0.8 ? style.yellow : style.green;
    out.push(`  ${fit(t.tag, 24).padEnd(24)} ${colour(bar)} ${pct(t.accuracy).padStart(4)}  ${style.dim(`${num(t.correct)}/${num(t.total)}`)}`);
  }
  if (stats.weakest.length > LIST_MAX) none(`… and ${plural(stats.weakest.length - LIST_MAX, 'more tag')}`);

  head('Leeches (suspended; recall card unsuspend DECK/ID)');
  if (stats.leeches.length === 0) none('none');
  for (const l of stats.leeches.slice(0, LIST_MAX)) out.push(`  ${fit(`${l.deck}/${l.id}`, 60)}  ${style.dim(plural(l.lapses, 'lapse'))}`);
  if (stats.leeches.length > LIST_MAX) none(`… and ${num(stats.leeches.length - LIST_MAX)} more`);

  head('Confusions (wrong option picked most often)');
  if (stats.confusions.length === 0) none('none yet');
  for (const c of stats.confusions.slice(0, LIST_MAX)) {
    out.push(`  ${fit(`${c.deck}/${c.id}`, 66)}  ${style.dim(`×${num(c.count)}`)}`);
    out.push(`    ${style.red('picked')} ${fit(c.picked, 69)}`);
    out.push(`    ${style.green('right ')} ${fit(c.right, 69)}`);
  }
  if (stats.confusions.length > LIST_MAX) none(`… and ${num(stats.confusions.length - LIST_MAX)} more`);

  // ---- Quiz history
  head('Quiz history (recent sessions, oldest first)');
  if (stats.quizzes.length === 0) none('no quizzes yet');
  const arrow = { up: '↑ up', down: '↓ down', flat: '→ flat' } as const;
  for (const q of stats.quizzes) {
    const last = q.sessions[q.sessions.length - 1]!;
    const trend = q.trend === null ? '' : `  ${q.trend === 'up' ? style.green(arrow.up) : q.trend === 'down' ? style.red(arrow.down) : arrow.flat}`;
    out.push(
      `  ${fit(q.deck, 30).padEnd(30)} ${style.cyan(sparkline(q.sessions.map((s) => s.score)).padEnd(10))} last ${formatPercent(percentOf(last.correct, last.total)).padStart(6)} ${style.dim(`(${last.correct}/${last.total})`)}${trend}`,
    );
  }
  return out.join('\n') + '\n';
}

/** Vertical bars, one 2-character column per study day, 6 rows of eighth-blocks. */
function forecastChart(forecast: DayCount[], style: TextStyle): string[] {
  const max = Math.max(0, ...forecast.map((d) => d.count));
  if (max === 0) return [`  ${style.dim(`nothing due in the next ${forecast.length} days`)}`];
  const rows = 6;
  const eighths = forecast.map((d) => (d.count === 0 ? 0 : Math.max(1, Math.round((d.count / max) * rows * 8))));
  const lines = [`  ${style.dim(`next ${forecast.length} days (today includes overdue)`)}`];
  const w = Math.max(3, String(max).length);
  for (let r = rows - 1; r >= 0; r--) {
    const cells = eighths.map((e) => {
      const part = Math.min(8, Math.max(0, e - r * 8));
      return (part === 0 ? ' ' : BLOCKS[part - 1]!) + ' ';
    });
    const label = r === rows - 1 ? String(max) : r === 0 ? '' : '';
    lines.push(`  ${label.padStart(w)} ┤${style.cyan(cells.join('').trimEnd())}`);
  }
  let axis = '';
  for (let k = 0; k < forecast.length; k += 7) {
    const text = k === 0 ? 'today' : forecast[k]!.date.slice(5);
    axis = axis.padEnd(k * 2) + text;
  }
  lines.push(`  ${'0'.padStart(w)} └${'─'.repeat(forecast.length * 2)}`);
  lines.push(`  ${' '.repeat(w)}  ${style.dim(axis)}`);
  return lines;
}

/** A GitHub-style calendar: a row per weekday, a column per week, today in the last column. */
function heatmap(days: DayCount[], style: TextStyle): string[] {
  if (days.length === 0) return [];
  const max = Math.max(0, ...days.map((d) => d.count));
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
  const busiest = max > 0 ? `   (busiest day: ${plural(max, 'review')})` : '';
  lines.push(`  ${style.dim(`less ${HEAT.join(' ')} more${busiest}`)}`);
  return lines;
}
