import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, stateKey, type CardState, type Settings } from '../../src/core/progress.js';
import { rng } from '../../src/core/random.js';
import { makeScheduler, retrievabilityAt, studyDaysBefore } from '../../src/core/schedule.js';
import { buildQueue, heldBack, nextDue, timeLimit, todayCounts, type QueueFilters, type TodayCounts } from '../../src/core/queue.js';

// Local time matters (the 04:00 rollover): pin a zone for the whole file.
const savedTZ = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

const NOW = new Date('2026-01-15T12:00:00-05:00'); // study day 2026-01-15, next rollover 01-16 04:00
const at = (local: string): string => new Date(local).toISOString();

function card(id: string, tags: string[] = []): Card {
  return { type: 'basic', id, tags, front: id, back: id, pos: { line: 1, col: 1 } };
}

function state(due: string, over: Partial<CardState> = {}): CardState {
  return {
    due: at(due),
    stability: 10,
    difficulty: 5,
    elapsed_days: 0,
    scheduled_days: 10,
    learning_steps: 0,
    reps: 5,
    lapses: 0,
    state: 2,
    last_review: at('2026-01-01T12:00:00-05:00'),
    first_review: at('2025-12-01T12:00:00-05:00'),
    hash: 'h',
    ...over,
  };
}

interface Setup {
  cards: Array<{ deck: string; card: Card }>;
  states?: Array<[string, string, CardState]>;
  settings?: Partial<Settings>;
  filters?: QueueFilters;
  today?: TodayCounts;
}

function queueIds(s: Setup): string[] {
  const states = new Map((s.states ?? []).map(([d, c, st]) => [stateKey(d, c), st] as const));
  return buildQueue({
    cards: s.cards,
    states,
    now: NOW,
    settings: { ...DEFAULT_SETTINGS, ...s.settings },
    filters: s.filters ?? {},
    today: s.today ?? { newIntroduced: 0, reviewsDone: 0 },
  }).map((q) => `${q.deck}/${q.card.id}:${q.kind}`);
}

const deck = (d: string, ...ids: string[]): Array<{ deck: string; card: Card }> => ids.map((id) => ({ deck: d, card: card(id) }));

describe('buildQueue ordering', () => {
  it('puts due reviews first, most overdue first, then new cards in deck order', () => {
    expect(
      queueIds({
        cards: deck('d', 'n1', 'r-today', 'n2', 'r-week', 'r-yesterday'),
        states: [
          ['d', 'r-today', state('2026-01-15T05:00:00-05:00')],
          ['d', 'r-week', state('2026-01-08T05:00:00-05:00')],
          ['d', 'r-yesterday', state('2026-01-14T05:00:00-05:00')],
        ],
      }),
    ).toEqual(['d/r-week:review', 'd/r-yesterday:review', 'd/r-today:review', 'd/n1:new', 'd/n2:new']);
  });

  it('orders reviews due the same day by lowest predicted recall first', () => {
    expect(
      queueIds({
        cards: deck('d', 'strong', 'weak'),
        states: [
          ['d', 'strong', state('2026-01-15T05:00:00-05:00', { stability: 50 })],
          ['d', 'weak', state('2026-01-15T06:00:00-05:00', { stability: 2 })],
        ],
      }),
    ).toEqual(['d/weak:review', 'd/strong:review']);
  });

  it.each([
    ['due later today (before the 04:00 rollover)', '2026-01-16T03:59:00-05:00', true],
    ['due at the next rollover', '2026-01-16T04:00:00-05:00', false],
    ['due tomorrow afternoon', '2026-01-16T15:00:00-05:00', false],
  ])('includes a card %s: %s', (_name, due, included) => {
    const ids = queueIds({ cards: deck('d', 'c'), states: [['d', 'c', state(due)]] });
    expect(ids).toEqual(included ? ['d/c:review'] : []);
  });

  it('leaves leeches out', () => {
    expect(
      queueIds({
        cards: deck('d', 'leech', 'ok'),
        states: [
          ['d', 'leech', state('2026-01-10T05:00:00-05:00', { leech: true, lapses: 8 })],
          ['d', 'ok', state('2026-01-15T05:00:00-05:00')],
        ],
      }),
    ).toEqual(['d/ok:review']);
  });

  it('keeps deck order across several decks for new cards', () => {
    expect(queueIds({ cards: [...deck('b', 'x'), ...deck('a', 'y'), ...deck('b', 'z')] })).toEqual([
      'b/x:new',
      'a/y:new',
      'b/z:new',
    ]);
  });
});

