// `recall quiz` in a real pseudo-terminal (tmux): answer, flag, skip, the review screen, jump back,
// submit; then the score on screen and the quiz answers in the journal.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, answerWithKeys, cardOnScreen, cleanTemps, DECK_ID, endTerminals, ensureBuilt, linesOf, readJournal, RIGHT, tempDir, Tmux, WRONG } from './helpers.js';

let t: Tmux | undefined;

beforeAll(ensureBuilt);
afterEach(endTerminals);
afterAll(cleanTemps);

/** Question n is on screen and ready for keys (its help line, which ends with "^R review", is drawn). */
const atQuestion = (n: number) => (s: string) => {
  const headers = linesOf(s).filter((l) => /^Question \d+ of 6/.test(l));
  return headers.at(-1)?.startsWith(`Question ${n} of 6`) === true && linesOf(s).at(-1)?.endsWith('review') === true;
};
const atReview = (s: string) => /Review · \d\/6 answered/.test(s) && linesOf(s).at(-1)?.endsWith('s submit') === true;

/** The review screen's row for question n. */
const reviewRow = (s: string, n: number) => linesOf(s).find((l) => new RegExp(`^[> ] ${n}\\. `).test(l)) ?? '';

// The true/false card is answered wrong wherever it comes up; every other card right.
const answerFor = (card: string) => (card === 'role-password' ? WRONG[card]! : RIGHT[card]!);

