import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, stateKey, type CardState, type JournalEntry } from '../../src/core/progress.js';
import { poissonBinomialPmf, probabilityAtLeast } from '../../src/core/poisson-binomial.js';
import { applyCalibration, brier, fitCalibration, logit, type Observation } from '../../src/core/calibration.js';
import { checkExamConfig, daysUntil, parseExamDate, passProbability, questionChances, type ExamConfig } from '../../src/core/exam.js';
import { planToExam } from '../../src/core/exam-plan.js';
import { examReport } from '../../src/core/readiness.js';
import { recallObservations } from '../../src/core/recall-history.js';
import { makeScheduler, review } from '../../src/core/schedule.js';
import { rng } from '../../src/core/random.js';

const savedTZ = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

/** P(K = k) by enumerating all 2^n outcomes: the reference the DP must match. */
function bruteForce(p: number[]): number[] {
  const out = new Array<number>(p.length + 1).fill(0);
  for (let mask = 0; mask < 1 << p.length; mask++) {
    let prob = 1;
    let k = 0;
    p.forEach((q, i) => {
      if (mask & (1 << i)) {
        prob *= q;
        k++;
      } else prob *= 1 - q;
    });
    out[k]! += prob;
  }
  return out;
}

describe('Poisson-binomial', () => {
  const cases: number[][] = [[], [0.5], [0.1, 0.9], [0.3, 0.3, 0.3], [0, 1, 0.5, 0.25], [0.95, 0.8, 0.6, 0.4, 0.2, 0.05, 0.5, 0.99]];
  it.each(cases.map((c) => [c]))('matches brute force for %j', (p) => {
    const dp = poissonBinomialPmf(p);
    const ref = bruteForce(p);
    expect(dp).toHaveLength(ref.length);
    dp.forEach((v, k) => expect(v).toBeCloseTo(ref[k]!, 12));
  });

  it('matches brute force on 200 random small cases', () => {
    const r = rng(7);
    for (let t = 0; t < 200; t++) {
      const p = Array.from({ length: 1 + Math.floor(r() * 10) }, () => r());
      const dp = poissonBinomialPmf(p);
      bruteForce(p).forEach((v, k) => expect(dp[k]).toBeCloseTo(v, 12));
      const need = Math.floor(r() * (p.length + 2));
      const tail = bruteForce(p).slice(need).reduce((a, b) => a + b, 0);
      expect(probabilityAtLeast(p, need)).toBeCloseTo(need <= 0 ? 1 : tail, 12);
    }
  });

  it('is the binomial when every chance is the same', () => {
    const pmf = poissonBinomialPmf(new Array(10).fill(0.3));
    const binom = (k: number) => { let c = 1; for (let i = 0; i < k; i++) c = (c * (10 - i)) / (i + 1); return c * 0.3 ** k * 0.7 ** (10 - k); };
    pmf.forEach((v, k) => expect(v).toBeCloseTo(binom(k), 12));
  });

  it('gives 1 for "at least 0" and 0 for more successes than trials', () => {
    expect(probabilityAtLeast([0.2, 0.2], 0)).toBe(1);
    expect(probabilityAtLeast([0.2, 0.2], 3)).toBe(0);
  });
});

describe('exam questions and pass probability', () => {
  it('keeps the mean of the scope in the stratified question chances', () => {
    const recalls = [0, 0.2, 0.5, 0.9, 0.95, 1, 0.7];
    for (const n of [1, 3, 7, 10, 65]) {
      const q = questionChances(recalls, n);
      expect(q).toHaveLength(n);
      const mean = q.reduce((a, b) => a + b, 0) / n;
      expect(mean).toBeCloseTo(recalls.reduce((a, b) => a + b, 0) / recalls.length, 10);
    }
  });

  it('needs ceil(pass% × questions) right answers', () => {
    // 10 sure questions out of 10 pass 100%; 7 sure and 3 impossible pass 70% but not 71%.
    const chances = [...new Array(7).fill(1), 0, 0, 0];
    expect(passProbability(chances, 70)).toBeCloseTo(1, 12);
    expect(passProbability(chances, 71)).toBeCloseTo(0, 12);
  });

  it('is 0 for an empty scope', () => {
    expect(passProbability(questionChances([], 65), 72)).toBe(0);
  });
});

