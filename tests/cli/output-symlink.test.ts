// Files recall writes where the user says (quiz --output, deck export -o, deck import -o) are never
// written through a symlink, nor is the symlink replaced: its target is not recall's to change.
// quiz --output wrote the report into the link's target.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const work = workFolder({ RECALL_NOW: '2026-03-10T10:00:00Z' });
const DECK = 'deck: geo\ntitle: Geo\ncards:\n  - id: flat\n    type: truefalse\n    statement: The earth is flat.\n    answer: false\n';

describe('an output path that is a symlink', () => {
  const links = (ext = 'out') => {
    work.write('target.txt', 'not yours\n');
    fs.symlinkSync('target.txt', path.join(work.dir, `link.${ext}`));
    fs.symlinkSync(`nowhere.${ext}`, path.join(work.dir, `dangling.${ext}`));
  };
  const untouched = (ext = 'out') => {
    expect(work.read('target.txt')).toBe('not yours\n');
    expect(fs.existsSync(path.join(work.dir, `nowhere.${ext}`))).toBe(false);
    for (const l of [`link.${ext}`, `dangling.${ext}`]) expect(fs.lstatSync(path.join(work.dir, l)).isSymbolicLink()).toBe(true);
  };

  it.each(['link.out', 'dangling.out'])('quiz --output %s is refused before the quiz, and nothing is recorded', async (name) => {
    links();
    work.write('geo.yaml', DECK);
    work.write('answers.json', '{"flat": false}');
    const r = await work.run(['quiz', 'geo.yaml', '--answers', 'answers.json', '--reporter', 'junit', '--output', name]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${name.replace('.', '\\.')} is a symbolic link.*the quiz was not started`));
    untouched();
    expect(fs.existsSync(path.join(work.env().RECALL_HOME!, 'journal.jsonl'))).toBe(false);
  });

  it.each([
    ['deck export', ['deck', 'export', 'geo.yaml', '--format', 'csv', '-o'], 'csv'],
    ['deck import', ['deck', 'import', 'notes.txt', '-o'], 'yaml'],
  ])('%s -o LINK --force is refused', async (_name, args, ext) => {
    links(ext);
    work.write('geo.yaml', DECK);
    work.write('notes.txt', '#separator:tab\nfront\tback\n');
    for (const name of [`link.${ext}`, `dangling.${ext}`]) {
      const r = await work.run([...args, name, '--force']);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/symbolic link|not a regular file/);
    }
    untouched(ext);
  });

  it('quiz --output still replaces an old report, a regular file', async () => {
    work.write('geo.yaml', DECK);
    work.write('answers.json', '{"flat": false}');
    work.write('report.xml', 'old\n');
    const r = await work.run(['quiz', 'geo.yaml', '--answers', 'answers.json', '--reporter', 'junit', '--output', 'report.xml']);
    expect(r.code).toBe(0);
    expect(work.read('report.xml')).toMatch(/^<\?xml/);
    expect(fs.readdirSync(work.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
