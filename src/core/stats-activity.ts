// Streaks and the activity strip, from the number of reviews on each study day.
// Streak: consecutive study days with at least one review. The current streak runs back from today,
// or from yesterday while today has no review yet (a day is not lost until it is over).
import type { DayCount } from './stats-types.js';
import { dayLabel } from './stats-days.js';

/** Reviews per study day, the last ACTIVITY_DAYS days (today last). */
export const ACTIVITY_DAYS = 84;

export interface ActivityFigures {
  streak: { current: number; longest: number };
  /** Reviews per study day, ACTIVITY_DAYS long, oldest first. */
  activity: DayCount[];
}

/** `perDay`: study-day number → reviews that day; `today`: today's study-day number. */
export function activityFigures(perDay: Map<number, number>, today: number): ActivityFigures {
  let longest = 0;
  let run = 0;
  let prevDay = Number.NaN;
  for (const d of [...perDay.keys()].sort((a, b) => a - b)) {
    run = d === prevDay + 1 ? run + 1 : 1;
    if (run > longest) longest = run;
    prevDay = d;
  }
  let current = 0;
  for (let d = perDay.has(today) ? today : today - 1; perDay.has(d); d--) current++;

  const activity: DayCount[] = [];
  for (let d = today - ACTIVITY_DAYS + 1; d <= today; d++) activity.push({ date: dayLabel(d), count: perDay.get(d) ?? 0 });
  return { streak: { current, longest }, activity };
}
