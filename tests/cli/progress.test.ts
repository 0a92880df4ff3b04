// Command-level tests, in-process: study/quiz recording, deck edits, config, card and progress commands.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

const NOW = '2026-03-10T10:00:00Z';

function deckText(opts: { capitalAnswer?: string; withRiver?: boolean; prompt?: string } = {}): string {
  return `deck: geo
title: Geography
tags: [geo]
cards:
  - id: capital
    type: choice
    tags: [europe]
    prompt: ${opts.prompt ?? 'Capital of France?'}
    choices:
      - { text: ${opts.capitalAnswer ?? 'Paris'}, correct: true, why: it is }
      - { text: Lyon, why: it is not }
  - id: flat
    type: truefalse
    tags: [trivia]
    statement: The earth is flat.
    answer: false
  - id: v1.2-dotted
    type: typed
    prompt: Name the river through Paris
    answer: Seine
${opts.withRiver === false ? '' : `  - id: river
    type: cloze
    text: "The {{Rhine|Rhein}} flows into the {{North Sea}}."
`}`;
}

describe('study, quiz and progress commands against one store', () => {
  let home: ReturnType<typeof tempHome>;
  let deck: string;
  let env: Record<string, string>;
  beforeEach(() => {
    home = tempHome();
    deck = path.join(home.dir, 'geo.yaml');
    fs.writeFileSync(deck, deckText());
    env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: NOW };
  });
  afterEach(() => home.cleanup());

  const studyJson = async (answers: object, extra: string[] = [], at = NOW) => {
    const r = await recall(['study', deck, '--answers', '-', '--reporter', 'json', ...extra], { env: { ...env, RECALL_NOW: at }, stdin: JSON.stringify(answers) });
    expect(r.err).not.toMatch(/internal error/);
    return { ...r, json: r.code === 0 ? JSON.parse(r.out) : undefined };
  };
  const exportJson = async () => {
    const r = await recall(['progress', 'export'], { env });
    expect(r.code).toBe(0);
    return JSON.parse(r.out);
  };

  it('leaves cards missing from the answers file unreviewed, and keys card ids containing dots', async () => {
    const r = await studyJson({ capital: 'a', 'v1.2-dotted': 'seine' });
    expect(r.json).toMatchObject({ reviewed: 2, correct: 2, unreviewed: 2 });
    const exp = await exportJson();
    expect(exp.cards.map((c: { card: string }) => c.card).sort()).toEqual(['capital', 'v1.2-dotted']);
  });

  it('honours --tag, --limit and --new', async () => {
    expect((await studyJson({ capital: 'a', flat: false, river: ['Rhine', 'North Sea'] }, ['--tag', 'europe'])).json.reviewed).toBe(1);
    expect((await studyJson({ capital: 'a', flat: false, river: ['Rhine', 'North Sea'] }, ['--limit', '1'])).json).toMatchObject({ due: 1, reviewed: 1 });
    await recall(['config', 'set', 'new-per-day', '1'], { env });
    // Today's allowance of one new card is used up by the runs above; --new lets this session take more.
    expect((await studyJson({ river: ['Rhine', 'North Sea'], 'v1.2-dotted': 'Seine' })).json.reviewed).toBe(0);
    expect((await studyJson({ river: ['Rhine', 'North Sea'], 'v1.2-dotted': 'Seine' }, ['--new', '5'])).json.reviewed).toBe(2);
  });

  it('refuses an unknown --deck with exit 2', async () => {
    const r = await recall(['study', deck, '--deck', 'nope', '--answers', '-'], { env, stdin: '{}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--deck nope: no such deck/);
  });

  it('gives the same schedule for the same RECALL_NOW and answers', async () => {
    const answers = { capital: 'a', flat: true, river: ['Rhein', 'north sea'], 'v1.2-dotted': 'SEINE' };
    const a = (await studyJson(answers)).json.items;
    env.RECALL_HOME = path.join(home.dir, 'store2');
    const b = (await studyJson(answers)).json.items;
    expect(b.map((i: { due: string }) => i.due.slice(0, 16))).toEqual(a.map((i: { due: string }) => i.due.slice(0, 16)));
    expect(a.map((i: { correct: boolean }) => i.correct)).toEqual([true, false, true, true]);
  });

  it('puts a card whose answer changed back to new and says so; a rewording or a removed card keeps progress', async () => {
    await studyJson({ capital: 'a', river: ['Rhine', 'North Sea'] });
    fs.writeFileSync(deck, deckText({ prompt: 'Which city is the capital of France?', withRiver: false }));
    const reworded = await recall(['study', deck, '--answers', '-'], { env, stdin: '{}' });
    expect(reworded.err).not.toMatch(/changed their answer/);
    fs.writeFileSync(deck, deckText({ capitalAnswer: 'Paris city', withRiver: false }));
    const changed = await recall(['study', deck, '--answers', '-'], { env, stdin: '{}' });
    expect(changed.code).toBe(0);
    expect(changed.err).toMatch(/1 card changed its answer since you studied it and starts again as new: geo\/capital/);
    const exp = await exportJson();
    const cards = exp.cards.map((c: { card: string }) => c.card);
    expect(cards).not.toContain('capital');
    expect(cards).toContain('river'); // removed from the deck, progress kept
  });

  it('records quiz answers: a wrong one lapses the card, a right one leaves its schedule alone', async () => {
    await studyJson({ capital: 'a', flat: false });
    const before = await exportJson();
    const dueOf = (e: { cards: Array<{ card: string; due: string }> }, id: string) => e.cards.find((c) => c.card === id)?.due;
    const quiz = await recall(['quiz', deck, '--answers', '-', '--reporter', 'json'], { env: { ...env, RECALL_NOW: '2026-03-10T10:05:00Z' }, stdin: JSON.stringify({ capital: 'b', flat: false }) });
    expect(quiz.code).toBe(1); // below the pass mark: the exit code agrees with "passed": false
    const report = JSON.parse(quiz.out);
    expect(report).toMatchObject({ total: 4, correct: 1, passed: false });
    const after = await exportJson();
    expect(dueOf(after, 'flat')).toBe(dueOf(before, 'flat'));
    expect(after.cards.find((c: { card: string }) => c.card === 'capital').fsrs.lapses + after.cards.find((c: { card: string }) => c.card === 'capital').fsrs.reps).toBeGreaterThan(
      before.cards.find((c: { card: string }) => c.card === 'capital').fsrs.reps,
    );
    const kinds = after.reviews.map((r: { kind: string; card: string }) => `${r.kind}:${r.card}`);
    expect(kinds.slice(0, 2)).toEqual(['study:capital', 'study:flat']);
    expect(kinds.slice(2).sort()).toEqual(['quiz:capital', 'quiz:flat']); // quiz order is the seeded shuffle
    const wrong = after.reviews.find((r: { kind: string; card: string }) => r.kind === 'quiz' && r.card === 'capital');
    expect(wrong).toMatchObject({ rating: 'again', correct: false, given: 'b) Lyon', expected: 'a) Paris' });
    // unanswered quiz questions are scored wrong but not recorded as answers
    expect(after.reviews.filter((r: { card: string }) => r.card === 'river')).toEqual([]);
  });

  it('exports the documented format and imports it into another store without duplicating reviews', async () => {
    await studyJson({ capital: 'a', flat: false, river: ['Rhine', 'North Sea'] });
    const file = path.join(home.dir, 'backup.json');
    expect((await recall(['progress', 'export', file], { env })).code).toBe(0);
    const exp = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exp).toMatchObject({ format: 'recall-progress', version: 1 });
    expect(exp.reviews[0]).toMatchObject({ deck: 'geo', card: 'capital', rating: 'good', kind: 'study' });
    expect(typeof exp.reviews[0].at).toBe('string');
    expect(exp.cards[0]).toHaveProperty('due');

    const other = { ...env, RECALL_HOME: path.join(home.dir, 'other') };
    const first = await recall(['progress', 'import', file], { env: other });
    expect(first.out).toMatch(/imported 3 new review/);
    const again = await recall(['progress', 'import', file], { env: other });
    expect(again.out).toMatch(/imported 0 new reviews; 3 were already here/);
    const merged = JSON.parse((await recall(['progress', 'export'], { env: other })).out);
    expect(merged.reviews).toHaveLength(3);
    expect(merged.cards).toHaveLength(3);
  });

  it('restores a backup taken after a reset as it was: the reset cards stay new, a card studied again keeps its new state', async () => {
    await studyJson({ capital: 'a', flat: false, river: ['Rhine', 'North Sea'] });
    expect((await recall(['progress', 'reset', 'geo', '--yes'], { env: { ...env, RECALL_NOW: '2026-03-10T11:00:00Z' } })).code).toBe(0);
    await studyJson({ capital: 'a' }, [], '2026-03-10T12:00:00Z');
    const file = path.join(home.dir, 'backup.json');
    expect((await recall(['progress', 'export', file], { env })).code).toBe(0);
    const source = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(source.cards.map((c: { card: string }) => c.card)).toEqual(['capital']);
    expect(source.reviews).toHaveLength(4); // the history before the reset stays

    const other = { ...env, RECALL_HOME: path.join(home.dir, 'other') };
    const first = await recall(['progress', 'import', file], { env: other });
    expect(first.out).toBe('imported 4 new reviews; 0 were already here\n');
    // Before, the reviews alone brought flat and river back with their old schedule.
    const restored = JSON.parse((await recall(['progress', 'export'], { env: other })).out);
    expect(restored.cards).toEqual(source.cards);
    expect(restored.reviews).toHaveLength(4);
    // Again: nothing added, reviews or resets.
    const journal = path.join(other.RECALL_HOME, 'journal.jsonl');
    const lines = fs.readFileSync(journal, 'utf8').split('\n').length;
    expect((await recall(['progress', 'import', file], { env: other })).out).toBe('imported 0 new reviews; 4 were already here\n');
    expect(fs.readFileSync(journal, 'utf8').split('\n').length).toBe(lines);
  });

  it('restores a leech put back into study as back in study, not suspended again', async () => {
    await studyJson({ flat: false });
    const file = path.join(home.dir, 'backup.json');
    expect((await recall(['progress', 'export', file], { env })).code).toBe(0);
    // The export of a store where that answer made the card a leech and `card unsuspend` put it
    // back: the review's state says leech, the card's does not (an unsuspend is not a review).
    const exp = JSON.parse(fs.readFileSync(file, 'utf8'));
    exp.reviews[0].state.leech = true;
    expect(exp.cards).toMatchObject([{ card: 'flat', leech: false }]);
    fs.writeFileSync(file, JSON.stringify(exp));
    const other = { ...env, RECALL_HOME: path.join(home.dir, 'other') };
    expect((await recall(['progress', 'import', file], { env: other })).out).toBe('imported 1 new review; 0 were already here\n');
    const restored = JSON.parse((await recall(['progress', 'export'], { env: other })).out);
    expect(restored.cards).toMatchObject([{ card: 'flat', leech: false }]);
    expect(restored.cards[0].fsrs).not.toHaveProperty('leech');
  });

  it('an imported reset never takes away an answer given here after it', async () => {
    await studyJson({ flat: false });
    expect((await recall(['progress', 'reset', 'geo', '--yes'], { env: { ...env, RECALL_NOW: '2026-03-10T11:00:00Z' } })).code).toBe(0);
    const file = path.join(home.dir, 'backup.json');
    expect((await recall(['progress', 'export', file], { env })).code).toBe(0);
    const other = { ...env, RECALL_HOME: path.join(home.dir, 'other') };
    const here = await recall(['study', deck, '--answers', '-'], { env: { ...other, RECALL_NOW: '2026-03-10T12:00:00Z' }, stdin: JSON.stringify({ flat: false }) });
    expect(here.code).toBe(0);
    expect((await recall(['progress', 'import', file], { env: other })).code).toBe(0);
    const merged = JSON.parse((await recall(['progress', 'export'], { env: other })).out);
    expect(merged.cards).toMatchObject([{ deck: 'geo', card: 'flat', fsrs: { last_review: '2026-03-10T12:00:00.000Z' } }]);
  });

  it('exports to stdout with -, creating no file named "-", stamped with RECALL_NOW', async () => {
    await studyJson({ capital: 'a' });
    const r = await recall(['progress', 'export', '-'], { env, cwd: home.dir });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home.dir, '-'))).toBe(false);
    const exp = JSON.parse(r.out);
    expect(exp).toMatchObject({ format: 'recall-progress', version: 1, exportedAt: '2026-03-10T10:00:00.000Z' });
    expect(exp.reviews).toHaveLength(1);
    const later = JSON.parse((await recall(['progress', 'export'], { env: { ...env, RECALL_NOW: '2027-01-02T03:04:05Z' } })).out);
    expect(later.exportedAt).toBe('2027-01-02T03:04:05.000Z');
  });

  it('refuses to reset a deck it has no progress for with exit 2, naming the decks that have some', async () => {
    await studyJson({ capital: 'a' });
    for (const args of [['UNKNOWN', '--yes'], ['UNKNOWN']]) {
      const r = await recall(['progress', 'reset', ...args], { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toBe('recall: no progress for deck "UNKNOWN" (decks with progress: geo)\n');
    }
    const empty = await recall(['progress', 'reset', 'nope', '--yes'], { env: { ...env, RECALL_HOME: path.join(home.dir, 'empty') } });
    expect([empty.code, empty.err]).toEqual([2, 'recall: no progress for deck "nope" (no deck has progress yet)\n']);
    // a bundled deck never studied: nothing to do, and nothing written
    const bundled = await recall(['progress', 'reset', 'iam-users-vs-roles', '--yes'], { env });
    expect([bundled.code, bundled.out]).toEqual([0, 'deck iam-users-vs-roles has no progress: nothing to reset\n']);
    expect((await exportJson()).cards).toHaveLength(1);
  });

  it('rejects an import that is not a recall export with exit 2', async () => {
    const file = path.join(home.dir, 'junk.json');
    fs.writeFileSync(file, '{"cards": []}');
    const r = await recall(['progress', 'import', file], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a recall progress export/);
    fs.writeFileSync(file, '{not json');
    expect((await recall(['progress', 'import', file], { env })).err).toMatch(/not valid JSON/);
  });

  it('resets progress only with --yes, one deck or all, keeping history', async () => {
    await studyJson({ capital: 'a' });
    const refused = await recall(['progress', 'reset', 'geo'], { env });
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--yes/);
    expect((await exportJson()).cards).toHaveLength(1);
    expect((await recall(['progress', 'reset', 'geo', '--yes'], { env })).code).toBe(0);
    const exp = await exportJson();
    expect(exp.cards).toHaveLength(0);
    expect(exp.reviews).toHaveLength(1);
  });

  it('leaves a short session to the journal: no checkpoint is written, and reads replay it', async () => {
    await studyJson({ capital: 'a', flat: false });
    const progress = path.join(env.RECALL_HOME!, 'progress.json');
    expect(fs.existsSync(progress)).toBe(false); // conf never loaded for two answers
    const exp = await exportJson(); // a read-only command: replays the journal, writes nothing
    expect(exp.cards.map((c: { card: string }) => c.card).sort()).toEqual(['capital', 'flat']);
    expect(fs.existsSync(progress)).toBe(false);
    expect((await recall(['stats', deck, '--json'], { env })).code).toBe(0);
    expect(fs.existsSync(progress)).toBe(false);
  });

  it('prints the store folder', async () => {
    const r = await recall(['progress', 'path'], { env });
    expect(r.out.trim()).toBe(env.RECALL_HOME);
  });
});

