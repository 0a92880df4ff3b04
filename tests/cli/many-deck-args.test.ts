// `recall deck lint decks/*.yaml` with more deck files than the process may hold open at once
// (ulimit -n: 1,024 by default on Linux, 256 on macOS). boot.ts read every named deck ahead, each
// holding a descriptor until the event loop turned, so loading the CLI died on EMFILE with a stack
// trace (exit 1). The built binary is what reads ahead, so it is what runs here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
beforeAll(async () => {
  await ensureBuilt();
  home = tempHome('recall-many-decks-');
}, 120_000);
afterAll(() => home?.cleanup());

it('lints 400 deck files named on the command line with 256 descriptors allowed', () => {
  const names = Array.from({ length: 400 }, (_, i) => `d${i}.yaml`);
  for (const [i, n] of names.entries())
    fs.writeFileSync(path.join(home.dir, n), `deck: d${i}\ntitle: Deck ${i}\ncards:\n  - id: c\n    type: basic\n    front: question number ${i}\n    back: answer ${i}\n`);
  const r = spawnSync('bash', ['-c', 'ulimit -n 256; exec "$@"', 'bash', process.execPath, path.join(repoRoot, 'bin/recall.cjs'), 'deck', 'lint', ...names], {
    cwd: home.dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', RECALL_HOME: path.join(home.dir, 'store') },
  });
  expect(r.stderr).not.toMatch(/EMFILE|\n\s+at /);
  expect(r.stderr).toMatch(/400 files checked: 0 errors/);
  expect(r.status).toBe(0);
});
