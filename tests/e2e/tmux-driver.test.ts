// The tmux driver the real-terminal tests share. Its kill() must leave nothing running: a recall
// still saving on SIGHUP after the test has moved on wrote into a temp home while cleanTemps was
// removing it, and the suite failed with ENOTEMPTY (CI of 68a00f0, tests/e2e/exam.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import { ALL_TYPES, cleanTemps, endTerminals, ensureBuilt, tempDir, Tmux } from './helpers.js';

beforeAll(ensureBuilt);
afterAll(cleanTemps);

/** Pids of processes whose environment names this RECALL_HOME. */
function processesOfHome(home: string): number[] {
  const mark = `RECALL_HOME=${home}\0`;
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').includes(mark)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

it('kill() returns only once the recall in the pane has exited', async () => {
  for (let round = 0; round < 3; round++) {
    const home = tempDir();
    const t = new Tmux();
    t.start(['study', ALL_TYPES], home);
    await t.waitFor(/^\? /m, 'the first question');
    expect(processesOfHome(home).length).toBeGreaterThan(0); // the probe sees the running recall
    t.kill();
    expect(processesOfHome(home)).toEqual([]);
  }
});

it('endTerminals() kills every driver a test left running, and only once', async () => {
  const homes = [tempDir(), tempDir()];
  const drivers = homes.map(() => new Tmux());
  drivers.forEach((t, i) => t.start(['study', ALL_TYPES], homes[i]!));
  for (const t of drivers) await t.waitFor(/^\? /m, 'the first question');
  expect(homes.map((h) => processesOfHome(h).length > 0)).toEqual([true, true]);
  endTerminals();
  expect(homes.flatMap(processesOfHome)).toEqual([]);
  expect(drivers.flatMap((t) => t.paneProcesses())).toEqual([]); // their servers are gone
  endTerminals(); // nothing left to kill: a no-op
});
