// A deck path can change between recall's look at it and its read: a link re-pointed at a FIFO, a
// file that grows. The built binary is run with a preload that makes the race happen every time
// (fs.statSync of the deck path answers for a regular file; fs.fstatSync of it says size 0, as
// for a file written just after it was looked at), so the reader must rely on what it opened:
// a FIFO is not waited on (recall hung in open()), and a file over the limit is not read past it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

beforeAll(() => ensureBuilt(), 120_000);

let home: ReturnType<typeof tempHome>;
beforeEach(() => (home = tempHome('recall-deck-race-')));
afterEach(() => home.cleanup());
const at = (name: string) => path.join(home.dir, name);

const PRELOAD = `
const fs = require('node:fs');
const path = require('node:path');
const deck = process.env.RACE_DECK;
const stat = fs.statSync, open = fs.openSync, fstat = fs.fstatSync;
const fds = new Set();
if (process.env.RACE_STAT_AS) {
  const regular = stat(process.env.RACE_STAT_AS);
  fs.statSync = function (p, ...rest) { return path.resolve(String(p)) === deck ? regular : stat.call(this, p, ...rest); };
}
if (process.env.RACE_FSTAT_ZERO) {
  fs.openSync = function (p, ...rest) { const fd = open.call(this, p, ...rest); if (path.resolve(String(p)) === deck) fds.add(fd); return fd; };
  fs.fstatSync = function (fd, ...rest) { const s = fstat.call(this, fd, ...rest); if (fds.has(fd)) s.size = 0; return s; };
}
`;

function lint(deck: string, env: Record<string, string>) {
  fs.writeFileSync(at('race.cjs'), PRELOAD);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['-r', at('race.cjs'), path.join(repoRoot, 'bin/recall.cjs'), 'deck', 'lint', deck], {
    cwd: home.dir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', RECALL_HOME: at('store'), RACE_DECK: at(deck), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal, ms: Date.now() - started };
}

describe('a deck path that changes between the look and the read', () => {
  it('a FIFO put in place of the deck is not waited on: exit 1, not a regular file', () => {
    fs.writeFileSync(at('real.yaml'), 'deck: real\ntitle: Real\ncards: []\n');
    spawnSync('mkfifo', [at('pipe.yaml')]);
    const r = lint('pipe.yaml', { RACE_STAT_AS: at('real.yaml') });
    expect(r.signal).toBeNull(); // killed by the timeout: it hung
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/pipe\.yaml:1:1: error FILE_UNREADABLE this is not a regular file/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a file that grew past the limit since its size was checked is not read past it: exit 1, too large', () => {
    fs.writeFileSync(at('big.yaml'), `deck: big\ntitle: Big\ncards: []\n# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    const r = lint('big.yaml', { RACE_FSTAT_ZERO: '1' });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/big\.yaml:1:1: error FILE_TOO_LARGE the file is over 5 MB; decks are limited to 5 MB, so it was not read/);
  });
});
