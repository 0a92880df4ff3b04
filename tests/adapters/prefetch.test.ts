import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdRead, prefetch, prefetched, takePrefetched } from '../../src/adapters/prefetch.js';
import { prefetchFirstReads } from '../../src/adapters/first-reads.js';
import { readStoreFile } from '../../src/adapters/store-files.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-prefetch-'));
});
afterEach(() => {
  // Nothing prefetched in one test may be taken in the next.
  for (const f of fs.readdirSync(dir)) takePrefetched(path.join(dir, f), fs.lstatSync(path.join(dir, f)));
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('prefetch', () => {
  it('holds a read for the next reader of the same file, unchanged, once (holdRead)', () => {
    const file = write('progress.json', 'the checkpoint');
    const first = readStoreFile(file)!;
    holdRead(file, first.stat, first.data);
    const again = readStoreFile(file)!;
    expect(again.data).toBe(first.data); // the very bytes, not read again
    expect(readStoreFile(file)!.data).not.toBe(first.data); // once
    holdRead(file, first.stat, first.data);
    fs.writeFileSync(file, 'the checkpoint, changed');
    expect(readStoreFile(file)!.data.toString()).toBe('the checkpoint, changed');
  });

  it('hands over the whole file once, when it is the file the caller opened', async () => {
    const text = JSON.stringify({ cards: Array.from({ length: 2000 }, (_, i) => ({ id: i })) });
    const file = write('progress.json', text);
    prefetch(file, 1 << 20);
    await prefetched();
    const got = takePrefetched(file, fs.statSync(file));
    expect(got?.toString()).toBe(text);
    expect(takePrefetched(file, fs.statSync(file))).toBeUndefined(); // a later read goes to the disk
  });

  it('gives nothing for a file replaced after the read (rename over it, as a checkpoint does)', async () => {
    const file = write('progress.json', 'old contents');
    prefetch(file, 1 << 20);
    await prefetched();
    fs.writeFileSync(file + '.new', 'new contents');
    fs.renameSync(file + '.new', file);
    expect(takePrefetched(file, fs.statSync(file))).toBeUndefined();
  });

  it('gives nothing for a file changed in place, even to the same size with its old times put back', async () => {
    const file = write('progress.json', 'aaaaaaaa');
    const second = 1_700_000_000; // a whole second: utimes puts it back exactly
    fs.utimesSync(file, second, second);
    prefetch(file, 1 << 20);
    await prefetched();
    const before = fs.statSync(file);
    await new Promise((r) => setTimeout(r, 20)); // the change time moves on
    fs.writeFileSync(file, 'bbbbbbbb');
    fs.utimesSync(file, second, second);
    const after = fs.statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(takePrefetched(file, after)).toBeUndefined();
    // and the store reads what is there now
    expect(readStoreFile(file)?.data.toString()).toBe('bbbbbbbb');
  });

  it('does not read a symlink, a folder, a FIFO, an empty or missing file, or one over the limit', async () => {
    const target = write('target.json', '{"secret":1}');
    const link = path.join(dir, 'link.json');
    fs.symlinkSync(target, link);
    const folder = path.join(dir, 'folder.json');
    fs.mkdirSync(folder);
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const empty = write('empty.json', '');
    const big = write('big.json', 'x'.repeat(100));
    const missing = path.join(dir, 'missing.json');
    for (const f of [link, folder, fifo, empty, missing]) prefetch(f, 1 << 20);
    prefetch(big, 99);
    await prefetched(); // and a FIFO without a writer does not hang it
    for (const f of [link, folder, fifo, empty, big]) expect(takePrefetched(f, fs.lstatSync(f))).toBeUndefined();
    expect(takePrefetched(target, fs.statSync(target))).toBeUndefined(); // not read through the link
  });

  it('never opens a FIFO: a writer waiting on it stays waiting', async () => {
    const fifo = path.join(dir, 'deck.yaml');
    execFileSync('mkfifo', [fifo]);
    const { spawn } = await import('node:child_process');
    const writer = spawn('sh', ['-c', `printf x > '${fifo}'`]);
    let exited = false;
    writer.on('exit', () => (exited = true));
    try {
      await new Promise((r) => setTimeout(r, 300)); // the writer is waiting in open() now
      prefetch(fifo, 1 << 20, { follow: true });
      prefetch(fifo, 1 << 20);
      await prefetched();
      await new Promise((r) => setTimeout(r, 300));
      expect(exited).toBe(false); // an open for reading would have let `printf` finish
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('is what the store reads: the bytes are taken by readStoreFile, with its own checks first', async () => {
    const file = write('progress.json', '{"version":1}');
    prefetch(file, 1 << 20);
    await prefetched();
    expect(readStoreFile(file)?.data.toString()).toBe('{"version":1}');
    // taken: nothing is left for a second reader
    expect(takePrefetched(file, fs.statSync(file))).toBeUndefined();
    // a symlink in the store is refused as before, whatever was prefetched
    const link = path.join(dir, 'journal.jsonl');
    fs.symlinkSync(file, link);
    prefetch(link, 1 << 20);
    await prefetched();
    expect(() => readStoreFile(link)).toThrow(/symbolic link/);
  });

  it('waits for nothing when nothing was started', async () => {
    await expect(prefetched()).resolves.toBeUndefined();
  });
});

describe('prefetchFirstReads', () => {
  it("starts the reads of progress.json and the command line's deck files, for commands that read them first", async () => {
    const progress = write('progress.json', '{"version":1}');
    const deck = write('a.yaml', 'deck: a\n');
    const other = write('b.yml', 'deck: b\n');
    prefetchFirstReads('quiz', ['--tag', 'x', deck, '-o.yaml', other], { RECALL_HOME: dir }, dir);
    await prefetched();
    expect(takePrefetched(progress, fs.statSync(progress))?.toString()).toBe('{"version":1}');
    expect(takePrefetched(deck, fs.statSync(deck))?.toString()).toBe('deck: a\n');
    expect(takePrefetched(other, fs.statSync(other))?.toString()).toBe('deck: b\n');
  });

  it('reads nothing ahead for interactive study (its first card comes from the study index), both for a scripted one', async () => {
    const progress = write('progress.json', '{"version":1}');
    const deck = write('a.yaml', 'deck: a\n');
    prefetchFirstReads('study', ['--tag', 'x', deck], { RECALL_HOME: dir }, dir);
    await prefetched();
    expect([takePrefetched(progress, fs.statSync(progress)), takePrefetched(deck, fs.statSync(deck))]).toEqual([undefined, undefined]);
    for (const answers of [['--answers', 'key.yaml'], ['--answers=key.yaml']]) {
      prefetchFirstReads('study', [deck, ...answers], { RECALL_HOME: dir }, dir);
      await prefetched();
      expect(takePrefetched(progress, fs.statSync(progress))?.toString()).toBe('{"version":1}');
      expect(takePrefetched(deck, fs.statSync(deck))?.toString()).toBe('deck: a\n');
    }
  });

  it('reads nothing for other commands, and decks only for deck commands', async () => {
    const progress = write('progress.json', '{"version":1}');
    const deck = write('a.yaml', 'deck: a\n');
    prefetchFirstReads('config', [deck], { RECALL_HOME: dir }, dir);
    prefetchFirstReads('deck-lint', [deck], { RECALL_HOME: dir }, dir);
    await prefetched();
    expect(takePrefetched(progress, fs.statSync(progress))).toBeUndefined();
    expect(takePrefetched(deck, fs.statSync(deck))?.toString()).toBe('deck: a\n');
  });

  it('holds at most 32 MB read ahead in all: `deck lint decks/*.yaml` does not load every deck at once', async () => {
    const files = ['a.yaml', 'b.yaml', 'c.yaml'].map((n) => write(n, ''));
    for (const f of files) fs.truncateSync(f, 5 * 1024 * 1024 - 1); // each at the deck size limit
    const progress = write('progress.json', '');
    fs.truncateSync(progress, 20 * 1024 * 1024);
    prefetchFirstReads('quiz', ['a.yaml', 'b.yaml', 'c.yaml'], { RECALL_HOME: dir }, dir);
    await prefetched();
    const got = [progress, ...files].map((f) => takePrefetched(f, fs.statSync(f))?.length);
    expect(got).toEqual([20 * 1024 * 1024, 5 * 1024 * 1024 - 1, 5 * 1024 * 1024 - 1, undefined]);
  });

  it('reads at most 8 files ahead: each holds a descriptor until the event loop turns', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `d${i}.yaml`);
    for (const n of names) write(n, `deck: d\n`);
    prefetchFirstReads('deck-lint', names, { RECALL_HOME: dir }, dir);
    await prefetched();
    const got = names.map((n) => takePrefetched(path.join(dir, n), fs.statSync(path.join(dir, n))) !== undefined);
    expect(got.filter(Boolean)).toHaveLength(8);
    expect(got.slice(0, 8)).toEqual(Array(8).fill(true)); // the first ones named: the first read
  });
});
