import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Named import: the default export types as the module namespace under NodeNext.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Deck } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, type CardState, type JournalEntry, type ReviewEntry } from '../../src/core/progress.js';
import { computeStats, type Stats, type StatsInput } from '../../src/core/stats.js';
import { plainStyle, renderStats, sparkline, type TextStyle } from '../../src/core/stats-text.js';
import { Store } from '../../src/adapters/store.js';
import type { Io } from '../../src/io.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs/stats.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

// Berlin is UTC+2 in June; the study day rolls over at 04:00 local (02:00Z).
const savedTZ = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin'; // Node re-reads TZ on assignment
});
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

const NOW = new Date('2025-06-11T08:00:00Z'); // 10:00 local, study day 2025-06-11
const pos = { line: 1, col: 1 };
const geo: Deck = {
  id: 'geo',
  title: 'Geography',
  tags: ['geo'],
  source: 'geo.yaml',
  cards: [
    { id: 'capital', type: 'choice', tags: ['geo', 'europe'], pos, prompt: 'Capital of France?', choices: [{ text: 'Lyon', correct: false }, { text: 'Paris', correct: true }, { text: 'Nice', correct: false }] },
    { id: 'perm', type: 'multi', tags: ['geo', 'iam'], pos, prompt: 'Pick two', choices: [{ text: 'r', correct: true }, { text: 'w', correct: true }, { text: 'x', correct: false }] },
    { id: 'flat', type: 'basic', tags: ['geo', 'trivia'], pos, front: 'Is it flat?', back: 'No' },
    { id: 'river', type: 'truefalse', tags: ['geo'], pos, statement: 'The Rhine is long', answer: true },
    { id: 'new1', type: 'typed', tags: ['geo'], pos, prompt: 'P', answer: 'a', accept: [] },
    { id: 'leechy', type: 'basic', tags: ['geo', 'trivia'], pos, front: 'F', back: 'B' },
  ],
};

function st(over: Partial<CardState>): CardState {
  return { due: '2025-07-01T02:00:00.000Z', stability: 10, difficulty: 5, elapsed_days: 0, scheduled_days: 5, learning_steps: 0, reps: 3, lapses: 0, state: 2, last_review: '2025-06-01T10:00:00.000Z', hash: 'h', ...over };
}

const states = new Map<string, CardState>([
  ['geo/capital', st({ due: '2025-06-10T02:00:00.000Z', difficulty: 9 })], // overdue
  ['geo/perm', st({ due: '2025-06-11T12:00:00.000Z', difficulty: 8 })], // today
  ['geo/flat', st({ due: '2025-06-12T03:00:00.000Z', state: 1 })], // 05:00 local on the 12th: tomorrow
  ['geo/river', st({ due: '2025-06-12T01:00:00.000Z', state: 3 })], // 03:00 local on the 12th: still today
  ['geo/leechy', st({ due: '2025-06-01T02:00:00.000Z', leech: true, lapses: 8 })],
  ['geo/gone', st({ due: '2025-06-01T02:00:00.000Z' })], // removed from the deck: not counted
  ['old/a', st({ due: '2025-06-20T02:00:00.000Z', difficulty: 7 })], // deck known only to the store
]);

let seq = 0;
type RevOpts = { kind?: 'study' | 'quiz'; correct?: boolean | null; rating?: ReviewEntry['rating']; prev?: 0 | 1 | 2 | 3 | null; given?: unknown; id?: string; deck?: string; ms?: number; session?: string };
function rev(card: string, at: string, o: RevOpts = {}): ReviewEntry {
  const correct = o.correct === undefined ? true : o.correct;
  const prevState = o.prev === undefined ? 2 : o.prev;
  return {
    op: 'review',
    id: o.id ?? `s${seq}-${++seq}`,
    at: new Date(at).toISOString(),
    ...(o.session !== undefined ? { session: o.session } : {}),
    deck: o.deck ?? 'geo',
    card,
    kind: o.kind ?? 'study',
    rating: o.rating ?? (correct === false ? 'again' : 'good'),
    correct,
    ms: o.ms ?? 1000,
    ...(o.given !== undefined ? { given: o.given } : {}),
    ...(prevState === null || prevState === 0 ? {} : { before: prevState }),
    state: st({}),
  };
}

