// The README's answers-file example and the card ids in help examples name real cards and run as
// shown. The example is read from README.md itself, so the two cannot drift apart.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const scripted = readme.slice(readme.indexOf('## Scripted runs'));
const block = (lang: string, from = 0) => {
  const start = scripted.indexOf('```' + lang + '\n', from);
  const body = start + lang.length + 4;
  return { text: scripted.slice(body, scripted.indexOf('```', body)), end: scripted.indexOf('```', body) + 3 };
};

let home: ReturnType<typeof tempHome>;
beforeAll(() => {
  home = tempHome();
});
afterAll(() => home.cleanup());

describe('README "Scripted runs"', () => {
  const answers = block('yaml');
  const command = block('sh', answers.end);

  it('shows one answer of every card type', () => {
    const keys = Object.keys(parse(answers.text) as object);
    expect(keys.length).toBe(7);
    expect(answers.text).toMatch(/# choice/);
    expect(answers.text).toMatch(/# basic/);
  });

  it('runs as shown: every card in it exists and is answered right', async () => {
    fs.writeFileSync(path.join(home.dir, 'answers.yaml'), answers.text);
    const line = command.text.split('\n').find((l) => l.startsWith('recall study'))!;
    expect(line).toBeDefined();
    const args = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    const r = await recall(args, { env: { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2025-03-01T10:00:00Z' }, cwd: home.dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const keys = Object.keys(parse(answers.text) as object);
    for (const key of keys) expect(r.out).toMatch(new RegExp(`^good +iam-users-vs-roles/${key} `, 'm'));
    expect(r.out).not.toMatch(/^(again|hard) /m);
  });
});

describe('README "Item analysis for instructors"', () => {
  // The example quizzed iam-exam-signals with the answers.yaml of "Scripted runs", which answers
  // iam-users-vs-roles: a reader following the README from the top got exit 2 (unknown card).
  it('runs as shown with the answers file of "Scripted runs", and the analysis reads its report', async () => {
    const section = readme.slice(readme.indexOf('## Item analysis'));
    const sh = section.slice(section.indexOf('```sh\n') + 6, section.indexOf('```', section.indexOf('```sh\n') + 6));
    const quizLine = sh.replace(/\\\n\s*/g, '').split('\n').find((l) => l.startsWith('recall quiz'))!;
    expect(quizLine).toBeDefined();
    const dir = path.join(home.dir, 'item-analysis');
    fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'answers.yaml'), block('yaml').text);
    const args = quizLine.replace(/#.*/, '').replaceAll('$GITHUB_ACTOR', 'ann').replaceAll('"', '').trim().split(/\s+/).slice(1);
    const env = { RECALL_HOME: path.join(dir, 'store'), RECALL_NOW: '2025-03-01T10:00:00Z' };
    const quiz = await recall(args, { env, cwd: dir });
    expect(quiz.err).not.toMatch(/unknown card/);
    expect([0, 1], quiz.err).toContain(quiz.code); // graded: passed or below the pass mark, never refused
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'reports/ann.json'), 'utf8'))).toMatchObject({ student: 'ann' });
    const analyzeLine = sh.split('\n').find((l) => l.includes('--deck'))!;
    const analysis = await recall([...analyzeLine.replace(/#.*/, '').trim().split(/\s+/).slice(1), '--json'], { env, cwd: dir });
    expect(analysis.code).toBe(0);
    // one student: --min-n 30 leaves no item to show, but the report was read for that deck
    expect(JSON.parse(analysis.out)).toMatchObject({ reports: 1, students: 1 });
  });
});

describe('help examples', () => {
  it('recall card --help names a card that exists in the bundled decks', async () => {
    const r = await recall(['card', 'unsuspend', '--help'], { env: { RECALL_HOME: home.dir } });
    const [, deck, id] = r.out.match(/recall card unsuspend ([a-z0-9-]+)\/([a-z0-9-]+)/) ?? [];
    expect(deck).toBeDefined();
    const text = fs.readFileSync(path.join(repoRoot, 'decks', `${deck}.yaml`), 'utf8');
    expect(text).toMatch(new RegExp(`^\\s+- id: ${id}$`, 'm'));
  });

  it('error messages give examples with cards that exist', async () => {
    const bundled = (deck: string) => fs.readFileSync(path.join(repoRoot, 'decks', `${deck}.yaml`), 'utf8');
    const exists = (deck: string, id: string) => new RegExp(`^\\s+- id: ${id.replace(/\./g, '\\.')}$`, 'm').test(bundled(deck));
    const badCard = await recall(['card', 'unsuspend', 'no-slash'], { env: { RECALL_HOME: home.dir } });
    const [, deck, id] = badCard.err.match(/e\.g\. ([a-z0-9-]+)\/([a-z0-9.-]+)/) ?? [];
    expect(badCard.code).toBe(2);
    expect(exists(deck!, id!)).toBe(true);
    const badAnswers = await recall(['study', 'iam-users-vs-roles', '--answers', '-'], { env: { RECALL_HOME: home.dir }, stdin: '[1, 2]' });
    const [, key, answer] = badAnswers.err.match(/e\.g\. "([a-z0-9.-]+): ([a-z])"/) ?? [];
    expect(badAnswers.code).toBe(2);
    // a card of the deck the README uses, and the letter of its right option
    expect(exists('iam-users-vs-roles', key!)).toBe(true);
    const show = await recall(['deck', 'show', 'iam-users-vs-roles'], { env: { RECALL_HOME: home.dir, NO_COLOR: '1' } });
    const card = show.out.slice(show.out.indexOf(`  ${key}  [choice]`));
    expect(card).toMatch(new RegExp(`✓ ${answer}\\) `));
  });
});
