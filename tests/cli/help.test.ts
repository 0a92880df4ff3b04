import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

const COMMANDS = ['', 'study', 'quiz', 'deck', 'deck lint', 'deck show', 'deck new', 'deck schema', 'decks', 'stats', 'optimize', 'config', 'config list', 'config get', 'config set', 'card', 'card unsuspend', 'progress', 'progress path', 'progress export', 'progress import', 'progress reset'];

describe('help', () => {
  it.each(COMMANDS)('"recall %s --help" shows usage and at least one example, exit 0', async (cmd) => {
    const home = tempHome();
    try {
      const r = await recall([...cmd.split(' ').filter(Boolean), '--help'], { env: { RECALL_HOME: home.dir } });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: recall/m);
      expect(r.out).toMatch(/Examples:\n {2}\$ recall /);
    } finally {
      home.cleanup();
    }
  });

  it('documents the exit codes in the top-level help', async () => {
    const r = await recall(['--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.out).toMatch(/Exit codes: 0 ok, 1 check failed, 2 bad input or usage, 130 interrupted/);
  });

  it('rejects an unknown option with exit 2 and no stack trace', async () => {
    const r = await recall(['quiz', '--bogus'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--bogus'/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('rejects a non-numeric --count with exit 2', async () => {
    const r = await recall(['quiz', '--count', 'ten', '--answers', '-'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--count takes a whole number from 1 to 100000, got "ten"/);
  });

  it('the built binary answers --help and --version without commander, with the same text commander prints', async () => {
    const bin = path.join(repoRoot, 'bin/recall.cjs');
    expect(fs.existsSync(path.join(repoRoot, 'dist/cli.cjs')), 'run npm run build first').toBe(true);
    const built = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
    const live = await recall(['--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(built).toBe(live.out);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    // and without the fast path the version is the same
    expect((await recall(['--version'], { env: { RECALL_HOME: '/nonexistent' } })).out.trim()).toBe(pkg.version);
  });
});
