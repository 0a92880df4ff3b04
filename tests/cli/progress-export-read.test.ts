// `recall progress export` reads the journal while it writes the export (store-history.ts streams
// it): a journal that cannot be read is reported as such, with its own message and exit code, not
// as a failure to write the export file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { recall, tempHome } from '../helpers/cli.js';

const failing = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/adapters/store-history.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/adapters/store-history.js')>();
  return {
    ...real,
    journalEntries: (...args: Parameters<typeof real.journalEntries>) => {
      if (failing.on) throw new StoreError(`cannot read ${args[0]}: EIO (an input/output error)`, 'STORE_IO');
      return real.journalEntries(...args);
    },
  };
});

let home: ReturnType<typeof tempHome>;
beforeEach(() => (home = tempHome()));
afterEach(() => {
  failing.on = false;
  home.cleanup();
});

it('reports a journal it cannot read as the store error it is, not as "cannot write" the export', async () => {
  const env = { RECALL_HOME: home.dir, RECALL_NOW: '2026-03-10T10:00:00Z' };
  failing.on = true;
  const out = path.join(home.dir, 'export.json');
  const r = await recall(['progress', 'export', out], { env });
  expect(r.err).toMatch(/cannot read .*journal\.jsonl: EIO/);
  expect(r.err).not.toMatch(/cannot write/);
  expect(r.code).toBe(2);
  // The export file is not left as if it were whole.
  expect(fs.existsSync(out) ? fs.readFileSync(out, 'utf8').endsWith('}\n') : false).toBe(false);
});

it('leaves no partial export behind, and with --force keeps the file it was to replace', async () => {
  const env = { RECALL_HOME: home.dir, RECALL_NOW: '2026-03-10T10:00:00Z' };
  failing.on = true;
  const fresh = path.join(home.dir, 'fresh.json');
  expect((await recall(['progress', 'export', fresh], { env })).code).toBe(2);
  expect(fs.existsSync(fresh)).toBe(false);
  const old = path.join(home.dir, 'backup.json');
  fs.writeFileSync(old, 'last week\n');
  expect((await recall(['progress', 'export', old, '--force'], { env })).code).toBe(2);
  expect(fs.readFileSync(old, 'utf8')).toBe('last week\n');
  expect(fs.readdirSync(home.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
});
