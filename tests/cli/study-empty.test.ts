// An interactive study session with nothing in its queue says why, and what to run instead.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/study.js';
import type { Io } from '../../src/io.js';
import { recall, tempHome } from '../helpers/cli.js';

const DECK = `deck: limits
title: Limits
cards:
  - { id: one, type: basic, front: One?, back: one }
  - { id: two, type: basic, front: Two?, back: two }
  - { id: three, type: basic, front: Three?, back: three }
`;
const NOW = '2026-03-01T10:00:00Z';

/** A terminal on both ends, so study runs interactively; what it prints is collected. */
function ttyIo(env: Record<string, string>, cwd: string): Io & { out: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  return { stdout, stderr: new PassThrough(), stdin, env, cwd, out: () => out };
}

describe('study with nothing to study', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  beforeEach(() => {
    home = tempHome();
    fs.writeFileSync(path.join(home.dir, 'limits.yaml'), DECK);
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW, NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => home.cleanup());

  it('says when the daily new-card limit is used up and suggests --new N', async () => {
    expect((await recall(['config', 'set', 'new-per-day', '1'], { env, cwd: home.dir })).code).toBe(0);
    const first = await recall(['study', 'limits.yaml', '--answers', '-'], { env, cwd: home.dir, stdin: 'one: easy\n' }); // Easy: not due again today
    expect(first.code, first.err).toBe(0);
    const io = ttyIo(env, home.dir);
    expect(await run({ decks: ['limits.yaml'] }, io)).toBe(0);
    const out = io.out();
    expect(out).toContain("Today's new cards are used up: 1 introduced, the daily limit is 1 (new-per-day).");
    expect(out).toContain('2 new cards are waiting. To start more now: recall study limits.yaml --new 2');
    expect(out).toContain('recall config set new-per-day 11');
    expect(out).not.toContain('Nothing to study');
  });

  it('keeps the deck and tag arguments in the suggestion, quoted for the shell', async () => {
    expect((await recall(['config', 'set', 'new-per-day', '0'], { env, cwd: home.dir })).code).toBe(0);
    fs.copyFileSync(path.join(home.dir, 'limits.yaml'), path.join(home.dir, 'my limits.yaml'));
    fs.rmSync(path.join(home.dir, 'limits.yaml'));
    const io = ttyIo(env, home.dir);
    expect(await run({ decks: ["my limits.yaml"] }, io)).toBe(0);
    expect(io.out()).toContain("To start more now: recall study 'my limits.yaml' --new 3");
  });

  it('says nothing is due when every card is seen and none is due', async () => {
    await recall(['study', 'limits.yaml', '--new', '3', '--answers', '-'], { env, cwd: home.dir, stdin: 'one: easy\ntwo: easy\nthree: easy\n' });
    const io = ttyIo({ ...env, RECALL_NOW: '2026-03-01T10:30:00Z' }, home.dir);
    expect(await run({ decks: ['limits.yaml'] }, io)).toBe(0);
    expect(io.out()).toMatch(/Nothing is due now\. The next card is due 2026-03-0\d \d\d:\d\d\./);
    expect(io.out()).not.toContain('used up');
  });

  it('with --new 0 says how many new cards it left out, not that the decks hold nothing', async () => {
    const fresh = ttyIo(env, home.dir);
    expect(await run({ decks: ['limits.yaml'], new: 0 }, fresh)).toBe(0);
    expect(fresh.out()).toContain('Nothing is due (--new 0 leaves out 3 new cards).');
    expect(fresh.out()).not.toContain('Nothing to study in these decks');
    // one seen and due later: the next due time, and the two still new
    await recall(['study', 'limits.yaml', '--answers', '-'], { env, cwd: home.dir, stdin: 'one: easy\n' });
    const later = ttyIo({ ...env, RECALL_NOW: '2026-03-01T10:30:00Z' }, home.dir);
    expect(await run({ decks: ['limits.yaml'], new: 0 }, later)).toBe(0);
    expect(later.out()).toMatch(/Nothing is due now \(--new 0 leaves out 2 new cards\)\. The next card is due \d{4}-\d\d-\d\d \d\d:\d\d\./);
  });
});
