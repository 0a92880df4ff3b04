import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, newEntryId, storeDir } from '../../src/adapters/store.js';
import { readCheckpoint } from '../../src/adapters/checkpoint.js';
import { clockFromEnv, stopwatch } from '../../src/adapters/clock.js';
import { StoreError, UsageError } from '../../src/errors.js';
import { DEFAULT_SETTINGS, type JournalEntry } from '../../src/core/progress.js';
import { lines, review, tempHome } from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'store');
const NOW = new Date('2025-03-04T05:06:07.089Z');

let homes: (() => void)[] = [];
afterEach(() => {
  homes.forEach((c) => c());
  homes = [];
});
function home() {
  const h = tempHome();
  homes.push(h.cleanup);
  return h;
}
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('Store basics', () => {
  it('keeps appended answers across a reopen, with or without a checkpoint', () => {
    const { env } = home();
    const s = Store.open(env);
    const a = review('algebra', 'q.1', 1);
    s.append(a);
    expect(s.states().get('algebra/q.1')).toEqual(a.state);
    // no close(): as after a crash, only the journal has it
    expect(Store.open(env).states().get('algebra/q.1')).toEqual(a.state);
    s.close();
    const again = Store.open(env);
    expect(again.states().get('algebra/q.1')).toEqual(a.state);
    expect(again.notices).toEqual([]);
    expect(again.readJournal()).toEqual([a]);
  });

  it('round-trips deck and card ids containing dots as flat keys', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    s.append(review('net.v1', 'a.b.c', 1));
    s.close();
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8'));
    expect(Object.keys(raw.cards)).toEqual(['net.v1/a.b.c']);
    expect([...Store.open(env).states().keys()]).toEqual(['net.v1/a.b.c']);
  });

  it('creates its files with mode 0600 and keeps a mode the owner chose', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    s.append(review('d', 'a', 1));
    s.close();
    expect(mode(s.progressPath)).toBe(0o600);
    expect(mode(s.journalPath)).toBe(0o600);
    fs.chmodSync(s.progressPath, 0o640);
    fs.chmodSync(s.journalPath, 0o644);
    const again = Store.open(env);
    again.append(review('d', 'b', 2));
    again.close();
    expect(mode(path.join(dir, 'progress.json'))).toBe(0o640); // rewritten, mode kept
    expect(mode(path.join(dir, 'journal.jsonl'))).toBe(0o644);
  });

  it('removes only conf temp files it left behind, and nothing else named like a temp file', () => {
    const { env, dir } = home();
    Store.open(env).close();
    fs.writeFileSync(path.join(dir, 'progress.json.tmp-1712345678901abc'), '{"half');
    const theirs = ['progress.json.tmp-2', 'thesis.tmp-backup.docx', 'notes.tmp-1712345678901abc'];
    for (const n of theirs) fs.writeFileSync(path.join(dir, n), 'user data');
    fs.mkdirSync(path.join(dir, 'progress.json.tmp-1712345678901abd')); // a folder named like one
    const s = Store.open(env);
    s.append(review('d', 'a', 1));
    s.close();
    expect(fs.existsSync(path.join(dir, 'progress.json.tmp-1712345678901abc'))).toBe(false);
    for (const n of theirs) expect(fs.readFileSync(path.join(dir, n), 'utf8')).toBe('user data');
    expect(fs.statSync(path.join(dir, 'progress.json.tmp-1712345678901abd')).isDirectory()).toBe(true);
  });

  it('checkpoints every N appends, so the tail to replay stays short', () => {
    const { env } = home();
    const s = Store.open(env, { checkpointEvery: 3 });
    for (let i = 1; i <= 7; i++) s.append(review('d', `c${i}`, i));
    const cp = readCheckpoint(s.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards).length).toBe(6);
  });

  it('checkpoints by default every 2,000 appends, or every as many as the last checkpoint held cards when more', () => {
    const { env } = home();
    const s = Store.open(env);
    const offset = () => {
      const cp = readCheckpoint(s.progressPath);
      return cp.kind === 'ok' ? cp.data.journal.offset : -1;
    };
    // As a scripted run writes: deferred answers, flushed (and counted) a batch at a time.
    const batch = (from: number, to: number) => {
      for (let i = from; i < to; i++) s.appendDeferred(review('d', `c${i % 3000}`, i + 1));
      s.flush();
    };
    const end = () => fs.statSync(s.journalPath).size;
    for (let i = 0; i < 2000; i += 100) batch(i, i + 100);
    expect(offset()).toBe(end()); // 2,000 appends, 2,000 cards: a checkpoint
    const first = offset();
    // 3,000 cards by now, but the period follows the checkpoint's 2,000: 1,999 more are not enough...
    for (let i = 2000; i < 3900; i += 100) batch(i, i + 100);
    batch(3900, 3999);
    expect(s.states().size).toBe(3000);
    expect(offset()).toBe(first);
    // ...the 2,000th is, and that checkpoint holds 3,000 cards...
    batch(3999, 4000);
    expect(offset()).toBe(end());
    const second = offset();
    // ...so the next comes 3,000 appends later, not 2,000.
    for (let i = 4000; i < 6900; i += 100) batch(i, i + 100);
    batch(6900, 6999);
    expect(offset()).toBe(second);
    batch(6999, 7000);
    expect(offset()).toBe(end());
    s.close();
  });

  it('merges stored settings over the defaults and keeps settings set by two sessions', () => {
    const { env } = home();
    const a = Store.open(env);
    const b = Store.open(env);
    expect(a.settings()).toEqual(DEFAULT_SETTINGS);
    a.setSetting('retention', 0.85);
    b.setSetting('newPerDay', 5);
    expect(Store.open(env).settings()).toEqual({ ...DEFAULT_SETTINGS, retention: 0.85, newPerDay: 5 });
  });

  it('loses no answer when two open stores append and checkpoint in turns', () => {
    const { env } = home();
    const a = Store.open(env, { checkpointEvery: 4 });
    const b = Store.open(env, { checkpointEvery: 5 });
    for (let i = 0; i < 40; i++) (i % 2 ? a : b).append(review('d', `c${i}`, i));
    a.close();
    b.close();
    const cp = readCheckpoint(a.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards).length).toBe(40);
    expect(Store.open(env).states().size).toBe(40);
  });

  it('imports only entries whose id is new and returns how many', () => {
    const { env } = home();
    const s = Store.open(env);
    const mine = review('d', 'a', 100);
    s.append(mine);
    const older = review('d', 'a', 5);
    const other = review('d', 'b', 6);
    expect(s.importEntries([mine, older, other, other])).toBe(2);
    expect(s.importEntries([mine, older, other])).toBe(0);
    expect(s.readJournal().map((e) => e.id)).toEqual([mine.id, older.id, other.id]);
    // the imported review is history only: it is older than the local state of d/a
    expect(Store.open(env).states().get('d/a')).toEqual(mine.state);
    expect(Store.open(env).states().get('d/b')).toEqual(other.state);
  });

  it('makes unique entry ids: a time prefix and 64 random bits, across many refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, newEntryId));
    expect(ids.size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-f]{16}$/);
  });
});

