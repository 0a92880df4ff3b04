// A scripted run refused for bad input (exit 2) writes nothing to the store: not even the "answer
// changed" resets that opening the store records. A CI job that fixes its answers file and runs
// again must find the store as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

const NOW = '2026-03-10T10:00:00Z';

const deckText = (capital: string) => `deck: geo
title: Geography
tags: [geo]
cards:
  - id: capital
    type: choice
    prompt: Capital of France?
    choices:
      - { text: ${capital}, correct: true, why: it is }
      - { text: Lyon, why: it is not }
  - id: flat
    type: truefalse
    statement: The earth is flat.
    answer: false
`;

describe('a refused scripted run leaves the store untouched', () => {
  let home: ReturnType<typeof tempHome>;
  let deck: string;
  let env: Record<string, string>;
  const storeFiles = () =>
    Object.fromEntries(['journal.jsonl', 'progress.json'].map((f) => {
      const p = path.join(env.RECALL_HOME!, f);
      return [f, fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null];
    }));

  beforeEach(async () => {
    home = tempHome();
    deck = path.join(home.dir, 'geo.yaml');
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW };
    fs.writeFileSync(deck, deckText('Paris'));
    const studied = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a", "flat": false}' });
    expect(studied.code).toBe(0);
    // The answer changes: the next run that opens the store puts geo/capital back to new.
    fs.writeFileSync(deck, deckText('Paris city'));
  });
  afterEach(() => home.cleanup());

  const refusals: Array<[string, string[], string, RegExp]> = [
    ['quiz with an answer that is not an option', ['quiz'], '{"capital": "z"}', /expected a letter a-b/],
    ['study with an answer that is not an option', ['study'], '{"capital": "z"}', /expected a letter a-b/],
    ['quiz naming a card no deck has', ['quiz'], '{"nope": "a"}', /unknown card "nope"/],
    ['study naming a card no deck has', ['study'], '{"flat": true, "nope": "a"}', /unknown card "nope"/],
    ['quiz with an answers file that is not a mapping', ['quiz'], '[1, 2]', /must map card ids/],
    ['quiz with an unknown --tag', ['quiz', '--tag', 'nope'], '{"capital": "a"}', /--tag nope/],
    ['study with an unknown --tag', ['study', '--tag', 'nope'], '{"capital": "a"}', /--tag nope/],
  ];
  it.each(refusals)('%s: exit 2, journal and checkpoint byte-identical', async (_name, command, stdin, message) => {
    const before = storeFiles();
    expect(before['journal.jsonl']).not.toBeNull();
    const r = await recall([...command, deck, '--answers', '-'], { env, stdin });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/changed its answer/);
    expect(storeFiles()).toEqual(before);
  });

  const damage = (change: (settings: Record<string, any>) => void) => {
    const file = path.join(env.RECALL_HOME!, 'progress.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(data.settings);
    fs.writeFileSync(file, JSON.stringify(data));
  };
  it.each([
    ['a damaged stored exam', ['exam', 'set', '2026-12-20'], (s: Record<string, any>) => (s.exam.target = 'lots'), /recall exam clear/],
    ['a stored setting out of its range', ['config', 'set', 'new-per-day', '5'], (s: Record<string, any>) => (s.newPerDay = 99999), /new-per-day|newPerDay/],
  ])('study refused for %s: exit 2, nothing written', async (_name, set, change, message) => {
    expect((await recall(set, { env })).code).toBe(0);
    damage(change);
    const before = storeFiles();
    const r = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(storeFiles()).toEqual(before);
  });

  it('a refused run writes no checkpoint, even with a long journal tail to fold (as after a crash)', async () => {
    const big = path.join(home.dir, 'big.yaml');
    const cards = Array.from({ length: 600 }, (_, i) => `  - id: c${i}\n    type: truefalse\n    statement: Statement number ${i} is true.\n    answer: true\n`).join('');
    fs.writeFileSync(big, `deck: big\ntitle: Big\ncards:\n${cards}`);
    expect((await recall(['config', 'set', 'new-per-day', '5'], { env })).code).toBe(0); // writes progress.json
    const progress = path.join(env.RECALL_HOME!, 'progress.json');
    const checkpoint = fs.readFileSync(progress, 'utf8');
    const answers = JSON.stringify(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`c${i}`, true])));
    expect((await recall(['study', big, '--new', '600', '--answers', '-'], { env, stdin: answers })).code).toBe(0);
    // A crash before the checkpoint leaves the one from before the run beside the journal with its
    // 600 answers; the stored setting is out of range, which refuses the next run.
    const data = JSON.parse(checkpoint);
    data.settings.newPerDay = 99999;
    fs.writeFileSync(progress, JSON.stringify(data));
    const before = storeFiles();
    const r = await recall(['study', big, '--answers', '-'], { env, stdin: '{"c1": true}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/new-per-day is 99999/);
    expect(storeFiles()).toEqual(before);
  });

  it('a good run after the refused one records the reset, then the answer', async () => {
    expect((await recall(['quiz', deck, '--answers', '-'], { env, stdin: '{"capital": "z"}' })).code).toBe(2);
    const r = await recall(['quiz', deck, '--answers', '-'], { env, stdin: '{"capital": "a", "flat": false}' });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 card changed its answer since you studied it and starts again as new: geo\/capital/);
    const ops = fs.readFileSync(path.join(env.RECALL_HOME!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).op);
    expect(ops).toEqual(['review', 'review', 'reset', 'review', 'review']);
  });

  it('a refused run on a new store creates no journal or checkpoint', async () => {
    env.RECALL_HOME = path.join(home.dir, 'fresh');
    const r = await recall(['quiz', deck, '--answers', '-'], { env, stdin: '{"capital": "z"}' });
    expect(r.code).toBe(2);
    expect(storeFiles()).toEqual({ 'journal.jsonl': null, 'progress.json': null });
  });
});

