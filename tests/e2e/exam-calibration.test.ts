// Readiness maps FSRS's predictions through the student's own calibration, fitted on their graded
// answers: each answer to a card in Review state, paired with the recall the card's state before it
// predicted. The reports read the journal with the states cut out (store-history.ts), and for a
// while the calibration was fed that read too: it found no state before any answer, and `recall
// exam`, `stats --json` and study's header said "0 graded reviews" and used FSRS's raw predictions
// on a journal of thousands. These hold the built binary to the calibration worked out here from the
// journal's own entries.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../src/adapters/load-decks.js';
import { answerHash } from '../../src/core/hash.js';
import { fitCalibration } from '../../src/core/calibration.js';
import { recallObservations } from '../../src/core/recall-history.js';
import { DEFAULT_SETTINGS, serializeEntry, type ReviewEntry } from '../../src/core/progress.js';
import { makeScheduler } from '../../src/core/schedule.js';
import type { Card } from '../../src/core/model.js';
import { percentOf } from '../../src/core/percent.js';
import { simulateLearner } from '../helpers/learner.js';
import { cleanTemps, ensureBuilt, recall, tempDir, Tmux } from './helpers.js';

const CARDS = 300;
let dir: string;
let deckFile: string;
let entries: ReviewEntry[];

/** A store whose journal is a simulated learner's year (forgetting faster than recall assumes). */
function storeWithHistory(): string {
  const home = tempDir();
  fs.writeFileSync(path.join(home, 'journal.jsonl'), entries.map(serializeEntry).join(''));
  return home;
}

beforeAll(async () => {
  await ensureBuilt();
  dir = tempDir('recall-calibration-');
  deckFile = path.join(dir, 'sim.yaml');
  const cards = Array.from({ length: CARDS }, (_, i) => `  - id: c${i}\n    type: typed\n    prompt: "Question ${i}?"\n    answer: "answer${i}"\n`);
  fs.writeFileSync(deckFile, `deck: sim\ntitle: Simulated\ncards:\n${cards.join('')}`);
  const [deck] = await loadDecksOrThrow([deckFile], dir);
  const hashes = new Map(deck!.cards.map((c) => [c.id, answerHash(c as Card)]));
  // Typed answers are graded: right unless the learner forgot (rated again). The cards' answer
  // hashes are the deck's, so opening the store keeps every state.
  entries = simulateLearner({ reviews: 2500, seed: 7, start: new Date('2024-03-01T00:00:00Z') }).map((e) => ({
    ...e,
    correct: e.rating !== 'again',
    state: { ...e.state!, hash: hashes.get(e.card)! },
  }));
  expect(new Set(entries.map((e) => e.card)).size).toBeLessThanOrEqual(CARDS);
});
afterAll(cleanTemps);

const expected = () => fitCalibration(recallObservations(entries, makeScheduler(DEFAULT_SETTINGS)));
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);

describe('the calibration readiness reports', () => {
  it('recall exam --json and stats --json count every graded answer in Review state and fit on them', () => {
    const want = expected();
    expect(want.answers).toBeGreaterThan(500);
    expect(want.fitted).toBe(true); // this learner forgets faster than FSRS's defaults predict
    const home = storeWithHistory();
    const exam = recall(['exam', deckFile, '--json'], { home });
    expect(exam.code).toBe(0);
    const calibration = { answers: want.answers, fitted: true, brierBefore: r4(want.brierBefore), brierAfter: r4(want.brierAfter) };
    expect(JSON.parse(exam.stdout).calibration).toEqual(calibration);
    const stats = recall(['stats', deckFile, '--json'], { home });
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout).exam.calibration).toEqual(calibration);
    expect(recall(['exam', deckFile], { home }).stdout).not.toContain('Not enough history to calibrate');
  });

  it("study's header reports the readiness recall exam reports, calibrated the same way, in a real terminal", async () => {
    const home = storeWithHistory();
    // The tmux driver runs under the e2e clock (2025-03-01T10:00Z): the exam is five days later.
    // At a 70% target the calibration moves dozens of cards across the line (192 ready against 159
    // with FSRS's raw predictions), so the header shows which predictions it used.
    expect(recall(['exam', 'set', '2025-03-06', '--target', '0.7'], { home }).code).toBe(0);
    const report = JSON.parse(recall(['exam', deckFile, '--json'], { home }).stdout);
    expect(report.calibration.fitted).toBe(true);
    const ready = percentOf(report.ready, report.cards, 0);
    const t = new Tmux();
    try {
      t.start(['study', deckFile], home);
      const screen = await t.waitFor(/exam in 5 days · ready \d+%/, 'the exam in the study header');
      expect(screen).toContain(`exam in 5 days · ready ${ready}%`);
    } finally {
      t.kill();
    }
  });
});
