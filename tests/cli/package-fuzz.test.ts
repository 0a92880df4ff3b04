// Seeded fuzz of Anki packages: recall's own export, with bytes of the zip or of the collection
// inside it changed at random. Every run must end in exit 0 with decks that lint, or exit 2 with a
// message: never an internal error (exit 70).
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

it('imports or refuses 300 damaged packages, never with an internal error, and what it imports lints', async () => {
  const home = tempHome();
  try {
    await fuzz(home.dir);
  } finally {
    home.cleanup();
  }
}, 600_000);

async function fuzz(root: string): Promise<void> {
  const dir = path.join(root, 'w');
  fs.mkdirSync(dir);
  const env = { RECALL_HOME: path.join(root, 's') };
  fs.writeFileSync(path.join(dir, 'd.yaml'), 'deck: d\ntitle: D\ncards:\n  - id: a\n    type: basic\n    front: F\n    back: B\n  - id: c\n    type: cloze\n    text: x {{y}} z\n');
  expect((await recall(['deck', 'export', 'd.yaml', '--format', 'apkg', '-o', 'd.apkg'], { env, cwd: dir })).code).toBe(0);
  const good = fs.readFileSync(path.join(dir, 'd.apkg'));
  const files = unzipSync(good);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const bad: string[] = [];
  let ok = 0;
  for (let i = 0; i < 300; i++) {
    let bytes: Uint8Array;
    if (i % 2 === 0) {
      bytes = Uint8Array.from(good);
      for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
    } else {
      const col = Uint8Array.from(files['collection.anki2']!);
      for (let k = 0; k < 1 + Math.floor(rnd() * 30); k++) col[Math.floor(rnd() * col.length)] = Math.floor(rnd() * 256);
      bytes = zipSync({ 'collection.anki2': col, media: files.media! });
    }
    fs.writeFileSync(path.join(dir, 'f.apkg'), bytes);
    const r = await recall(['deck', 'import', 'f.apkg', '-o', 'out', '--force'], { env, cwd: dir });
    if (r.code !== 0 && r.code !== 2) bad.push(`${i}: ${r.code} ${r.err.slice(0, 200)}`);
    if (r.code === 0) {
      const l = await recall(['deck', 'lint', 'out'], { env, cwd: dir });
      if (l.code !== 0) bad.push(`${i}: lint ${l.code} ${l.err.slice(0, 300)}`);
      fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      ok++;
    }
  }
  expect(bad).toEqual([]);
  // Both outcomes are reached: some damage leaves the notes readable, some does not.
  expect(ok).toBeGreaterThan(20);
  expect(ok).toBeLessThan(300);
}