describe('Store repairs', () => {
  it('drops a torn last journal line, truncates it, and says so', () => {
    const { env, dir } = home();
    const whole = lines([review('d', 'a', 1), review('d', 'b', 2)]);
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), whole + '{"id":"x","at":"2025');
    const s = Store.open(env);
    expect(s.states().size).toBe(2);
    expect(s.notices.join()).toMatch(/incomplete line/);
    expect(fs.readFileSync(s.journalPath, 'utf8')).toBe(whole);
    s.append(review('d', 'c', 3));
    expect(Store.open(env).states().size).toBe(3);
  });

  it('skips an unreadable line in the middle of the journal with a notice', () => {
    const { env, dir } = home();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines([review('d', 'a', 1)]) + 'not json\n' + lines([review('d', 'b', 2)]));
    const s = Store.open(env);
    expect(s.states().size).toBe(2);
    expect(s.notices).toContain('journal.jsonl: skipped 1 unreadable line (line 2)');
  });

  it('numbers unreadable lines from the top of the file, also after a checkpoint', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    for (let i = 0; i < 3; i++) s.append(review('d', `c${i}`, i));
    s.checkpoint(); // the next open replays from byte offset of line 4
    s.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), 'not json\n{"broken\n' + lines([review('d', 'z', 9)]));
    const again = Store.open(env);
    expect(again.states().has('d/z')).toBe(true);
    expect(again.notices).toContain('journal.jsonl: skipped 2 unreadable lines (lines 4, 5)');
  });

  it('says how many lines were skipped as "skipped 2 unreadable lines (lines 1, 2)"', () => {
    const { env, dir } = home();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), 'x\ny\n' + lines([review('d', 'a', 1)]));
    expect(Store.open(env).notices).toContain('journal.jsonl: skipped 2 unreadable lines (lines 1, 2)');
  });

  it('names the line whose reason it gives when several were refused, counted from the top after a checkpoint', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    for (let i = 0; i < 3; i++) s.append(review('d', `c${i}`, i));
    s.checkpoint();
    s.close();
    const badAt = JSON.stringify({ ...JSON.parse(lines([review('d', 'y', 1)])), at: 'yesterday' });
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), `${badAt}\nnot json\n`);
    const notice = Store.open(env).notices.find((n) => n.includes('unreadable'));
    // It read "the first at is not ...", as if "at" were a word of the sentence.
    expect(notice).toMatch(/^journal\.jsonl: skipped 2 unreadable lines \(lines 4, 5\); line 4: at is not an ISO date-time with a zone \("yesterday"\)$/);
  });

  it('replays the whole journal when it no longer matches the checkpoint offset', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    for (let i = 0; i < 5; i++) s.append(review('d', `c${i}`, i));
    s.close();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines([review('d', 'z', 9)]));
    const again = Store.open(env);
    expect(again.states().has('d/z')).toBe(true);
    expect(again.notices.join()).toMatch(/replayed it from the start/);
  });

  it('refuses a store written by a newer recall without touching it', () => {
    const { env, dir } = home();
    const text = JSON.stringify({ version: 9, settings: {}, journal: { offset: 0 }, cards: {} });
    fs.writeFileSync(path.join(dir, 'progress.json'), text);
    expect(() => Store.open(env)).toThrow(expect.objectContaining({ code: 'STORE_NEWER' }));
    expect(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8')).toBe(text);
  });

  for (const fixture of ['empty.json', 'truncated.json', 'garbage.json', 'array.json']) {
    it(`moves a corrupt progress.json (${fixture}) aside and rebuilds it from the journal`, () => {
      const { env, dir } = home();
      const entries: JournalEntry[] = [review('algebra', 'q.1', 1), review('algebra', 'q.2', 2), review('bio', 'cell', 3)];
      fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines(entries));
      const bad = fs.readFileSync(path.join(FIXTURES, fixture));
      fs.writeFileSync(path.join(dir, 'progress.json'), bad);

      const s = Store.open(env, { now: NOW });
      const aside = path.join(dir, 'progress.json.corrupt-2025-03-04T05-06-07.089Z');
      expect(fs.readFileSync(aside)).toEqual(bad);
      expect(s.notices[0]).toContain(aside);
      expect(s.notices[0]).toMatch(/unreadable .*rebuilt your progress from the journal/);
      expect([...s.states().keys()].sort()).toEqual(['algebra/q.1', 'algebra/q.2', 'bio/cell']);
      const cp = readCheckpoint(s.progressPath);
      expect(cp.kind).toBe('ok');
      expect(Store.open(env).notices).toEqual([]);
    });
  }

  it('keeps the settings from progress.json.bak when progress.json is corrupt', () => {
    const { env, dir } = home();
    const s = Store.open(env);
    s.setSetting('retention', 0.8);
    s.setSetting('newPerDay', 7);
    fs.writeFileSync(path.join(dir, 'progress.json'), '{"vers');
    const again = Store.open(env, { now: NOW });
    expect(again.settings().retention).toBe(0.8);
    expect(again.notices.join()).not.toMatch(/defaults/);
  });
});

