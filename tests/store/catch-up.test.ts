// Store.catchUp: a session folds what other sessions appended before it schedules an answer
// (see tests/prompts/study-two-sessions.test.ts for the study session that uses it).
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/store.js';
import { review, tempHome } from './helpers.js';

describe('Store.catchUp', () => {
  it("folds another session's answers appended since, in journal order, and is a stat when there are none", () => {
    const { env, cleanup } = tempHome();
    try {
      const a = Store.open(env);
      const b = Store.open(env);
      a.append(review('d', 'x', 1));
      b.append(review('d', 'y', 2)); // after a's line: b's fold lacks x until it catches up
      expect(b.states().has('d/x')).toBe(false);
      b.catchUp();
      expect(b.states().get('d/x')).toEqual(a.states().get('d/x'));
      a.append(review('d', 'y', 3)); // a later answer to y, by a: the journal's last word on y
      b.catchUp();
      expect(b.states().get('d/y')?.reps).toBe(3);
      b.catchUp(); // nothing new
      expect(new Map(b.states())).toEqual(new Map(Store.open(env, { readOnly: true }).states()));
      a.close();
      b.close();
    } finally {
      cleanup();
    }
  });

  it('leaves the fold alone while deferred answers wait to be written', () => {
    const { env, cleanup } = tempHome();
    try {
      const a = Store.open(env);
      const b = Store.open(env);
      b.appendDeferred(review('d', 'y', 5));
      a.append(review('d', 'y', 9));
      b.catchUp();
      expect(b.states().get('d/y')?.reps).toBe(5);
      b.flush();
      a.close();
      b.close();
    } finally {
      cleanup();
    }
  });
});
