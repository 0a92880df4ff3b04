// When the store checkpoints: every period (max(2,000, the cards its last checkpoint held)) and,
// for commands, at a clean close from a quarter of that period. A close that checkpointed from a
// fixed 500 pending answers charged a 10,000-card store's whole checkpoint to any session of 500
// answers or more (the bench's per-answer row, 1.30-1.35x an empty store's cost).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointPeriod, closeCheckpointAfter, CLOSE_CHECKPOINT_AFTER } from '../../src/adapters/store-options.js';
import { openStore, Store } from '../../src/adapters/store.js';
import { review, tempHome } from './helpers.js';

const io = (env: Record<string, string>) => ({ env, stderr: { write: () => true } as unknown as NodeJS.WritableStream });
/** `n` answers to new cards c<from>…, written as a scripted run writes them (128 per write). */
function answerNew(s: Store, from: number, n: number): void {
  for (let i = from; i < from + n; i++) {
    s.appendDeferred(review('d', `c${i}`, i));
    if (s.unflushed >= 128) s.flush();
  }
  s.flush();
}
const offsetOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8')).journal.offset as number;
const journalBytes = (dir: string) => fs.statSync(path.join(dir, 'journal.jsonl')).size;

describe('checkpoint policy (pure)', () => {
  it.each([
    [0, 2000, 500],
    [1999, 2000, 500],
    [4000, 4000, 1000],
    [10_000, 10_000, 2500],
  ])('a last checkpoint of %i cards: every %i appends, and a close from %i pending', (cards, period, close) => {
    expect(checkpointPeriod(cards)).toBe(period);
    expect(closeCheckpointAfter(checkpointPeriod(cards))).toBe(close);
  });

  it('never closes below CLOSE_CHECKPOINT_AFTER', () => {
    expect(closeCheckpointAfter(1)).toBe(CLOSE_CHECKPOINT_AFTER);
  });
});

describe('Store checkpoints', () => {
  it('a command closing after 2,100 answers on a 10,000-card store leaves them to the journal; from 2,500 it checkpoints', () => {
    const { dir, env, cleanup } = tempHome();
    try {
      const seed = Store.open(env);
      answerNew(seed, 0, 10_000);
      seed.close(); // a checkpoint of 10,000 cards
      expect(offsetOf(dir)).toBe(journalBytes(dir));
      const before = fs.readFileSync(path.join(dir, 'progress.json'));

      const s = openStore(io(env));
      answerNew(s, 10_000, 2100);
      s.close();
      expect(fs.readFileSync(path.join(dir, 'progress.json')).equals(before)).toBe(true);

      const t = openStore(io(env));
      expect(t.uncheckpointed).toBe(2100); // the next start replays them
      answerNew(t, 12_100, 400);
      t.close(); // 2,500 pending: a quarter of the period
      expect(offsetOf(dir)).toBe(journalBytes(dir));
      expect(Store.open(env, { readOnly: true }).states().size).toBe(12_500);
    } finally {
      cleanup();
    }
  });

  it('a session answering only new cards checkpoints again once its period has passed, not only at close', () => {
    const { dir, env, cleanup } = tempHome();
    try {
      const s = Store.open(env);
      answerNew(s, 0, 2000); // the first checkpoint, of 2,000 cards: the period stays 2,000
      const first = offsetOf(dir);
      answerNew(s, 2000, 2000);
      // The live count (4,000) grew as fast as the pending answers: it must not set the period.
      expect(offsetOf(dir)).toBeGreaterThan(first);
      expect(offsetOf(dir)).toBe(journalBytes(dir));
      expect(s.uncheckpointed).toBe(0);
      s.close();
    } finally {
      cleanup();
    }
  });
});