const journal: JournalEntry[] = [
  rev('capital', '2025-04-01T10:00Z', { correct: false, given: 'Lyon' }),
  ...[20, 21, 22, 23, 24].map((d) => rev('capital', `2025-05-${d}T10:00Z`)),
  rev('capital', '2025-06-01T10:00Z', { kind: 'quiz', id: 'qA-1' }),
  rev('perm', '2025-06-01T10:01Z', { kind: 'quiz', id: 'qA-2', correct: false, given: ['x'] }),
  rev('capital', '2025-06-08T10:00Z'),
  rev('perm', '2025-06-09T10:00Z', { correct: false, given: ['r', 'x'] }),
  rev('river', '2025-06-09T10:05Z', { correct: false, prev: 1, given: false }),
  // One quiz whose entry ids come from different milliseconds: the session id holds it together.
  rev('capital', '2025-06-09T12:00Z', { kind: 'quiz', id: 'mbq1-aa', session: 'quiz-xyz' }),
  rev('perm', '2025-06-09T12:01Z', { kind: 'quiz', id: 'mbq2-bb', session: 'quiz-xyz' }),
  rev('river', '2025-06-09T12:02Z', { kind: 'quiz', id: 'mbq3-cc', session: 'quiz-xyz' }),
  rev('a', '2025-06-09T13:00Z', { deck: 'old' }),
  rev('capital', '2025-06-10T10:00Z', { correct: false, given: 'Nice', id: 'undone-1', ms: 99_999 }),
  { op: 'undo', id: 'u-1', at: '2025-06-10T10:00:05.000Z', deck: 'geo', card: 'capital', ref: 'undone-1', state: st({}) },
  // 01:30 local on the 11th: before the 04:00 rollover, so it belongs to study day 2025-06-10.
  rev('flat', '2025-06-10T23:30Z', { correct: null, rating: 'hard' }),
  rev('capital', '2025-06-11T07:00Z', { correct: false, given: 'Lyon' }),
  rev('leechy', '2025-06-11T07:10Z', { correct: null, rating: 'again', prev: 3 }),
];

const input = (over: Partial<StatsInput> = {}): StatsInput => ({
  decks: [geo],
  deckIds: ['geo', 'old'],
  states,
  entries: journal,
  now: NOW,
  settings: DEFAULT_SETTINGS,
  retrievability: (s) => s.difficulty / 10,
  ...over,
});

/** Every number in a value is finite (JSON.stringify would hide a NaN as null). */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

