import { afterEach, describe, expect, it } from 'vitest';
import { CLAMP_PARAMETERS, default_w, fsrs, W17_W18_Ceiling } from 'ts-fsrs';
import type { JournalEntry, ReviewEntry } from '../../src/core/progress.js';
import { DEFAULT_SETTINGS } from '../../src/core/progress.js';
import { isBetter, MIN_REVIEWS, reviewsNeeded, trainingItems, trainingSet, type TrainingSet } from '../../src/core/optimize.js';
import { optimizeJson, optimizeText, type OptimizeOutcome } from '../../src/core/optimize-text.js';
import { formatParams, PARAM_COUNT, PARAM_RANGES, paramsProblem, parseParams, tidyParams } from '../../src/core/fsrs-params.js';
import { settingProblem } from '../../src/core/settings.js';
import { makeScheduler, retrievability, review } from '../../src/core/schedule.js';

const savedTZ = process.env.TZ;
afterEach(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

let seq = 0;
function rev(at: string, rating: ReviewEntry['rating'], over: Partial<ReviewEntry> = {}): ReviewEntry {
  return { id: `r${seq++}`, at, deck: 'd', card: 'c', op: 'review', kind: 'study', rating, correct: null, ms: 1000, state: null, ...over };
}
const ratings = (s: TrainingSet) => s.cards.map((c) => c.map((r) => `${r.rating}@${r.deltaT}`).join(' '));

describe('the training set', () => {
  const table: Array<[string, JournalEntry[], string[], number?]> = [
    ['one card, three study days', [rev('2026-01-01T10:00:00Z', 'good'), rev('2026-01-02T10:00:00Z', 'good', { before: 1 }), rev('2026-01-05T09:00:00Z', 'again', { before: 2 })], ['3@0 3@1 1@3']],
    [
      'quiz answers are left out (exam conditions, not the schedule)',
      [rev('2026-01-01T10:00:00Z', 'good'), rev('2026-01-03T10:00:00Z', 'again', { kind: 'quiz', correct: false, before: 2 }), rev('2026-01-04T10:00:00Z', 'hard', { before: 2 })],
      ['3@0 2@3'],
    ],
    [
      'an undone review never happened',
      [rev('2026-01-01T10:00:00Z', 'good'), rev('2026-01-02T10:00:00Z', 'again', { id: 'oops', before: 2 }), { id: 'u1', op: 'undo', at: '2026-01-02T10:00:05Z', deck: 'd', card: 'c', ref: 'oops', state: null }, rev('2026-01-02T10:00:06Z', 'good', { before: 2 })],
      ['3@0 3@1'],
    ],
    [
      'a card reset starts its history again',
      [rev('2026-01-01T10:00:00Z', 'good'), rev('2026-01-02T10:00:00Z', 'good', { before: 1 }), { id: 'x', op: 'reset', at: '2026-01-03T10:00:00Z', deck: 'd', card: 'c', reason: 'answer-changed' }, rev('2026-01-03T11:00:00Z', 'easy'), rev('2026-01-06T11:00:00Z', 'good', { before: 2 })],
      ['4@0 3@3'],
    ],
    [
      'a deck reset clears its cards, not another deck whose id starts the same',
      [rev('2026-01-01T10:00:00Z', 'good'), rev('2026-01-01T10:00:00Z', 'good', { deck: 'dx' }), { id: 'y', op: 'reset', at: '2026-01-02T10:00:00Z', deck: 'd', reason: 'user' }],
      ['3@0'],
    ],
    [
      'a card first answered outside study is left out',
      [rev('2026-01-02T10:00:00Z', 'good', { before: 1 }), rev('2026-01-03T10:00:00Z', 'good', { before: 2 })],
      [],
      1,
    ],
    [
      'imported history is put in time order',
      [rev('2026-01-05T10:00:00Z', 'good', { before: 2 }), rev('2026-01-01T10:00:00Z', 'good', { imported: true }), rev('2026-01-02T10:00:00Z', 'hard', { imported: true, before: 1 })],
      ['3@0 2@1 3@3'],
    ],
  ];
  it.each(table)('%s', (_name, entries, expected, partial = 0) => {
    process.env.TZ = 'UTC';
    const set = trainingSet(entries, 4);
    expect(ratings(set)).toEqual(expected);
    expect(set.partial).toBe(partial);
    expect(set.reviews).toBe(set.cards.reduce((n, c) => n + c.length, 0));
  });

  // The day mapping is the scheduler's: local study days with the rollover hour, in the process time zone.
  const days: Array<[string, string, string, number]> = [
    ['Asia/Tokyo', '2026-01-15T23:50:00+09:00', '2026-01-16T00:10:00+09:00', 0], // across local midnight, before 04:00
    ['Asia/Tokyo', '2026-01-16T03:50:00+09:00', '2026-01-16T04:10:00+09:00', 1], // across the rollover
    ['America/New_York', '2026-01-15T18:50:00-05:00', '2026-01-15T19:10:00-05:00', 0], // across UTC midnight
    ['America/New_York', '2026-03-07T12:00:00-05:00', '2026-03-09T12:00:00-04:00', 2], // over a 23-hour day
  ];
  it.each(days)('in %s, reviews at %s and %s are %i study days apart', (tz, a, b, delta) => {
    process.env.TZ = tz;
    const set = trainingSet([rev(new Date(a).toISOString(), 'good'), rev(new Date(b).toISOString(), 'good', { before: 1 })], 4);
    expect(set.cards[0]?.[1]?.deltaT).toBe(delta);
    // and the scheduler agrees: its elapsed_days for the same two reviews
    const s = makeScheduler(DEFAULT_SETTINGS);
    const key = { deck: 'd', card: 'c', hash: 'h' };
    expect(review(s, review(s, null, 'good', new Date(a), key), 'good', new Date(b), key).elapsed_days).toBe(delta);
  });

  it('predicts only reviews on a later study day, each with the card history before it', () => {
    const items = trainingItems({
      cards: [
        [
          { rating: 1, deltaT: 0 },
          { rating: 3, deltaT: 0 },
          { rating: 3, deltaT: 1 },
          { rating: 1, deltaT: 4 },
          { rating: 3, deltaT: 0 },
        ],
        [{ rating: 3, deltaT: 0 }],
      ],
      reviews: 6,
      partial: 0,
    });
    expect(items.map((i) => i.map((r) => `${r.rating}@${r.deltaT}`).join(' '))).toEqual(['1@0 3@0 3@1', '1@0 3@0 3@1 1@4']);
  });
});

describe('the decision rules', () => {
  const m = (logLoss: number) => ({ logLoss, rmse: 0.05 });
  it.each([
    [m(0.4), m(0.39), true],
    [m(0.4), m(0.4), false],
    [m(0.4), m(0.41), false],
    [null, m(0.3), false],
    [m(0.4), null, false],
  ])('before %o, after %o: saved %s', (before, after, expected) => {
    expect(isBetter(before, after)).toBe(expected);
  });

  it.each([
    [0, 400],
    [1, 399],
    [399, 1],
    [400, 0],
    [5000, 0],
  ])('%i study reviews need %i more', (reviews, needed) => {
    expect(MIN_REVIEWS).toBe(400);
    expect(reviewsNeeded(reviews)).toBe(needed);
  });
});

describe('the params setting', () => {
  it('checks against the ranges ts-fsrs clamps to, and the FSRS-6 count', () => {
    expect(PARAM_RANGES).toEqual(CLAMP_PARAMETERS(W17_W18_Ceiling, true));
    expect(PARAM_COUNT).toBe(default_w.length);
    expect(paramsProblem([...default_w])).toBeUndefined();
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['19 weights (FSRS-5)', default_w.slice(0, 19), /21 numbers \(FSRS-6\), not 19/],
    ['a string', 'fast', /"default" or a list of 21 numbers/],
    ['a weight out of range', Object.assign([...default_w], { 20: 5 }), /w20 must be from 0.1 to 0.8, got 5/],
    ['a weight that is not a number', Object.assign([...default_w], { 3: '8' }), /w3 must be a number/],
    ['a negative stability', Object.assign([...default_w], { 0: -1 }), /w0 must be from 0.001 to 100/],
  ];
  it.each(bad)('refuses %s', (_name, value, message) => {
    expect(paramsProblem(value)).toMatch(message);
    expect(settingProblem('params', value)).toMatch(message);
  });

  it('takes null as the defaults', () => {
    expect(paramsProblem(null)).toBeUndefined();
    expect(formatParams(null)).toBe('default');
  });

  it.each([
    ['default', null],
    [default_w.join(','), [...default_w]],
    [`[${default_w.join(', ')}]`, [...default_w]],
    [default_w.join(' '), [...default_w]],
  ])('parses "%s"', (raw, expected) => {
    expect(parseParams(raw)).toEqual(expected);
  });

  it.each([
    ['', /"default" or 21 numbers/],
    ['1,2,3', /21 numbers \(FSRS-6\), not 3/],
    [default_w.slice(0, 20).join(',') + ',abc', /"abc" is not a number/],
    [default_w.slice(0, 20).join(',') + ',0x10', /"0x10" is not a number/],
  ])('refuses "%s"', (raw, message) => {
    expect(parseParams(raw)).toMatch(message);
  });

  it('rounds fitted weights to 4 decimals inside the ranges', () => {
    const raw = [...default_w];
    raw[0] = 0.0143167702;
    raw[7] = 0.0009999;
    raw[20] = 0.95;
    const t = tidyParams(raw);
    expect(t[0]).toBe(0.0143);
    expect(t[7]).toBe(0.001);
    expect(t[20]).toBe(0.8);
    expect(paramsProblem(t)).toBeUndefined();
  });
});

describe('the scheduler uses the params setting', () => {
  const w = [...default_w];
  w[2] = 5; // first stability after Good
  w[20] = 0.4; // decay
  const key = { deck: 'd', card: 'c', hash: 'h' };
  const now = new Date('2026-01-01T10:00:00Z');

  it('schedules with saved weights as ts-fsrs does with them, and differently from the defaults', () => {
    const custom = makeScheduler({ ...DEFAULT_SETTINGS, params: w });
    const first = review(custom, null, 'good', now, key);
    const graduated = review(custom, first, 'good', new Date(now.getTime() + 11 * 60_000), key);
    const byDefault = review(makeScheduler(DEFAULT_SETTINGS), review(makeScheduler(DEFAULT_SETTINGS), null, 'good', now, key), 'good', new Date(now.getTime() + 11 * 60_000), key);
    expect(graduated.stability).not.toBeCloseTo(byDefault.stability, 3);
    expect(custom.fsrs.parameters.w).toEqual(w);
    // predicted recall follows the saved decay
    const later = new Date(now.getTime() + 10 * 86_400_000);
    expect(retrievability(custom, graduated, later)).toBeCloseTo(fsrs({ w }).forgetting_curve(10, graduated.stability), 10);
  });
});

describe('the report', () => {
  const base: OptimizeOutcome = {
    reviews: 1234,
    cards: 150,
    before: { logLoss: 0.4096, rmse: 0.0636 },
    after: { logLoss: 0.3963, rmse: 0.0381 },
    saved: true,
    params: [...default_w],
    hadSaved: false,
    outcome: 'saved',
    needed: 0,
    partial: 0,
    forced: false,
  };
  it('says before and after in plain words', () => {
    const text = optimizeText(base).join('\n');
    expect(text).toContain('Trained on 1,234 study reviews of 150 cards. Quiz answers are not used.');
    expect(text).toMatch(/default weights\s+0\.4096\s+6\.4%/);
    expect(text).toMatch(/fitted weights\s+0\.3963\s+3\.8%/);
    expect(text).toContain('predict your history better (log loss 3.2% lower): saved.');
  });
  it.each([
    ['too-little', { reviews: 123, needed: 277, before: null, after: null, saved: false }, /123 study reviews so far; optimize needs 400 to fit your weights: 277 more\. Nothing saved/],
    ['not-better', { saved: false, hadSaved: true }, /no better than your saved weights\. Nothing saved\./],
    ['dry-run', { saved: false }, /--dry-run: nothing saved/],
    ['not-scored', { saved: false, before: null, after: null }, /could not score weights.*Nothing saved/],
    ['nothing-to-fit', { saved: false }, /Nothing to learn from yet/],
  ] as const)('%s', (outcome, over, message) => {
    expect(optimizeText({ ...base, ...over, outcome }).join('\n')).toMatch(message);
  });
  it('counts one review, one card and one card left out in the singular', () => {
    const text = optimizeText({ ...base, reviews: 1, cards: 1, partial: 1, needed: 399, before: null, after: null, saved: false, outcome: 'too-little' }).join('\n');
    expect(text).toContain('Your history: 1 study review of 1 card (1 card left out: first answered outside study).');
    expect(text).toContain('1 study review so far;');
  });
  it('gives exactly the documented JSON keys', () => {
    expect(Object.keys(optimizeJson(base))).toEqual(['reviews', 'cards', 'before', 'after', 'saved', 'params']);
  });
});
