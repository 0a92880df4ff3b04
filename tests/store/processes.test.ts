// Real processes on one store: two at once (no lost answer), and kill -9 at random moments.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/store.js';
import { readCheckpoint } from '../../src/adapters/checkpoint.js';
import { tempHome } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let buildDir: string;
let driver: string;

beforeAll(async () => {
  // Inside the repo (node_modules/.cache), so the driver resolves proper-lockfile, which the store require()s
  // lazily, from node_modules as the built CLI does.
  const cacheDir = path.join(here, '..', '..', 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  buildDir = fs.mkdtempSync(path.join(cacheDir, 'recall-driver-'));
  driver = path.join(buildDir, 'driver.mjs');
  await build({
    entryPoints: [path.join(here, 'driver-helper.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: driver,
    logLevel: 'silent',
    // bundled CommonJS dependencies (proper-lockfile) call require() for node built-ins
    external: ['proper-lockfile'],
    banner: { js: "import { createRequire as __driverRequire } from 'node:module'; const require = __driverRequire(import.meta.url);" },
  });
});
afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  acked: string[];
  exit: Promise<number | null>;
}

function run(home: string, args: string[]): Run {
  const child = spawn(process.execPath, [driver, ...args], { env: { ...process.env, RECALL_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    acked.push(...parts.filter((p) => p !== '' && p !== 'done'));
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  return { child, acked, exit };
}

describe('store used by several processes', () => {
  it('loses none of 600 answers from two processes appending and checkpointing at the same time', async () => {
    const h = tempHome();
    try {
      const a = run(h.dir, ['a', '300', '7']);
      const b = run(h.dir, ['b', '300', '11']);
      expect(await a.exit).toBe(0);
      expect(await b.exit).toBe(0);
      const store = Store.open(h.env);
      const ids = new Set(store.readJournal().map((e) => e.id));
      expect(ids.size).toBe(600);
      for (const id of [...a.acked, ...b.acked]) expect(ids.has(id)).toBe(true);
      expect(store.states().size).toBe(600);
      expect(store.notices).toEqual([]);
      // the last close() folded the other process's answers into the checkpoint too
      const cp = readCheckpoint(store.progressPath);
      expect(cp.kind === 'ok' && Object.keys(cp.data.cards).length).toBe(600);
    } finally {
      h.cleanup();
    }
  });

  it('keeps every acknowledged answer through 30 kill -9 at random moments, then completes', async () => {
    const h = tempHome();
    const total = 1500; // more than 30 runs get through, so every run is killed mid-way
    const acked: string[] = [];
    try {
      for (let round = 0; round < 30; round++) {
        const r = run(h.dir, ['k', String(total), '9']);
        const target = 1 + Math.floor(Math.random() * 40);
        await new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (r.acked.length >= target || r.child.exitCode !== null) {
              clearInterval(check);
              setTimeout(() => resolve(), Math.random() * 10);
            }
          }, 1);
        });
        expect(r.child.exitCode).toBeNull(); // still running: the kill lands mid-run
        r.child.kill('SIGKILL');
        await r.exit;
        acked.push(...r.acked);
        const store = Store.open(h.env); // loads without error after every kill
        const ids = new Set(store.readJournal().map((e) => e.id));
        for (const id of acked) expect(ids.has(id)).toBe(true);
      }
      const last = run(h.dir, ['k', String(total), '9']);
      expect(await last.exit).toBe(0);
      const store = Store.open(h.env);
      expect(store.states().size).toBe(total);
      const ids = new Set(store.readJournal().map((e) => e.id));
      for (const id of [...acked, ...last.acked]) expect(ids.has(id)).toBe(true);
    } finally {
      h.cleanup();
    }
  }, 150_000); // 31 processes: on a loaded 2-core machine a start alone can take ~1 s, and 60 s timed out
});
