// Interactive study changes one of V8's flags while it prepares a session (src/adapters/young-gen.ts)
// and puts it back before the first card. The flags are part of the hash V8 stamps on a code cache:
// were one left changed, the cache study writes at exit would be refused, and rewritten, by every
// later start. Checked on the built binary in a real pseudo-terminal (tmux).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, endTerminals, ensureBuilt, tempDir, Tmux } from './helpers.js';

let t: Tmux | undefined;
beforeAll(ensureBuilt);
afterEach(endTerminals);
afterAll(cleanTemps);

/** Starts `recall study` on the e2e deck, waits for its first card, and ends it with Ctrl-C. */
async function studyToFirstCard(home: string): Promise<string> {
  t = new Tmux();
  t.start(['study', ALL_TYPES], home);
  await t.waitFor(/Enter (reveal the answer|submit|confirm|next blank)/, 'the first card');
  t.keys('C-c');
  const screen = await t.output();
  t.kill();
  t = undefined;
  return screen;
}

describe('interactive study and its code cache', () => {
  it('writes a code cache the next interactive start takes as it is', async () => {
    const home = tempDir();
    expect(await studyToFirstCard(home)).toContain('EXIT=130');
    const dir = path.join(home, 'cache', 'code');
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('-study.bin'));
    expect(names).toHaveLength(1);
    const file = path.join(dir, names[0]!);
    const before = fs.statSync(file);

    expect(await studyToFirstCard(home)).toContain('EXIT=130');
    const after = fs.statSync(file);
    // A refused cache is written again at exit: a new file (rename) with a new mtime.
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});
