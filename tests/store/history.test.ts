import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/store.js';
import { journalEntries, readJournal } from '../../src/adapters/store-history.js';
import { parseJournal, type JournalEntry } from '../../src/core/progress.js';
import { lines, review } from './helpers.js';

describe('Store.readHistory', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('returns every entry of the journal, in order, with review states left out, across chunk boundaries', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-history-'));
    dirs.push(dir);
    const env = { RECALL_HOME: dir };
    const store = Store.open(env);
    const entries: JournalEntry[] = [];
    // ~3 MB of journal, so reads cross the 1 MB chunk boundary; multi-byte text may straddle it.
    for (let i = 0; i < 6000; i++) {
      const wrong = i % 7 === 0;
      entries.push(review('d', `card-${i % 500}`, i, wrong ? { correct: false, rating: 'again', given: 'ü'.repeat(i % 13) + '—×', expected: 'a) Größe' } : {}));
      if (i % 1000 === 999) entries.push({ op: 'undo', id: `u${i}`, at: entries[entries.length - 1]!.at, deck: 'd', card: `card-${i % 500}`, ref: entries[entries.length - 1]!.id, state: null });
    }
    entries.push({ op: 'reset', id: 'r1', at: '2025-02-01T00:00:00.000Z', deck: 'd', reason: 'user' });
    store.appendMany(entries);
    store.close();
    expect(fs.statSync(path.join(dir, 'journal.jsonl')).size).toBeGreaterThan(2 * 1024 * 1024);

    const again = Store.open(env);
    const full = again.readJournal();
    const history = again.readHistory();
    again.close();
    expect(full).toHaveLength(entries.length);
    expect(history.map((e) => e.id)).toEqual(full.map((e) => e.id));
    expect(history).toEqual(full.map((e) => (e.op === 'review' ? { ...e, state: null } : e)));
    expect(history.filter((e) => e.op === 'review').every((e) => e.state === null)).toBe(true);
  });

  it('journalEntries (and readJournal) give what the whole text parsed gives, a chunk at a time, and stop at a byte bound', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-history-'));
    dirs.push(dir);
    const file = path.join(dir, 'journal.jsonl');
    const entries: JournalEntry[] = [];
    for (let i = 0; i < 300; i++) entries.push(review('d', `c${i % 40}`, i, i % 9 === 0 ? { correct: false, rating: 'again', given: 'ü—'.repeat(i % 50), expected: 'x' } : {}));
    const whole = lines(entries);
    // A torn line in the middle (a crash, then more answers), a long line, and a whole last entry without its newline.
    const text = `${whole}{"id":"torn","op":"rev\n${lines([review('d', 'long', 999, { correct: false, rating: 'again', given: 'y'.repeat(5000), expected: 'z' })])}${lines([review('d', 'last', 1000)]).trimEnd()}`;
    fs.writeFileSync(file, text);
    // The reference: the whole text parsed in one piece.
    const all = parseJournal(fs.readFileSync(file, 'utf8')).entries;
    expect(all).toHaveLength(302);
    expect(readJournal(file)).toEqual(all);
    for (const chunk of [64, 1000, 4096, 1 << 20]) expect([...journalEntries(file, { chunk })], `chunk ${chunk}`).toEqual(all);
    // Up to the end of the 100th line: the first 100 entries, whatever the chunk.
    const upTo = Buffer.byteLength(lines(entries.slice(0, 100)));
    expect([...journalEntries(file, { chunk: 1000, upTo })]).toEqual(all.slice(0, 100));
  });

  it('reads a line longer than its 1 MB read buffer whole, and keeps a text that spells "state":{ inside an answer', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-history-'));
    dirs.push(dir);
    const long = 'x'.repeat(1_500_000);
    const sneaky = '"state":{"due":"x"} and } braces';
    const entries = [
      review('d', 'a', 1),
      review('d', 'b', 2, { correct: false, rating: 'again', given: long, expected: 'y' }),
      review('d', 'c', 3, { correct: false, rating: 'again', given: sneaky, expected: '{"state":{' }),
      review('d', 'a', 4),
    ];
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), lines(entries));
    const store = Store.open({ RECALL_HOME: dir }, { readOnly: true });
    const history = store.readHistory();
    store.close();
    expect(history).toEqual(entries.map((e) => ({ ...e, state: null })));
  });

  it('keeps a whole last entry without its newline and drops a torn one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-history-'));
    dirs.push(dir);
    const file = path.join(dir, 'journal.jsonl');
    const [a, b] = [review('d', 'a', 1), review('d', 'b', 2)];
    fs.writeFileSync(file, lines([a]) + lines([b]).trimEnd());
    const read = () => {
      const store = Store.open({ RECALL_HOME: dir }, { readOnly: true });
      try {
        return store.readHistory().map((e) => e.id);
      } finally {
        store.close();
      }
    };
    expect(read()).toEqual([a.id, b.id]);
    fs.writeFileSync(file, lines([a]) + lines([b]).slice(0, 40));
    expect(read()).toEqual([a.id]);
  });

  it('returns nothing for a store with no journal yet', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-history-'));
    dirs.push(dir);
    const store = Store.open({ RECALL_HOME: dir });
    expect(store.readHistory()).toEqual([]);
    store.close();
  });
});
