// Output the user names never lands on recall's own files: `progress export <store>/journal.jsonl
// --force` replaced the whole history with an export of it, and a quiz report (written in place
// over an old file) named after the checkpoint, or a hard link to the journal, would have
// overwritten it. Files of the user's own beside a RECALL_HOME are still theirs to write.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ONE_CARD_DECK as DECK, recall, tempHome } from '../helpers/cli.js';

describe('output never replaces the store', () => {
  let home: ReturnType<typeof tempHome>;
  let store: string;
  let deck: string;
  let env: Record<string, string>;
  const snapshot = () =>
    Object.fromEntries(['journal.jsonl', 'progress.json'].map((f) => [f, fs.existsSync(path.join(store, f)) ? fs.readFileSync(path.join(store, f), 'utf8') : null]));

  beforeEach(async () => {
    home = tempHome();
    store = path.join(home.dir, 'store');
    deck = path.join(home.dir, 'geo.yaml');
    env = { RECALL_HOME: store, RECALL_NOW: '2026-03-10T10:00:00Z' };
    fs.writeFileSync(deck, DECK);
    const studied = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"flat": false}' });
    expect(studied.code).toBe(0);
    await recall(['config', 'set', 'new-per-day', '15'], { env }); // makes progress.json
    expect(fs.existsSync(path.join(store, 'progress.json'))).toBe(true);
  });
  afterEach(() => home.cleanup());

  it.each([
    ['progress export onto the journal, even with --force', () => ['progress', 'export', path.join(store, 'journal.jsonl'), '--force']],
    ['progress export -o onto the checkpoint', () => ['progress', 'export', '-o', path.join(store, 'progress.json'), '--force']],
    ['a quiz report onto the checkpoint', () => ['quiz', deck, '--answers', '-', '--output', path.join(store, 'progress.json')]],
    ['a quiz report onto the journal', () => ['quiz', deck, '--answers', '-', '--output', path.join(store, 'journal.jsonl')]],
  ])('%s: exit 2 and the store as it was', async (_name, args) => {
    const before = snapshot();
    const r = await recall(args(), { env, stdin: '{"flat": false}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one of the files recall keeps your progress in/);
    expect(snapshot()).toEqual(before);
  });

  it('a quiz report onto a hard link to the journal (another name of the same file) is refused', async () => {
    const link = path.join(home.dir, 'report.txt');
    fs.linkSync(path.join(store, 'journal.jsonl'), link);
    const before = snapshot();
    const r = await recall(['quiz', deck, '--answers', '-', '--output', link], { env, stdin: '{"flat": false}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one of the files recall keeps your progress in.*the quiz was not started/);
    expect(snapshot()).toEqual(before);
  });

  it("refuses the cache folder, and writes a file of the user's own beside the store", async () => {
    const r = await recall(['deck', 'export', deck, '--format', 'csv', '-o', path.join(store, 'cache', 'geo.txt')], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/recall's cache folder/);
    const ok = await recall(['progress', 'export', path.join(store, 'backup.json')], { env });
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(store, 'backup.json'), 'utf8')).format).toBe('recall-progress');
  });

  it('deck import -o into the cache folder is refused before anything is written', async () => {
    const tsv = path.join(home.dir, 'notes.txt');
    fs.writeFileSync(tsv, 'Capital of France?\tParis\n');
    const out = path.join(store, 'cache', 'notes.yaml');
    const r = await recall(['deck', 'import', tsv, '-o', out], { env });
    expect(r.code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });
});
