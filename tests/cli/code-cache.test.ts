// The built binary's V8 code cache (src/boot.ts): written once per command, reused, and never able
// to break a run, whatever is found in its place.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/recall.cjs');
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-code-cache-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const codeDir = () => path.join(home, 'cache', 'code');
const files = () => (fs.existsSync(codeDir()) ? fs.readdirSync(codeDir()).sort() : []);

describe('code cache of the built CLI', () => {
  it('is written after the first run of a command and reused, unchanged, by the next', () => {
    const first = run('deck', 'lint');
    expect(first.code).toBe(0);
    expect(files()).toHaveLength(1);
    const [name] = files();
    expect(name).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}-deck-lint\\.bin$`));
    const file = path.join(codeDir(), name!);
    const before = fs.statSync(file);
    expect(before.size).toBeGreaterThan(10_000);
    expect(before.mode & 0o777).toBe(0o600);

    const second = run('deck', 'lint');
    expect(second).toEqual(first);
    const after = fs.statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('keeps one file per command', () => {
    expect(run('deck', 'lint').code).toBe(0);
    expect(run('decks').code).toBe(0);
    const prefix = `0123456789abcdef-${process.version}-${process.arch}-`.length;
    expect(files().map((f) => f.slice(prefix))).toEqual(['deck-lint.bin', 'decks.bin']);
  });

  it.each([
    ['garbage', () => Buffer.from('not a V8 code cache at all '.repeat(100))],
    ['a truncated cache', (good: Buffer) => good.subarray(0, Math.floor(good.length / 2))],
    ['an empty file', () => Buffer.alloc(0)],
  ])('a run over %s gives the same result and replaces it', (_what, damage) => {
    const clean = run('deck', 'lint');
    const file = path.join(codeDir(), files()[0]!);
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, damage(good));
    expect(run('deck', 'lint')).toEqual(clean);
    expect(fs.readFileSync(file).length).toBeGreaterThan(10_000);
  });

  it('is not written by a run that failed on bad usage, nor by --version and --help', () => {
    expect(run('deck', 'lnt').code).toBe(2);
    expect(run('--version').code).toBe(0);
    expect(run('--help').code).toBe(0);
    expect(fs.existsSync(codeDir())).toBe(false);
  });

  it('removes the caches of other builds when it writes its own', () => {
    fs.mkdirSync(codeDir(), { recursive: true });
    const stale = path.join(codeDir(), `0000000000000000-${process.version}-${process.arch}-deck-lint.bin`);
    fs.writeFileSync(stale, 'old');
    expect(run('deck', 'lint').code).toBe(0);
    expect(fs.existsSync(stale)).toBe(false);
    expect(files()).toHaveLength(1);
  });

  it('costs nothing but speed when the cache folder cannot be written', () => {
    fs.writeFileSync(path.join(home, 'cache'), 'a file where the folder should be');
    const r = run('deck', 'lint');
    expect(r.code).toBe(0);
    expect(r.err).toBe('4 files checked: 0 errors, 0 warnings\n');
  });
});
