// Output to a full disk or a broken device (ENOSPC, EIO) must not be lost silently, nor end in a
// stack trace: one line on stderr and exit 2. /dev/full answers every write with ENOSPC.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

const haveDevFull = fs.existsSync('/dev/full');
let home: ReturnType<typeof tempHome>;
beforeAll(async () => {
  await ensureBuilt();
  home = tempHome();
}, 120_000);
afterAll(() => home?.cleanup());

function intoDevFull(args: string[]) {
  const fd = fs.openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', fd, 'pipe'],
      env: { ...process.env, NO_COLOR: '1', RECALL_HOME: home.dir, RECALL_NOW: '2025-03-01T10:00:00Z' },
    });
    return { code: r.status, err: r.stderr };
  } finally {
    fs.closeSync(fd);
  }
}

describe.runIf(haveDevFull)('recall with standard output on a full disk (> /dev/full)', () => {
  it.each(['stats', '--version', '--help', 'deck lint tests/fixtures/decks/broken/missing-why.yaml', 'decks', 'deck schema', 'stats --help', 'config list'])(
    'recall %s says so in one line on stderr and exits 2',
    (command) => {
      const r = intoDevFull(command.split(' '));
      expect(r.err).toMatch(/^recall: cannot write to standard output: no space left on device \(ENOSPC\)$/m);
      expect(r.err).not.toMatch(/\n\s+at |node:|Error:/);
      // one line from recall; a lint may add its own summary line on stderr after it
      expect(r.err.split('\n').filter((l) => l.startsWith('recall: cannot write')).length).toBe(1);
      expect(r.code).toBe(2);
    },
  );

  it.each(['csv', 'apkg'])('deck export --format %s -o - does not say it exported what stdout could not take', (format) => {
    const r = intoDevFull(['deck', 'export', 'iam-exam-signals', '--format', format, '-o', '-']);
    expect(r.err).toBe('recall: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.code).toBe(2);
  });

  it('exits 2 when stderr cannot be written (2> /dev/full), not 1 as a failed check would', () => {
    // The lint passes and its diagnostics are on stdout; only its summary, on stderr, is lost.
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), 'deck', 'lint', 'tests/fixtures/decks/broken/missing-why.yaml'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', fd],
        env: { ...process.env, NO_COLOR: '1', RECALL_HOME: home.dir },
      });
      expect(r.stdout).toMatch(/warning MISSING_WHY/);
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('keeps quiet when the reader of a pipe leaves (EPIPE is not a lost write)', () => {
    const r = spawnSync('sh', ['-c', `node ${JSON.stringify(path.join(repoRoot, 'bin/recall.cjs'))} deck schema | head -c 1 >/dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, RECALL_HOME: home.dir },
    });
    expect(r.stderr).toBe('');
  });
});