describe('recall progress export -o', () => {
  it('takes -o FILE as deck export does, and refuses two different files', async () => {
    const home = tempHome();
    try {
      const env = { RECALL_HOME: path.join(home.dir, 'store') };
      const out = path.join(home.dir, 'backup.json');
      const r = await recall(['progress', 'export', '-o', out], { env });
      expect([r.code, r.err]).toEqual([0, '']);
      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ format: 'recall-progress', version: 1 });
      expect((await recall(['progress', 'export', '-o', out], { env })).err).toMatch(/already exists; pass --force/);
      expect((await recall(['progress', 'export', '--output', out, '--force'], { env })).code).toBe(0);
      const both = await recall(['progress', 'export', path.join(home.dir, 'a.json'), '-o', out], { env });
      expect(both.code).toBe(2);
      expect(both.err).toMatch(/give it as FILE or as -o FILE, not both/);
      expect(fs.existsSync(path.join(home.dir, 'a.json'))).toBe(false);
    } finally {
      home.cleanup();
    }
  });
});

describe('recall progress import -', () => {
  it('says it needs a file, and how to make one, before touching the store', async () => {
    const home = tempHome();
    try {
      const r = await recall(['progress', 'import', '-'], { env: { RECALL_HOME: home.dir }, stdin: '{}' });
      expect(r.code).toBe(2);
      expect(r.err).toBe('recall: progress import reads a file, not standard input: it reads it twice, checking every review before importing any. Save the export first: recall progress export backup.json, then recall progress import backup.json\n');
      expect(fs.readdirSync(home.dir)).toEqual([]);
    } finally {
      home.cleanup();
    }
  });
});

