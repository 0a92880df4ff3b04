// `recall stats` reads the journal an entry at a time and folds it as it comes (store-history.ts,
// core/stats-history.ts). These hold it to what it reported when it read the whole journal first,
// on a journal with everything stats weighs (tests/helpers/rich-journal.ts), and to what it reads
// when the journal is damaged or grows during the read.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries } from '../../src/adapters/store-history.js';
import { parseJournal, type JournalEntry } from '../../src/core/progress.js';
import { computeStats, historyOf } from '../../src/core/stats.js';
import { DEFAULT_SETTINGS } from '../../src/core/progress.js';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';
import { richJournal } from '../helpers/rich-journal.js';
import { fitCalibration } from '../../src/core/calibration.js';
import { recallObservations } from '../../src/core/recall-history.js';
import { makeScheduler } from '../../src/core/schedule.js';

const FIXTURES = path.join(repoRoot, 'tests/fixtures/stats-journal');
const savedTZ = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York'; // a daylight-saving change inside the journal's months
});
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

const homes: Array<() => void> = [];
afterEach(() => homes.splice(0).forEach((cleanup) => cleanup()));
function homeWith(journal: string): string {
  const { dir, cleanup } = tempHome('recall-stats-journal-');
  homes.push(cleanup);
  fs.writeFileSync(path.join(dir, 'journal.jsonl'), journal);
  return dir;
}
const env = (home: string) => ({ RECALL_HOME: home, RECALL_NOW: '2026-05-01T10:00:00Z', COLUMNS: '100' });

describe('recall stats on a journal with quizzes, undos, resets, bad lines and a torn last line', () => {
  it('prints the JSON that the pass over the whole journal printed (main at 63c99f8)', async () => {
    const r = await recall(['stats', '--json'], { env: env(homeWith(richJournal(3, 'torn'))) });
    expect(r.code).toBe(0);
    expect(r.out).toBe(fs.readFileSync(path.join(FIXTURES, 'seed3-torn.json'), 'utf8'));
    expect(r.err).toMatch(/^recall: journal\.jsonl: skipped 161 unreadable lines/);
    // The calibration replays the journal with its states (the fixture's block was 0 answers when
    // it was fed the read without them): what fitCalibration makes of the journal's own entries.
    const want = fitCalibration(recallObservations(parseJournal(richJournal(3, 'torn')).entries, makeScheduler(DEFAULT_SETTINGS)));
    expect(want.answers).toBeGreaterThan(1000);
    const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
    expect(JSON.parse(r.out).exam.calibration).toEqual({ answers: want.answers, fitted: want.fitted, brierBefore: r4(want.brierBefore), brierAfter: r4(want.brierAfter) });
  });

  it('prints the same again from the deck cache, where cards are heads and only those with options named are read whole', async () => {
    const home = homeWith(richJournal(3, 'torn'));
    const first = await recall(['stats', '--json'], { env: env(home) });
    expect(fs.readdirSync(path.join(home, 'cache', 'decks')).length).toBeGreaterThan(0);
    const again = await recall(['stats', '--json'], { env: env(home) });
    expect(again.out).toBe(first.out);
    expect(JSON.parse(again.out).confusions.length).toBeGreaterThan(0);
    expect(again.out).toBe(fs.readFileSync(path.join(FIXTURES, 'seed3-torn.json'), 'utf8'));
  });

  it('prints the text report that the pass over the whole journal printed (main at 63c99f8)', async () => {
    const r = await recall(['stats'], { env: env(homeWith(richJournal(3, 'torn'))) });
    expect(r.code).toBe(0);
    expect(r.out).toBe(fs.readFileSync(path.join(FIXTURES, 'seed3-torn.txt'), 'utf8'));
  });
});

/**
 * The journal's entries as reports read them: the whole text parsed in one piece after every
 * `"state":{...}` became `"state":null` (as store-history.ts cuts them from the bytes). That
 * leaves out unsuspend entries too, whose state the validator requires: stats does not use them.
 */
function wholeHistory(text: string): JournalEntry[] {
  return parseJournal(text.replace(/"state":\{[^}]*\}/g, '"state":null')).entries;
}

describe('the journal read for stats', () => {
  it.each(['none', 'torn', 'whole'] as const)('gives the entries of the whole text, a chunk at a time, with a %s last line', (tail) => {
    const text = richJournal(11, tail, 800);
    const file = path.join(homeWith(text), 'journal.jsonl');
    const whole = wholeHistory(text);
    expect(whole.length).toBeGreaterThan(700);
    for (const chunk of [64, 1000, 4096, 128 * 1024]) expect([...historyEntries(file, { chunk })], `chunk ${chunk}`).toEqual(whole);
  });

  it('folds to the figures of the entries held in an array', () => {
    const text = richJournal(5, 'whole', 1500);
    const file = path.join(homeWith(text), 'journal.jsonl');
    const fold = historyOf(DEFAULT_SETTINGS);
    for (const e of historyEntries(file, { chunk: 4096 })) fold.add(e);
    const input = { decks: [], states: new Map(), now: new Date('2026-05-01T10:00:00Z'), settings: DEFAULT_SETTINGS };
    const folded = computeStats({ ...input, entries: fold.result() });
    expect(folded).toEqual(computeStats({ ...input, entries: wholeHistory(text) }));
    expect(folded.reviews.total).toBeGreaterThan(1000);
    expect(folded.quizzes.length).toBeGreaterThan(0);
  });

  it('takes in what another session appends during the read, and leaves out a line it has not finished', () => {
    const first = richJournal(7, 'none', 600);
    const home = homeWith(first);
    const file = path.join(home, 'journal.jsonl');
    const more = richJournal(8, 'none', 50).replaceAll('"id":"e', '"id":"later-e');
    const read: JournalEntry[] = [];
    let appended = false;
    for (const e of historyEntries(file, { chunk: 4096 })) {
      read.push(e);
      if (!appended) {
        // Another session answers while the first chunk is being folded: a whole line, and one
        // half written (its write not finished when the read reaches the end).
        appended = true;
        fs.appendFileSync(file, more + '{"id":"half","op":"review","at":"2026-05');
      }
    }
    expect(read).toEqual(wholeHistory(first + more));
    expect(read.some((e) => e.id === 'half')).toBe(false);
  });

  it('rejects a computeStats input folded with another rollover hour', () => {
    const fold = historyOf({ rolloverHour: 2 });
    expect(() => computeStats({ decks: [], states: new Map(), entries: fold.result(), now: new Date(), settings: DEFAULT_SETTINGS })).toThrow(/rollover/);
  });
});