describe('computeStats from a journal fixture', () => {
  let s: Stats;
  beforeAll(() => {
    s = computeStats(input());
  });

  it('counts cards per deck and overall, leeches as suspended, removed cards not at all', () => {
    expect(s.decks.map((d) => [d.id, d.title, d.cards])).toEqual([
      ['geo', 'Geography', { total: 6, new: 1, learning: 2, review: 2, suspended: 1 }],
      ['old', null, { total: 1, new: 0, learning: 0, review: 1, suspended: 0 }],
    ]);
    expect(s.cards).toEqual({ total: 7, new: 1, learning: 2, review: 3, suspended: 1 });
  });

  it('buckets due cards by local study day, with the rollover hour', () => {
    expect(s.studyDay).toBe('2025-06-11');
    expect({ overdue: s.due.overdue, today: s.due.today, tomorrow: s.due.tomorrow }).toEqual({ overdue: 1, today: 2, tomorrow: 1 });
    expect(s.due.forecast).toHaveLength(30);
    expect(s.due.forecast[0]).toEqual({ date: '2025-06-11', count: 3 });
    expect(s.due.forecast[1]).toEqual({ date: '2025-06-12', count: 1 });
    expect(s.due.forecast[9]).toEqual({ date: '2025-06-20', count: 1 });
    expect(s.due.forecast.reduce((n, d) => n + d.count, 0)).toBe(5);
    expect(s.due.forecast[29]!.date).toBe('2025-07-10');
  });

  it('measures true retention over review-state study answers, ignoring learning, quiz and undone ones', () => {
    expect(s.retentionReviews).toEqual({ last7: 5, last30: 10 });
    expect(s.retention.last7).toBeCloseTo(3 / 5);
    expect(s.retention.last30).toBeCloseTo(8 / 10);
  });

  it('averages predicted recall over cards in review, leeches left out', () => {
    expect(s.retention.predicted).toBeCloseTo((0.9 + 0.8 + 0.7) / 3);
    expect(s.desiredRetention).toBe(0.9);
  });

  it('uses the FSRS forgetting curve by default', () => {
    const p = computeStats(input({ retrievability: undefined })).retention.predicted;
    expect(p).not.toBeNull();
    expect(p!).toBeGreaterThan(0.5);
    expect(p!).toBeLessThan(1);
  });

  it('counts reviews and time, leaving out the undone answer', () => {
    expect(s.reviews).toEqual({ total: 18, today: 2 });
    expect(s.timeSpentMs).toBe(18_000);
    expect(s.decks.map((d) => d.reviews)).toEqual([17, 1]);
  });

  it('follows the rollover for streaks: a review at 01:30 keeps the previous day alive', () => {
    expect(s.streak).toEqual({ current: 4, longest: 5 });
  });

  it('lays out reviews per study day for the last 84 days', () => {
    expect(s.activity).toHaveLength(84);
    expect(s.activity[0]!.date).toBe('2025-03-20');
    const by = new Map(s.activity.map((d) => [d.date, d.count]));
    expect([by.get('2025-04-01'), by.get('2025-06-09'), by.get('2025-06-10'), by.get('2025-06-11')]).toEqual([1, 6, 1, 2]);
  });

  it('ranks every tag with answers by accuracy over study and quiz answers, lowest first', () => {
    expect(s.weakest.map((t) => [t.tag, t.correct, t.total])).toEqual([
      ['iam', 1, 3],
      ['trivia', 1, 2],
      ['geo', 11, 17],
      ['europe', 8, 10],
    ]); // tags come from the deck files: the store-only deck 'old' has none
    expect(s.weakest[0]!.accuracy).toBeCloseTo(1 / 3);
  });

  it('lists leeches', () => {
    expect(s.leeches).toEqual([{ deck: 'geo', id: 'leechy', lapses: 8, tags: ['geo', 'trivia'] }]);
  });

  it('finds the wrong option picked most often per card, not counting undone answers', () => {
    expect(s.confusions).toEqual([
      { deck: 'geo', id: 'capital', picked: 'Lyon', right: 'Paris', count: 2 },
      { deck: 'geo', id: 'perm', picked: 'x', right: 'r + w', count: 2 },
    ]);
  });

  it('groups quiz answers into sessions by session id (adjacent answers in old journals), with a trend', () => {
    expect(s.quizzes).toEqual([
      {
        deck: 'geo',
        sessions: [
          { session: 'qA-1', at: '2025-06-01T10:00:00.000Z', correct: 1, total: 2, score: 0.5 },
          { session: 'quiz-xyz', at: '2025-06-09T12:00:00.000Z', correct: 3, total: 3, score: 1 },
        ],
        last: 1,
        trend: 'up',
      },
    ]);
  });

  it('produces JSON that matches docs/stats.schema.json', () => {
    const json = JSON.parse(JSON.stringify(s));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(allFinite(s)).toBe(true);
  });

  it('renders the text report for 80 columns, readable without colour', () => {
    const text = renderStats(s, plainStyle);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toMatchSnapshot();
  });

  it.each([40, 50, 60, 70])('fits the text report in %i columns, long names cut with one …', (width) => {
    const long = 'a-deck-id-far-longer-than-any-column-should-hold-in-full';
    const wide: typeof s = {
      ...s,
      decks: s.decks.map((d) => ({ ...d, id: `${d.id}-${long}` })),
      leeches: s.leeches.map((l) => ({ ...l, id: `${l.id}-${long}` })),
      confusions: s.confusions.map((c) => ({ ...c, picked: `${c.picked} ${long} ${long}`, right: `${c.right} ${long}` })),
      quizzes: s.quizzes.map((q) => ({ ...q, deck: `${q.deck}-${long}` })),
      retention: { ...s.retention, predicted: 0.95 },
      due: { ...s.due, forecast: s.due.forecast.map((d, i) => ({ ...d, count: 1000 + i })) },
      // A big store's figures: thousands separators widen every column.
      cards: { total: 10_000, new: 1_234, learning: 1_453, review: 8_547, suspended: 12 },
      weakest: s.weakest.map((t) => ({ ...t, tag: `${t.tag}-${long}`, correct: 3_967, total: 4_544 })),
      retentionReviews: { last7: 553, last30: 2_892 },
      reviews: { total: 100_000, today: 17 },
      timeSpentMs: 1_396_680_000,
      streak: { current: 731, longest: 731 },
    };
    const text = renderStats(wide, plainStyle, width);
    const over = text.split('\n').filter((line) => line.length > width);
    expect(over, `lines over ${width} columns`).toEqual([]);
    expect(text).toContain('…');
    expect(text).not.toContain('...');
    // the forecast keeps every day, one column each
    expect(text).toMatch(/┤█+/);
    // the target goes under the figure where the line would be too long
    expect(text).toMatch(width < 66 ? /predicted recall now +95\.0%\n +desired 90%/ : /predicted recall now +95\.0% +desired 90%/);
  });
});