describe('recall quiz in a real terminal', () => {
  it('flags, skips, reviews, jumps back to the unanswered questions, submits and records kind quiz', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--seed', '1'], home);
    const order: string[] = [];
    const answerQuestion = async (n: number) => {
      const s = await t!.waitFor(atQuestion(n), `question ${n}`);
      const card = cardOnScreen(s);
      order[n - 1] = card;
      await answerWithKeys(t!, answerFor(card));
    };

    await t.waitFor('Quiz: 6 questions, pass mark 72% (seed 1)');
    await answerQuestion(1);
    // Question 2: flag it, then answer it.
    await t.waitFor(atQuestion(2), 'question 2');
    t.keys('C-f');
    await t.waitFor((s) => atQuestion(2)(s) && s.includes('[flagged]'), 'the [flagged] marker');
    await answerQuestion(2);
    // Question 3: skip it.
    await t.waitFor(atQuestion(3), 'question 3');
    order[2] = cardOnScreen(t.screen());
    t.keys('C-n');
    await answerQuestion(4);
    await answerQuestion(5);
    // Question 6: open the review screen instead of answering; the cursor starts on question 6.
    await t.waitFor(atQuestion(6), 'question 6');
    order[5] = cardOnScreen(t.screen());
    t.keys('C-r');
    let s = await t.waitFor(atReview, 'the review screen');
    expect(reviewRow(s, 6)).toMatch(/^> 6\. UNANSWERED/);
    expect(s).toContain('Answered 4 of 6 · Unanswered 2 · Flagged 1');
    expect(reviewRow(s, 2)).toContain('[flagged]');
    expect(reviewRow(s, 3)).toContain('UNANSWERED');
    expect(reviewRow(s, 6)).toContain('UNANSWERED');
    expect(reviewRow(s, 1)).toContain('answered');

    // u goes to the next unanswered question (3); Enter jumps to it.
    t.keys('u');
    await t.waitFor((x) => atReview(x) && reviewRow(x, 3).startsWith('>'), 'the cursor on question 3');
    t.keys('Enter');
    await answerQuestion(3);
    // Answered from the review screen: back there, with the cursor on question 3.
    s = await t.waitFor((x) => atReview(x) && x.includes('Unanswered 1'), 'the review screen again, one unanswered');
    expect(reviewRow(s, 3)).toMatch(/^> 3\. answered/);
    t.keys('u');
    await t.waitFor((x) => atReview(x) && reviewRow(x, 6).startsWith('>'), 'the cursor on question 6');
    t.keys('Enter');
    await answerQuestion(6);
    s = await t.waitFor((x) => atReview(x) && x.includes('Unanswered 0'), 'the review screen, all answered');
    t.keys('s'); // everything answered: s submits at once, as the footer says
    s = await t.output();

    expect(s).toContain('Score: 83.3% (5/6 correct), PASSED (pass mark 72%)');
    expect(s).toContain(`Missed (1):`);
    expect(s).toContain(`${DECK_ID}/role-password`);
    expect(s).toContain('EXIT=0');
    expect(new Set(order)).toEqual(new Set(Object.keys(RIGHT).filter((c) => c !== 'sts-name')));

    const journal = readJournal(home);
    expect(journal.every((e) => e.op === 'review' && e.kind === 'quiz')).toBe(true);
    expect(journal.map((e) => e.card).sort()).toEqual([...order].sort());
    for (const e of journal) expect(e.correct, e.card).toBe(e.card !== 'role-password');
    expect(journal.find((e) => e.card === 'role-password')!.rating).toBe('again');
  });

  it('starts the review screen on Submit after the last question; s asks once more, then submits', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--seed', '1'], home);
    for (let n = 1; n <= 6; n++) {
      await t.waitFor(atQuestion(n), `question ${n}`);
      if (n === 1) await answerWithKeys(t, answerFor(cardOnScreen(t.screen())));
      else t.keys('C-n');
    }
    let s = await t.waitFor(atReview, 'the review screen');
    expect(linesOf(s)).toContain('> [ Submit the quiz ]');
    t.keys('s');
    s = await t.waitFor('5 questions are unanswered and will count as wrong. Press Enter or s again to submit.');
    t.keys('s');
    s = await t.output();
    expect(s).toContain('(1/6 correct, 5 unanswered)');
    expect(s).toContain('EXIT=1'); // below the pass mark
    expect(readJournal(home)).toHaveLength(1);
  });

  /** Starts a quiz, answers question 1 right, presses Ctrl-C at question 2; returns the card answered. */
  async function interruptAfterOneAnswer(home: string): Promise<string> {
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--seed', '1'], home);
    const card = cardOnScreen(await t.waitFor(atQuestion(1), 'question 1'));
    await answerWithKeys(t, answerFor(card));
    await t.waitFor(atQuestion(2), 'question 2');
    t.keys('C-c');
    await t.waitFor('Quiz interrupted. Submit or abandon?');
    return card;
  }

  it('on Ctrl-C asks to submit or abandon: s records what was answered and exits 130', async () => {
    const home = tempDir();
    const card = await interruptAfterOneAnswer(home);
    t!.keys('s');
    const s = await t!.output();
    expect(s).toContain('Score: 16.6% (1/6 correct, 5 unanswered), FAILED (pass mark 72%)');
    expect(s).toContain('EXIT=130');
    expect(readJournal(home).map((e) => [e.card, e.kind, e.correct])).toEqual([[card, 'quiz', true]]);
  });

  it('on Ctrl-C then a (abandon) records nothing and exits 130', async () => {
    const home = tempDir();
    await interruptAfterOneAnswer(home);
    t!.keys('a');
    const s = await t!.output();
    expect(s).toContain('Quiz abandoned; nothing was recorded.');
    expect(s).toContain('EXIT=130');
    expect(readJournal(home)).toEqual([]);
  });

  /** A fresh quiz, straight to the review screen (Ctrl+R at question 1); returns the screen. */
  async function reviewScreenAtStart(): Promise<string> {
    t = new Tmux();
    t.start(['quiz', ALL_TYPES, '--seed', '1'], tempDir());
    await t.waitFor(atQuestion(1), 'question 1');
    t.keys('C-r');
    return t.waitFor(atReview, 'the review screen');
  }

  it('numbers each question once on the review screen', async () => {
    const s = await reviewScreenAtStart();
    for (let n = 1; n <= 6; n++) expect(reviewRow(s, n)).toMatch(new RegExp(`^[> ] ${n}\\. UNANSWERED +[^\\d ]`));
  });

  it('does not show the answers of a cloze card on the review screen', async () => {
    const s = await reviewScreenAtStart();
    const row = linesOf(s).find((l) => l.includes('Temporary credentials are an access key'));
    expect(row).toBeDefined();
    // The blanks are the answers: the review screen must not print them.
    expect(row).not.toContain('secret key');
    expect(row).not.toContain('{{');
  });
});
