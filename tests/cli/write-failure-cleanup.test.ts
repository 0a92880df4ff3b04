// A file recall writes for the user (deck export -o, deck import -o, progress export FILE) that
// cannot be written whole (a full disk; here a file-size limit, which fails a write with EFBIG as
// a full disk fails it with ENOSPC, and needs no privileges) leaves nothing behind: not a partial
// file at the destination (it reads as a deck and blocks the next try without --force), not the
// temp file of a --force replacement, and an old file replaced with --force stays as it was.
// Node ignores SIGXFSZ, so the write fails instead of killing the process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

beforeAll(() => ensureBuilt(), 120_000);

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome('recall-write-failure-');
  fs.mkdirSync(path.join(home.dir, 'work'));
});
afterEach(() => home.cleanup());

const work = (name = '') => path.join(home.dir, 'work', name);

/** recall with files limited to `kb` KB (bash's ulimit -f counts 1 KB blocks). */
function limited(kb: number, args: string[], stdin = '') {
  const r = spawnSync('bash', ['-c', `ulimit -f ${kb}; exec "$@"`, 'bash', process.execPath, path.join(repoRoot, 'bin/recall.cjs'), ...args], {
    cwd: work(),
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2026-03-10T10:00:00Z' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A deck whose CSV export is ~40 KB. */
function bigDeck(): string {
  const cards = Array.from({ length: 200 }, (_, i) => `  - id: c${i}\n    type: basic\n    front: ${'question text '.repeat(10)}${i}\n    back: ${'answer text '.repeat(10)}${i}\n`);
  fs.writeFileSync(work('big.yaml'), `deck: big\ntitle: Big\ncards:\n${cards.join('')}`);
  return 'big.yaml';
}

describe('a write that fails part way leaves nothing behind', () => {
  it('deck export -o FILE: no partial FILE, exit 2 with the reason in words', () => {
    const deck = bigDeck();
    const r = limited(8, ['deck', 'export', deck, '--format', 'csv', '-o', 'out.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recall: cannot write out\.txt: the file is too large \(EFBIG\)$/m);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(work()).sort()).toEqual(['big.yaml']);
    // and the next try, with room, is not refused as "already exists"
    expect(limited(1024, ['deck', 'export', deck, '--format', 'csv', '-o', 'out.txt']).code).toBe(0);
  });

  it('deck export -o FILE --force: the old FILE stays whole and no temp file is left', () => {
    const deck = bigDeck();
    fs.writeFileSync(work('out.txt'), 'last week\n');
    const r = limited(8, ['deck', 'export', deck, '--format', 'csv', '-o', 'out.txt', '--force']);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(work('out.txt'), 'utf8')).toBe('last week\n');
    expect(fs.readdirSync(work()).sort()).toEqual(['big.yaml', 'out.txt']);
  });

  it('deck import -o FILE: no partial deck left', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${'front text '.repeat(8)}${i}\t${'back text '.repeat(8)}${i}`);
    fs.writeFileSync(work('anki.txt'), `#separator:tab\n#html:false\n${rows.join('\n')}\n`);
    const r = limited(8, ['deck', 'import', 'anki.txt', '-o', 'imported.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write imported\.yaml: the file is too large \(EFBIG\)/);
    expect(fs.readdirSync(work()).sort()).toEqual(['anki.txt']);
  });

  it('progress export FILE says why in words', () => {
    const deck = bigDeck();
    const answers = JSON.stringify(Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`c${i}`, 'good'])));
    expect(limited(100_000, ['study', deck, '--new', '200', '--answers', '-'], answers).code).toBe(0);
    const r = limited(8, ['progress', 'export', 'backup.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recall: cannot write backup\.json: the file is too large \(EFBIG\)$/m);
    expect(fs.readdirSync(work()).sort()).toEqual(['big.yaml']);
  });
});