describe('calibration (Platt scaling)', () => {
  /** Answers from a student whose real recall is σ(a + b·logit p): over-confident FSRS when b < 1. */
  function history(n: number, a: number, b: number, seed: number): Observation[] {
    const r = rng(seed);
    return Array.from({ length: n }, () => {
      const p = 0.5 + 0.49 * r();
      const real = 1 / (1 + Math.exp(-(a + b * logit(p))));
      return { p, correct: r() < real };
    });
  }

  it('recovers a planted miscalibration and lowers the Brier score', () => {
    const obs = history(5000, -0.8, 0.7, 11);
    const c = fitCalibration(obs);
    expect(c.fitted).toBe(true);
    expect(c.a).toBeCloseTo(-0.8, 0);
    expect(c.b).toBeGreaterThan(0.5);
    expect(c.b).toBeLessThan(0.9);
    expect(c.brierAfter!).toBeLessThan(c.brierBefore!);
    expect(brier(obs, (p) => applyCalibration(c, p))).toBeCloseTo(c.brierAfter!, 12);
  });

  it('does not fit with too little history, and says how much there was', () => {
    const c = fitCalibration(history(199, -1, 1, 3));
    expect(c).toMatchObject({ fitted: false, answers: 199, a: 0, b: 1 });
    expect(applyCalibration(c, 0.8)).toBe(0.8);
  });

  it('stays finite when every answer was right', () => {
    const c = fitCalibration(Array.from({ length: 300 }, (_, i) => ({ p: 0.6 + (i % 30) / 100, correct: true })));
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
  });

  it('keeps a never-studied card at 0', () => {
    expect(applyCalibration({ fitted: true, a: 2, b: 1 }, 0)).toBe(0);
  });
});

describe('exam date and stored config', () => {
  it.each([
    ['2026-12-20', true],
    ['2026-02-30', false],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-13-01', false],
    ['20261220', false],
    ['1999-01-01', false],
  ])('parseExamDate(%s) is real: %s', (raw, ok) => {
    expect(parseExamDate(raw) !== null).toBe(ok);
  });

  it.each([
    [{ date: '2026-12-20', target: 0.9, pass: 72, questions: 65, maxPerDay: 200, tags: [] }, true],
    [{ date: '2026-12-20', target: 2, pass: 72, questions: 65, maxPerDay: 200, tags: [] }, false],
    [{ date: '2026-12-20', target: 0.9, pass: 72, questions: 6.5, maxPerDay: 200, tags: [] }, false],
    [{ date: '2026-12-20', target: 0.9, pass: 72, questions: 65, maxPerDay: 200, tags: [1] }, false],
    [{ date: 5, target: 0.9, pass: 72, questions: 65, maxPerDay: 200, tags: [] }, false],
    [null, false],
  ])('checkExamConfig %j is valid: %s', (v, ok) => {
    expect(typeof checkExamConfig(v) !== 'string').toBe(ok);
  });

  it('counts study days to the exam with the rollover hour', () => {
    const exam = { date: '2026-12-20' };
    expect(daysUntil(exam, new Date('2026-12-19T12:00:00+01:00'), { rolloverHour: 4 })).toBe(1);
    // 02:00 on the 20th is still the 19th's study day.
    expect(daysUntil(exam, new Date('2026-12-20T02:00:00+01:00'), { rolloverHour: 4 })).toBe(1);
    expect(daysUntil(exam, new Date('2026-12-20T05:00:00+01:00'), { rolloverHour: 4 })).toBe(0);
    expect(daysUntil(exam, new Date('2026-12-25T05:00:00+01:00'), { rolloverHour: 4 })).toBe(-5);
  });
});

