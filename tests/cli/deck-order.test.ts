// The order a new student meets the bundled decks: the lesson's decks as the lesson teaches them,
// then the deep dive beyond it (src/adapters/deck-files.ts BUNDLED_ORDER). Through the built binary,
// as `npm start` runs it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_ORDER } from '../../src/adapters/deck-files.js';

const root = path.resolve(import.meta.dirname, '../..');
const LESSON = ['iam-users-vs-roles', 'iam-trust-vs-permissions', 'iam-exam-signals', 'iam-exam-deep-dive'];
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-deck-order-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, RECALL_NOW: '2026-11-29T12:00:00Z', NO_COLOR: '1', TZ: 'UTC' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bundled deck order', () => {
  it('starts a new student (npm start: recall study, no deck named) on the lesson\'s first deck', () => {
    // Answers for the first card of the lesson's first deck and of the deep dive: --limit 1 answers
    // only the card the queue puts first.
    const answers = path.join(home, 'answers.yaml');
    fs.writeFileSync(answers, 'iam-users-vs-roles/user-definition: c\niam-exam-deep-dive/passrole-launch-ec2: a\n');
    const r = run('--answers', answers, '--limit', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^good\s+iam-users-vs-roles\/user-definition/);
    // no review line for the deep dive's card: --limit 1 left it out, and the summary says so
    expect(r.out).not.toMatch(/^\w+\s+iam-exam-deep-dive/m);
    expect(r.out).toContain("Not used: 1 answer for cards not in today's queue (iam-exam-deep-dive/passrole-launch-ec2)");
  });

  it('lists the decks in the lesson order, the deep dive last', () => {
    const r = run('decks');
    expect(r.code).toBe(0);
    const ids = r.out.split('\n').slice(1, -2).map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual(LESSON);
  });

  it('gives every bundled deck its place, and the README lists them in that order', () => {
    const files = fs.readdirSync(path.join(root, 'decks')).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, ''));
    expect([...BUNDLED_ORDER].sort()).toEqual(files.sort());
    expect(BUNDLED_ORDER).toEqual(LESSON);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Bundled decks'));
    const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).slice(0, BUNDLED_ORDER.length);
    expect(rows).toEqual([...BUNDLED_ORDER]);
  });
});