describe('buildQueue limits and filters', () => {
  const cards = deck('d', 'r1', 'r2', 'r3', 'n1', 'n2', 'n3', 'n4');
  const states: Array<[string, string, CardState]> = [
    ['d', 'r1', state('2026-01-12T05:00:00-05:00')],
    ['d', 'r2', state('2026-01-13T05:00:00-05:00')],
    ['d', 'r3', state('2026-01-14T05:00:00-05:00')],
  ];
  const ids = (over: Partial<Setup>): string[] => queueIds({ cards, states, ...over });

  it.each<[string, Partial<Setup>, string[]]>([
    ['new cards within what is left of newPerDay', { settings: { newPerDay: 3 }, today: { newIntroduced: 1, reviewsDone: 0 } }, ['r1', 'r2', 'r3', 'n1', 'n2']],
    ['no new cards once today’s allowance is used', { settings: { newPerDay: 3 }, today: { newIntroduced: 5, reviewsDone: 0 } }, ['r1', 'r2', 'r3']],
    ['reviews within what is left of reviewsPerDay', { settings: { reviewsPerDay: 3, newPerDay: 0 }, today: { newIntroduced: 0, reviewsDone: 1 } }, ['r1', 'r2']],
    ['--new N whatever today’s allowance has left', { settings: { newPerDay: 3 }, today: { newIntroduced: 20, reviewsDone: 0 }, filters: { newOverride: 2 } }, ['r1', 'r2', 'r3', 'n1', 'n2']],
    ['--new 0 introduces no new cards', { filters: { newOverride: 0 } }, ['r1', 'r2', 'r3']],
    ['--limit caps the whole session, reviews first', { filters: { limit: 4 } }, ['r1', 'r2', 'r3', 'n1']],
    ['--limit smaller than the reviews due', { filters: { limit: 2 } }, ['r1', 'r2']],
    ['--limit with --new', { filters: { limit: 5, newOverride: 10 } }, ['r1', 'r2', 'r3', 'n1', 'n2']],
  ])('queues %s', (_name, over, expected) => {
    expect(ids(over).map((s) => s.split('/')[1]!.split(':')[0])).toEqual(expected);
  });

  it.each<[string, Partial<Setup>, { newCards: number; reviews: number }]>([
    ['new cards past today’s allowance', { settings: { newPerDay: 3 }, today: { newIntroduced: 3, reviewsDone: 0 } }, { newCards: 4, reviews: 0 }],
    ['the part of them past what is left', { settings: { newPerDay: 3 }, today: { newIntroduced: 1, reviewsDone: 0 } }, { newCards: 2, reviews: 0 }],
    ['due reviews past reviewsPerDay', { settings: { reviewsPerDay: 3 }, today: { newIntroduced: 0, reviewsDone: 2 } }, { newCards: 0, reviews: 2 }],
    ['nothing for --new N, the student’s own choice', { settings: { newPerDay: 3 }, today: { newIntroduced: 3, reviewsDone: 0 }, filters: { newOverride: 0 } }, { newCards: 0, reviews: 0 }],
  ])('counts as held back %s', (_name, over, expected) => {
    const s = { cards, states, ...over };
    const held = heldBack({
      cards: s.cards,
      states: new Map(s.states.map(([d, c, st]) => [stateKey(d, c), st] as const)),
      now: NOW,
      settings: { ...DEFAULT_SETTINGS, ...s.settings },
      filters: s.filters ?? {},
      today: s.today ?? { newIntroduced: 0, reviewsDone: 0 },
    });
    expect(held).toEqual(expected);
  });

  it('filters by any of the card’s tags', () => {
    const tagged = [
      { deck: 'd', card: card('a', ['net', 'iam']) },
      { deck: 'd', card: card('b', ['storage']) },
      { deck: 'd', card: card('c', ['iam']) },
      { deck: 'd', card: card('e', []) },
    ];
    expect(queueIds({ cards: tagged, filters: { tags: ['iam', 'storage'] } })).toEqual(['d/a:new', 'd/b:new', 'd/c:new']);
  });

  it('filters by deck id', () => {
    expect(
      queueIds({
        cards: [...deck('aws', 'x', 'y'), ...deck('k8s', 'z')],
        states: [['k8s', 'z', state('2026-01-14T05:00:00-05:00')]],
        filters: { decks: ['k8s'] },
      }),
    ).toEqual(['k8s/z:review']);
  });
});

