// `recall study` in a real pseudo-terminal (tmux): real keys in, the screen read back, then the
// store checked on disk. One card of every type, Ctrl-C mid-session, and undo.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import {
  ALL_TYPES,
  answerWithKeys,
  cardOnScreen,
  cleanTemps,
  DECK_ID,
  endTerminals,
  ensureBuilt,
  exportProgress,
  linesOf,
  menuOptions,
  activePrompt,
  readJournal,
  recall,
  RIGHT,
  tempDir,
  Tmux,
  WRONG,
  type KeyAnswer,
} from './helpers.js';

let t: Tmux | undefined;

beforeAll(ensureBuilt);
afterEach(endTerminals);
afterAll(cleanTemps);

type State = 'summary' | 'continue' | 'question' | 'grade' | 'busy';

/** Where the study loop is, from the last lines of the screen. */
function studyState(screen: string): State {
  if (/EXIT=\d+/.test(screen)) return 'summary';
  const last = linesOf(screen).at(-1) ?? '';
  if (last.includes('Enter to continue')) return 'continue';
  if (last.includes('1-4 rate')) return 'grade';
  if (/Enter (reveal the answer|submit|confirm|next blank)/.test(last)) return 'question';
  return 'busy';
}

const isQuestion = (s: string) => studyState(s) === 'question' || studyState(s) === 'summary';

function startStudy(home: string): Tmux {
  t = new Tmux();
  t.start(['study', ALL_TYPES], home);
  return t;
}

/** Answers the card on screen and waits for the continue screen; returns the card id. */
async function answerCurrent(tm: Tmux, pick: (card: string) => KeyAnswer): Promise<string> {
  const card = cardOnScreen(tm.screen());
  await answerWithKeys(tm, pick(card));
  await tm.waitFor((s) => studyState(s) === 'continue', `the continue screen after ${card}`);
  return card;
}

