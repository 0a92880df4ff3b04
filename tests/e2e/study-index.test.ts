// Interactive study's early start (src/commands/study-start.ts): with a study index of the store and
// the decks (written when a session closes), the first card goes on screen before the store is
// opened. Checked on the built binary in a real pseudo-terminal (tmux): the same first card as
// without the index, the same saved answer, and an index that does not match the store restarts
// the session from the store's queue, saying so.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/adapters/cache-key.js';
import { ALL_TYPES, answerWithKeys, cardOnScreen, cleanTemps, endTerminals, ensureBuilt, linesOf, readJournal, recall, RIGHT, tempDir, Tmux } from './helpers.js';

let t: Tmux | undefined;
beforeAll(ensureBuilt);
afterEach(endTerminals);
afterAll(cleanTemps);

const isQuestion = (s: string) => /Enter (reveal the answer|submit|confirm|next blank)/.test(linesOf(s).at(-1) ?? '');
const isContinue = (s: string) => (linesOf(s).at(-1) ?? '').includes('Enter to continue');
const indexFiles = (home: string) => {
  const dir = path.join(home, 'cache', 'study');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.idx')).map((n) => path.join(dir, n)) : [];
};

/** A store with five of the seven cards answered nine days before the tests' clock, checkpointed
 *  (sealed) by a setting: at the tests' clock they are due, two cards are new. */
function preparedHome(): string {
  const home = tempDir();
  const answers = path.join(home, 'answers.yaml');
  fs.writeFileSync(answers, 'sts-name: good\nrole-creds: a\nprincipals: [a, c]\nrole-password: true\nassume-call: AssumeRole\n');
  const env = { RECALL_NOW: '2025-02-20T10:00:00Z' };
  expect(recall(['study', ALL_TYPES, '--answers', answers], { home, env }).code).toBe(0);
  expect(recall(['config', 'set', 'new-per-day', '20'], { home }).code).toBe(0);
  return home;
}

/** Starts study, answers the first card right and ends the session: the card, and what was on screen. */
async function answerFirst(home: string): Promise<{ card: string; screen: string }> {
  t = new Tmux();
  t.start(['study', ALL_TYPES], home);
  const card = cardOnScreen(await t.waitFor(isQuestion, 'the first card'));
  await answerWithKeys(t, RIGHT[card]!);
  await t.waitFor(isContinue, 'the continue screen');
  t.keys('C-c');
  const screen = await t.output();
  t.kill();
  t = undefined;
  return { card, screen };
}

/** The last review in the journal, without what differs between runs (ids, session, time taken). */
function lastReview(home: string) {
  const e = readJournal(home).filter((l) => l.op === 'review').at(-1) as unknown as Record<string, unknown>;
  const { id: _id, session: _s, ms: _ms, ...rest } = e;
  return rest;
}

describe('interactive study with a study index', () => {
  it('writes the index when a session closes; the next start shows the same first card and saves the same answer', async () => {
    const home = preparedHome();
    const control = tempDir();
    fs.cpSync(home, control, { recursive: true });

    // No index yet: the store is opened first, as before; the session writes one as it closes.
    const before = await answerFirst(home);
    expect(indexFiles(home)).toHaveLength(1);
    // The same in a copy, its index removed before each start: the store opened first every time.
    fs.rmSync(path.join(control, 'cache', 'study'), { recursive: true, force: true });
    const ctl = await answerFirst(control);
    expect(ctl.card).toBe(before.card);
    expect(lastReview(home)).toEqual(lastReview(control));

    // Second start: from the index, which matches the store the first session closed with (the
    // seal at the end of progress.json, the journal's length).
    const header = JSON.parse(fs.readFileSync(indexFiles(home)[0]!, 'latin1').split('\n')[2]!) as { seal: string; journal: number };
    expect(fs.readdirSync(path.join(home, 'cache', 'study')).filter((n) => n.endsWith('.cards'))).toHaveLength(1);
    expect(header.journal).toBe(fs.statSync(path.join(home, 'journal.jsonl')).size);
    expect(fs.readFileSync(path.join(home, 'progress.json'), 'latin1')).toMatch(new RegExp(`"seal":"${header.seal}"}$`));
    const fast = await answerFirst(home);
    fs.rmSync(path.join(control, 'cache', 'study'), { recursive: true, force: true });
    const slow = await answerFirst(control);
    expect(fast.card).toBe(slow.card);
    expect(fast.screen).not.toContain('recall:');
    expect(lastReview(home)).toEqual(lastReview(control));
    expect(readJournal(home).map((l) => [l.op, l.card, l.rating])).toEqual(readJournal(control).map((l) => [l.op, l.card, l.rating]));
  });

  it('starts the session again from the store\'s queue when a signed index does not match the store', async () => {
    const home = preparedHome();
    const control = tempDir();
    fs.cpSync(home, control, { recursive: true });
    t = new Tmux();
    t.start(['study', ALL_TYPES], home);
    await t.waitFor(isQuestion, 'the first card');
    t.keys('C-c');
    await t.output();
    t.kill();
    t = undefined;
    const [file] = indexFiles(home);
    expect(file).toBeDefined();

    // The index says every card studied is a leech (the flag bytes, last in the file, with the
    // leech bit set), signed with the store's own key: only a bug could make such a file, and the
    // store's queue must still win.
    const body = Buffer.from(fs.readFileSync(file!).subarray(65));
    const rows = Number(/"rows":(\d+)/.exec(body.toString('latin1'))![1]);
    for (let i = body.length - rows; i < body.length; i++) if ((body[i]! & 1) === 1) body[i] = body[i]! | 2;
    const key = fs.readFileSync(path.join(home, 'cache.key'));
    fs.writeFileSync(file!, Buffer.concat([Buffer.from(sign(key, path.basename(file!), body).toString('hex') + '\n'), body]));

    t = new Tmux();
    t.start(['study', ALL_TYPES], home);
    await t.waitFor('the study index did not match the store', 'the notice');
    const card = cardOnScreen(await t.waitFor((s) => isQuestion(s) && s.includes('did not match'), 'the first card of the store\'s queue'));
    await answerWithKeys(t, RIGHT[card]!);
    await t.waitFor(isContinue, 'the continue screen');
    t.keys('C-c');
    expect(await t.output()).toContain('EXIT=130');
    t.kill();
    t = undefined;

    const ctl = await answerFirst(control);
    expect(card).toBe(ctl.card);
    expect(lastReview(home)).toEqual(lastReview(control));
    // one answer each: nothing was saved for the card shown from the index
    expect(readJournal(home).filter((l) => l.op === 'review').length).toBe(readJournal(control).filter((l) => l.op === 'review').length);
  });

  it('leaves a code cache that the next early start takes as it is (the young generation is put back)', async () => {
    const home = preparedHome();
    const toFirstCard = async () => {
      t = new Tmux();
      t.start(['study', ALL_TYPES], home);
      await t.waitFor(isQuestion, 'the first card');
      t.keys('C-c');
      const screen = await t.output();
      t.kill();
      t = undefined;
      return screen;
    };
    await toFirstCard(); // writes the index (and the code cache)
    expect(indexFiles(home)).toHaveLength(1);
    const screen = await toFirstCard(); // from the index
    expect(screen).not.toContain('recall:');
    const dir = path.join(home, 'cache', 'code');
    const file = path.join(dir, fs.readdirSync(dir).find((n) => n.endsWith('-study.bin'))!);
    const before = fs.statSync(file);
    expect(await toFirstCard()).toContain('EXIT=130');
    const after = fs.statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});
