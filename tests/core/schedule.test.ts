import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type CardState, type Settings } from '../../src/core/progress.js';
import type { SelfRating } from '../../src/core/model.js';
import {
  autoRating,
  formatDays,
  formatMinutes,
  isDueToday,
  makeScheduler,
  nextRollover,
  preview,
  retrievability,
  review,
  studyDay,
  studyDayNumber,
  studyDayStart,
  studyDaysBefore,
} from '../../src/core/schedule.js';
import { rng as seededRng } from '../../src/core/random.js';

const savedTZ = process.env.TZ;
function useTZ(tz: string): void {
  process.env.TZ = tz; // Node re-reads TZ on assignment
}
afterEach(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

const key = (card = 'c1', deck = 'd'): { deck: string; card: string; hash: string } => ({ deck, card, hash: 'h1' });
const sched = (over: Partial<Settings> = {}) => makeScheduler({ ...DEFAULT_SETTINGS, ...over });

/** A graduated card with a long memory, last reviewed `daysAgo` before `now`, due now. */
function matureState(now: Date, daysAgo: number, over: Partial<CardState> = {}): CardState {
  return {
    due: now.toISOString(),
    stability: 60,
    difficulty: 5,
    elapsed_days: 0,
    scheduled_days: daysAgo,
    learning_steps: 0,
    reps: 10,
    lapses: 0,
    state: 2,
    last_review: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    first_review: '2025-01-01T12:00:00.000Z',
    hash: 'h1',
    ...over,
  };
}

describe('local study days (rollover 04:00)', () => {
  // [time zone, local instant written with its offset, expected study day]
  const cases: Array<[string, string, string]> = [
    ['America/New_York', '2026-01-15T23:59:00-05:00', '2026-01-15'],
    ['America/New_York', '2026-01-16T00:01:00-05:00', '2026-01-15'],
    ['America/New_York', '2026-01-16T03:59:00-05:00', '2026-01-15'],
    ['America/New_York', '2026-01-16T04:01:00-05:00', '2026-01-16'],
    ['Asia/Tokyo', '2026-01-15T23:59:00+09:00', '2026-01-15'],
    ['Asia/Tokyo', '2026-01-16T00:01:00+09:00', '2026-01-15'],
    ['Asia/Tokyo', '2026-01-16T03:59:00+09:00', '2026-01-15'],
    ['Asia/Tokyo', '2026-01-16T04:01:00+09:00', '2026-01-16'],
    // DST: New York springs forward 2026-03-08 02:00 and falls back 2026-11-01 02:00.
    ['America/New_York', '2026-03-08T01:59:00-05:00', '2026-03-07'],
    ['America/New_York', '2026-03-08T03:59:00-04:00', '2026-03-07'],
    ['America/New_York', '2026-03-08T04:01:00-04:00', '2026-03-08'],
    ['America/New_York', '2026-11-01T01:30:00-04:00', '2026-10-31'],
    ['America/New_York', '2026-11-01T03:59:00-05:00', '2026-10-31'],
    ['America/New_York', '2026-11-01T04:01:00-05:00', '2026-11-01'],
    // Berlin springs forward 2026-03-29 02:00.
    ['Europe/Berlin', '2026-03-29T01:59:00+01:00', '2026-03-28'],
    ['Europe/Berlin', '2026-03-29T03:59:00+02:00', '2026-03-28'],
    ['Europe/Berlin', '2026-03-29T04:01:00+02:00', '2026-03-29'],
  ];
  it.each(cases)('in %s, %s belongs to study day %s', (tz, at, day) => {
    useTZ(tz);
    expect(studyDay(new Date(at), 4)).toBe(day);
  });

  // [time zone, now, expected start of the study day, expected next rollover] (UTC)
  const bounds: Array<[string, string, string, string]> = [
    ['America/New_York', '2026-01-16T00:01:00-05:00', '2026-01-15T09:00:00.000Z', '2026-01-16T09:00:00.000Z'],
    ['Asia/Tokyo', '2026-01-16T03:59:00+09:00', '2026-01-14T19:00:00.000Z', '2026-01-15T19:00:00.000Z'],
    // 23-hour and 25-hour study days around the DST changes: never "start + 24h".
    ['America/New_York', '2026-03-07T12:00:00-05:00', '2026-03-07T09:00:00.000Z', '2026-03-08T08:00:00.000Z'],
    ['America/New_York', '2026-10-31T12:00:00-04:00', '2026-10-31T08:00:00.000Z', '2026-11-01T09:00:00.000Z'],
    ['Europe/Berlin', '2026-03-28T12:00:00+01:00', '2026-03-28T03:00:00.000Z', '2026-03-29T02:00:00.000Z'],
  ];
  it.each(bounds)('in %s, the study day of %s runs from %s to %s', (tz, at, start, next) => {
    useTZ(tz);
    expect(studyDayStart(new Date(at), 4).toISOString()).toBe(start);
    expect(nextRollover(new Date(at), 4).toISOString()).toBe(next);
  });

  it('starts a study day exactly at the rollover instant', () => {
    useTZ('Asia/Tokyo');
    const at = new Date('2026-01-16T04:00:00+09:00');
    expect(studyDayStart(at, 4).toISOString()).toBe(at.toISOString());
    expect(studyDay(at, 4)).toBe('2026-01-16');
  });

  it('honours another rollover hour', () => {
    useTZ('America/New_York');
    expect(studyDay(new Date('2026-01-16T00:01:00-05:00'), 0)).toBe('2026-01-16');
    expect(studyDay(new Date('2026-01-16T05:59:00-05:00'), 6)).toBe('2026-01-15');
  });

  const dueToday: Array<[string, string, string, boolean]> = [
    ['America/New_York', '2026-01-15T23:59:00-05:00', '2026-01-16T03:59:00-05:00', true],
    ['America/New_York', '2026-01-15T23:59:00-05:00', '2026-01-16T04:01:00-05:00', false],
    ['Asia/Tokyo', '2026-01-16T00:01:00+09:00', '2026-01-16T03:59:00+09:00', true],
    ['Asia/Tokyo', '2026-01-16T04:01:00+09:00', '2026-01-17T03:59:00+09:00', true],
    ['Asia/Tokyo', '2026-01-16T04:01:00+09:00', '2026-01-17T04:00:00+09:00', false],
    ['America/New_York', '2026-03-07T22:00:00-05:00', '2026-03-08T03:30:00-04:00', true],
    ['Europe/Berlin', '2026-03-28T22:00:00+01:00', '2026-03-29T04:01:00+02:00', false],
  ];
  it.each(dueToday)('in %s at %s, a card due %s is due today: %s', (tz, now, due, expected) => {
    useTZ(tz);
    expect(isDueToday({ due: new Date(due).toISOString() }, new Date(now), 4)).toBe(expected);
  });
});

describe('studyDaysBefore', () => {
  // The reference: counting with a local-calendar Date per instant, as the queue and recall did.
  const DAY = 86_400_000;
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'])(
    'agrees with studyDayStart and studyDayNumber for 5,000 instants within 3 years, %s',
    (tz) => {
      useTZ(tz);
      const rng = seededRng(tz.length * 7919);
      for (const hour of [0, 2, 4, 23]) {
        for (const nowIso of ['2026-03-29T01:30:00Z', '2026-10-25T02:30:00Z', '2026-07-01T12:00:00Z', '2026-11-01T06:10:00Z']) {
          const now = new Date(nowIso);
          const before = studyDaysBefore(now, hour);
          const today = studyDayStart(now, hour).getTime();
          for (let i = 0; i < 5000 / 16; i++) {
            const t = now.getTime() + Math.floor((rng() - 0.5) * 6 * 365 * DAY);
            const k = before(t);
            expect(k, `${tz} hour ${hour} now ${nowIso} t ${new Date(t).toISOString()}`).toBe(Math.round((today - studyDayStart(new Date(t), hour).getTime()) / DAY));
            expect(k).toBe(Math.round(studyDayNumber(now, hour) - studyDayNumber(new Date(t), hour)));
          }
          // instants right at and around each boundary
          for (let j = -3; j <= 3; j++) {
            const edge = new Date(new Date(today).getFullYear(), new Date(today).getMonth(), new Date(today).getDate() + j, hour).getTime();
            for (const t of [edge - 1, edge, edge + 1]) expect(before(t)).toBe(Math.round((today - studyDayStart(new Date(t), hour).getTime()) / DAY));
          }
        }
      }
    },
  );
});

