import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { askCard, type AskOptions, type PromptCtx } from '../../src/adapters/prompts.js';
import type { Card } from '../../src/core/model.js';

// askCard is not an inquirer Prompt (it takes a card first); adapt it so render() can drive it.
type CardConfig = { card: Card; order?: number[]; opts?: AskOptions };
const askCardPrompt = ((config: CardConfig, ctx?: PromptCtx) =>
  Object.assign(askCard(config.card, config.order, config.opts ?? {}, ctx), { cancel: () => {} })) as never;
const run = (card: Card, order?: number[], opts?: AskOptions) =>
  render<Awaited<ReturnType<typeof askCard>>, CardConfig>(askCardPrompt, { card, order, opts });

const base = { tags: [], pos: { line: 1, col: 1 } };
const capital: Card = {
  ...base,
  id: 'capital',
  type: 'choice',
  prompt: 'Capital of France?',
  choices: [
    { text: 'Paris', correct: true },
    { text: 'Lyon', correct: false },
    { text: 'Nice', correct: false },
    { text: 'Lille', correct: false },
  ],
};
// shown as a) Nice  b) Paris  c) Lille  d) Lyon
const shuffled = [2, 0, 3, 1];

describe('choice', () => {
  it('shows options in display order and maps a letter pick back to the deck index', async () => {
    const { answer, events, getScreen } = await run(capital, shuffled);
    const screen = getScreen();
    expect(screen.indexOf('a) Nice')).toBeLessThan(screen.indexOf('b) Paris'));
    expect(screen).toContain('d) Lyon');
    events.keypress('b');
    expect(getScreen()).toContain('> b) Paris');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', answer: { type: 'choice', index: 0 }, usedHint: false });
  });

  it('picks with the arrows, wrapping from the top to the last option', async () => {
    const { answer, events } = await run(capital, shuffled);
    events.keypress('up');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'choice', index: 1 } });
  });

  it('puts the cursor on a previously given answer when coming back to a question', async () => {
    const { answer, events, getScreen } = await run(capital, shuffled, { initial: { type: 'choice', index: 3 } });
    expect(getScreen()).toContain('> c) Lille');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'choice', index: 3 } });
  });

  it('refuses a display order that is not a permutation', async () => {
    await expect(askCard(capital, [0, 0, 1, 2], {}, {})).rejects.toThrow(/not a permutation/);
  });
});

describe('multi', () => {
  const services: Card = {
    ...base,
    id: 'storage',
    type: 'multi',
    prompt: 'Which are storage services? (Choose two.)',
    choices: [
      { text: 'S3', correct: true },
      { text: 'EC2', correct: false },
      { text: 'EBS', correct: true },
      { text: 'IAM', correct: false },
    ],
  };

  it('refuses to submit until exactly the asked number is ticked, then answers in deck order', async () => {
    const { answer, events, getScreen } = await run(services, [3, 2, 1, 0]); // a) IAM b) EBS c) EC2 d) S3
    events.keypress('d');
    expect(getScreen()).toContain('[x] d) S3');
    events.keypress('enter');
    expect(getScreen()).toContain('choose exactly 2 (1 selected)');
    // marked '!', not inquirer's '>', which is the highlighted option's mark
    expect(getScreen()).toMatch(/^! choose exactly 2 \(1 selected\)$/m);
    expect(getScreen()).not.toMatch(/^> choose/m);
    events.keypress('b');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', answer: { type: 'multi', indices: [0, 2] }, usedHint: false });
  });

  it('asks for the count deck lint checks: "Pick two" before a "select 3" in the question', async () => {
    // Lint reads "Pick two" (two right options, no CHOOSE_N_MISMATCH); the prompt once read "select 3"
    // and refused every answer but three ticks, so the right answer could not be given.
    const card: Card = { ...services, prompt: 'Pick two services that let an admin select 3 Regions for replication.' };
    const { answer, events, getScreen } = await run(card);
    events.keypress('a');
    events.keypress('c');
    events.keypress('enter');
    expect(getScreen()).not.toContain('choose exactly');
    await expect(answer).resolves.toEqual({ kind: 'answer', answer: { type: 'multi', indices: [0, 2] }, usedHint: false });
  });

  it('toggles the option under the cursor with space', async () => {
    const { answer, events, getScreen } = await run({ ...services, prompt: 'Pick what applies' });
    events.keypress('space');
    events.keypress('down');
    events.keypress('space');
    events.keypress('space');
    expect(getScreen()).toContain('[ ] b) EC2');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'multi', indices: [0] } });
  });

  it('asks for at least one box when nothing is ticked', async () => {
    const { answer, events, getScreen } = await run({ ...services, prompt: 'Pick what applies' });
    events.keypress('enter');
    expect(getScreen()).toContain('select at least one option');
    events.keypress('c');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'multi', indices: [2] } });
  });
});

