// The built binary's V8 code cache (src/boot.ts): written once per command, reused, and never able
// to break a run, whatever is found in its place.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ONE_CARD_DECK } from '../helpers/cli.js';

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

describe('the built CLI bundle', () => {
  it('is ASCII only, so node reads it without a UTF-8 decode and V8 holds it as a one-byte string', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist/cli.cjs'));
    const at = bundle.findIndex((b) => b > 0x7f);
    expect(at === -1 ? '' : bundle.subarray(Math.max(0, at - 60), at + 20).toString('utf8')).toBe('');
  });
});

describe('the built bundles and Node built-ins', () => {
  // scripts/build.mjs: a default import of a built-in made a fresh copy of getters over it in every
  // module that wrote it (~40 copies before study's first card, ~15 page faults each for fs).
  it.each(['dist/cli.cjs', 'dist/boot.cjs'])('%s requires fs, path, os and vm once each, not once per importing module', (file) => {
    const text = fs.readFileSync(path.join(root, file), 'latin1');
    for (const name of ['fs', 'path', 'os', 'vm']) {
      // The built-in's one module: its default, and its names re-exported.
      const requires = text.split(`require("node:${name}")`).length - 1;
      expect({ name, requires }).toEqual({ name, requires: text.includes(`"node:${name}"`) ? 2 : 0 });
    }
  });
});