describe('review intervals follow local study days, not UTC days', () => {
  // Pairs of reviews 20 minutes apart; the second pair in each zone crosses midnight UTC.
  const pairs: Array<[string, string, number]> = [
    ['America/New_York', '2026-01-15T23:50:00-05:00', 0],
    ['America/New_York', '2026-01-15T18:50:00-05:00', 0],
    ['Asia/Tokyo', '2026-01-15T23:50:00+09:00', 0],
    ['Asia/Tokyo', '2026-01-16T08:50:00+09:00', 0],
    ['Asia/Tokyo', '2026-01-16T03:50:00+09:00', 1], // across the 04:00 rollover
    ['Europe/Berlin', '2026-03-29T01:50:00+01:00', 0], // 01:50 CET then 03:10 CEST
  ];
  it.each(pairs)('in %s, reviews at %s and 20 minutes later are %i study days apart', (tz, first, days) => {
    useTZ(tz);
    const s = sched();
    const t1 = new Date(first);
    const t2 = new Date(t1.getTime() + 20 * 60_000);
    expect(studyDay(t1, 4) === studyDay(t2, 4)).toBe(days === 0);
    const a = review(s, null, 'good', t1, key());
    const b = review(s, a, 'good', t2, key());
    expect(b.elapsed_days).toBe(days);
  });

  it.each([
    ['America/New_York', '2026-03-05T15:00:00-05:00'],
    ['America/New_York', '2026-10-28T15:00:00-04:00'],
    ['Asia/Tokyo', '2026-01-16T22:00:00+09:00'],
    ['Europe/Berlin', '2026-03-25T09:00:00+01:00'],
  ])('in %s, a card graduated at %s comes due at the 04:00 local rollover', (tz, at) => {
    useTZ(tz);
    const state = review(sched(), null, 'easy', new Date(at), key());
    expect(state.scheduled_days).toBeGreaterThanOrEqual(1);
    const due = new Date(state.due);
    expect([due.getHours(), due.getMinutes()]).toEqual([4, 0]);
    expect(studyDay(due, 4) > studyDay(new Date(at), 4)).toBe(true);
  });
});