describe('stats text in a narrow terminal', () => {
  it.each([40, 50])('keeps the reason for a missing retention figure and its note inside %i columns', (width) => {
    const entries = Array.from({ length: 45 }, (_, i) => rev('capital', new Date(Date.UTC(2025, 5, 10, 10, i)).toISOString(), { prev: i === 0 ? null : 1 }));
    const text = renderStats(computeStats(input({ entries })), plainStyle, width);
    expect(text.split('\n').filter((line) => line.length > width)).toEqual([]);
    const retention = text.slice(text.indexOf('Retention'), text.indexOf('Activity'));
    // every line of the section is indented: a wrapped reason or note never starts at column 0 or 1
    expect(retention.split('\n').slice(1).filter((l) => l !== '' && !/^ {2}/.test(l))).toEqual([]);
    expect(retention.replace(/\s+/g, ' ')).toContain('7 days — no answers to cards in review');
    expect(retention.replace(/\s+/g, ' ')).toContain('(it counts study answers to cards past their learning steps)');
  });

  it('cuts tags after the bar has shrunk, so two tags with one prefix stay apart at 40 columns', () => {
    const weakest = ['credential-hygiene', 'credentials'].map((tag) => ({ tag, correct: 1, total: 2, accuracy: 0.5 }));
    const text = renderStats({ ...computeStats(input({ entries: [] })), weakest }, plainStyle, 40);
    const rows = text.split('\n').filter((l) => /^ {2}credential/.test(l));
    expect(rows.map((l) => l.split(' ')[2])).toEqual(['credential-hygi…', 'credentials']);
    // the bar gave way first: down to its 5 columns
    expect(rows.every((l) => l.length <= 40 && / [█░]{5} +50%/.test(l))).toBe(true);
  });
});

describe('a deck whose file is not loaded', () => {
  it('is marked not loaded, counted from its cards with progress', () => {
    const s = computeStats(input());
    expect(s.decks.map((d) => [d.id, d.loaded])).toEqual([['geo', true], ['old', false]]);
  });

  it('shows its total and new as unknown, not as 0 cards, and says how to count it', () => {
    // Answered only right in a quiz: no card state, so a count of its cards with progress is 0.
    const quizOnly = [rev('q1', '2025-06-09T13:00Z', { deck: 'quizzed', kind: 'quiz' }), rev('q2', '2025-06-09T13:01Z', { deck: 'quizzed', kind: 'quiz' })];
    const s = computeStats(input({ decks: [], deckIds: ['quizzed'], states: new Map(), entries: quizOnly }));
    expect(s.decks[0]).toMatchObject({ id: 'quizzed', loaded: false, reviews: 2, cards: { total: 0 } });
    const text = renderStats(s, plainStyle, 80);
    expect(text).toMatch(/^ {2}quizzed +— +— +0 +0 +0 +0$/m);
    expect(text).not.toMatch(/^ {2}quizzed +0 /m);
    expect(text.replace(/\s+/g, ' ')).toContain('— deck file not loaded: quizzed (0 cards with progress, 2 reviews). Its total and new cards are unknown. Name the deck file to count every card: recall stats FILE.yaml');
  });

  it('keeps the note inside a 40-column terminal, its later lines indented', () => {
    const text = renderStats(computeStats(input()), plainStyle, 40);
    const note = text.slice(text.indexOf('— deck file not loaded'), text.indexOf('\n\n', text.indexOf('— deck file not loaded')));
    expect(note.split('\n').length).toBeGreaterThan(1);
    expect(note.split('\n').slice(1).every((l) => /^ {4}\S/.test(l) && l.length <= 40)).toBe(true);
  });
});