// ---- the planner -------------------------------------------------------------------------------

const settings = { ...DEFAULT_SETTINGS };
const sched = makeScheduler(settings);
const NOW = new Date('2026-11-29T09:00:00+01:00');

function deck(n: number, tags: (i: number) => string[] = () => ['t']): Array<{ deck: string; card: Card }> {
  return Array.from({ length: n }, (_, i) => ({
    deck: 'd',
    card: { type: 'basic', id: `c${i}`, tags: tags(i), front: `f${i}`, back: `b${i}`, pos: { line: 1, col: 1 }, hash: `h${i}` } as Card,
  }));
}

function exam(over: Partial<ExamConfig> = {}): ExamConfig {
  return { date: '2026-12-20', target: 0.9, pass: 72, questions: 65, maxPerDay: 200, tags: [], ...over };
}

/** States of cards studied once a while ago, some weak, some strong. */
function studied(cards: Array<{ deck: string; card: Card }>, every = 2): Map<string, CardState> {
  const states = new Map<string, CardState>();
  cards.forEach((c, i) => {
    if (i % every !== 0) return;
    const key = { deck: c.deck, card: c.card.id, hash: c.card.hash! };
    let s = review(sched, null, 'good', new Date('2026-11-01T09:00:00+01:00'), key);
    s = review(sched, s, i % 4 === 0 ? 'hard' : 'good', new Date('2026-11-01T09:30:00+01:00'), key);
    states.set(stateKey(c.deck, c.card.id), s);
  });
  return states;
}

const none = { newIntroduced: 0, reviewsDone: 0 };

describe('planToExam', () => {
  it('is deterministic for the same inputs', () => {
    const cards = deck(120);
    const input = { scope: cards, states: studied(cards), settings, sched, now: NOW, exam: exam(), calibration: { fitted: false, a: 0, b: 1 }, today: none };
    const a = planToExam(input)!;
    const b = planToExam(input)!;
    expect(a.days).toEqual(b.days);
    expect([...a.bringForward]).toEqual([...b.bringForward]);
  });

  it('plans every study day to the day before the exam, never more than max-per-day', () => {
    const cards = deck(600);
    const plan = planToExam({ scope: cards, states: studied(cards, 3), settings, sched, now: NOW, exam: exam({ maxPerDay: 60 }), calibration: { fitted: false, a: 0, b: 1 }, today: none })!;
    expect(plan.days).toHaveLength(21);
    expect(plan.days[0]!.date).toBe('2026-11-29');
    expect(plan.days.at(-1)!.date).toBe('2026-12-19');
    for (const d of plan.days) expect(d.reviews + d.new).toBeLessThanOrEqual(60);
  });

  it('introduces every unseen card before the last days, raising new-per-day as needed', () => {
    const cards = deck(400);
    const plan = planToExam({ scope: cards, states: new Map(), settings, sched, now: NOW, exam: exam(), calibration: { fitted: false, a: 0, b: 1 }, today: none })!;
    const introduced = plan.days.reduce((s, d) => s + d.new, 0);
    expect(introduced).toBe(400);
    // 400 cards in 19 days before a 2-day reserve: more than the usual 20 a day, none in the reserve.
    expect(plan.days[0]!.new).toBeGreaterThan(settings.newPerDay);
    expect(plan.days.slice(-2).every((d) => d.new === 0)).toBe(true);
  });

  it('brings forward a card that would fall below target on the day, and keeps a last pass', () => {
    const cards = deck(1);
    const key = { deck: 'd', card: 'c0', hash: 'h0' };
    // Studied yesterday: FSRS has it due in a few days, and again long after the exam.
    const s = review(sched, review(sched, null, 'good', new Date('2026-11-28T09:00:00+01:00'), key), 'good', new Date('2026-11-28T09:20:00+01:00'), key);
    const plan = planToExam({ scope: cards, states: new Map([['d/c0', s]]), settings, sched, now: NOW, exam: exam(), calibration: { fitted: false, a: 0, b: 1 }, today: none })!;
    const reviewDays = plan.days.filter((d) => d.reviews > 0).map((d) => d.date);
    expect(reviewDays.length).toBeGreaterThanOrEqual(2);
    expect(reviewDays.at(-1)).toBe('2026-12-19'); // the pass on the day before
  });

  it('gives way to normal scheduling on the exam day and after', () => {
    const cards = deck(3);
    const base = { scope: cards, states: new Map(), settings, sched, exam: exam(), calibration: { fitted: false, a: 0, b: 1 }, today: none };
    expect(planToExam({ ...base, now: new Date('2026-12-20T09:00:00+01:00') })).toBeNull();
    expect(planToExam({ ...base, now: new Date('2026-12-24T09:00:00+01:00') })).toBeNull();
    expect(planToExam({ ...base, now: new Date('2026-12-19T09:00:00+01:00') })!.days).toHaveLength(1);
  });

  it('counts what was already done today against the day', () => {
    const cards = deck(50);
    const plan = planToExam({ scope: cards, states: new Map(), settings, sched, now: NOW, exam: exam({ maxPerDay: 30 }), calibration: { fitted: false, a: 0, b: 1 }, today: { newIntroduced: 10, reviewsDone: 15 } })!;
    expect(plan.days[0]!.new + plan.days[0]!.reviews).toBeLessThanOrEqual(5);
  });
});