describe('review', () => {
  it('gives an identical state for identical inputs (fuzz is seeded, not random)', () => {
    useTZ('Asia/Tokyo');
    const run = (): CardState[] => {
      const s = sched();
      const out: CardState[] = [];
      let prev: CardState | null = null;
      let now = new Date('2026-02-01T10:00:00Z');
      for (const r of ['good', 'good', 'good', 'hard', 'again', 'good', 'easy'] as SelfRating[]) {
        prev = review(s, prev, r, now, key());
        out.push(prev);
        now = new Date(new Date(prev.due).getTime() + 3_600_000);
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('fuzzes long intervals differently for different card ids', () => {
    useTZ('UTC');
    const s = sched();
    const now = new Date('2026-02-01T10:00:00Z');
    const days = new Set<number>();
    for (let i = 0; i < 20; i++) days.add(review(s, matureState(now, 60), 'good', now, key(`card-${i}`)).scheduled_days);
    expect(days.size).toBeGreaterThan(1);
    // and the same id again gives the same interval
    const once = review(s, matureState(now, 60), 'good', now, key('card-3'));
    expect(review(s, matureState(now, 60), 'good', now, key('card-3'))).toEqual(once);
  });

  it('clamps a clock that moved backwards instead of throwing', () => {
    useTZ('UTC');
    const s = sched();
    const prev = review(s, null, 'good', new Date('2026-02-10T12:00:00Z'), key());
    const earlier = new Date('2026-02-05T12:00:00Z');
    const next = review(s, prev, 'good', earlier, key());
    expect(next.last_review).toBe(prev.last_review);
    expect(() => preview(s, next, earlier, key())).not.toThrow();
    expect(retrievability(s, next, earlier)).toBeGreaterThan(0);
  });

  it('sets hash and first_review on the first answer and keeps first_review after', () => {
    useTZ('UTC');
    const s = sched();
    const a = review(s, null, 'good', new Date('2026-02-10T12:00:00Z'), { deck: 'd', card: 'x', hash: 'A' });
    expect(a).toMatchObject({ hash: 'A', first_review: '2026-02-10T12:00:00.000Z', reps: 1, state: 1 });
    const b = review(s, a, 'good', new Date('2026-02-10T12:10:00Z'), { deck: 'd', card: 'x', hash: 'B' });
    expect(b).toMatchObject({ hash: 'B', first_review: '2026-02-10T12:00:00.000Z', reps: 2 });
    expect(JSON.parse(JSON.stringify(b))).toEqual(b);
  });

  it('flags a leech on the 8th lapse, not before', () => {
    useTZ('UTC');
    const s = sched();
    let prev: CardState | null = null;
    let now = new Date('2026-01-01T12:00:00Z');
    while ((prev?.lapses ?? 0) < 8) {
      const rating: SelfRating = prev?.state === 2 ? 'again' : 'good';
      prev = review(s, prev, rating, now, key());
      expect(prev.leech === true).toBe(prev.lapses >= 8);
      now = new Date(prev.due);
    }
    expect(prev?.leech).toBe(true);
  });

  it.each([
    [7, false],
    [8, true],
    [9, false], // un-flagged leeches are flagged again every half threshold
    [12, true],
  ])('with a lapse bringing lapses to %i, leech is %s', (lapses, leech) => {
    useTZ('UTC');
    const now = new Date('2026-02-01T10:00:00Z');
    const next = review(sched(), matureState(now, 30, { lapses: lapses - 1 }), 'again', now, key());
    expect(next.lapses).toBe(lapses);
    expect(next.leech === true).toBe(leech);
  });

  it('caps intervals at the maximum interval and shortens them for higher retention', () => {
    useTZ('UTC');
    const now = new Date('2026-02-01T10:00:00Z');
    expect(review(sched({ maxInterval: 10 }), matureState(now, 60), 'easy', now, key()).scheduled_days).toBeLessThanOrEqual(10);
    const low = review(sched({ retention: 0.8 }), matureState(now, 60), 'good', now, key()).scheduled_days;
    const high = review(sched({ retention: 0.95 }), matureState(now, 60), 'good', now, key()).scheduled_days;
    expect(high).toBeLessThan(low);
  });
});

describe('preview', () => {
  it.each([
    ['a new card', null],
    ['a mature card', matureState(new Date('2026-02-01T10:00:00Z'), 60)],
  ])('shows four increasing intervals for %s', (_name, prev) => {
    useTZ('America/New_York');
    const p = preview(sched(), prev, new Date('2026-02-01T10:00:00Z'), key());
    const dues = (['again', 'hard', 'good', 'easy'] as const).map((r) => new Date(p[r].due).getTime());
    for (let i = 1; i < dues.length; i++) expect(dues[i]!).toBeGreaterThan(dues[i - 1]!);
    for (const r of ['again', 'hard', 'good', 'easy'] as const) expect(p[r].interval).toMatch(/^\d+(\.\d)?(m|h|d|mo|y)$/);
  });

  it('shows the learning steps of a new card', () => {
    useTZ('UTC');
    const p = preview(sched(), null, new Date('2026-02-01T10:00:00Z'), key());
    expect([p.again.interval, p.hard.interval, p.good.interval]).toEqual(['1m', '6m', '10m']);
  });

  it.each([
    [1, '1m'],
    [10, '10m'],
    [90, '1.5h'],
    [3 * 1440, '3d'],
  ])('formats %i minutes as %s', (m, s) => expect(formatMinutes(m)).toBe(s));
  it.each([
    [3, '3d'],
    [29, '29d'],
    [63, '2.1mo'],
    [438, '1.2y'],
    [3650, '10y'],
  ])('formats %i days as %s', (d, s) => expect(formatDays(d)).toBe(s));
});

describe('retrievability', () => {
  it('is a number in 0..1 that falls as time passes, and 0 for a new card', () => {
    useTZ('UTC');
    const s = sched();
    const now = new Date('2026-02-01T10:00:00Z');
    const st = matureState(now, 10);
    const r1 = retrievability(s, st, now);
    const r2 = retrievability(s, st, new Date(now.getTime() + 30 * 86_400_000));
    expect(typeof r1).toBe('number');
    expect(r1).toBeGreaterThan(r2);
    expect(r1).toBeLessThanOrEqual(1);
    expect(r2).toBeGreaterThan(0);
    expect(retrievability(s, { ...st, state: 0, last_review: undefined }, now)).toBe(0);
  });

  it("matches ts-fsrs's own get_retrievability where study days are UTC days (TZ=UTC, rollover 0)", () => {
    useTZ('UTC');
    const s = sched({ rolloverHour: 0 });
    const last = new Date('2026-02-01T10:00:00Z');
    const st = matureState(last, 12);
    for (const days of [0, 1, 5, 12, 40, 400]) {
      const now = new Date(last.getTime() + days * 86_400_000 + 3_600_000);
      const card = { ...st, due: new Date(st.due), last_review: new Date(st.last_review!) };
      const expected = s.fsrs.get_retrievability(card as never, now, false);
      expect(retrievability(s, st, now)).toBeCloseTo(expected, 10);
    }
  });

  it('counts local study days: 20 minutes across local midnight before the rollover is the same day', () => {
    useTZ('America/New_York');
    const s = sched();
    const last = new Date('2026-02-02T04:50:00Z'); // 23:50 local
    const st = { ...matureState(last, 5), last_review: last.toISOString() };
    expect(retrievability(s, st, new Date('2026-02-02T05:10:00Z'))).toBe(retrievability(s, st, last)); // 00:10 local
    expect(retrievability(s, st, new Date('2026-02-02T09:10:00Z'))).toBeLessThan(retrievability(s, st, last)); // 04:10 local
  });
});

describe('autoRating', () => {
  it.each([
    [{ correct: false, elapsedMs: 1000 }, 'again'],
    [{ correct: false, elapsedMs: 1000, usedHint: true }, 'again'],
    [{ correct: true, elapsedMs: 1000 }, 'good'],
    [{ correct: true, elapsedMs: 30_000 }, 'good'],
    [{ correct: true, elapsedMs: 30_001 }, 'hard'],
    [{ correct: true, elapsedMs: 1000, usedHint: true }, 'hard'],
    [{ correct: true, elapsedMs: 50_000, budgetSeconds: 60 }, 'good'],
    [{ correct: true, elapsedMs: 11_000, budgetSeconds: 10 }, 'hard'],
    [{ correct: true, elapsedMs: 1000, typo: true }, 'hard'],
    [{ correct: false, elapsedMs: 1000, typo: true }, 'again'],
  ] as const)('rates %o as %s', (input, expected) => expect(autoRating(input)).toBe(expected));
});