describe('Store on a full disk (simulated)', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  for (const [name, write] of [
    ['a short write', (fd: number, buf: Buffer) => fs.writeSync(fd, buf, 0, 10)],
    ['ENOSPC', () => { throw enospc(); }],
  ] as const) {
    it(`refuses a journal append on ${name}, leaving the journal as it was`, () => {
      const { env } = home();
      const first = review('d', 'a', 1);
      Store.open(env).append(first);
      const s = Store.open(env, { journalWrite: write });
      const before = fs.readFileSync(s.journalPath);
      let err: unknown;
      try {
        s.append(review('d', 'b', 2));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/last answer was not saved; everything before it is safe/) });
      expect(fs.readFileSync(s.journalPath)).toEqual(before);
      expect(s.states().has('d/b')).toBe(false);
      const again = Store.open(env);
      expect(again.readJournal()).toEqual([first]);
      expect(again.notices).toEqual([]);
    });
  }

  it('keeps the previous progress.json when conf writes only part of the checkpoint', () => {
    const { env } = home();
    const s0 = Store.open(env);
    for (let i = 0; i < 30; i++) s0.append(review('d', `c${i}`, i));
    s0.close();
    const good = fs.readFileSync(s0.progressPath);
    // what conf's atomic writer did in FINDINGS: a good file replaced by its first 4 KB, no error
    const s = Store.open(env, { writeFile: (file, text) => fs.writeFileSync(file, text.slice(0, 100)) });
    s.append(review('d', 'new', 99));
    expect(() => s.checkpoint()).toThrow(expect.objectContaining({ code: 'DISK_FULL', message: expect.stringMatching(/previous copy is kept/) }));
    expect(fs.readFileSync(s.progressPath)).toEqual(good);
    const again = Store.open(env);
    expect(again.notices).toEqual([]);
    expect(again.states().size).toBe(31); // the journal still has the answer
  });

  it('keeps the previous progress.json when the checkpoint write throws ENOSPC', () => {
    const { env } = home();
    const s0 = Store.open(env);
    s0.append(review('d', 'a', 1));
    s0.close();
    const good = fs.readFileSync(s0.progressPath);
    const s = Store.open(env, { writeFile: () => { throw enospc(); } });
    expect(() => s.setSetting('retention', 0.8)).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
    expect(fs.readFileSync(s.progressPath)).toEqual(good);
  });

  it('says what failed when a checkpoint write fails for another reason than a full disk (EACCES is not "disk full")', () => {
    const { env } = home();
    const s0 = Store.open(env);
    s0.append(review('d', 'a', 1));
    s0.close();
    const good = fs.readFileSync(s0.progressPath);
    const eacces = () => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const s = Store.open(env, { writeFile: () => { throw eacces(); } });
    let caught: unknown;
    try {
      s.setSetting('retention', 0.8);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'STORE_IO', exitCode: 2 });
    expect((caught as Error).message).toMatch(/^cannot write .*progress\.json: EACCES \(permission denied\); the previous copy is kept/);
    expect((caught as Error).message).not.toMatch(/disk full/);
    expect(fs.readFileSync(s.progressPath)).toEqual(good);
    // the automatic checkpoint's notice says the same, and the answer is saved
    const t = Store.open(env, { checkpointEvery: 1, writeFile: () => { throw eacces(); } });
    t.append(review('d', 'b', 2));
    expect(t.notices.join()).toMatch(/EACCES/);
    expect(t.notices.join()).not.toMatch(/disk full/);
    expect(Store.open(env).states().size).toBe(2);
  });

  it('on a full disk before the first checkpoint, does not claim a previous copy was kept', () => {
    const { env } = home();
    const s = Store.open(env, { writeFile: () => { throw enospc(); } });
    s.append(review('d', 'a', 1));
    let caught: unknown;
    try {
      s.setSetting('retention', 0.8);
    } catch (err) {
      caught = err;
    }
    expect(fs.existsSync(s.progressPath)).toBe(false); // there was none, and none was made
    expect((caught as Error).message).toMatch(/^disk full: could not save .*progress\.json.*; your answers are safe in .*journal\.jsonl$/);
    expect((caught as Error).message).not.toMatch(/previous copy/);
    const eacces = () => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const t = Store.open(env, { writeFile: () => { throw eacces(); } });
    expect(() => t.setSetting('retention', 0.8)).toThrow(/EACCES \(permission denied\); your answers are safe in /);
  });

  it('does not fail an append whose automatic checkpoint hits a full disk: the answer is saved', () => {
    const { env } = home();
    const s = Store.open(env, { checkpointEvery: 2, writeFile: () => { throw enospc(); } });
    s.append(review('d', 'a', 1));
    s.append(review('d', 'b', 2));
    expect(s.notices.join()).toMatch(/disk full/);
    expect(Store.open(env).states().size).toBe(2);
  });
});

