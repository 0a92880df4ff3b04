// `recall deck lint DIR` over a folder with decks and the scripted answers file a CI quiz runs on:
// the answers file is set aside with a one-line notice (it failed the lint as a deck before), but
// only when every key is a card of the decks beside it; a file named as an argument is linted as
// asked, and a broken deck is never skipped.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const work = workFolder();

const DECK = `deck: geo
title: Geography
cards:
  - id: capital
    type: choice
    prompt: Capital of France?
    choices:
      - { text: Paris, correct: true, why: it is }
      - { text: Lyon, why: it is not }
  - id: flat
    type: truefalse
    statement: The earth is flat.
    answer: false
`;

function folder(files: Record<string, string>): void {
  fs.mkdirSync(path.join(work.dir, 'decks'));
  for (const [name, text] of Object.entries(files)) work.write(path.join('decks', name), text);
}

describe('deck lint of a folder holding an answers file', () => {
  it('skips an answers file whose keys are cards of the decks, with a notice, and passes', async () => {
    folder({ 'geo.yaml': DECK, 'answers.yaml': 'capital: a\nflat: false\n', 'key.yml': '{"geo/capital": "Paris", "geo/flat": "false"}\n' });
    const r = await work.run(['deck', 'lint', '--strict', 'decks']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        'recall: decks/answers.yaml: skipped, an answers file (its keys are cards of these decks), not a deck; name it to lint it as one',
        'recall: decks/key.yml: skipped, an answers file (its keys are cards of these decks), not a deck; name it to lint it as one',
        '1 file checked: 0 errors, 0 warnings',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await work.run(['deck', 'lint', '--format', 'json', 'decks'])).out);
    expect(json).toMatchObject({ errors: 0, files: 1, skipped: ['decks/answers.yaml', 'decks/key.yml'] });
  });

  it('a scripted quiz or study of the folder leaves out its own --answers file, which it read as a deck before', async () => {
    folder({ 'geo.yaml': DECK, 'answers.yaml': 'capital: a\nflat: false\n' });
    const quiz = await work.run(['quiz', 'decks', '--answers', 'decks/answers.yaml']);
    expect(quiz.code, quiz.err).toBe(0);
    expect(quiz.out).toMatch(/Score: 100\.0% \(2\/2 correct\)/);
    const study = await work.run(['study', 'decks', '--answers', './decks/answers.yaml', '--reporter', 'json']);
    expect(study.code, study.err).toBe(0);
    expect(JSON.parse(study.out).reviewed).toBe(2);
    // A folder with nothing else in it has no decks, and says so.
    fs.mkdirSync(path.join(work.dir, 'only'));
    work.write('only/answers.yaml', 'capital: a\n');
    const alone = await work.run(['quiz', 'only', '--answers', 'only/answers.yaml']);
    expect(alone.code).toBe(2);
    expect(alone.err).toBe('recall: no deck files in only: the only one found is the answers file\n');
    // Named as a deck as well, it is read as one: exit 2 with its deck errors.
    const named = await work.run(['quiz', 'decks', 'decks/answers.yaml', '--answers', 'decks/answers.yaml']);
    expect(named.code).toBe(2);
    expect(named.err).toMatch(/decks\/answers\.yaml:1:1: error MISSING_FIELD/);
  });

  it('every command that reads the folder sets aside an answers file lint set aside, with the same notice', async () => {
    // A student's own answers file elsewhere, the key kept beside the decks: lint passed the folder,
    // and quiz, study, decks, stats, deck show and deck export refused it ("decks have 3 errors").
    folder({ 'geo.yaml': DECK, 'key.yaml': 'capital: a\nflat: false\n' });
    work.write('mine.yaml', 'capital: b\nflat: false\n');
    const notice = 'recall: decks/key.yaml: skipped, an answers file (its keys are cards of these decks), not a deck\n';
    const quiz = await work.run(['quiz', 'decks', '--answers', 'mine.yaml', '--min-score', '100']);
    expect(quiz.code).toBe(1);
    expect(quiz.out).toMatch(/Score: 50\.0% \(1\/2 correct\), FAILED/);
    expect(quiz.err.startsWith(notice)).toBe(true);
    const study = await work.run(['study', 'decks', '--answers', 'mine.yaml', '--reporter', 'json']);
    expect(study.code, study.err).toBe(0);
    expect(JSON.parse(study.out).reviewed).toBe(2);
    expect(study.err).toBe(notice);
    for (const args of [['decks', 'decks'], ['stats', 'decks'], ['deck', 'show', 'decks'], ['deck', 'export', 'decks', '--format', 'csv'], ['exam', 'set', '2099-12-20', 'decks', '--tag', 'geo']]) {
      const r = await work.run(args);
      expect(r.err, args.join(' ')).toContain(notice);
      expect(r.err, args.join(' ')).not.toMatch(/error MISSING_FIELD/);
    }
    // A key no card has: still read as a deck, refused, and the line says why it was not skipped.
    work.write('decks/key.yaml', 'capital: a\ncapitol: b\n');
    const stale = await work.run(['quiz', 'decks', '--answers', 'mine.yaml']);
    expect(stale.code).toBe(2);
    expect(stale.err).toMatch(/^recall: decks\/key\.yaml: read as a deck; it looks like an answers file, but "capitol" is no card of these decks$/m);
    expect(stale.err).toMatch(/decks\/key\.yaml:1:1: error MISSING_FIELD/);
  });

  it('lints a file named as an argument as asked, answers file or not', async () => {
    folder({ 'geo.yaml': DECK, 'answers.yaml': 'capital: a\nflat: false\n' });
    const r = await work.run(['deck', 'lint', 'decks', 'decks/answers.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^decks\/answers\.yaml:1:1: error MISSING_FIELD the deck has no "deck"$/m);
    expect(r.err).not.toMatch(/skipped/);
  });

  it('never skips a broken deck: misspelt keys, missing cards, a syntax error', async () => {
    folder({ 'geo.yaml': DECK, 'broken.yaml': 'dekc: geo\ntitel: Geography\n', 'nocards.yaml': 'deck: x\ntitle: X\n', 'syntax.yaml': 'capital: [a\n' });
    const r = await work.run(['deck', 'lint', 'decks']);
    expect(r.code).toBe(1);
    for (const f of ['broken', 'nocards', 'syntax']) expect(r.out).toMatch(new RegExp(`^decks/${f}\\.yaml:\\d+:\\d+: error`, 'm'));
    expect(r.err).not.toMatch(/skipped/);
    expect(r.err).toMatch(/4 files checked/);
  });

  it('lints an answers file with a key no card has as a deck, and says why it was not skipped', async () => {
    folder({ 'geo.yaml': DECK, 'answers.yaml': 'capital: a\ncapitol: b\n' });
    const r = await work.run(['deck', 'lint', 'decks']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^decks\/answers\.yaml:1:1: error MISSING_FIELD/m);
    expect(r.err).toMatch(/^recall: decks\/answers\.yaml: linted as a deck; it looks like an answers file, but "capitol" is no card of these decks$/m);
  });
});