describe('retention figures', () => {
  it('round down, so a figure just under the target never reads as on it', () => {
    const s = { ...computeStats(input()), retention: { last7: 0.9996, last30: 0.57, predicted: 0.8996 }, desiredRetention: 0.9 };
    const text = renderStats(s, plainStyle, 80);
    expect(text).toMatch(/true retention, last 7 days +99\.9% /);
    expect(text).toMatch(/true retention, last 30 days +57\.0% /);
    expect(text).toMatch(/predicted recall now +89\.9% +desired 90% \(below target\)/);
  });
});

describe('weak spots accuracy', () => {
  it('rounds down: 199 of 200 right shows 99%, not 100%', () => {
    const weakest = [{ tag: 'iam', correct: 199, total: 200, accuracy: 199 / 200 }];
    const text = renderStats({ ...computeStats(input({ entries: [] })), weakest }, plainStyle, 80);
    expect(text).toMatch(/ iam +[█░]+ +99% +199\/200/);
  });
});

describe('computeStats edge cases', () => {
  it('gives zeros and nulls for an empty store, without crashing', () => {
    const s = computeStats({ decks: [], states: new Map(), entries: [], now: NOW, settings: DEFAULT_SETTINGS });
    expect(s.cards).toEqual({ total: 0, new: 0, learning: 0, review: 0, suspended: 0 });
    expect(s.reviews).toEqual({ total: 0, today: 0 });
    expect(s.retention).toEqual({ last7: null, last30: null, predicted: null });
    expect(s.streak).toEqual({ current: 0, longest: 0 });
    expect(s.due.forecast.every((d) => d.count === 0)).toBe(true);
    expect([s.weakest, s.leeches, s.confusions, s.quizzes, s.decks]).toEqual([[], [], [], [], []]);
    expect(validate(JSON.parse(JSON.stringify(s))), JSON.stringify(validate.errors)).toBe(true);
    expect(allFinite(s)).toBe(true);
    expect(renderStats(s)).toContain('no answers yet');
  });

  it('says plainly why there is no true retention after a session of new cards', () => {
    const entries = Array.from({ length: 45 }, (_, i) => rev('capital', new Date(Date.UTC(2025, 5, 10, 10, i)).toISOString(), { prev: i === 0 ? null : 1 }));
    const s = computeStats(input({ entries }));
    expect(s.retention).toMatchObject({ last7: null, last30: null });
    const text = renderStats(s);
    expect(text).not.toContain('no reviews yet');
    expect(text).toContain('true retention, last 7 days   —  no answers to cards in review\n');
    expect(text).toContain('true retention, last 30 days  —  no answers to cards in review\n  (it counts study answers to cards past their learning steps)\n');
    // with review-state answers in the month but none this week, the week says none, with no note
    const older = computeStats(input({ entries: [...entries, rev('river', '2025-06-01T10:00Z')] }));
    const t = renderStats(older);
    expect(t).toContain('true retention, last 7 days   —  no answers to cards in review\n');
    expect(t).not.toContain('past their learning steps');
  });

  it('counts a fresh deck as all new, with nothing due', () => {
    const s = computeStats({ decks: [geo], states: new Map(), entries: [], now: NOW, settings: DEFAULT_SETTINGS });
    expect(s.cards).toEqual({ total: 6, new: 6, learning: 0, review: 0, suspended: 0 });
    expect(s.due.overdue + s.due.today + s.due.tomorrow).toBe(0);
  });

  it('keeps the current streak alive from yesterday while today has no review yet', () => {
    const entries = [rev('capital', '2025-06-09T10:00Z'), rev('capital', '2025-06-10T10:00Z')];
    expect(computeStats(input({ entries })).streak).toEqual({ current: 2, longest: 2 });
    const gap = [rev('capital', '2025-06-08T10:00Z'), rev('capital', '2025-06-09T10:00Z')];
    expect(computeStats(input({ entries: gap })).streak).toEqual({ current: 0, longest: 2 });
  });

  it('drops answers before a reset from weak spots and confusions, but keeps them as activity', () => {
    const entries: JournalEntry[] = [
      rev('capital', '2025-06-08T10:00Z', { correct: false, given: 'Lyon' }),
      rev('capital', '2025-06-08T11:00Z', { kind: 'quiz', id: 'old-quiz-1' }),
      { op: 'reset', id: 'r-1', at: '2025-06-09T10:00:00.000Z', deck: 'geo', card: 'capital', reason: 'answer-changed' },
      rev('capital', '2025-06-10T10:00Z'),
    ];
    const s = computeStats(input({ entries }));
    expect(s.weakest.find((t) => t.tag === 'europe')).toMatchObject({ correct: 1, total: 1 });
    expect(s.confusions).toEqual([]);
    expect(s.quizzes).toHaveLength(1); // a card reset leaves past quiz scores alone
    expect(s.reviews.total).toBe(3);

    const deckReset: JournalEntry = { op: 'reset', id: 'r-2', at: '2025-06-09T10:00:00.000Z', deck: 'geo', reason: 'user' };
    const t = computeStats(input({ entries: [entries[0]!, entries[1]!, deckReset] }));
    expect([t.quizzes, t.weakest, t.reviews.total]).toEqual([[], [], 2]);
  });

  it('reports a deck from its stored states when no deck file is loaded', () => {
    const s = computeStats({ decks: [], states, entries: journal, now: NOW, settings: DEFAULT_SETTINGS, retrievability: () => 0.5 });
    expect(s.decks.map((d) => [d.id, d.cards.total])).toEqual([
      ['geo', 6],
      ['old', 1],
    ]);
    expect(s.confusions).toEqual([]); // option texts need the deck file
  });

  it('neutralises deck text and applies the style only as decoration', () => {
    const evil: Deck = { ...geo, cards: geo.cards.map((c) => (c.id === 'capital' ? { ...c, tags: ['evil\u001b[31m'] } : c)) };
    const tagged = computeStats({ ...input({ entries: [rev('capital', '2025-06-10T10:00Z')] }), decks: [evil] });
    const marked: TextStyle = { bold: (x) => `<b>${x}</b>`, dim: (x) => `<d>${x}</d>`, green: (x) => `<g>${x}</g>`, red: (x) => `<r>${x}</r>`, yellow: (x) => `<y>${x}</y>`, cyan: (x) => `<c>${x}</c>` };
    const text = renderStats(tagged, marked);
    expect(text).toContain('evil\\e[31m');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('<b>Cards</b>');
    expect(text.replace(/<\/?[bdgryc]>/g, '')).toBe(renderStats(tagged, plainStyle));
  });

  it('counts one quiz as one session however many milliseconds its entry ids span', () => {
    const quiz = (card: string, at: string, session: string, id: string) => rev(card, at, { kind: 'quiz', session, id });
    const entries = [
      quiz('capital', '2025-06-10T10:00:00.001Z', 'run-1', 'lq0001-a'),
      quiz('perm', '2025-06-10T10:00:00.002Z', 'run-1', 'lq0002-b'),
      quiz('river', '2025-06-10T10:00:00.003Z', 'run-1', 'lq0003-c'),
      quiz('capital', '2025-06-10T10:00:00.003Z', 'run-2', 'lq0003-d'),
    ];
    const s = computeStats(input({ entries }));
    expect(s.quizzes[0]!.sessions.map((x) => [x.session, x.total])).toEqual([
      ['run-1', 3],
      ['run-2', 1],
    ]);
  });

  it('groups quiz answers of journals without session ids by adjacency', () => {
    const quiz = (card: string, at: string, id: string) => rev(card, at, { kind: 'quiz', id });
    const entries: JournalEntry[] = [
      quiz('capital', '2025-06-10T10:00:00.001Z', 'la-1'),
      quiz('perm', '2025-06-10T10:00:00.002Z', 'lb-1'), // same run: adjacent, another card
      quiz('capital', '2025-06-10T10:00:00.002Z', 'lb-2'), // the same card again: a new quiz
      rev('flat', '2025-06-10T10:05Z'), // a study answer ends the run
      quiz('river', '2025-06-10T10:06Z', 'lc-1'),
      quiz('perm', '2025-06-10T10:30Z', 'ld-1'), // 24 minutes later: a new quiz
    ];
    const s = computeStats(input({ entries }));
    expect(s.quizzes[0]!.sessions.map((x) => [x.session, x.total])).toEqual([
      ['la-1', 2],
      ['lb-2', 1],
      ['lc-1', 1],
      ['ld-1', 1],
    ]);
  });

  it('names confused options by their text, from picked indices or the labels older journals kept', () => {
    const entries: JournalEntry[] = [
      // What grading records: deck-order labels in `given`, indices in `picked`. The screen showed
      // other letters (options are shuffled), so no letter may reach the confusion list.
      { ...rev('capital', '2025-06-10T10:00Z', { correct: false, given: 'c) Nice' }), picked: [2] },
      rev('capital', '2025-06-10T10:01Z', { correct: false, given: 'c) Nice' }), // before `picked` was kept
      rev('capital', '2025-06-10T10:02Z', { correct: false, given: 'a) Lyon' }),
      // a multi answer with one right and one wrong pick: only the wrong one is a confusion
      rev('perm', '2025-06-10T10:03Z', { correct: false, given: 'a) r, c) x' }),
      { ...rev('perm', '2025-06-10T10:04Z', { correct: false, given: 'b) w, c) x' }), picked: [1, 2] },
      rev('perm', '2025-06-10T10:05Z', { correct: false, given: '(none)' }), // nothing picked
    ];
    expect(computeStats(input({ entries })).confusions).toEqual([
      { deck: 'geo', id: 'capital', picked: 'Nice', right: 'Paris', count: 2 },
      { deck: 'geo', id: 'perm', picked: 'x', right: 'r + w', count: 2 },
    ]);
  });

  it('shows a quiz score rounded as the quiz itself shows it: 2 of 3 is 66.6%', () => {
    const entries = ['capital', 'perm', 'river'].map((card, i) => rev(card, '2025-06-10T10:00Z', { kind: 'quiz', session: 'q', correct: i > 0 }));
    expect(renderStats(computeStats(input({ entries })))).toMatch(/last\s+66\.6% \(2\/3\)/);
  });

  it('scores a quiz session out of the questions it asked: unanswered ones count wrong', () => {
    // A 26-question quiz from this deck with 4 answered, all right: 4/26, not 4/4.
    const entries = ['capital', 'perm', 'river', 'gone'].map((card) => ({ ...rev(card, '2025-06-10T10:00Z', { kind: 'quiz', session: 'q' }), questions: 26 }));
    const s = computeStats(input({ entries }));
    expect(s.quizzes[0]!.sessions.map((x) => [x.correct, x.total])).toEqual([[4, 26]]);
    expect(s.quizzes[0]!.last).toBeCloseTo(4 / 26);
    expect(renderStats(s)).toMatch(/last\s+15\.3% \(4\/26\)/);
  });

  it('keeps a quiz in which no question of the deck was answered (its quiz entry), scored 0, unless the deck was reset after it', () => {
    const asked = (at: string, session: string): JournalEntry => ({ op: 'quiz', id: `q-${session}`, at: new Date(at).toISOString(), session, deck: 'geo', questions: 5 });
    const entries: JournalEntry[] = [asked('2025-06-09T10:00Z', 'early'), { op: 'reset', id: 'r', at: '2025-06-09T11:00:00.000Z', deck: 'geo', reason: 'user' }, asked('2025-06-10T10:00Z', 'late')];
    const s = computeStats(input({ entries }));
    expect(s.quizzes).toEqual([{ deck: 'geo', sessions: [{ session: 'late', at: '2025-06-10T10:00:00.000Z', correct: 0, total: 5, score: 0 }], last: 0, trend: null }]);
    // It is no review: nothing else counts it.
    expect(s.reviews.total).toBe(0);
    expect(renderStats(s)).toMatch(/last\s+0\.0% \(0\/5\)/);
  });

  it('never scores a quiz session out of fewer questions than it answered', () => {
    // A journal is untrusted: a count below the answers given (or a journal without counts) falls
    // back to the answers, so no score goes above 100%.
    const entries = ['capital', 'perm', 'river'].map((card) => ({ ...rev(card, '2025-06-10T10:00Z', { kind: 'quiz', session: 'q' }), questions: 2 }));
    expect(computeStats(input({ entries })).quizzes[0]!.sessions.map((x) => [x.correct, x.total])).toEqual([[3, 3]]);
  });

  it('renders a store that knows 300,000 decks without overflowing the stack', () => {
    // Deck ids come from the store too (an import can name any number): the deck column's width
    // was a Math.max over a spread of every row, which V8 cannot take past ~100,000 arguments.
    const s = computeStats(input());
    const many: Stats = { ...s, decks: Array.from({ length: 300_000 }, (_, i) => ({ ...s.decks[0]!, id: `d${i}`, title: null })) };
    const text = renderStats(many, plainStyle, 80);
    expect(text).toContain('d299999');
    expect(text).toContain('all decks');
  });

  it('draws quiz trends as a sparkline', () => {
    expect(sparkline([0, 0.5, 1])).toBe('▁▅█');
  });
});

