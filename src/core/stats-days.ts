// Study-day arithmetic for stats. A study day is the local day that starts at the rollover hour; a
// review at 01:00 with a 04:00 rollover belongs to the previous study day. ISO times are compared
// as strings (a canonical `toISOString()` sorts like the instant it names) instead of parsed.

export const DAY_MS = 86_400_000;

/** Canonical ISO (UTC, milliseconds, Z) so that string order is time order; null if unreadable. */
export function canonical(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  if (s.length === 24 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(23) === 90 /* Z */) return s;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

// Study days are numbered like UTC day numbers of their local date, so consecutive days differ by 1
// whatever DST does; `dayLabel` turns the number back into YYYY-MM-DD.
export function dayLabel(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export interface DayIndex {
  /** The study-day number of a canonical ISO time. */
  dayOf(iso: string): number;
  /** The canonical ISO time a study day starts. */
  startOf(n: number): string;
}

/** Maps instants to study-day numbers, caching the last day's bounds (journals are mostly in order). */
export function makeDayIndex(hour: number): DayIndex {
  const startOf = (n: number): string => {
    const u = new Date(n * DAY_MS);
    return new Date(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), hour).toISOString();
  };
  let lo = '';
  let hi = '';
  let cur = 0;
  const dayOf = (iso: string): number => {
    if (iso >= lo && iso < hi) return cur;
    const d = new Date(iso);
    let n = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
    if (d.getHours() < hour) n -= 1;
    // DST can shift a boundary by the odd hour: settle on the day whose bounds hold the instant.
    if (iso < startOf(n)) n -= 1;
    else if (iso >= startOf(n + 1)) n += 1;
    [cur, lo, hi] = [n, startOf(n), startOf(n + 1)];
    return n;
  };
  return { dayOf, startOf };
}
