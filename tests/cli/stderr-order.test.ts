// `recall deck lint big.yaml 2>&1 | cat > log`: CI reads the last line of the log, so the summary
// (on stderr) must come after every diagnostic (on stdout) when both go into one pipe. Stdout into
// a pipe is asynchronous in Node: with a reader slower than the lint, thousands of warning lines
// wait in stdout's queue, and a stderr line written then used to go into the pipe ahead of them
// (src/adapters/stderr-after-stdout.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

const CARDS = 4000; // two MISSING_WHY warnings each: ~900 KB of diagnostics, many pipe buffers
let home: ReturnType<typeof tempHome>;
let deck: string;

beforeAll(async () => {
  await ensureBuilt();
  home = tempHome();
  deck = path.join(home.dir, 'many.yaml');
  const cards = Array.from({ length: CARDS }, (_, i) => `  - id: c${i}\n    type: choice\n    prompt: Question ${i}?\n    choices:\n      - { text: one, correct: true }\n      - { text: two }\n`);
  fs.writeFileSync(deck, `deck: many\ntitle: Many\ncards:\n${cards.join('')}`);
}, 120_000);
afterAll(() => home?.cleanup());

/** `recall deck lint DECK 2>&1 | READER` through a shell, as a CI job writes it; the reader's output. */
function lintIntoOnePipe(reader: string): string {
  const r = spawnSync('sh', ['-c', `"$NODE" "$RECALL" deck lint "$DECK" 2>&1 | ${reader}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE: process.execPath, RECALL: path.join(repoRoot, 'bin/recall.cjs'), DECK: deck, RECALL_HOME: home.dir, NO_COLOR: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('recall deck lint with stdout and stderr in one pipe (2>&1 |)', () => {
  it('writes the summary last, after every warning, run after run', () => {
    const summary = `1 file checked: 0 errors, ${(2 * CARDS).toLocaleString('en-US')} warnings`;
    // A reader slower than the lint (one pipe buffer every 10 ms), so that most warnings still wait
    // in stdout's queue when the summary is written: without the fix the summary came in the first
    // few hundred lines on every such run. The first run (a fast reader) fills the deck cache, the
    // later ones use it, as in the report (a run that used its cache).
    const slow = path.join(home.dir, 'slow-reader.cjs');
    fs.writeFileSync(slow, "process.stdin.on('data', (c) => { process.stdout.write(c); process.stdin.pause(); setTimeout(() => process.stdin.resume(), 10); });\n");
    for (const reader of ['cat', `"$NODE" "${slow}"`, `"$NODE" "${slow}"`, `"$NODE" "${slow}"`, '{ sleep 0.2; cat; }']) {
      const lines = lintIntoOnePipe(reader).split('\n');
      expect(lines.pop()).toBe(''); // ends with a newline
      expect(lines.length).toBe(2 * CARDS + 1);
      expect(lines.indexOf(summary), `reader: ${reader}`).toBe(lines.length - 1);
      expect(lines.slice(0, -1).every((l) => / warning MISSING_WHY /.test(l))).toBe(true);
    }
  });

  it('stops quietly, keeping its exit code 0, when the reader leaves early (2>&1 | head -3)', () => {
    // The summary then goes into a pipe whose reader left: EPIPE on stderr, which must not end the
    // process as an unhandled error (exit 1, its stack trace lost in the closed pipe).
    for (let run = 0; run < 3; run++) {
      const r = spawnSync('sh', ['-c', '{ "$NODE" "$RECALL" deck lint "$DECK" 2>&1; echo $? > "$STATUS"; } | head -3; echo "exit $(cat "$STATUS")"'], {
        encoding: 'utf8',
        env: { ...process.env, NODE: process.execPath, RECALL: path.join(repoRoot, 'bin/recall.cjs'), DECK: deck, RECALL_HOME: home.dir, NO_COLOR: '1', STATUS: path.join(home.dir, 'status') },
      });
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.slice(0, 3).every((l) => / warning MISSING_WHY /.test(l))).toBe(true);
      expect(lines.slice(3)).toEqual(['exit 0']);
      expect(r.stderr).toBe('');
    }
  });
});