function fakeIo(env: Record<string, string | undefined>): Io & { out: () => string; err: () => string } {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const chunks = { out: '', err: '' };
  stdout.on('data', (c) => (chunks.out += String(c)));
  stderr.on('data', (c) => (chunks.err += String(c)));
  return { stdout, stderr, stdin: new PassThrough(), env, cwd: repoRoot, out: () => chunks.out, err: () => chunks.err };
}

describe('recall stats and recall decks commands', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-stats-'));
    const store = Store.open({ RECALL_HOME: home });
    store.append(rev('signal-avoid-long-term', '2025-06-10T10:00Z', { deck: 'iam-exam-signals', prev: null, correct: false, given: 'x' }));
    store.append(rev('a', '2025-06-10T11:00Z', { deck: 'my-own-deck', prev: null }));
    store.close();
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('prints schema-valid JSON covering the bundled decks and every deck with progress', async () => {
    const { run } = await import('../../src/commands/stats.js');
    const io = fakeIo({ RECALL_HOME: home, RECALL_NOW: '2025-06-11T08:00:00Z', NO_COLOR: '1' });
    expect(await run({ decks: [], json: true }, io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const ids = json.decks.map((d: { id: string }) => d.id);
    expect(ids).toContain('iam-exam-signals');
    expect(ids).toContain('my-own-deck');
    expect(json.reviews.total).toBe(2);
  });

  it('prints the text report for the decks given', async () => {
    const { run } = await import('../../src/commands/stats.js');
    const io = fakeIo({ RECALL_HOME: home, RECALL_NOW: '2025-06-11T08:00:00Z', NO_COLOR: '1' });
    expect(await run({ decks: ['iam-exam-signals'], json: false }, io)).toBe(0);
    expect(io.out()).toContain('iam-exam-signals');
    expect(io.out()).not.toContain('my-own-deck');
    expect(io.out()).toContain('Quiz history');
  });

  it('lists the bundled decks with total, new and due counts', async () => {
    const { run } = await import('../../src/commands/decks.js');
    const io = fakeIo({ RECALL_HOME: home, RECALL_NOW: '2025-06-11T08:00:00Z', NO_COLOR: '1' });
    expect(await run({ decks: [] }, io)).toBe(0);
    expect(io.out()).toMatch(/iam-exam-signals\s+\d+\s+\d+\s+\d+/);
    expect(io.out()).toMatch(/\d+ decks, \d+ cards/);
  });
});