describe('recall config', () => {
  let home: ReturnType<typeof tempHome>;
  let env: Record<string, string>;
  beforeEach(() => {
    home = tempHome();
    env = { RECALL_HOME: home.dir };
  });
  afterEach(() => home.cleanup());

  it('lists every setting with its default', async () => {
    const r = await recall(['config', 'list'], { env });
    expect(r.code).toBe(0);
    for (const line of ['retention', 'max-interval', 'new-per-day', 'reviews-per-day', 'learning-steps', 'relearning-steps', 'rollover-hour'])
      expect(r.out).toContain(line);
    expect(r.out).toMatch(/retention\s+0\.9/);
    expect(r.out).toMatch(/learning-steps\s+1m,10m/);
  });

  it.each([
    ['retention', '0.85', '0.85'],
    ['learning-steps', '1m, 5m,1h', '1m,5m,1h'],
    ['rollover-hour', '5', '5'],
    ['new-per-day', '0', '0'],
  ])('sets %s to %s and reads it back', async (key, value, shown) => {
    expect((await recall(['config', 'set', key, value], { env })).code).toBe(0);
    expect((await recall(['config', 'get', key], { env })).out.trim()).toBe(shown);
  });

  it.each([
    ['retention', '0.85', '0.9'],
    ['learning-steps', '1m,1h', '1m,10m'],
    ['rollover-hour', '0', '4'],
  ])('sets %s back to its default (%s -> %s) with "default", and list no longer marks it changed', async (key, changed, shown) => {
    expect((await recall(['config', 'set', key, changed], { env })).code).toBe(0);
    const r = await recall(['config', 'set', key, 'default'], { env });
    expect([r.code, r.err, r.out]).toEqual([0, '', `${key} = ${shown}\n`]);
    expect((await recall(['config', 'get', key], { env })).out.trim()).toBe(shown);
    expect((await recall(['config', 'list'], { env })).out).not.toContain('(changed)');
  });

  it.each([
    ['retention', '0.99', /0\.7 to 0\.97/],
    ['retention', 'high', /must be a number/],
    ['rollover-hour', '24', /0 to 23/],
    ['learning-steps', '1x', /steps are a comma-separated list/],
    ['new-per-day', '2.5', /whole number/],
    ['colour', 'red', /unknown setting "colour"\. Settings: retention, /],
    ['retentoin', '0.8', /unknown setting "retentoin" \(did you mean retention\?\)\. Settings: /],
    ['new-per-days', '10', /unknown setting "new-per-days" \(did you mean new-per-day\?\)/],
  ])('refuses %s = %s with exit 2', async (key, value, message) => {
    const r = await recall(['config', 'set', key, value], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/at .*\.ts/); // no stack trace
  });
});

