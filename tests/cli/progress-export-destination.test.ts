// `recall progress export FILE` writes a new file: an existing FILE is refused without --force (as
// `deck export` and `deck import -o` refuse), and a symlink is never written through or replaced.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

describe('progress export FILE', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  const at = (name: string) => path.join(home.dir, name);
  const exportTo = (...args: string[]) => recall(['progress', 'export', ...args], { env, cwd: home.dir });
  beforeEach(async () => {
    home = tempHome();
    env = { RECALL_HOME: at('store'), RECALL_NOW: '2026-03-10T10:00:00Z' };
    fs.writeFileSync(at('geo.yaml'), 'deck: geo\ntitle: Geo\ncards:\n  - id: flat\n    type: truefalse\n    statement: The earth is flat.\n    answer: false\n');
    expect((await recall(['study', at('geo.yaml'), '--answers', '-'], { env, stdin: '{"flat": false}' })).code).toBe(0);
  });
  afterEach(() => home.cleanup());

  it('refuses an existing file with exit 2 and leaves it as it was', async () => {
    fs.writeFileSync(at('backup.json'), 'last week\n');
    const r = await exportTo('backup.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/backup\.json already exists; pass --force to replace it/);
    expect(fs.readFileSync(at('backup.json'), 'utf8')).toBe('last week\n');
  });

  it('replaces an existing file with --force, private to its owner', async () => {
    fs.writeFileSync(at('backup.json'), 'last week\n', { mode: 0o644 });
    const r = await exportTo('backup.json', '--force');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/exported 1 card and 1 review to backup\.json/);
    expect(JSON.parse(fs.readFileSync(at('backup.json'), 'utf8'))).toMatchObject({ format: 'recall-progress', reviews: [{ card: 'flat' }] });
    expect(fs.statSync(at('backup.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(home.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('creates a new file without --force', async () => {
    const r = await exportTo('fresh.json');
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(at('fresh.json'), 'utf8')).cards).toHaveLength(1);
  });

  it.each([[[]], [['--force']]])('never writes through a symlink, nor replaces it (%j)', async (extra) => {
    fs.writeFileSync(at('target.txt'), 'not yours\n');
    fs.symlinkSync('target.txt', at('link.json'));
    fs.symlinkSync('nowhere.json', at('dangling.json'));
    for (const name of ['link.json', 'dangling.json']) {
      const r = await exportTo(name, ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`${name.replace('.', '\\.')} is a symbolic link`));
      expect(fs.lstatSync(at(name)).isSymbolicLink()).toBe(true);
    }
    expect(fs.readFileSync(at('target.txt'), 'utf8')).toBe('not yours\n');
    expect(fs.existsSync(at('nowhere.json'))).toBe(false);
  });

  it('refuses a folder, and a missing folder, with exit 2 and a message', async () => {
    fs.mkdirSync(at('sub'));
    const folder = await exportTo('sub', '--force');
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/sub is a folder; give a file name, such as sub\/backup\.json/);
    const missing = await exportTo('nope/backup.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/the folder nope does not exist/);
  });
});
