// Overruling the automatic rating in `recall study`, in a real terminal (tmux): after an
// auto-graded right answer, e says Easy and h "I guessed" (Hard); a forgiven typo shows its diff
// and rates Hard. The journal is checked afterwards: the automatic review is taken back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, answerWithKeys, cardOnScreen, cleanTemps, endTerminals, ensureBuilt, exportProgress, linesOf, readJournal, RIGHT, tempDir, Tmux } from './helpers.js';

let t: Tmux | undefined;

beforeAll(ensureBuilt);
afterEach(endTerminals);
afterAll(cleanTemps);

const footer = (s: string) => linesOf(s).at(-1) ?? '';
const isQuestion = (s: string) => /Enter (reveal the answer|submit|confirm|next blank)/.test(footer(s));
const isContinue = (s: string) => footer(s).includes('Enter to continue');

describe('overruling the automatic rating in study', () => {
  it('e rates Easy, h rates Hard (I guessed), a typo rates Hard with its diff; self-graded cards offer neither', async () => {
    const home = tempDir();
    t = new Tmux();
    t.start(['study', ALL_TYPES], home);
    const seen: string[] = [];
    for (let i = 0; i < 10 && !seen.includes('assume-call'); i++) {
      const card = cardOnScreen(await t.waitFor(isQuestion, 'a card'));
      seen.push(card);
      await answerWithKeys(t, card === 'assume-call' ? { type: 'typed', text: 'sts:AsumeRole' } : RIGHT[card]!);
      const screen = await t.waitFor(isContinue, `the continue screen after ${card}`);
      if (card === 'sts-name') {
        expect(footer(screen)).not.toContain('Easy'); // self-graded: the student already chose
      } else if (card === 'role-creds') {
        expect(footer(screen)).toContain('Enter to continue · e Easy · h I guessed (Hard)');
        t.keys('e');
        await t.waitFor('Rated Easy: next due', 'the Easy override');
        await t.waitFor(isContinue, 'the continue screen again');
      } else if (card === 'principals') {
        t.keys('h');
        await t.waitFor('Rated Hard (you guessed): next due', 'the Hard override');
        await t.waitFor(isContinue, 'the continue screen again');
      } else if (card === 'assume-call') {
        expect(screen).toContain('accepted with a typo: sts:As[+s+]umeRole');
        expect(screen).toContain('(rated Hard: accepted with a typo)');
        t.keys('h'); // already Hard: nothing to change
        await t.waitFor('already rated Hard', 'the no-op notice');
      }
      t.keys('Enter');
    }
    expect(seen).toContain('assume-call');
    await t.waitFor(isQuestion, 'the next card');
    t.keys('C-c');
    await t.waitFor('EXIT=130');

    const journal = readJournal(home).map((e) => [e.op, e.card, e.rating]);
    const of = (card: string) => journal.filter(([, c]) => c === card);
    expect(of('role-creds')).toEqual([
      ['review', 'role-creds', 'good'],
      ['undo', 'role-creds', undefined],
      ['review', 'role-creds', 'easy'],
    ]);
    expect(of('principals')).toEqual([
      ['review', 'principals', 'good'],
      ['undo', 'principals', undefined],
      ['review', 'principals', 'hard'],
    ]);
    expect(of('assume-call')).toEqual([['review', 'assume-call', 'hard']]);
    // History keeps the student's rating, not the automatic one.
    const { data } = exportProgress(home);
    const ratings = Object.fromEntries(data.reviews.map((r) => [r.card, r.rating]));
    expect(ratings).toMatchObject({ 'role-creds': 'easy', principals: 'hard', 'assume-call': 'hard' });
  });
});
