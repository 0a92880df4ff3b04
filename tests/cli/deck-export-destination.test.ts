// `recall deck export` checks where its output goes before it builds it: a package of a big deck
// takes seconds, and a missing folder or an existing file was reported only after them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const built = vi.hoisted(() => ({ packages: 0 }));
vi.mock('../../src/adapters/anki-package-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/anki-package-write.js')>();
  return { ...real, packageBytes: (...args: Parameters<typeof real.packageBytes>) => (built.packages++, real.packageBytes(...args)) };
});

const work = workFolder();
const DECK = 'deck: out\ntitle: Out\ncards:\n  - id: a\n    type: basic\n    front: q\n    back: a\n';

describe('deck export checks its destination first', () => {
  it.each([
    ['a folder that does not exist', ['-o', 'no-such-folder/out.apkg'], /cannot write no-such-folder\/out\.apkg: the folder no-such-folder does not exist/],
    ['a file already there, without --force', ['-o', 'taken.apkg'], /taken\.apkg already exists; pass --force to replace it/],
  ])('refuses %s before building the package (exit 2)', async (_what, args, message) => {
    work.write('out.yaml', DECK);
    work.write('taken.apkg', 'mine');
    built.packages = 0;
    const r = await work.run(['deck', 'export', 'out.yaml', '--format', 'apkg', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(built.packages).toBe(0);
    expect(work.read('taken.apkg')).toBe('mine');
  });

  it('still builds and writes the package when the destination is fine, and replaces with --force', async () => {
    work.write('out.yaml', DECK);
    work.write('taken.apkg', 'mine');
    built.packages = 0;
    expect((await work.run(['deck', 'export', 'out.yaml', '--format', 'apkg', '-o', 'new.apkg'])).code).toBe(0);
    expect((await work.run(['deck', 'export', 'out.yaml', '--format', 'apkg', '-o', 'taken.apkg', '--force'])).code).toBe(0);
    expect(built.packages).toBe(2);
    expect(fs.statSync(path.join(work.dir, 'taken.apkg')).size).toBeGreaterThan(1000);
  });

  it('refuses a named file it cannot write before loading the decks: a broken deck is not even linted', async () => {
    work.write('broken.yaml', 'deck: broken\ncards: 7\n');
    const r = await work.run(['deck', 'export', 'broken.yaml', '--format', 'csv', '-o', 'nope/out.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the folder nope does not exist/);
    expect(r.err).not.toMatch(/broken|error/i);
  });

  it('refuses csv output into a missing folder with the same message', async () => {
    work.write('out.yaml', DECK);
    const r = await work.run(['deck', 'export', 'out.yaml', '--format', 'csv', '-o', 'nope/out.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the folder nope does not exist/);
  });
});