describe('todayCounts', () => {
  it('counts cards introduced and reviewed in the current local study day only', () => {
    const states = [
      state('2026-01-20T04:00:00-05:00', { first_review: at('2026-01-15T09:00:00-05:00'), last_review: at('2026-01-15T09:10:00-05:00') }),
      state('2026-01-20T04:00:00-05:00', { last_review: at('2026-01-15T04:00:00-05:00') }),
      state('2026-01-20T04:00:00-05:00', { last_review: at('2026-01-15T03:59:00-05:00') }), // yesterday's study day
      state('2026-01-20T04:00:00-05:00', { first_review: at('2026-01-15T03:00:00-05:00'), last_review: at('2026-01-15T05:00:00-05:00') }),
    ];
    expect(todayCounts(states, NOW, 4)).toEqual({ newIntroduced: 1, reviewsDone: 2 });
    expect(todayCounts(new Map(states.map((s, i) => [`d/c${i}`, s])), NOW, 4)).toEqual({ newIntroduced: 1, reviewsDone: 2 });
  });
});

describe('nextDue', () => {
  const cards = deck('d', 'a', 'b', 'c', 'new');
  const map = (entries: Array<[string, CardState]>): Map<string, CardState> =>
    new Map(entries.map(([c, s]) => [stateKey('d', c), s]));

  it('is the earliest future due date among non-leech cards', () => {
    const states = map([
      ['a', state('2026-01-20T04:00:00-05:00')],
      ['b', state('2026-01-17T04:00:00-05:00')],
      ['c', state('2026-01-16T04:00:00-05:00', { leech: true })],
    ]);
    expect(nextDue(cards, states, NOW)?.toISOString()).toBe(at('2026-01-17T04:00:00-05:00'));
  });

  it('skips queued cards and reports held-back due cards at the next rollover', () => {
    const states = map([
      ['a', state('2026-01-15T12:10:00-05:00')],
      ['b', state('2026-01-14T04:00:00-05:00')],
      ['c', state('2026-01-20T04:00:00-05:00')],
    ]);
    const queue = [{ deck: 'd', card: cards[0]!.card, state: states.get('d/a')!, kind: 'review' as const }];
    expect(nextDue(cards, states, NOW, { queue })?.toISOString()).toBe(at('2026-01-16T04:00:00-05:00'));
    expect(nextDue(cards, states, NOW)?.toISOString()).toBe(at('2026-01-15T12:10:00-05:00'));
  });

  it('is null when no card has been studied', () => {
    expect(nextDue(cards, new Map(), NOW)).toBeNull();
  });
});

