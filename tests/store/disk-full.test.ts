// A real full disk: a tiny tmpfs. Needs root (mount); skipped where mounting is not permitted.
// The simulated disk-full tests in store.test.ts run everywhere.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store, SCRIPTED_BATCH } from '../../src/adapters/store.js';
import { review, canMount, mountTmpfs, unmount } from './helpers.js';
import { cleanTemps, ensureBuilt, exportProgress, recall, tempDir, writeGeneratedDeck } from '../e2e/helpers.js';

afterAll(cleanTemps);

/** Fills the file system with 4 KB files; returns them so a test can free a few pages. */
function fill(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; ; i++) {
    const f = path.join(dir, `filler-${i}`);
    try {
      fs.writeFileSync(f, Buffer.alloc(4096, 1));
      files.push(f);
    } catch {
      fs.rmSync(f, { force: true });
      return files;
    }
  }
}

describe.skipIf(!canMount)('Store on a real full disk (tmpfs)', () => {
  it('refuses the append that does not fit and keeps every answer before it', () => {
    const dir = mountTmpfs('64k')!;
    try {
      const env = { RECALL_HOME: path.join(dir, 'store') };
      const s = Store.open(env);
      let saved = 0;
      let err: unknown;
      for (let i = 0; i < 1000 && err === undefined; i++) {
        try {
          s.append(review('d', `c${i}`, i));
          saved++;
        } catch (e) {
          err = e;
        }
      }
      expect(err).toMatchObject({ code: 'DISK_FULL' });
      expect(saved).toBeGreaterThan(0);
      try {
        s.close(); // releases the journal fd (its checkpoint may not fit either)
      } catch {}
      const text = fs.readFileSync(s.journalPath, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const again = Store.open(env);
      expect(again.readJournal()).toHaveLength(saved);
      expect(again.states().size).toBe(saved);
      expect(again.notices).toEqual([]);
    } finally {
      unmount(dir);
    }
  });

  it('keeps the previous progress.json readable when a checkpoint does not fit', () => {
    const dir = mountTmpfs('512k')!;
    try {
      const env = { RECALL_HOME: path.join(dir, 'store') };
      const s0 = Store.open(env);
      for (let i = 0; i < 5; i++) s0.append(review('d', `c${i}`, i));
      s0.close();
      const good = fs.readFileSync(s0.progressPath);
      const s = Store.open(env, { checkpointEvery: 1e9 });
      for (let i = 5; i < 400; i++) s.append(review('d', `c${i}`, i));
      const fillers = fill(dir);
      // room for the backup copy of the small old file, not for the big new one
      fillers.slice(0, 3).forEach((f) => fs.rmSync(f));
      expect(() => s.checkpoint()).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
      expect(fs.readFileSync(s.progressPath)).toEqual(good);
      expect(fs.readdirSync(path.join(dir, 'store')).filter((n) => n.includes('.tmp-'))).toEqual([]);
      expect(() => s.close()).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
      const again = Store.open(env);
      expect(again.notices).toEqual([]);
      expect(again.states().size).toBe(400); // the journal has every answer
    } finally {
      unmount(dir);
    }
  });

  it('recall study --answers on a full disk: every printed answer is saved, the lost batch is named, exit 2', async () => {
    await ensureBuilt();
    const dir = mountTmpfs('256k')!;
    try {
      const home = path.join(dir, 'home');
      // The deck and its answers live off the small disk; the store and its caches on it.
      const { deckPath, answersPath } = writeGeneratedDeck(tempDir(), 'gen-full', 1500);
      const run = recall(['study', deckPath, '--answers', answersPath, '--new', '1500'], { home, timeout: 60_000 });
      expect(run.code).toBe(2);
      const lost = /^recall: disk full: the last (\d+) answers were not saved; every answer reported before them is safe$/m.exec(run.stderr);
      expect(lost, run.stderr).not.toBeNull();
      expect(Number(lost![1])).toBeLessThanOrEqual(SCRIPTED_BATCH);
      expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
      const printed = run.stdout.split('\n').map((l) => /^(?:again|hard|good|easy) +gen-full\/(\S+) {2}next due /.exec(l)?.[1]).filter((id): id is string => id !== undefined);
      expect(printed.length).toBeGreaterThan(0);
      expect(printed.length).toBeLessThan(1500);
      const { data } = exportProgress(home);
      // exactly what was printed: the batch that did not fit is not half there
      expect(data.reviews.map((r) => r.card).sort()).toEqual([...printed].sort());
    } finally {
      unmount(dir);
    }
  }, 90_000);

  it('recall config set and exam set on a full disk: say the value was not changed, and it was not, exit 2', async () => {
    await ensureBuilt();
    const dir = mountTmpfs('64k')!;
    try {
      const home = path.join(dir, 'home');
      expect(recall(['config', 'set', 'retention', '0.85'], { home }).code).toBe(0);
      fill(dir);
      // tmpfs gives each file a page: a few more small files take what the 4 KB ones left.
      for (let i = 0; i < 64; i++) {
        try {
          fs.writeFileSync(path.join(dir, `crumb-${i}`), 'x');
        } catch {
          break;
        }
      }
      const set = recall(['config', 'set', 'retention', '0.8'], { home });
      expect(set.code).toBe(2);
      // Before, only "disk full: could not save .../progress.json ...; your answers are safe".
      expect(set.stderr).toMatch(/^recall: retention was not changed: disk full: /);
      expect(set.stdout).toBe('');
      expect(recall(['config', 'get', 'retention'], { home }).stdout).toBe('0.85\n');
      const exam = recall(['exam', 'set', '2026-12-20'], { home });
      expect(exam.code).toBe(2);
      expect(exam.stderr).toMatch(/^recall: the exam was not set: disk full: /);
    } finally {
      unmount(dir);
    }
  }, 60_000);

  it('recall progress import on a full disk: says the journal is full and how many reviews went in, exit 2', async () => {
    await ensureBuilt();
    const dir = mountTmpfs('256k')!;
    try {
      const home = path.join(dir, 'home');
      // The export lives off the small disk. Before, the journal's StoreError thrown inside the
      // streamed read came out as "cannot read FILE: DISK_FULL", blaming the file being imported.
      const reviews = Array.from({ length: 6_000 }, (_, i) => {
        const { op: _op, ...r } = review('d', `c${i}`, i);
        return r;
      });
      const file = path.join(tempDir(), 'export.json');
      fs.writeFileSync(file, JSON.stringify({ format: 'recall-progress', version: 1, exportedAt: '2026-03-02T10:00:00.000Z', cards: [], reviews }));
      const run = recall(['progress', 'import', file], { home, timeout: 60_000 });
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/cannot read/);
      const said = /^recall: disk full: .*; (\d+) of the file's reviews were imported before it \(fix that and run the import again: reviews already here are skipped\)$/m.exec(run.stderr);
      expect(said, run.stderr).not.toBeNull();
      const { data } = exportProgress(home);
      expect(data.reviews.length).toBe(Number(said![1]));
      expect(data.reviews.length).toBeLessThan(6_000);
    } finally {
      unmount(dir);
    }
  }, 90_000);
});
