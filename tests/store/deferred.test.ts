// Scripted answers are written in batches (Store.appendDeferred, then flush): one write and one
// fsync per batch. What a batch may trade, and what it may not: an answer is saved only once
// flush() returns, a failed flush saves none of its answers and takes them out of the fold again,
// and no checkpoint ever holds a state the journal does not.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/store.js';
import { readCheckpoint } from '../../src/adapters/checkpoint.js';
import { defaultJournalWrite, type JournalWrite } from '../../src/adapters/store-fs.js';
import { cardState, review, tempHome } from './helpers.js';

const homes: Array<() => void> = [];
afterEach(() => homes.splice(0).forEach((c) => c()));
function home() {
  const h = tempHome();
  homes.push(h.cleanup);
  return h;
}

const journalText = (s: Store) => (fs.existsSync(s.journalPath) ? fs.readFileSync(s.journalPath, 'utf8') : '');

describe('deferred (scripted) answers', () => {
  it('are folded at once but written only by flush(), all of them in one write', () => {
    const { env } = home();
    const writes: number[] = [];
    const write: JournalWrite = (fd, buf) => {
      writes.push(buf.length);
      return defaultJournalWrite(fd, buf);
    };
    const s = Store.open(env, { journalWrite: write });
    for (let i = 0; i < 5; i++) s.appendDeferred(review('d', `c${i}`, i));
    expect(s.states().size).toBe(5);
    expect(s.unflushed).toBe(5);
    expect(journalText(s)).toBe('');
    s.flush();
    expect(writes).toHaveLength(1);
    expect(s.unflushed).toBe(0);
    expect(s.readJournal().map((e) => ('card' in e ? e.card : ''))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    s.close();
  });

  it('on a full disk, a flush saves none of its answers, says how many, and leaves the fold as the journal has it', () => {
    const { env } = home();
    let full = false;
    const write: JournalWrite = (fd, buf) => {
      if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return defaultJournalWrite(fd, buf);
    };
    const s = Store.open(env, { journalWrite: write });
    const saved = review('d', 'a', 1);
    s.append(saved);
    full = true;
    s.appendDeferred(review('d', 'a', 2, { state: cardState(2) }));
    s.appendDeferred(review('d', 'a', 3, { state: cardState(3) }));
    s.appendDeferred(review('d', 'b', 4));
    expect(s.states().get('d/a')).toEqual(cardState(3));
    expect(() => s.flush()).toThrow(expect.objectContaining({ code: 'DISK_FULL', message: expect.stringMatching(/last 3 answers were not saved/) }));
    // back to what the journal holds: d/a as first saved, d/b never answered
    expect(s.states().get('d/a')).toEqual(saved.state);
    expect(s.states().has('d/b')).toBe(false);
    s.close(); // no checkpoint after a failed append
    expect(fs.existsSync(s.progressPath)).toBe(false);
    const again = Store.open(env);
    expect(again.readJournal().map((e) => e.id)).toEqual([saved.id]);
    expect(again.notices).toEqual([]);
  });

  it('are written by close() when the run ends before its last flush', () => {
    const { env } = home();
    const s = Store.open(env);
    s.appendDeferred(review('d', 'a', 1));
    s.appendDeferred(review('d', 'b', 2));
    s.close();
    expect(Store.open(env).readJournal()).toHaveLength(2);
  });

  it('are written before a checkpoint, so a checkpoint never holds a state the journal does not', () => {
    const { env } = home();
    const s = Store.open(env);
    s.appendDeferred(review('d', 'a', 1));
    s.checkpoint();
    const cp = readCheckpoint(s.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards)).toEqual(['d/a']);
    expect(cp.kind === 'ok' && cp.data.journal.offset).toBe(fs.statSync(s.journalPath).size);
    expect(s.readJournal()).toHaveLength(1);
    s.close();
  });

  it('keep their place in the journal: an answer appended after them is written after them', () => {
    const { env } = home();
    const s = Store.open(env);
    s.appendDeferred(review('d', 'a', 1));
    s.append(review('d', 'b', 2));
    expect(s.readJournal().map((e) => ('card' in e ? e.card : ''))).toEqual(['a', 'b']);
    s.close();
  });

  it('count toward the periodic checkpoint when written', () => {
    const { env } = home();
    const s = Store.open(env, { checkpointEvery: 3 });
    for (let i = 0; i < 3; i++) s.appendDeferred(review('d', `c${i}`, i));
    expect(fs.existsSync(s.progressPath)).toBe(false);
    s.flush();
    const cp = readCheckpoint(s.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards).length).toBe(3);
    s.close();
  });
});

describe('a checkpoint after the store\'s own appends', () => {
  it('still folds in what another session appended between them', () => {
    const { env } = home();
    const a = Store.open(env);
    const b = Store.open(env);
    a.append(review('d', 'a1', 1));
    b.append(review('d', 'b1', 2));
    a.appendDeferred(review('d', 'a2', 3));
    a.flush();
    a.append(review('d', 'a3', 4));
    a.checkpoint();
    const cp = readCheckpoint(a.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards).sort()).toEqual(['d/a1', 'd/a2', 'd/a3', 'd/b1']);
    expect(cp.kind === 'ok' && cp.data.journal.offset).toBe(fs.statSync(a.journalPath).size);
    a.close();
    b.close();
    const again = Store.open(env);
    expect(again.notices).toEqual([]);
    expect(again.states().size).toBe(4);
  });

  it('does not claim lines another session appended after them', () => {
    const { env } = home();
    const a = Store.open(env);
    const b = Store.open(env);
    a.append(review('d', 'a1', 1));
    b.append(review('d', 'b1', 2)); // after a's line: a's fold does not hold it
    a.checkpoint();
    const cp = readCheckpoint(a.progressPath);
    expect(cp.kind === 'ok' && Object.keys(cp.data.cards).sort()).toEqual(['d/a1', 'd/b1']);
    a.close();
    b.close();
  });
});