describe('truefalse', () => {
  const statement: Card = { ...base, id: 'sky', type: 'truefalse', statement: 'The sky is green.', answer: false };

  it('highlights False with f and answers it on Enter', async () => {
    const { answer, events, getScreen } = await run(statement);
    events.keypress('f');
    expect(getScreen()).toContain('> f) False');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'truefalse', value: false } });
  });

  it('answers True with t after moving away', async () => {
    const { answer, events } = await run(statement);
    events.keypress('down');
    events.keypress('t');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'truefalse', value: true } });
  });
});

describe('typed', () => {
  const typed: Card = { ...base, id: 'port', type: 'typed', prompt: 'Default SSH port?', answer: '22', accept: [], hint: 'Below 25' };

  it('returns the typed text', async () => {
    const { answer, events, getScreen } = await run(typed);
    events.type('22');
    expect(getScreen()).toContain('Answer: 22');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', answer: { type: 'typed', text: '22' }, usedHint: false });
  });

  it('does not accept an empty answer and points at the hint', async () => {
    const { answer, events, getScreen } = await run(typed, undefined, { hint: typed.hint });
    events.keypress('enter');
    expect(getScreen()).toContain('type an answer, or ? for the hint');
    events.type('?');
    expect(getScreen()).toContain('Hint: Below 25');
    expect(getScreen()).toContain('Answer:');
    events.type('21');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', answer: { type: 'typed', text: '21' }, usedHint: true });
  });

  it('keeps ? as text when there is no hint, and says there is none', async () => {
    const { answer, events, getScreen } = await run({ ...typed, hint: undefined });
    events.type('?');
    expect(getScreen()).toContain('No hint for this card.');
    events.type('x');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'typed', text: '?x' } });
  });
});

describe('cloze', () => {
  const cloze: Card = {
    ...base,
    id: 'capitals',
    type: 'cloze',
    text: 'Paris is in {{France}} and Madrid in {{Spain}}.',
    blanks: [['France'], ['Spain']],
  };

  it('asks one blank after the other inside the sentence', async () => {
    const { answer, events, getScreen } = await run(cloze);
    expect(getScreen()).toContain('Paris is in [>1: ___<] and Madrid in [2: ___].');
    events.type('France');
    events.keypress('enter');
    expect(getScreen()).toContain('Paris is in [1: France] and Madrid in [>2: ___<].');
    expect(getScreen()).toContain('Blank 2 of 2:');
    events.type('Spain');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'cloze', texts: ['France', 'Spain'] } });
  });

  it('goes back to an earlier blank with up and keeps what was typed in both', async () => {
    const { answer, events, getScreen } = await run(cloze);
    events.type('Frnce');
    events.keypress('tab');
    events.type('Spain');
    events.keypress('up');
    expect(getScreen()).toContain('[>1: Frnce<]');
    expect(getScreen()).toContain('[2: Spain]');
    events.keypress('backspace');
    events.keypress('backspace');
    events.keypress('backspace');
    events.keypress('backspace');
    events.type('rance');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'cloze', texts: ['France', 'Spain'] } });
  });
});