describe('examReport', () => {
  it('counts unseen cards as not known and scopes by tag, case-insensitively', () => {
    const cards = deck(10, (i) => (i < 4 ? ['Roles'] : ['users']));
    const states = studied(cards, 1);
    const r = examReport({ cards, states, entries: [], settings, sched, now: NOW, exam: exam({ tags: ['roles'] }), today: none });
    expect(r.cards).toBe(4);
    expect(r.seen).toBe(4);
    const none4 = examReport({ cards, states: new Map(), entries: [], settings, sched, now: NOW, exam: exam(), today: none });
    expect(none4).toMatchObject({ cards: 10, seen: 0, ready: 0, expectedScore: 0, passProbability: 0 });
    expect(none4.atRisk).toHaveLength(10);
  });

  it('reports readiness as of today with no exam set', () => {
    const cards = deck(4);
    const r = examReport({ cards, states: studied(cards, 1), entries: [], settings, sched, now: NOW, exam: null, today: none });
    expect(r).toMatchObject({ date: null, daysLeft: null, plan: [] });
    expect(r.expectedScore).toBeGreaterThan(0);
  });
});

describe('recallObservations', () => {
  it('pairs each graded answer to a card in review with the recall predicted just before', () => {
    const key = { deck: 'd', card: 'c', hash: 'h' };
    const s1 = review(sched, null, 'good', new Date('2026-11-01T09:00:00Z'), key);
    const s2 = review(sched, s1, 'good', new Date('2026-11-01T09:20:00Z'), key);
    const s3 = review(sched, s2, 'again', new Date('2026-11-10T09:00:00Z'), key);
    const e = (id: string, at: string, state: CardState | null, correct: boolean | null): JournalEntry => ({ op: 'review', id, at, deck: 'd', card: 'c', kind: 'study', rating: 'good', correct, ms: 1, state });
    const obs = recallObservations([e('1', s1.last_review!, s1, true), e('2', s2.last_review!, s2, true), e('3', s3.last_review!, s3, false), e('4', '2026-11-10T10:00:00Z', null, null)], sched);
    // Only the third answer was to a card in review (state 2); the first two were learning steps.
    expect(obs).toHaveLength(1);
    expect(obs[0]!.correct).toBe(false);
    expect(obs[0]!.p).toBeGreaterThan(0);
    expect(obs[0]!.p).toBeLessThan(1);
  });
});