// The repairs the store makes on opening (a torn journal line cut off, leftover temp files
// removed, a damaged progress.json moved aside and rebuilt) wait until the run is known to go
// ahead: a run refused for what the store holds, or for input only the store can judge, leaves
// every file as it found it, and the next run that goes ahead makes them.
describe('a refused run makes none of the repairs of opening', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  let deck: string;
  const store = () => env.RECALL_HOME!;
  const snapshot = () =>
    Object.fromEntries(fs.readdirSync(store()).sort().filter((f) => fs.statSync(path.join(store(), f)).isFile()).map((f) => [f, fs.readFileSync(path.join(store(), f), 'utf8')]));
  const setStored = (change: (settings: Record<string, any>) => void) => {
    const file = path.join(store(), 'progress.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(data.settings);
    fs.writeFileSync(file, JSON.stringify(data));
  };
  const TEMP = 'progress.json.tmp-1764460000abcdef';

  beforeEach(async () => {
    home = tempHome();
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW };
    deck = path.join(home.dir, 'geo.yaml');
    fs.writeFileSync(deck, deckText('Paris'));
    expect((await recall(['config', 'set', 'new-per-day', '5'], { env })).code).toBe(0);
    expect((await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a", "flat": false}' })).code).toBe(0);
    crash();
  });
  /** A crash's leftovers: half a journal line and a temp file of a checkpoint write. */
  const crash = () => {
    fs.appendFileSync(path.join(store(), 'journal.jsonl'), '{"op":"review","id":"x","at":"2026-03-');
    fs.writeFileSync(path.join(store(), TEMP), '{"half');
  };
  afterEach(() => home.cleanup());

  it('study refused for a stored setting out of its range leaves the torn line and the temp file', async () => {
    setStored((s) => (s.newPerDay = 99999));
    const before = snapshot();
    const r = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/new-per-day is 99999/);
    expect(r.err).not.toMatch(/incomplete line/);
    expect(snapshot()).toEqual(before);
    // Fixed, the next run makes the repairs.
    expect((await recall(['config', 'set', 'new-per-day', '5'], { env })).code).toBe(0);
    const after = snapshot();
    expect(after[TEMP]).toBeUndefined();
    expect(after['journal.jsonl']!.endsWith('\n')).toBe(true);
  });

  it('study refused for a damaged stored exam leaves what a crash left', async () => {
    expect((await recall(['exam', 'set', '2026-12-20'], { env })).code).toBe(0); // repairs the crash's leftovers
    setStored((s) => (s.exam.target = 'lots'));
    crash();
    const before = snapshot();
    const r = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/recall exam clear/);
    expect(snapshot()).toEqual(before);
  });

  it('a damaged progress.json whose last good copy is refused is not moved aside', async () => {
    expect((await recall(['config', 'set', 'new-per-day', '6'], { env })).code).toBe(0); // progress.json.bak: new-per-day 5
    const bak = path.join(store(), 'progress.json.bak');
    const data = JSON.parse(fs.readFileSync(bak, 'utf8'));
    data.settings.newPerDay = 99999;
    fs.writeFileSync(bak, JSON.stringify(data));
    fs.writeFileSync(path.join(store(), 'progress.json'), '{"vers');
    crash();
    const before = snapshot();
    const r = await recall(['study', deck, '--answers', '-'], { env, stdin: '{"capital": "a"}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/new-per-day is 99999/);
    expect(snapshot()).toEqual(before);
    expect(fs.readdirSync(store()).some((f) => f.includes('corrupt'))).toBe(false);
  });

  it('card unsuspend of a card with no progress writes nothing', async () => {
    const before = snapshot();
    const r = await recall(['card', 'unsuspend', 'geo/nope'], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no progress for geo\/nope/);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ['progress import of a file that is not there', ['progress', 'import', 'nope.json'], /import file not found/],
    ['progress import of a file that is not an export', ['progress', 'import', 'geo.yaml'], /geo\.yaml/],
    ['progress reset of a deck with no progress', ['progress', 'reset', 'nodeck', '--yes'], /no progress for deck "nodeck"/],
    ['progress reset without --yes', ['progress', 'reset', 'geo'], /add --yes/],
  ])('%s writes nothing', async (_name, args, message) => {
    const before = snapshot();
    const r = await recall(args, { env, cwd: home.dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  it('config set with a value out of range writes nothing', async () => {
    const before = snapshot();
    const r = await recall(['config', 'set', 'new-per-day', '-3'], { env });
    expect(r.code).toBe(2);
    expect(snapshot()).toEqual(before);
  });
});
