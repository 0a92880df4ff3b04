import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempHome } from '../helpers/cli.js';

describe('output into a pipe that closes early (recall ... | head -1)', () => {
  it('stops quietly, without an EPIPE stack trace', async () => {
    expect(fs.existsSync(path.join(repoRoot, 'dist/cli.cjs')), 'run npm run build first').toBe(true);
    const home = tempHome();
    try {
      // Thousands of warning lines, each its own write: far more than a pipe buffer holds, so the
      // writes after the reader leaves fail with EPIPE.
      const deck = path.join(home.dir, 'many.yaml');
      const cards = Array.from({ length: 1500 }, (_, i) => `  - id: c${i}\n    type: choice\n    prompt: Q${i}\n    choices:\n      - { text: a, correct: true }\n      - { text: b }\n`);
      fs.writeFileSync(deck, `deck: many\ntitle: Many\ncards:\n${cards.join('')}`);
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), 'deck', 'lint', deck], {
        cwd: repoRoot,
        env: { ...process.env, RECALL_HOME: home.dir, NO_COLOR: '1' },
      });
      let err = '';
      child.stderr.on('data', (c) => (err += String(c)));
      child.stdout.once('data', () => child.stdout.destroy()); // the reader has its line and leaves
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(err).not.toMatch(/EPIPE|Unhandled|node:events/);
      expect(code).toBe(0); // warnings only: the lint's own exit code, not a crash's

      // and a failing lint keeps its exit code 1 when its reader leaves early
      fs.appendFileSync(deck, '  - id: c0\n    type: truefalse\n    statement: dup\n    answer: true\n');
      const failing = spawn(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), 'deck', 'lint', deck], { cwd: repoRoot, env: { ...process.env, RECALL_HOME: home.dir, NO_COLOR: '1' } });
      let err2 = '';
      failing.stderr.on('data', (c) => (err2 += String(c)));
      failing.stdout.once('data', () => failing.stdout.destroy());
      expect(await new Promise<number | null>((resolve) => failing.on('close', resolve))).toBe(1);
      expect(err2).not.toMatch(/EPIPE|Unhandled|node:events/);
    } finally {
      home.cleanup();
    }
  });
});