describe('recall card unsuspend', () => {
  it('needs DECK/ID, and reports a card with no progress', async () => {
    const home = tempHome();
    try {
      const env = { RECALL_HOME: home.dir };
      expect((await recall(['card', 'unsuspend', 'nodeck'], { env })).code).toBe(2);
      const r = await recall(['card', 'unsuspend', 'geo/capital'], { env });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no progress for geo\/capital/);
    } finally {
      home.cleanup();
    }
  });

  it('names the closest card with progress for a mistyped id', async () => {
    const home = tempHome();
    try {
      const deck = path.join(home.dir, 'd.yaml');
      const card = (id: string) => `  - id: ${id}\n    type: truefalse\n    statement: S ${id}\n    answer: true\n`;
      fs.writeFileSync(deck, `deck: my-long-deck-id\ntitle: D\ncards:\n${card('badge-vs-jacket')}${card('badge-model-cloze')}`);
      const env = { RECALL_HOME: path.join(home.dir, 'store') };
      await recall(['study', deck, '--answers', '-'], { env, stdin: 'badge-vs-jacket: true\nbadge-model-cloze: true' });
      const r = await recall(['card', 'unsuspend', 'my-long-deck-id/badge-vs-jackt'], { env });
      expect(r.code).toBe(2);
      // Only the near one: with the deck prefix counted, far ids came in too.
      expect(r.err).toBe('recall: no progress for my-long-deck-id/badge-vs-jackt (did you mean my-long-deck-id/badge-vs-jacket?): check the deck and card id (recall stats lists leeches)\n');
      // A mistyped deck: the whole DECK/ID is compared.
      const deckTypo = await recall(['card', 'unsuspend', 'my-lng-deck-id/badge-vs-jacket'], { env });
      expect(deckTypo.err).toMatch(/\(did you mean my-long-deck-id\/badge-vs-jacket\?\)/);
    } finally {
      home.cleanup();
    }
  });

  it('puts a leech back into study', async () => {
    const home = tempHome();
    try {
      const dir = home.dir;
      const deck = path.join(dir, 'd.yaml');
      fs.writeFileSync(deck, 'deck: d\ntitle: D\ncards:\n  - id: x\n    type: truefalse\n    statement: S\n    answer: true\n');
      const env = { RECALL_HOME: path.join(dir, 'store') };
      await recall(['config', 'set', 'leech-lapses', '1'], { env });
      // Learn the card, let it graduate, then fail it on review: one lapse makes it a leech.
      const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T10:00:00Z`;
      for (const [d, a] of [[1, true], [1, true], [1, true], [20, false]] as const)
        await recall(['study', deck, '--answers', '-'], { env: { ...env, RECALL_NOW: day(d) }, stdin: `x: ${a}` });
      const leeches = JSON.parse((await recall(['progress', 'export'], { env })).out).cards.filter((c: { leech: boolean }) => c.leech);
      expect(leeches).toHaveLength(1);
      const skipped = await recall(['study', deck, '--answers', '-', '--reporter', 'json'], { env: { ...env, RECALL_NOW: day(25) }, stdin: 'x: true' });
      expect(JSON.parse(skipped.out).due).toBe(0); // a leech is left out of study
      const r = await recall(['card', 'unsuspend', 'd/x'], { env });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/back in study/);
      const back = await recall(['study', deck, '--answers', '-', '--reporter', 'json'], { env: { ...env, RECALL_NOW: day(25) }, stdin: 'x: true' });
      expect(JSON.parse(back.out).reviewed).toBe(1);
    } finally {
      home.cleanup();
    }
  });
});