describe('state keys kept by the caller', () => {
  it('give the same queue and next due date as keys made per pass, and are what states are looked up by', () => {
    const cards = deck('d', 'n1', 'r1', 'r2', 'leech', 'later');
    const states = new Map([
      [stateKey('d', 'r1'), state('2026-01-10T05:00:00-05:00')],
      [stateKey('d', 'r2'), state('2026-01-14T05:00:00-05:00')],
      [stateKey('d', 'leech'), state('2026-01-14T05:00:00-05:00', { leech: true })],
      [stateKey('d', 'later'), state('2026-01-19T05:00:00-05:00')],
    ]);
    const input = { states, now: NOW, settings: DEFAULT_SETTINGS, filters: {}, today: { newIntroduced: 0, reviewsDone: 0 } };
    const keyed = cards.map((c) => ({ ...c, key: stateKey(c.deck, c.card.id) }));
    const ids = (q: ReturnType<typeof buildQueue>) => q.map((i) => `${i.card.id}:${i.kind}`);
    expect(ids(buildQueue({ ...input, cards: keyed }))).toEqual(ids(buildQueue({ ...input, cards })));
    expect(ids(buildQueue({ ...input, cards: keyed }))).toEqual(['r1:review', 'r2:review', 'n1:new']);
    expect(nextDue(keyed, states, NOW)).toEqual(nextDue(cards, states, NOW));
    // The kept key is the one used: a card kept under another card's key takes that card's state.
    const swapped = keyed.map((c) => (c.card.id === 'n1' ? { ...c, key: stateKey('d', 'r1') } : c));
    expect(ids(buildQueue({ ...input, cards: swapped }))).toEqual(['n1:review', 'r1:review', 'r2:review']); // a tie: deck order
  });
});

describe('timeLimit: stored timestamps compared as strings where that is exact', () => {
  const limitMs = Date.parse('2026-01-16T09:00:00.000Z');
  const cases = [
    '2026-01-16T09:00:00.000Z', // at the limit
    '2026-01-16T08:59:59.999Z',
    '2026-01-16T09:00:00.001Z',
    '2025-12-31T23:59:59.999Z',
    '2026-01-16T09:00:00Z', // no milliseconds: parsed
    '2026-01-16T08:59:59Z',
    '2026-01-16T10:00:00+01:00', // another zone, the same instant: parsed
    '2026-01-16T09:30:00+01:00',
    '+010000-01-01T00:00:00.000Z', // beyond year 9999: parsed
    '0999-01-01T00:00:00.000Z',
    '2026-01-16 08:59:59.999Z', // a space for the T: parsed
    '2026/01/16T09:00:00.001Z', // not ISO at all: parsed (NaN), never compared as text
  ];
  it.each(cases)('orders %s against the limit as Date.parse does', (iso) => {
    expect(timeLimit(limitMs)(iso)).toEqual(Math.sign(Date.parse(iso) - limitMs));
  });

  it('counts a state stored without milliseconds as due before the rollover, and one at the rollover as not due', () => {
    const rollover = at('2026-01-16T04:00:00-05:00'); // the next rollover after NOW
    expect(rollover).toMatch(/\.000Z$/);
    const ids = queueIds({
      cards: deck('d', 'short', 'at'),
      states: [
        ['d', 'short', { ...state('2026-01-10T05:00:00-05:00'), due: rollover.replace('09:00:00.000Z', '08:59:59Z') }],
        ['d', 'at', { ...state('2026-01-10T05:00:00-05:00'), due: rollover }],
      ],
    });
    expect(ids).toEqual(['d/short:review']);
    const today = todayCounts(
      [
        { ...state('2026-01-20T05:00:00-05:00'), first_review: at('2026-01-15T05:00:00-05:00').replace('.000Z', 'Z') },
        { ...state('2026-01-20T05:00:00-05:00'), last_review: at('2026-01-15T03:59:59-05:00').replace('.000Z', 'Z') },
        { ...state('2026-01-20T05:00:00-05:00'), last_review: at('2026-01-15T04:00:00-05:00') },
      ],
      NOW,
      4,
    );
    expect(today).toEqual({ newIntroduced: 1, reviewsDone: 1 });
  });
});

