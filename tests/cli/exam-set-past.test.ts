// `recall exam set` with a day already gone is exit 2 naming today (the study day, which starts at
// the rollover hour); today itself is an exam date like any later one. An exam stored earlier that
// has since passed keeps working: only what is being set is checked.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

describe('exam set and the date of today', () => {
  let home: ReturnType<typeof tempHome>;
  let store: string;
  const at = (now: string) => ({ RECALL_HOME: store, RECALL_NOW: now });
  const files = () => (fs.existsSync(store) ? Object.fromEntries(fs.readdirSync(store).filter((f) => f.startsWith('progress') || f.startsWith('journal')).map((f) => [f, fs.readFileSync(path.join(store, f), 'utf8')])) : null);
  beforeEach(() => {
    home = tempHome();
    store = path.join(home.dir, 'store');
  });
  afterEach(() => home.cleanup());

  it('refuses a date before today with exit 2 naming today, and writes nothing (not even the store folder)', async () => {
    const r = await recall(['exam', 'set', '2026-11-29'], { env: at('2026-11-30T10:00:00Z') });
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: the exam date 2026-11-29 has passed: today is 2026-11-30. Give today or a later date\n');
    expect(fs.existsSync(store)).toBe(false);
  });

  it.each([
    ['9999-12-31', '9999-12-31'],
    ['1999-12-31', '1999-12-31'],
    ['2027-02-29', '2027-02-29'],
    ['\u001b]52;c;aGk=\u0007', '\\e]52;c;aGk=\\x07'],
  ])('refuses %j, outside the years an exam is kept in or no date at all, saying which years, with the argument inert', async (date, shown) => {
    const r = await recall(['exam', 'set', date], { env: at('2026-11-30T10:00:00Z') });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`recall: the exam date must be a real date from 2000 to 2200 written YYYY-MM-DD (e.g. 2026-12-20), got "${shown}"\n`);
    expect(fs.existsSync(store)).toBe(false);
  });

  it('suggests this year for a date whose year looks mistyped', async () => {
    const r = await recall(['exam', 'set', '2025-12-20'], { env: at('2026-11-30T10:00:00Z') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/today is 2026-11-30\. Give today or a later date \(did you mean 2026-12-20\?\)/);
  });

  it('keeps the exam already stored when the new date is refused', async () => {
    expect((await recall(['exam', 'set', '2026-12-20'], { env: at('2026-11-30T10:00:00Z') })).code).toBe(0);
    const before = files();
    expect((await recall(['exam', 'set', '2026-01-05'], { env: at('2026-11-30T10:00:00Z') })).code).toBe(2);
    expect(files()).toEqual(before);
    expect(JSON.parse((await recall(['exam', '--json'], { env: at('2026-11-30T10:00:00Z') })).out).date).toBe('2026-12-20');
  });

  it('takes today: readiness as of this morning and no plan (study schedules as usual)', async () => {
    const set = await recall(['exam', 'set', '2026-11-30'], { env: at('2026-11-30T10:00:00Z') });
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/Exam set for 2026-11-30 \(today\)/);
    const json = JSON.parse((await recall(['exam', '--json'], { env: at('2026-11-30T10:00:00Z') })).out);
    expect(json).toMatchObject({ date: '2026-11-30', daysLeft: 0, plan: [] });
  });

  it('counts today by the study day: before the rollover hour it is still yesterday, and says why', async () => {
    const early = at('2026-11-30T02:00:00Z'); // TZ=UTC, rollover 04:00: the study day of 2026-11-29
    expect((await recall(['exam', 'set', '2026-11-29'], { env: early })).out).toMatch(/\(today\)/);
    const r = await recall(['exam', 'set', '2026-11-28'], { env: early });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the exam date 2026-11-28 has passed: today is 2026-11-29 \(a study day starts at 04:00, the rollover-hour setting\)/);
    expect((await recall(['config', 'set', 'rollover-hour', '0'], { env: early })).code).toBe(0);
    const midnight = await recall(['exam', 'set', '2026-11-29'], { env: early });
    expect(midnight.code).toBe(2);
    expect(midnight.err).toMatch(/today is 2026-11-30\. /);
  });

  it('an exam stored before its day keeps working once the day has passed', async () => {
    expect((await recall(['exam', 'set', '2026-12-01'], { env: at('2026-11-30T10:00:00Z') })).code).toBe(0);
    const later = at('2026-12-10T10:00:00Z');
    const shown = await recall(['exam'], { env: later });
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/9 days ago/);
    expect(JSON.parse((await recall(['exam', '--json'], { env: later })).out)).toMatchObject({ date: '2026-12-01', daysLeft: -9 });
    const studied = await recall(['study', 'iam-exam-signals', '--answers', '-', '--reporter', 'json'], { env: later, stdin: '{}' });
    expect(studied.code).toBe(0);
  });
});