describe('order', () => {
  const steps: Card = { ...base, id: 'steps', type: 'order', prompt: 'Boot order', items: ['BIOS', 'Bootloader', 'Kernel'] };

  it('carries an item with space and arrows, then answers in deck indices', async () => {
    const { answer, events, getScreen } = await run(steps, [2, 0, 1]); // Kernel, BIOS, Bootloader
    events.keypress('space'); // pick up Kernel
    expect(getScreen()).toContain('= 1. Kernel  (moving)');
    events.keypress('down');
    events.keypress('down');
    events.keypress('space');
    expect(getScreen()).toMatch(/1\. BIOS[\s\S]*2\. Bootloader[\s\S]*> 3\. Kernel/);
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'order', order: [0, 1, 2] } });
  });

  it('asks "Put in order" only when the prompt does not already ask for an order', async () => {
    const shown = async (prompt: string) => {
      const { answer, events, getScreen } = await run({ ...steps, prompt }, [0, 1, 2]);
      const screen = getScreen();
      events.keypress('enter');
      await answer;
      return screen;
    };
    expect(await shown('Boot order')).toContain('Boot order');
    expect(await shown('Boot order')).not.toContain('Put in order');
    expect(await shown('Put the life of a session in order.')).not.toContain('Put in order: Put');
    expect(await shown('Sort these from slowest to fastest.')).toContain('Put in order: Sort these from slowest to fastest.');
  });

  it('places the item under the cursor at a position with a digit', async () => {
    const { answer, events } = await run(steps, [2, 0, 1]);
    events.keypress('3'); // Kernel to the bottom
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'order', order: [0, 1, 2] } });
  });
});

describe('basic', () => {
  const basic: Card = { ...base, id: 'hello', type: 'basic', front: 'Bonjour?', back: 'Hello' };

  it('asks to reveal when the card has no accept list', async () => {
    const { answer, events, getScreen } = await run(basic);
    expect(getScreen()).toContain('Enter reveal the answer');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'revealed', usedHint: false });
  });

  it('asks for a typed answer when the card has an accept list', async () => {
    const { answer, events } = await run({ ...basic, accept: ['hello', 'hi'] });
    events.type('hi');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ answer: { type: 'basic', text: 'hi' } });
  });
});