describe('the built CLI bundle, as boot compiles it', () => {
  it('is the bundle inside the CommonJS wrapper, so boot compiles the file as it reads it', () => {
    const text = fs.readFileSync(path.join(root, 'dist/cli.cjs'), 'latin1');
    expect(text.startsWith('(function (exports, require, module, __filename, __dirname) {')).toBe(true);
    expect(text.endsWith('\n})')).toBe(true);
    // What the file gives is the CLI (--version and --help never load it).
    const r = run('deck', 'lint');
    expect([r.code, r.out]).toEqual([0, '']);
    expect(r.err).toMatch(/^\d+ files checked: 0 errors/);
  });
});

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

  it('is reused after a run that linted a big deck in process, which tunes V8 while it lints (young-gen.ts)', () => {
    // 2,500 cards (~300 KB): past BIG_FROM_BYTES, linted on the main thread by deck lint.
    const cards = Array.from({ length: 2500 }, (_, i) => `  - id: c${i}\n    type: basic\n    front: "What is the code word for item number ${i} of the list?"\n    back: "word ${i}"\n`);
    const deck = path.join(home, 'big.yaml');
    fs.writeFileSync(deck, `deck: big\ntitle: Big\ncards:\n${cards.join('')}`);
    expect(fs.statSync(deck).size).toBeGreaterThan(256 * 1024);
    expect(run('deck', 'lint', deck).code).toBe(0);
    const file = path.join(codeDir(), files()[0]!);
    const before = fs.statSync(file);
    // The flag hash V8 stamps on a cache is what a normal start has: the next start takes it.
    fs.rmSync(path.join(home, 'cache', 'decks'), { recursive: true });
    expect(run('deck', 'lint', deck).code).toBe(0);
    const after = fs.statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('is reused after a scripted study, which holds the young generation steady while it answers (young-gen.ts)', () => {
    const deck = path.join(home, 'geo.yaml');
    fs.writeFileSync(deck, ONE_CARD_DECK);
    const answers = path.join(home, 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ flat: false }));
    expect(run('study', deck, '--answers', answers).code).toBe(0);
    const file = path.join(codeDir(), files()[0]!);
    const before = fs.statSync(file);
    expect(run('study', deck, '--answers', answers).code).toBe(0);
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
    ['a zero-filled tail', (good: Buffer) => Buffer.concat([good.subarray(0, good.length >> 1), Buffer.alloc(good.length - (good.length >> 1))])],
    ['random bytes', (good: Buffer) => randomBytes(good.length)],
    ['one flipped byte', (good: Buffer) => Buffer.from(good).fill(good[good.length - 100]! ^ 1, good.length - 100, good.length - 99)],
    ['the V8 data without its signature', (good: Buffer) => good.subarray(32)],
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

  it('keeps one file per command, not one per deck argument', () => {
    expect(run('deck', 'lint', 'decks').code).toBe(0);
    expect(run('deck', 'lint', 'tests/fixtures/decks/valid').code).toBe(0);
    expect(run('stats', 'decks').code).toBe(0);
    expect(run('stats', 'iam-trust-vs-permissions').code).toBe(0);
    expect(run('decks').code).toBe(0);
    const prefix = `0123456789abcdef-${process.version}-${process.arch}-`.length;
    expect(files().map((f) => f.slice(prefix))).toEqual(['deck-lint.bin', 'decks.bin', 'stats.bin']);
  });

  it('gives exam and analyze files of their own, apart from study (the default command)', () => {
    // Each command compiles different functions: sharing study's file, `recall exam` after a study
    // compiled its own code from source on every run (and a first exam filled study's file).
    const report = path.join(home, 'report.json');
    const deck = path.join(root, 'tests/fixtures/e2e/all-types.yaml');
    const key = path.join(root, 'tests/fixtures/e2e/all-types.answers.yaml');
    expect(run('quiz', deck, '--answers', key, '--reporter', 'json', '--output', report).code).toBe(0);
    expect(run('exam').code).toBe(0);
    expect(run('analyze', report).code).toBe(0);
    expect(run('exam', 'set', '2099-12-20').code).toBe(0); // the real clock: a date that stays ahead (a past one is exit 2)
    expect(run('study', deck, '--answers', key).code).toBe(0);
    const prefix = `0123456789abcdef-${process.version}-${process.arch}-`.length;
    expect(files().map((f) => f.slice(prefix))).toEqual(['analyze.bin', 'exam.bin', 'quiz.bin', 'study.bin']);
  });

  // V8 checks only the source length: a cache compiled from other code of the same length runs
  // in place of recall (reproduced on the build before the signature: "PWNED", exit 0).
  it.each([
    ['unsigned', ''],
    ['behind a made-up signature', 'ab'.repeat(32)],
  ])('a planted cache compiled from other code of the same length never runs (%s)', (_what, prefix) => {
    const broken = 'tests/fixtures/decks/broken/missing-field.yaml';
    const clean = run('deck', 'lint', broken);
    expect(clean.code).toBe(1);
    const file = path.join(codeDir(), files()[0]!);
    const plant = spawnSync(process.execPath, [path.join(root, 'tests/fixtures/attack/plant-code-cache.cjs'), path.join(root, 'dist/cli.cjs'), file, prefix], { encoding: 'utf8' });
    expect(plant.status).toBe(0);
    const r = run('deck', 'lint', broken);
    expect(r.out).not.toContain('PWNED');
    expect(r).toEqual(clean);
  });

  it('signs with a key in the store folder, mode 0600, and trusts no key it did not make', () => {
    expect(run('deck', 'lint').code).toBe(0);
    const key = path.join(home, 'cache.key');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(key).size).toBe(32);
    const file = path.join(codeDir(), files()[0]!);
    const signed = fs.statSync(file);
    // A key others can read is not a secret: not used, not chmod'ed, and the cache is not read.
    fs.chmodSync(key, 0o644);
    expect(run('deck', 'lint').code).toBe(0);
    expect(fs.statSync(key).mode & 0o777).toBe(0o644);
    expect(fs.statSync(file).mtimeMs).toBe(signed.mtimeMs); // no key: nothing read, nothing written
    // A symlink in place of the key is never followed (here: to a key the attacker knows).
    fs.rmSync(key);
    const known = path.join(home, 'known.key');
    fs.writeFileSync(known, Buffer.alloc(32, 1), { mode: 0o600 });
    fs.symlinkSync(known, key);
    expect(run('deck', 'lint').code).toBe(0);
    expect(fs.lstatSync(key).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(known)).toEqual(Buffer.alloc(32, 1));
  });

  it('removes only its own files from the cache folder', () => {
    fs.mkdirSync(codeDir(), { recursive: true });
    const mine = ['notes.txt', 'thesis.tmp-backup.docx', 'deck-lint.bin', `0000000000000000-${process.version}-${process.arch}-deck-lint.bin.bak`];
    for (const n of mine) fs.writeFileSync(path.join(codeDir(), n), 'user data');
    const old = new Date(Date.now() - 3600_000);
    const staleTemp = path.join(codeDir(), `x-deck-lint.bin.4242.deadbeef.recall-tmp`);
    const liveTemp = path.join(codeDir(), `x-deck-lint.bin.4243.deadbeef.recall-tmp`);
    fs.writeFileSync(staleTemp, '');
    fs.utimesSync(staleTemp, old, old);
    fs.writeFileSync(liveTemp, '');
    expect(run('deck', 'lint').code).toBe(0);
    for (const n of mine) expect(fs.readFileSync(path.join(codeDir(), n), 'utf8')).toBe('user data');
    expect(fs.existsSync(staleTemp)).toBe(false);
    expect(fs.existsSync(liveTemp)).toBe(true);
  });

  it('does not write through a symlink planted in place of the code folder', () => {
    const elsewhere = path.join(home, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.mkdirSync(path.join(home, 'cache'));
    fs.symlinkSync(elsewhere, codeDir());
    expect(run('deck', 'lint').code).toBe(0);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('costs nothing but speed when the cache folder cannot be written', () => {
    fs.writeFileSync(path.join(home, 'cache'), 'a file where the folder should be');
    const r = run('deck', 'lint');
    expect(r.code).toBe(0);
    expect(r.err).toBe('4 files checked: 0 errors, 0 warnings\n');
  });
});