describe('recall study in a real terminal', () => {
  /** Answers every card: the choice card wrong the first time, the rest right; checks the journal. */
  async function answerEveryType(home: string): Promise<void> {
    const tm = startStudy(home);
    // First sight: the choice card is answered wrong, the rest right. Learning cards come back in
    // the same session (learn-ahead); those are answered right until the session completes.
    const asked: string[] = [];
    for (let i = 0; i < 40; i++) {
      const screen = await tm.waitFor(isQuestion, 'the next card or the summary');
      if (studyState(screen) === 'summary') break;
      const card = await answerCurrent(tm, (c) => (c === 'role-creds' && !asked.includes(c) ? WRONG[c]! : RIGHT[c]!));
      asked.push(card);
      tm.keys('Enter');
    }
    const screen = await tm.output();
    expect(screen).toContain('Session complete.');
    expect(screen).toMatch(/cards: \d+ {4}accuracy: /);
    expect(screen).toContain('EXIT=0');
    expect(new Set(asked)).toEqual(new Set(Object.keys(RIGHT)));

    const reviews = readJournal(home).filter((e) => e.op === 'review');
    expect(reviews.map((r) => r.card)).toEqual(asked);
    expect(reviews.every((r) => r.kind === 'study' && r.deck === DECK_ID)).toBe(true);
    const first = (card: string) => reviews.find((r) => r.card === card)!;
    expect(first('sts-name')).toMatchObject({ rating: 'good', correct: null });
    expect(first('role-creds')).toMatchObject({ rating: 'again', correct: false });
    for (const card of ['principals', 'role-password', 'assume-call', 'creds-cloze', 'assume-steps'])
      expect(first(card), card).toMatchObject({ rating: 'good', correct: true });

    const { run, data } = exportProgress(home);
    expect(run.stderr).toBe('');
    expect(data.cards.map((c) => c.card).sort()).toEqual(Object.keys(RIGHT).sort());
    expect(data.reviews).toHaveLength(asked.length);
  }

  it('answers one card of each type with keys and saves every answer in the journal', async () => {
    await answerEveryType(tempDir());
  });

  it('shows and grades every card the same when the deck comes from the deck cache (card bodies read as each card comes up)', async () => {
    const home = tempDir();
    expect(recall(['deck', 'lint', ALL_TYPES], { home }).code).toBe(0); // fills the deck cache
    const entries = fs.readdirSync(path.join(home, 'cache', 'decks'));
    expect(entries).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, 'cache', 'decks', entries[0]!), 'utf8')).toContain('"bodyEnds":[');
    await answerEveryType(home);
  });

  it('ends on Ctrl-C with the answers given saved, a summary and exit code 130', async () => {
    const home = tempDir();
    const tm = startStudy(home);
    const answered: string[] = [];
    for (let i = 0; i < 2; i++) {
      await tm.waitFor(isQuestion, 'a card');
      answered.push(await answerCurrent(tm, (c) => RIGHT[c]!));
      tm.keys('Enter');
    }
    // Mid-answer on the multi card: one box ticked, not submitted.
    await tm.waitFor((s) => isQuestion(s) && cardOnScreen(s) === 'principals', 'the multi card');
    tm.keys('a');
    await tm.waitFor('1 of 2 selected');
    tm.keys('C-c');
    const screen = await tm.output();
    expect(screen).toContain('Session interrupted; every answer given is saved.');
    expect(screen).toMatch(/cards: 2 /);
    expect(screen).toContain('EXIT=130');
    expect(answered).toEqual(['sts-name', 'role-creds']);
    const reviews = readJournal(home).filter((e) => e.op === 'review');
    expect(reviews.map((r) => [r.card, r.correct])).toEqual([
      ['sts-name', null],
      ['role-creds', true],
    ]);
    expect(exportProgress(home).data.reviews).toHaveLength(2);
  });

  it('names the picked option in the feedback with the letter it had on screen', async () => {
    const home = tempDir();
    const tm = startStudy(home);
    await tm.waitFor(isQuestion, 'the first card');
    await answerCurrent(tm, (c) => RIGHT[c]!);
    tm.keys('Enter');
    const screen = await tm.waitFor((s) => isQuestion(s) && cardOnScreen(s) === 'role-creds', 'the choice card');
    const shown = menuOptions(activePrompt(screen)!.body);
    const letterOf = (label: string) => shown.find((o) => o.label === label)!.key;
    await answerCurrent(tm, () => WRONG['role-creds']!);
    const after = tm.screen();
    // The options are shuffled on screen; the feedback must not call them by other letters.
    expect(after).toContain(`your pick: ${letterOf('A long-term access key')}) A long-term access key`);
    expect(after).toContain(`right: ${letterOf('Temporary credentials from STS')}) Temporary credentials from STS`);
  });

  it('takes back the last answer with u: an undo entry is journaled and the card is asked again', async () => {
    const home = tempDir();
    const tm = startStudy(home);
    await tm.waitFor(isQuestion, 'the first card');
    expect(await answerCurrent(tm, () => ({ type: 'basic', digit: '3' }))).toBe('sts-name');
    expect(tm.screen()).toContain('u to undo');
    tm.keys('u');
    await tm.waitFor(`Undone: ${DECK_ID}/sts-name. Answer it again.`);
    await tm.waitFor(isQuestion, 'the same card again');
    expect(cardOnScreen(tm.screen())).toBe('sts-name');
    expect(await answerCurrent(tm, () => ({ type: 'basic', digit: '1' }))).toBe('sts-name');
    tm.keys('Enter');
    await tm.waitFor(isQuestion, 'the next card');
    tm.keys('C-c');
    await tm.waitFor('EXIT=130');

    const journal = readJournal(home);
    expect(journal.map((e) => [e.op, e.card, e.rating])).toEqual([
      ['review', 'sts-name', 'good'],
      ['undo', 'sts-name', undefined],
      ['review', 'sts-name', 'again'],
    ]);
    expect(journal[1]!.ref).toBe(journal[0]!.id);
    expect(journal[1]!.state).toBeNull(); // the card was new before the undone answer
    // The export leaves out the review that was taken back, and the state is the second answer's.
    const { data } = exportProgress(home);
    expect(data.reviews.map((r) => [r.card, r.rating])).toEqual([['sts-name', 'again']]);
    expect(data.cards.find((c) => c.card === 'sts-name')?.due).toBe(journal[2]!.state!.due);
  });

  /** The count part of the last session header on screen: "2 left (1 in learning)". */
  const counter = (screen: string) => linesOf(screen).filter((l) => /\] \d+ left/.test(l)).at(-1)?.replace(/^.*\] /, '');

  it('keeps the count of cards left steady through learning repeats and an undo', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['study', ALL_TYPES, '--limit', '2'], home);
    let s = await t.waitFor(isQuestion, 'the first card');
    expect(cardOnScreen(s)).toBe('sts-name');
    expect(counter(s)).toBe('2 left');
    await answerCurrent(t, () => ({ type: 'basic', digit: '1' })); // Again: it comes back this session
    t.keys('Enter');
    s = await t.waitFor((x) => isQuestion(x) && cardOnScreen(x) === 'role-creds', 'the choice card');
    expect(counter(s)).toBe('2 left (1 in learning)');
    await answerCurrent(t, () => RIGHT['role-creds']!); // Good on a new card: a learning step, back again
    t.keys('u');
    await t.waitFor(`Undone: ${DECK_ID}/role-creds.`);
    s = await t.waitFor((x) => isQuestion(x) && cardOnScreen(x) === 'role-creds', 'the choice card again');
    expect(counter(s)).toBe('2 left (1 in learning)');
    await answerCurrent(t, () => RIGHT['role-creds']!);
    t.keys('Enter');
    s = await t.waitFor((x) => isQuestion(x) && cardOnScreen(x) === 'sts-name', 'the first card again');
    expect(counter(s)).toBe('2 left (2 in learning)');
    t.keys('C-c');
    await t.waitFor('EXIT=130');
  });

  it('can undo the last answer of the session', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['study', ALL_TYPES, '--limit', '1'], home);
    await t.waitFor(isQuestion, 'the only card');
    await answerCurrent(t, () => ({ type: 'basic', digit: '4' })); // Easy: graduates, the session is over
    expect(linesOf(t.screen()).at(-1)).toBe('Enter to continue · u to undo');
    t.keys('u');
    await t.waitFor(`Undone: ${DECK_ID}/sts-name. Answer it again.`);
    await t.waitFor(isQuestion, 'the same card again');
    await answerCurrent(t, () => ({ type: 'basic', digit: '4' }));
    t.keys('Enter');
    const screen = await t.output();
    expect(screen).toContain('Session complete.');
    expect(screen).toMatch(/cards: 1 /);
    expect(screen).toContain('again 0 · hard 0 · good 0 · easy 1');
    expect(readJournal(home).map((e) => [e.op, e.card, e.rating])).toEqual([
      ['review', 'sts-name', 'easy'],
      ['undo', 'sts-name', undefined],
      ['review', 'sts-name', 'easy'],
    ]);
  });

  it('wraps the feedback to a 50-column terminal, whys and explanation indented under their text', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['study', ALL_TYPES], home, { width: 50 });
    await t.waitFor(isQuestion, 'the first card');
    await answerCurrent(t, () => RIGHT['sts-name']!);
    t.keys('Enter');
    await t.waitFor((s) => isQuestion(s) && cardOnScreen(s) === 'role-creds', 'the choice card');
    await answerCurrent(t, () => WRONG['role-creds']!);
    const lines = t.screen().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(50);
    const why = lines.findIndex((l) => l.startsWith('      why: Assuming a role'));
    expect(why, t.screen()).toBeGreaterThan(0);
    expect(lines[why + 1]).toMatch(/^ {11}\S/); // the why goes on under its own text
    // No tick in front of the answered question: the answer was wrong.
    expect(t.screen()).not.toContain('✔');
    expect(t.screen()).toContain('› What credentials does a role provide?');
  });

  it('redraws the question cleanly when the terminal is resized', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['study', ALL_TYPES], home);
    await t.waitFor(isQuestion, 'the first card');
    await answerCurrent(t, () => RIGHT['sts-name']!);
    t.keys('Enter');
    await t.waitFor((s) => isQuestion(s) && cardOnScreen(s) === 'role-creds', 'the choice card');
    // The session header starts with the deck's title: it must be on screen once, never twice.
    const headers = (s: string) => linesOf(s).filter((l) => l.startsWith('E2E every type')).length;
    t.resize(30);
    // Redrawn at the new width without a key: the prompt is drawn once, the help line last.
    let s = await t.waitFor((x) => headers(x) === 1 && (linesOf(x).at(-1) ?? '').endsWith('confirm'), 'the redrawn question');
    expect(linesOf(s).filter((l) => l.startsWith('? What credentials'))).toHaveLength(1);
    t.keys('Down');
    s = await t.waitFor((x) => menuOptions(activePrompt(x)?.body ?? []).some((o) => o.active && o.key === 'b'), 'the cursor on b');
    expect(headers(s)).toBe(1);
    t.resize(100);
    t.keys('Up');
    // The resize redraw and the key's redraw may land in either order: wait for the settled screen.
    s = await t.waitFor(
      (x) => menuOptions(activePrompt(x)?.body ?? []).some((o) => o.active && o.key === 'a') && linesOf(x).some((l) => l.startsWith('? What credentials does a role provide?')),
      'the cursor back on a, at 100 columns',
    );
    expect(headers(s)).toBe(1);
    expect(linesOf(s).filter((l) => l.startsWith('? What credentials does a role provide?'))).toHaveLength(1);
  });
});
