// `recall exam` with no exam set shows the command that sets one: its date is four weeks after
// today's study day, so pasting it works whenever it is shown. A fixed 2026-12-20 was refused as
// past ("the exam date has passed") from 2026-12-21 on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

describe('recall exam with no exam set', () => {
  let home: ReturnType<typeof tempHome>;
  beforeEach(() => (home = tempHome()));
  afterEach(() => home.cleanup());

  it.each([
    ['2027-03-01T10:00:00Z', '2027-03-29'],
    // Before the rollover hour (04:00) the study day is still the day before.
    ['2027-01-01T02:00:00Z', '2027-01-28'],
    ['2026-12-21T10:00:00Z', '2027-01-18'],
  ])('at %s suggests "recall exam set %s", which exam set then takes', async (now, date) => {
    const env = { RECALL_HOME: home.dir, RECALL_NOW: now, TZ: 'UTC' };
    const r = await recall(['exam'], { env });
    expect(r.code).toBe(0);
    const shown = /^ {2}recall exam set (\S+)$/m.exec(r.out)?.[1];
    expect(shown).toBe(date);
    const set = await recall(['exam', 'set', shown!], { env });
    expect([set.code, set.err]).toEqual([0, '']);
  });
});
