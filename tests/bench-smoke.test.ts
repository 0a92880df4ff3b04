// npm run bench is not part of npm test (timings flake on busy machines). This only checks that its
// smoke form runs every scenario end to end against the built CLI; no timing is asserted.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

describe('npm run bench --quick', () => {
  it('runs every scenario of issue 6 and prints a row for each', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bench/run.mjs'), '--quick', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(r.stdout);
    const rows: Array<{ scenario: string; status: string; medianMs: number | null }> = report.rows;
    const names = rows.map((row) => row.scenario).join('\n');
    for (const want of ['--version', '--help', 'deck lint (bundled', 'quiz --answers', 'first card', 'new cards', 'per-answer', 'recall stats', 'deck import (', 'deck export --format csv', 'deck export --format apkg', 'peak memory'])
      expect(names).toContain(want);
    expect(rows.filter((row) => /ERROR/i.test(String(row.status)))).toEqual([]);
    expect(rows.find((row) => row.scenario.startsWith('recall stats'))?.medianMs).toBeGreaterThan(0);
  }, 300_000);
});