describe('storeDir and clock', () => {
  it('uses RECALL_HOME when set', () => {
    expect(storeDir({ RECALL_HOME: '/tmp/x/../y' })).toBe('/tmp/y');
  });

  it.skipIf(process.platform !== 'linux')('otherwise uses the folder conf picks for projectName recall', () => {
    const { dir } = home();
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = dir;
    try {
      const conf = new Conf({ projectName: 'recall', configName: 'progress' });
      expect(storeDir({ XDG_CONFIG_HOME: dir })).toBe(path.dirname(conf.path));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it('fixes the clock at exactly RECALL_NOW for the whole run (same inputs, same schedule)', async () => {
    const now = clockFromEnv({ RECALL_NOW: '2025-01-31T09:00:00Z' });
    const a = now().getTime();
    await new Promise((r) => setTimeout(r, 5));
    expect(a).toBe(Date.parse('2025-01-31T09:00:00Z'));
    expect(now().getTime()).toBe(a);
  });

  it('keeps a real, monotonic stopwatch for durations', async () => {
    const elapsed = stopwatch();
    const a = elapsed();
    await new Promise((r) => setTimeout(r, 5));
    expect(elapsed()).toBeGreaterThan(a);
  });

  it('uses real time without RECALL_NOW', () => {
    const before = Date.now();
    const t = clockFromEnv({})().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
  });

  it('reads a real RECALL_NOW, leap days and offsets included, without rolling it over', () => {
    expect(clockFromEnv({ RECALL_NOW: '2024-02-29T09:00:00Z' })().toISOString()).toBe('2024-02-29T09:00:00.000Z');
    expect(clockFromEnv({ RECALL_NOW: '2026-02-28T23:30:00-01:00' })().toISOString()).toBe('2026-03-01T00:30:00.000Z');
  });

  it('rejects an invalid RECALL_NOW with a usage error naming it', () => {
    for (const bad of ['tomorrow', '2025-13-45T00:00:00Z', '2025-01-31', '2026-02-30T09:00:00Z', '2025-02-29T09:00', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z', '1969-12-31T00:00:00Z']) {
      expect(() => clockFromEnv({ RECALL_NOW: bad })).toThrow(UsageError);
      expect(() => clockFromEnv({ RECALL_NOW: bad })).toThrow(/RECALL_NOW/);
    }
  });
});

describe('Store import validation', () => {
  it('refuses an import with a malformed entry and writes nothing', () => {
    const { env } = home();
    const s = Store.open(env);
    const good = review('d', 'a', 1);
    const bad = { ...review('d', 'b', 2), state: undefined } as unknown as JournalEntry;
    expect(() => s.importEntries([good, bad])).toThrow(expect.objectContaining({ code: 'IMPORT_INVALID', message: expect.stringMatching(/entry 2/) }));
    expect(s.readJournal()).toEqual([]);
  });
});
