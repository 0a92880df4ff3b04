import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card, CardHead } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, stateKey, type CardState, type Settings } from '../../src/core/progress.js';
import { rng } from '../../src/core/random.js';
import { makeScheduler, nextRollover, studyDayStart } from '../../src/core/schedule.js';
import { buildQueue, todayCounts, type QueueFilters } from '../../src/core/queue.js';
import { queueOfRows, rowInLearning, rowsOf, rowsWithTags, tagColumns, todayCountsOfRows } from '../../src/core/queue-rows.js';

// The rollover is local: each zone below is set for its part of the file.
const savedTZ = process.env.TZ;
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

const DAY = 86_400_000;
const hashOf = (c: CardHead) => c.hash ?? 'h';

function card(id: string, tags: string[]): Card {
  return { type: 'basic', id, tags, front: id, back: id, pos: { line: 1, col: 1 }, hash: 'h' } as Card;
}

/** An instant as the store may spell it: mostly toISOString(), sometimes another valid spelling. */
function spell(ms: number, rand: () => number): string {
  const iso = new Date(ms).toISOString();
  const p = rand();
  if (p < 0.8) return iso;
  if (p < 0.9) return `${iso.slice(0, 19)}Z`; // no milliseconds
  return `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 23)}+02:00`; // the same instant, another zone
}

/** A random store around `now`: new cards, due and not due reviews, learning, leeches, today's answers. */
function randomStore(rand: () => number, now: number, edges: number[]) {
  const decks = ['d', 'e'];
  const tagsPool = ['x', 'y', 'z'];
  const cards: Array<{ deck: string; card: Card; key: string }> = [];
  const states = new Map<string, CardState>();
  const count = 1 + Math.floor(rand() * 150);
  for (let i = 0; i < count; i++) {
    const deck = decks[Math.floor(rand() * decks.length)]!;
    const tags = tagsPool.filter(() => rand() < 0.3);
    const c = card(`c${i}`, tags);
    cards.push({ deck, card: c, key: stateKey(deck, c.id) });
  }
  const stateOf = (): CardState => {
    // whole seconds or ms; many on the same study day, some straddling the rollover
    // now and then exactly on a day boundary (or now): the comparisons' edges
    const ms = (x: number) => (rand() < 0.1 ? edges[Math.floor(rand() * edges.length)]! : rand() < 0.5 ? Math.round(x / 1000) * 1000 : Math.round(x));
    const due = ms(now + (rand() * 14 - 10) * DAY + (rand() < 0.3 ? (rand() - 0.5) * 8 * 3_600_000 : 0));
    const fsrsState = Math.floor(rand() * 4) as 0 | 1 | 2 | 3;
    const last = fsrsState === 0 && rand() < 0.5 ? undefined : ms(Math.min(due, now + (rand() < 0.1 ? DAY : 0)) - rand() * 30 * DAY);
    const first = last === undefined || rand() < 0.1 ? undefined : ms(last - rand() * 60 * DAY * (rand() < 0.3 ? 0 : 1));
    const s: CardState = {
      due: spell(due, rand),
      stability: rand() < 0.3 ? 10 : 0.1 + rand() * 50,
      difficulty: 5,
      elapsed_days: 0,
      scheduled_days: 1,
      learning_steps: 0,
      reps: 3,
      lapses: 0,
      state: fsrsState,
      hash: 'h',
    };
    if (last !== undefined) s.last_review = spell(last, rand);
    if (first !== undefined) s.first_review = spell(first, rand);
    if (rand() < 0.05) s.leech = true;
    if (rand() < 0.03) s.leech = false;
    return s;
  };
  for (const c of cards) if (rand() < 0.75) states.set(c.key, stateOf());
  // states of cards no longer in these decks count toward today's limits
  for (let i = 0; i < Math.floor(rand() * 20); i++) states.set(`gone/g${i}`, stateOf());
  return { cards, states };
}

function randomSettings(rand: () => number): Settings {
  return {
    ...DEFAULT_SETTINGS,
    newPerDay: Math.floor(rand() * 30),
    reviewsPerDay: Math.floor(rand() * 80),
    rolloverHour: Math.floor(rand() * 24),
    retention: 0.8 + rand() * 0.15,
  };
}

function randomFilters(rand: () => number): Omit<QueueFilters, 'exam'> {
  const f: Omit<QueueFilters, 'exam'> = {};
  if (rand() < 0.3) f.tags = ['x', 'y', 'z'].filter(() => rand() < 0.5);
  if (rand() < 0.2) f.limit = Math.floor(rand() * 40) - 2;
  if (rand() < 0.2) f.newOverride = Math.floor(rand() * 10) - 1;
  return f;
}

