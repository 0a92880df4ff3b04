// Item analysis of quiz reports, as Moodle and Canvas do it for their quizzes. Pure.
//
// Definitions (the README has them in plain words):
// - A student counts once per item: with several reports, the latest (by `at`) that has the item.
//   Reports with no student id are each their own student.
// - A student's total is their number of right answers over the items they saw.
// - facility: share right. discrimination: point-biserial of the item against the rest score
//   (total minus the item), over the students who saw it. upperLower: facility in the top 27% by
//   total minus facility in the bottom 27%.
// - Per option: count and share of students who picked it (all, upper, lower), and the
//   point-biserial of "picked it" against the total.
// - Test level: KR-20 = k/(k-1) · (1 − Σ p·q / σ²) and SEM = σ·√(1 − KR-20), over the items and
//   the students' totals (population variance). Exact when every student saw every item; with
//   mixed decks it is an approximation.

import { compareText } from './text-order.js';

export type Picked = number | number[] | boolean | string | string[] | null;

export interface ReportItem {
  deck: string;
  id: string;
  hash: string;
  type: string;
  correct: boolean;
  picked: Picked;
  /** The right answer as the report writes it; for true/false, "true" or "false". */
  expected?: string;
  /** Option texts and keys in deck order (choice, multi, true/false); absent for the others. */
  options?: Array<{ text: string; correct: boolean }>;
}

export interface Report {
  /** The file it came from (a student's id when it names none). */
  source: string;
  student: string | null;
  /** ISO time of the quiz. */
  at: string;
  items: ReportItem[];
}

export type Flag =
  | 'too-easy'
  | 'too-hard'
  | 'low-discrimination'
  | 'negative-discrimination'
  | 'non-functioning-distractor'
  | 'distractor-attracts-strong'
  | 'small-sample';

export const THRESHOLDS = {
  tooEasy: 0.9,
  tooHard: 0.25,
  lowDiscrimination: 0.2,
  nonFunctioningShare: 0.05,
  smallSample: 30,
  groupShare: 0.27,
} as const;

export interface OptionStats {
  index: number;
  text: string;
  correct: boolean;
  count: number;
  share: number;
  upper: number | null;
  lower: number | null;
  pointBiserial: number | null;
}

export interface ItemStats {
  deck: string;
  id: string;
  hash: string;
  type: string;
  n: number;
  facility: number;
  discrimination: number | null;
  upperLower: number | null;
  options: OptionStats[];
  flags: Flag[];
}

export interface TestStats {
  students: number;
  items: number;
  mean: number;
  sd: number;
  kr20: number | null;
  sem: number | null;
}

export interface Analysis {
  reports: number;
  students: number;
  items: ItemStats[];
  test: TestStats;
}