describe('quiz navigation and decoration', () => {
  const nav: AskOptions = { nav: ['flag', 'skip', 'back', 'review'] };

  it.each([
    ['f', 'flag'],
    ['n', 'skip'],
    ['p', 'back'],
    ['r', 'review'],
  ])('Ctrl+%s returns the %s navigation', async (name, expected) => {
    const { answer, events, getScreen } = await run(capital, shuffled, nav);
    expect(getScreen()).toContain('^F flag · ^N skip · ^P back · ^R review');
    events.keypress({ name, ctrl: true });
    await expect(answer).resolves.toMatchObject({ kind: 'nav', nav: expected });
  });

  it('hands back the ticked boxes as a draft when flagging mid-answer', async () => {
    const multi: Card = { ...base, id: 'm', type: 'multi', prompt: 'Pick', choices: capital.choices };
    const { answer, events } = await run(multi, shuffled, nav);
    events.keypress('b');
    events.keypress({ name: 'f', ctrl: true });
    await expect(answer).resolves.toEqual({ kind: 'nav', nav: 'flag', draft: { type: 'multi', indices: [0] } });
  });

  it('lets Ctrl+F be a navigation key in a typed answer without eating letters', async () => {
    const typed: Card = { ...base, id: 't', type: 'typed', prompt: 'Word?', answer: 'fish', accept: [] };
    const { answer, events } = await run(typed, undefined, nav);
    events.type('fish');
    events.keypress({ name: 'f', ctrl: true });
    await expect(answer).resolves.toEqual({ kind: 'nav', nav: 'flag', draft: { type: 'typed', text: 'fish' } });
  });

  it('ignores navigation keys that are not enabled', async () => {
    const { answer, events } = await run(capital, shuffled, { nav: ['flag'] });
    events.keypress({ name: 'r', ctrl: true });
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ kind: 'answer' });
  });

  it('draws the header, the flagged marker and, after ?, the hint', async () => {
    const { answer, events, getScreen } = await run(capital, shuffled, {
      header: () => 'Question 3 of 20 · 12:04 left',
      flagged: true,
      hint: 'City of light',
    });
    expect(getScreen()).toContain('Question 3 of 20 · 12:04 left');
    expect(getScreen()).toContain('Capital of France? [flagged]');
    expect(getScreen()).toContain('? hint');
    events.keypress('?');
    expect(getScreen()).toContain('Hint: City of light');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ usedHint: true });
  });

  it.each([
    ['choice', capital],
    ['truefalse', { ...base, id: 'tf', type: 'truefalse', statement: 'Paris is in France.', answer: true } as Card],
    ['order', { ...base, id: 'o', type: 'order', prompt: 'Sort', items: ['one', 'two'] } as Card],
  ])('says there is no hint when ? is pressed on a %s card without one', async (_type, card) => {
    const { answer, events, getScreen } = await run(card, undefined, {});
    expect(getScreen()).not.toContain('? hint');
    events.keypress('?');
    expect(getScreen()).toContain('No hint for this card.');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ kind: 'answer', usedHint: false });
  });

  it('says what the caller asks when ? finds no hint (a quiz has none)', async () => {
    const { answer, events, getScreen } = await run(capital, undefined, { noHint: 'Hints are off in a quiz.' });
    events.keypress('?');
    expect(getScreen()).toContain('Hints are off in a quiz.');
    events.keypress('enter');
    await expect(answer).resolves.toMatchObject({ kind: 'answer' });
  });

  describe('at the deadline', () => {
    it('ends with the highlighted option as a draft', async () => {
      const { answer, events } = await run(capital, shuffled, { deadlineMs: 150 });
      events.keypress('b'); // Paris, highlighted, Enter never pressed
      await expect(answer).resolves.toEqual({ kind: 'timeout', draft: { type: 'choice', index: 0 } });
    });

    it('ends with no draft when the cursor was never moved', async () => {
      const { answer } = await run(capital, shuffled, { deadlineMs: 100 });
      await expect(answer).resolves.toEqual({ kind: 'timeout' });
    });

    it('keeps an answer given earlier, the cursor back on it, as the draft', async () => {
      const { answer } = await run(capital, shuffled, { deadlineMs: 100, initial: { type: 'choice', index: 3 } });
      await expect(answer).resolves.toEqual({ kind: 'timeout', draft: { type: 'choice', index: 3 } });
    });

    it('ends with the typed text as a draft', async () => {
      const typed: Card = { ...base, id: 'port', type: 'typed', prompt: 'Default SSH port?', answer: '22', accept: [] };
      const { answer, events } = await run(typed, undefined, { deadlineMs: 150 });
      events.type('22');
      await expect(answer).resolves.toEqual({ kind: 'timeout', draft: { type: 'typed', text: '22' } });
    });

    it('ends with the ticked boxes of a multi card as a draft', async () => {
      const multi: Card = { ...capital, id: 'm', type: 'multi', prompt: 'Pick French cities' };
      const { answer, events } = await run(multi, undefined, { deadlineMs: 150 });
      events.keypress('a');
      events.keypress('c');
      await expect(answer).resolves.toEqual({ kind: 'timeout', draft: { type: 'multi', indices: [0, 2] } });
    });

    it('ends with a rearranged order as a draft, and no draft when nothing was moved', async () => {
      const order: Card = { ...base, id: 'o', type: 'order', prompt: 'Sort', items: ['one', 'two', 'three'] };
      const moved = await run(order, [2, 0, 1], { deadlineMs: 150 });
      moved.events.keypress('3'); // the top item ("three") to place 3
      await expect(moved.answer).resolves.toEqual({ kind: 'timeout', draft: { type: 'order', order: [0, 1, 2] } });
      const untouched = await run(order, [2, 0, 1], { deadlineMs: 100 });
      await expect(untouched.answer).resolves.toEqual({ kind: 'timeout' });
    });
  });

  it('shows deck text with escape sequences neutralized', async () => {
    const evil: Card = { ...capital, prompt: 'Pick \u001b[2Jone', choices: [{ text: 'x\u0007', correct: true }] };
    const { answer, events, getScreen } = await run(evil);
    expect(getScreen()).toContain('Pick \\e[2Jone');
    expect(getScreen()).toContain('a) x\\x07');
    events.keypress('enter'); // a prompt left open rejects when the worker exits: an unhandled error
    await expect(answer).resolves.toMatchObject({ kind: 'answer' });
  });

  it('rejects with ExitPromptError on Ctrl-C', async () => {
    const { answer, events } = await run(capital);
    events.keypress({ name: 'c', ctrl: true });
    await expect(answer).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it('rejects with AbortPromptError when the signal aborts', async () => {
    const controller = new AbortController();
    const { answer } = await render(askCardPrompt, { card: capital }, { signal: controller.signal });
    controller.abort();
    await expect(answer).rejects.toMatchObject({ name: 'AbortPromptError' });
  });
});