describe('the queue from the study index (rows) is the queue from the store', () => {
  for (const tz of ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham']) {
    it(`picks the same cards in the same order as buildQueue over seeded random stores (${tz})`, () => {
      process.env.TZ = tz;
      const rand = rng(0x5eed + tz.length);
      for (let n = 0; n < 250; n++) {
        // across DST changes and year ends
        const now = new Date(Date.UTC(2026, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24), Math.floor(rand() * 60), Math.floor(rand() * 60), Math.floor(rand() * 1000)));
        const settings = randomSettings(rand);
        const h = settings.rolloverHour;
        const { cards, states } = randomStore(rand, now.getTime(), [studyDayStart(now, h).getTime(), nextRollover(now, h).getTime(), now.getTime(), studyDayStart(new Date(now.getTime() - 86_400_000), h).getTime()]);
        const filters = randomFilters(rand);
        const sched = makeScheduler(settings);
        const today = todayCounts(states, now, settings.rolloverHour);
        const rows = rowsOf(cards, states, hashOf);
        expect(rows, `store ${n}`).toBeDefined();
        expect(todayCountsOfRows(rows!, now, settings.rolloverHour), `store ${n}`).toEqual(today);
        const full = buildQueue({ cards, states, now, settings, scheduler: sched, filters, today });
        const wanted = rowsWithTags(tagColumns(cards), filters.tags);
        const fast = queueOfRows({ rows: rows!, wanted, now, settings, scheduler: sched, filters, today: todayCountsOfRows(rows!, now, settings.rolloverHour) });
        const show = (q: Array<{ deck: string; card: CardHead; kind: string }>) => q.map((x) => `${x.kind} ${stateKey(x.deck, x.card.id)}`);
        expect(show(fast.map((q) => ({ ...cards[q.row]!, kind: q.kind }))), `store ${n}`).toEqual(show(full));
        for (const q of fast) {
          const st = states.get(cards[q.row]!.key)?.state;
          expect(rowInLearning(rows!, q.row), `store ${n}`).toBe(st === 1 || st === 3);
        }
      }
    });
  }

  it('numbers the tags in the order the cards first carry them, and lets through the rows carrying any wanted tag', () => {
    const cards = [card('a', ['y', 'x']), card('b', []), card('c', ['x', 'z']), card('d', ['Y'])].map((c) => ({ card: c }));
    const cols = tagColumns(cards);
    expect(cols.tags).toEqual(['y', 'x', 'z', 'Y']);
    expect([...cols.start]).toEqual([0, 2, 2, 4, 5]);
    expect([...cols.ids]).toEqual([0, 1, 1, 2, 3]);
    expect(cols.tags).toEqual([...new Set(cards.flatMap((c) => c.card.tags))]); // matchTags reads that order
    const rowsOfTags = (tags: string[] | undefined) => {
      const f = rowsWithTags(cols, tags);
      return f === undefined ? 'all' : [0, 1, 2, 3].filter(f);
    };
    expect(rowsOfTags(undefined)).toBe('all');
    expect(rowsOfTags([])).toBe('all');
    expect(rowsOfTags(['x'])).toEqual([0, 2]);
    expect(rowsOfTags(['z', 'Y'])).toEqual([2, 3]);
    expect(rowsOfTags(['nothing'])).toEqual([]);
  });

  it('makes no rows when the queue could not be worked out from them', () => {
    const cards = [{ deck: 'd', card: card('a', []) }, { deck: 'd', card: card('b', []) }];
    const good = (): CardState => ({ due: '2026-01-01T00:00:00.000Z', stability: 3, difficulty: 5, elapsed_days: 0, scheduled_days: 1, learning_steps: 0, reps: 1, lapses: 0, state: 2, hash: 'h' });
    expect(rowsOf(cards, new Map([['d/a', good()]]), hashOf)).toBeDefined();
    // the card's answer changed: opening the store resets it
    expect(rowsOf(cards, new Map([['d/a', { ...good(), hash: 'other' }]]), hashOf)).toBeUndefined();
    // a key twice
    expect(rowsOf([...cards, cards[0]!], new Map(), hashOf)).toBeUndefined();
    // a time that is not one
    expect(rowsOf(cards, new Map([['d/a', { ...good(), last_review: 'soon' }]]), hashOf)).toBeUndefined();
    expect(rowsOf(cards, new Map([['x/y', { ...good(), first_review: 'soon' }]]), hashOf)).toBeUndefined();
  });
});

beforeAll(() => {
  process.env.TZ = 'UTC';
});