/** Pearson correlation; null when either side does not vary. */
export function correlation(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const itemKey = (i: Pick<ReportItem, 'deck' | 'id' | 'hash'>): string => `${i.deck}\u0000${i.id}\u0000${i.hash}`;

/** The option indexes a pick stands for (true/false: 0 true, 1 false). */
function pickedIndexes(item: ReportItem): number[] {
  const p = item.picked;
  if (item.type === 'truefalse') return typeof p === 'boolean' ? [p ? 0 : 1] : [];
  if (typeof p === 'number' && Number.isInteger(p)) return [p];
  if (Array.isArray(p)) return p.filter((x): x is number => typeof x === 'number' && Number.isInteger(x));
  return [];
}

function optionsOf(item: ReportItem): Array<{ text: string; correct: boolean }> {
  if (item.options) return item.options;
  if (item.type === 'truefalse') return [{ text: 'true', correct: item.expected === 'true' }, { text: 'false', correct: item.expected === 'false' }];
  return [];
}

const round = (x: number | null, places = 4): number | null => (x === null ? null : Math.round(x * 10 ** places) / 10 ** places);

/**
 * Reports arrive one at a time (an iterable: the command streams them from disk). Only what the
 * statistics need is kept: per student and item the latest answer, and per item its description
 * once, so 10,000 reports do not sit in memory with their option texts repeated.
 */
export function analyze(reports: Iterable<Report>): Analysis {
  // One answer per student per item: the latest report wins.
  const students = new Map<string, Map<string, { at: string; item: ReportItem }>>();
  const described = new Map<string, ReportItem>();
  let reportCount = 0;
  for (const r of reports) {
    reportCount++;
    const who = r.student ?? `file:${r.source}`;
    let answers = students.get(who);
    if (!answers) students.set(who, (answers = new Map()));
    for (const item of r.items) {
      const k = itemKey(item);
      if (!described.has(k)) described.set(k, item);
      const prev = answers.get(k);
      // The answer alone: the description (options) is kept once per item, above.
      if (!prev || prev.at <= r.at) answers.set(k, { at: r.at, item: { ...item, options: undefined } });
    }
  }
  const total = new Map<string, number>();
  for (const [who, answers] of students) {
    let t = 0;
    for (const a of answers.values()) if (a.item.correct) t++;
    total.set(who, t);
  }
  // Items in first-seen order, with who answered them.
  const byItem = new Map<string, Array<{ who: string; item: ReportItem }>>();
  for (const k of described.keys()) byItem.set(k, []);
  for (const [who, answers] of students) for (const [k, a] of answers) byItem.get(k)!.push({ who, item: a.item });

  const items: ItemStats[] = [];
  let sumPQ = 0;
  for (const [k, list] of byItem) {
    const first = described.get(k)!;
    const n = list.length;
    const scores = list.map((a) => (a.item.correct ? 1 : 0));
    const totals = list.map((a) => total.get(a.who)!);
    const facility = scores.reduce((s: number, v) => s + v, 0) / n;
    sumPQ += facility * (1 - facility);
    const discrimination = correlation(scores, totals.map((t, i) => t - scores[i]!));
    // Upper and lower 27% by total (ties broken by student id, so the groups are deterministic).
    const ranked = list.map((a, i) => ({ i, t: totals[i]!, who: a.who })).sort((a, b) => b.t - a.t || (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
    const g = Math.max(1, Math.round(THRESHOLDS.groupShare * n));
    const upperIdx = n >= 2 ? ranked.slice(0, Math.min(g, Math.floor(n / 2))).map((r) => r.i) : [];
    const lowerIdx = n >= 2 ? ranked.slice(n - Math.min(g, Math.floor(n / 2))).map((r) => r.i) : [];
    const share = (idx: number[], f: (i: number) => boolean): number | null => (idx.length === 0 ? null : idx.filter(f).length / idx.length);
    const upperLower = upperIdx.length === 0 ? null : share(upperIdx, (i) => scores[i] === 1)! - share(lowerIdx, (i) => scores[i] === 1)!;
    const opts = optionsOf(first);
    const picks = list.map((a) => new Set(pickedIndexes(a.item)));
    const options: OptionStats[] = opts.map((o, index) => {
      const chose = picks.map((p) => (p.has(index) ? 1 : 0));
      const count = chose.reduce((s: number, v) => s + v, 0);
      const correct = first.type === 'truefalse' ? isTrueFalseKey(list, index, o.correct) : o.correct;
      return {
        index,
        text: o.text,
        correct,
        count,
        share: round(count / n)!,
        upper: round(share(upperIdx, (i) => chose[i] === 1)),
        lower: round(share(lowerIdx, (i) => chose[i] === 1)),
        pointBiserial: round(correlation(chose, totals)),
      };
    });
    const flags: Flag[] = [];
    if (facility > THRESHOLDS.tooEasy) flags.push('too-easy');
    if (facility < THRESHOLDS.tooHard) flags.push('too-hard');
    if (discrimination !== null && discrimination < 0) flags.push('negative-discrimination');
    else if (discrimination !== null && discrimination < THRESHOLDS.lowDiscrimination) flags.push('low-discrimination');
    if (options.some((o) => !o.correct && o.share < THRESHOLDS.nonFunctioningShare)) flags.push('non-functioning-distractor');
    if (options.some((o) => !o.correct && o.pointBiserial !== null && o.pointBiserial > 0)) flags.push('distractor-attracts-strong');
    if (n < THRESHOLDS.smallSample) flags.push('small-sample');
    items.push({
      deck: first.deck,
      id: first.id,
      hash: first.hash,
      type: first.type,
      n,
      facility: round(facility)!,
      discrimination: round(discrimination),
      upperLower: round(upperLower),
      options,
      flags,
    });
  }

  const totals = [...total.values()];
  const count = totals.length;
  const mean = count === 0 ? 0 : totals.reduce((s, v) => s + v, 0) / count;
  const variance = count === 0 ? 0 : totals.reduce((s, v) => s + (v - mean) ** 2, 0) / count;
  const k = items.length;
  // With students who saw different items the formula is an approximation, and it can pass 1 (two
  // students who each got every item they saw the same way, one of them seeing more: Σpq = 0, a
  // variance from the item counts alone, KR-20 = k/(k−1)). No reliability is above 1: none is shown.
  const approx = k > 1 && variance > 0 ? (k / (k - 1)) * (1 - sumPQ / variance) : null;
  const kr20 = approx !== null && approx <= 1 ? approx : null;
  const sd = Math.sqrt(variance);
  return {
    reports: reportCount,
    students: count,
    items,
    test: {
      students: count,
      items: k,
      mean: round(mean)!,
      sd: round(sd)!,
      kr20: round(kr20),
      sem: kr20 === null ? null : round(sd * Math.sqrt(Math.max(0, 1 - kr20))),
    },
  };
}

/** For true/false the key is the boolean a right answer picked (or the opposite of a wrong one). */
/**
 * Whether option `index` (0 true, 1 false) is the key: read from an answer and its grade, or, when
 * no student answered (a quiz submitted blank, a deadline), from the report's `expected`
 * (`fromReport`), so the key is still marked.
 */
function isTrueFalseKey(list: Array<{ item: ReportItem }>, index: number, fromReport: boolean): boolean {
  for (const { item } of list) {
    if (typeof item.picked !== 'boolean') continue;
    const key = item.correct ? item.picked : !item.picked;
    return index === (key ? 0 : 1);
  }
  return fromReport;
}

/** Worst first: most flags that point at a broken item, then lowest discrimination. */
export function worstFirst(items: readonly ItemStats[]): ItemStats[] {
  const weight: Record<Flag, number> = {
    'negative-discrimination': 8,
    'distractor-attracts-strong': 4,
    'too-hard': 3,
    'low-discrimination': 3,
    'too-easy': 2,
    'non-functioning-distractor': 1,
    'small-sample': 0,
  };
  const score = (i: ItemStats) => i.flags.reduce((s, f) => s + weight[f], 0);
  return [...items].sort((a, b) => score(b) - score(a) || (a.discrimination ?? 1) - (b.discrimination ?? 1) || compareText(a.deck, b.deck) || compareText(a.id, b.id));
}
