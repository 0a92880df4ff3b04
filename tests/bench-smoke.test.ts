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
    const rows: Array<{ scenario: string; status: string; medianMs: number | null; budget?: string }> = report.rows;
    const names = rows.map((row) => row.scenario).join('\n');
    for (const want of ['--version', '--help', 'deck lint (bundled', 're-lint after editing one card', 'quiz --answers', 'first card', 'new cards', 'per-answer', 'recall stats', 'deck import (', 'deck export --format csv', 'deck export --format apkg', 'peak memory'])
      expect(names).toContain(want);
    // Issue 17: the new commands' start-up on a small input, each held to 2.5× node -e 0.
    for (const want of ['recall exam (bundled decks)', 'recall analyze (one report)', 'recall deck import (20-row Anki TSV)', 'recall deck export --format csv (a bundled deck)'])
      expect(rows.find((row) => row.scenario === want || row.scenario.startsWith(want))?.budget, want).toBe('≤ 2.5×');
    expect(rows.filter((row) => /ERROR/i.test(String(row.status)))).toEqual([]);
    expect(rows.find((row) => row.scenario.startsWith('recall stats'))?.medianMs).toBeGreaterThan(0);
    // Each row's memory run also counts its minor page faults, and the machine's cost of one is
    // measured: a start that loads the big store touches far more fresh memory than `node -e 0`.
    const faults = (start: string) => (rows.find((row) => row.scenario.startsWith(start)) as { faults?: number } | undefined)?.faults;
    expect(faults('node -e 0')).toBeGreaterThan(0);
    expect(faults('study (interactive): first card on screen')).toBeGreaterThan(2 * faults('node -e 0')!);
    expect(names).toContain('page faults: first touch of 64 MiB');
  }, 300_000);

  it('runs only the scenarios --only names (with the baseline), as often as --runs says', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bench/run.mjs'), '--quick', '--json', '--runs', '3', '--only', 'recall --version', '--only', 'analyze (one'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const rows: Array<{ scenario: string; runs?: number }> = JSON.parse(r.stdout).rows;
    expect(rows.map((row) => [row.scenario, row.runs])).toEqual([
      ['node -e 0 (baseline)', 3],
      ['recall --version', 3],
      ['recall analyze (one report)', 3],
      ['peak memory, any scenario', undefined],
    ]);
  }, 300_000);

  it('npm run bench:optimize runs end to end on a small history and gives a row with the scores', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bench/optimize.mjs'), '--reviews', '1000', '--runs', '1', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const [row] = JSON.parse(r.stdout).rows as Array<{ scenario: string; reviews: number; medianMs: number; logLossBefore: number; logLossAfter: number }>;
    expect(row?.scenario).toBe('recall optimize --dry-run, 1,000 reviews');
    expect(row?.reviews).toBe(1000);
    expect(row?.medianMs).toBeGreaterThan(0);
    expect(row?.logLossAfter).toBeLessThan(row!.logLossBefore);
  }, 300_000);
});
