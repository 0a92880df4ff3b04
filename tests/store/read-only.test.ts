// Read-only commands (stats, decks, progress export/path, config list/get) never write the store,
// even when the checkpoint is far behind: they replay in memory. So they work on a read-only
// mount and on a full disk. Mounting needs root; those tests are skipped where it is not allowed.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/store.js';
import { recall, repoRoot } from '../helpers/cli.js';
import { lines, review, canMount, mountTmpfs, unmount } from './helpers.js';

const READ_ONLY = [['stats'], ['decks'], ['progress', 'export'], ['progress', 'path'], ['config', 'list'], ['config', 'get', 'retention']];
const bin = path.join(repoRoot, 'bin', 'recall.cjs');
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** A store whose checkpoint is 600 entries behind the journal, which ends in a torn line. */
function behindStore(dir: string): Record<string, string> {
  const env = { RECALL_HOME: dir };
  const s = Store.open(env);
  s.append(review('d', 'c0', 0));
  s.close();
  const more = Array.from({ length: 600 }, (_, i) => review('d', `c${i + 1}`, i + 1));
  fs.appendFileSync(s.journalPath, lines(more) + '{"id":"torn');
  return env;
}

/** Every file of the store (not the caches), with its bytes, mode and mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) {
    if (name === 'cache' || name === 'cache.key') continue; // derived data, see README
    const s = fs.lstatSync(path.join(dir, name));
    const hash = s.isFile() ? createHash('sha1').update(fs.readFileSync(path.join(dir, name))).digest('hex') : 'dir';
    out[name] = `${hash} ${s.mode.toString(8)} ${s.mtimeMs}`;
  }
  return out;
}

function binary(env: Record<string, string>, args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000, input: stdin, env: { PATH: process.env.PATH, HOME: os.tmpdir(), NO_COLOR: '1', TZ: 'UTC', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('read-only commands never write the store', () => {
  it('leave every store file as it was, with the checkpoint 600 entries behind and a torn tail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-ro-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const env = behindStore(dir);
    const before = snapshot(dir);
    for (const args of READ_ONLY) {
      const r = await recall(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
      expect(snapshot(dir), args.join(' ')).toEqual(before);
    }
    const exported = JSON.parse((await recall(['progress', 'export'], { env })).out);
    expect(exported.cards).toHaveLength(601); // replayed in memory
  });

  it('use the journal in memory when progress.json is damaged, and leave it where it is', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-ro-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const env = behindStore(dir);
    fs.writeFileSync(path.join(dir, 'progress.json'), '{"half');
    const before = snapshot(dir);
    const r = await recall(['progress', 'export'], { env });
    expect(r.code).toBe(0);
    expect(r.err).toContain('progress.json is damaged');
    expect(JSON.parse(r.out).cards).toHaveLength(601);
    expect(snapshot(dir)).toEqual(before);
  });

  it('do not create a store that does not exist', async () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-ro-'));
    cleanups.push(() => fs.rmSync(top, { recursive: true, force: true }));
    const env = { RECALL_HOME: path.join(top, 'none') };
    for (const args of [['stats'], ['progress', 'export'], ['config', 'list']]) expect((await recall(args, env && { env })).code).toBe(0);
    expect(fs.readdirSync(path.join(top, 'none')).filter((n) => n !== 'cache' && n !== 'cache.key')).toEqual([]);
  });
});

// ---- real mounts (tests/store/helpers.ts) -------------------------------------------------------

describe.skipIf(!canMount)('on a read-only mount and a full disk (tmpfs)', () => {
  it('read-only commands work on a read-only mount; a writing command is exit 2 naming the file (EROFS)', { timeout: 180_000 }, () => {
    const mnt = mountTmpfs('8m')!;
    cleanups.push(() => unmount(mnt));
    const env = behindStore(path.join(mnt, 'store'));
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    cleanups.push(() => execFileSync('mount', ['-o', 'remount,rw', mnt]));
    for (const args of READ_ONLY) {
      const r = binary(env, args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const w = binary(env, ['config', 'set', 'retention', '0.85']);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/recall: cannot (read|write|create) \S+: EROFS/);
    expect(w.err).toContain(mnt);
  });

  it('read-only commands work on a full disk; a quiz says its whole submission was not saved', { timeout: 180_000 }, () => {
    const mnt = mountTmpfs('2m')!;
    cleanups.push(() => unmount(mnt));
    const env = behindStore(path.join(mnt, 'store'));
    // No torn tail to cut (that would free room), and the journal ends on a page boundary, so the
    // submission needs a new page of a full tmpfs (blank lines are skipped on replay).
    const journal = path.join(mnt, 'store', 'journal.jsonl');
    const text = fs.readFileSync(journal, 'utf8');
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    fs.writeFileSync(journal, whole + '\n'.repeat(4096 - (Buffer.byteLength(whole) % 4096)));
    for (let i = 0; ; i++) {
      try {
        fs.writeFileSync(path.join(mnt, `filler-${i}`), Buffer.alloc(4096, 1));
      } catch {
        break;
      }
    }
    for (const args of READ_ONLY) {
      const r = binary(env, args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
    const q = binary(env, ['quiz', 'iam-trust-vs-permissions', '--answers', '-'], JSON.stringify({ 'iam-trust-vs-permissions/trust-policy-typed': 'trust policy' }));
    expect(q.code).toBe(2);
    expect(q.err).toContain('whole submission was not saved');
  });
});