describe('the day\'s reviews: only the overdue groups that reach into the day are sorted', () => {
  it('gives the same reviews in the same order as sorting every due card (seeded, 300 stores)', () => {
    const rand = rng(0x9e1e5);
    const settings = { ...DEFAULT_SETTINGS };
    const sched = makeScheduler(settings);
    const recall = retrievabilityAt(sched, NOW);
    const daysBefore = studyDaysBefore(NOW, settings.rolloverHour);
    for (let n = 0; n < 300; n++) {
      const count = 1 + Math.floor(rand() * 120);
      const cards = deck('d', ...Array.from({ length: count }, (_, i) => `c${i}`));
      const states = new Map<string, CardState>();
      for (const [i, c] of cards.entries()) {
        if (rand() < 0.15) continue; // new
        // due within the last ~10 days (many share a day), some later; stabilities vary (recall ties broken by order)
        const dueMs = NOW.getTime() - Math.floor(rand() * 10) * 86_400_000 + (rand() < 0.2 ? 5 * 86_400_000 : -Math.floor(rand() * 3) * 3_600_000);
        const stability = rand() < 0.3 ? 10 : 1 + Math.floor(rand() * 50);
        states.set(stateKey('d', c.card.id), state(new Date(dueMs).toISOString(), { stability, leech: i % 17 === 5 }));
      }
      const reviewsPerDay = Math.floor(rand() * 40);
      const input = { cards, states, now: NOW, settings: { ...settings, reviewsPerDay, newPerDay: 0 }, filters: {}, today: { newIntroduced: 0, reviewsDone: Math.floor(rand() * 5) } };
      const room = Math.max(0, reviewsPerDay - input.today.reviewsDone);
      const rollover = Date.parse(at('2026-01-16T04:00:00-05:00'));
      const expected = cards
        .map((c, order) => ({ c, order, s: states.get(stateKey('d', c.card.id)) }))
        .filter((x) => x.s !== undefined && x.s.leech !== true && Date.parse(x.s.due) < rollover)
        .map((x) => ({ id: x.c.card.id, d: daysBefore(Date.parse(x.s!.due)), r: recall(x.s!), order: x.order }))
        .sort((a, b) => b.d - a.d || a.r - b.r || a.order - b.order);
      expect(buildQueue(input).map((q) => q.card.id), `store ${n}`).toEqual(expected.slice(0, room).map((x) => x.id));
      expect(heldBack(input).reviews, `store ${n}`).toBe(Math.max(0, expected.length - room));
    }
  });
});

describe('nextDue with timestamps in other spellings', () => {
  it('takes the earliest whatever the spelling, and a due card held back at the rollover', () => {
    const cards = deck('d', 'a', 'b', 'c');
    const due = (iso: string) => ({ ...state('2026-01-20T04:00:00-05:00'), due: iso });
    const states = (a: string, b: string) => new Map([[stateKey('d', 'a'), due(a)], [stateKey('d', 'b'), due(b)]]);
    // the one without milliseconds is earlier
    expect(nextDue(cards, states('2026-01-17T10:00:00.000Z', '2026-01-17T09:00:00Z'), NOW)?.toISOString()).toBe('2026-01-17T09:00:00.000Z');
    expect(nextDue(cards, states('2026-01-17T08:00:00.000Z', '2026-01-17T09:00:00Z'), NOW)?.toISOString()).toBe('2026-01-17T08:00:00.000Z');
    // another zone's spelling of an instant before the canonical one
    expect(nextDue(cards, states('2026-01-17T10:00:00.000Z', '2026-01-17T09:30:00+01:00'), NOW)?.toISOString()).toBe('2026-01-17T08:30:00.000Z');
    // already due (either spelling): the next rollover, unless something is due before it
    expect(nextDue(cards, states('2026-01-15T12:00:00Z', '2026-01-20T10:00:00.000Z'), NOW)?.toISOString()).toBe(at('2026-01-16T04:00:00-05:00'));
    expect(nextDue(cards, states('2026-01-10T12:00:00.000Z', '2026-01-15T20:00:00.000Z'), NOW)?.toISOString()).toBe('2026-01-15T20:00:00.000Z');
  });
});