describe('renderExam', () => {
  const plain = new Proxy(() => undefined, { get: (_t, k) => (k === 'level' ? 0 : plain), apply: (_t, _s, a: unknown[]) => a.join(' ') }) as unknown as import('chalk').ChalkInstance;
  const cards = deck(40, (i) => [`a-rather-long-tag-name-${i % 3}`, 'x\u001b[2Jevil']);
  const report = examReport({ cards, states: studied(cards, 2), entries: [], settings, sched, now: NOW, exam: exam(), today: none });

  it.each([40, 44, 50, 60, 80, 120])('fits a %i-column terminal', async (width) => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    for (const line of renderExam(report, plain, width).split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
  });

  it.each([40, 60, 80])('at %i columns, says readiness is worked out for now once the exam day has passed', async (width) => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    const past = examReport({ cards, states: studied(cards, 2), entries: [], settings, sched, now: NOW, exam: exam({ date: '2026-11-01' }), today: none });
    expect(past.daysLeft).toBeLessThan(0);
    const text = renderExam(past, plain, width).replace(/\s+/g, ' ');
    expect(text).toContain('as of today (the exam date has passed)');
    expect(text).not.toContain('with no more study');
    expect(text).not.toContain('on the day');
    expect(text).toContain('90% or more now');
    // before the day, the notes are about the day
    const ahead = renderExam(report, plain, width).replace(/\s+/g, ' ');
    expect(ahead).toContain('90% or more on the day');
    expect(ahead).toContain('with no more study');
  });

  it('with tags no loaded card has, says to name the decks instead of a report of zeros and an empty plan', async () => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    const untagged = examReport({ cards, states: studied(cards, 2), entries: [], settings, sched, now: NOW, exam: exam({ tags: ['networking'] }), today: none });
    expect(untagged.cards).toBe(0);
    const text = renderExam(untagged, plain, 80);
    expect(text).toContain('Scope: 0 cards tagged networking, 0 seen');
    expect(text.replace(/\s+/g, ' ')).toContain('No card in these decks is tagged networking. An exam covers the decks you name, as study does: name the decks those tags are in (recall exam my-decks/, recall study my-decks/).');
    expect(text).not.toContain('Plan');
    expect(text).not.toContain('Pass probability');
    for (const line of renderExam(untagged, plain, 40).split('\n')) expect(line.length, line).toBeLessThanOrEqual(40);
  });

  it('says 1 card, not 1 cards', async () => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    const one = deck(1, () => ['solo']);
    const text = renderExam(examReport({ cards: one, states: studied(one, 0), entries: [], settings, sched, now: NOW, exam: exam(), today: none }), plain, 80);
    expect(text).toContain('Scope: 1 card, 0 seen');
    expect(text).toMatch(/Ready +0 of 1 card +recall/);
  });

  it('keeps tags whole at 40 columns: the at-risk rows drop their words first', async () => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    const narrow = renderExam(report, plain, 40);
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(narrow).toContain('  at risk/in scope, expected score');
    expect(narrow).toMatch(/^ {2}a-rather-long-tag-name-\d +\d+\/\d+ +\d+%$/m);
    expect(narrow).not.toContain('a-rather-long-t…');
    // at 80 the words stay
    expect(renderExam(report, plain, 80)).toMatch(/^ {2}a-rather-long-tag-name-\d +\d+ of \d+ +expected \d+%$/m);
  });

  it('neutralises tags (deck text) and shows the plan', async () => {
    const { renderExam } = await import('../../src/core/exam-text.js');
    const text = renderExam(report, plain, 80);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\e[2Jevil');
    expect(text).toMatch(/Plan/);
  });
});

describe('the study header exam part', () => {
  it('rounds "ready" down: 199 of 200 cards ready is 99%, never 100%', async () => {
    const { examHeadline } = await import('../../src/core/exam-text.js');
    expect(examHeadline({ daysLeft: 12, ready: 199, cards: 200 })).toBe('exam in 12 days · ready 99%');
    expect(examHeadline({ daysLeft: 1, ready: 0, cards: 0 })).toBe('exam tomorrow · ready 0%');
  });
});
