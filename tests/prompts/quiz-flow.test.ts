// The interactive quiz as a whole (flag, skip, review screen, jump back, submit), in-process, with
// every recall prompt routed through @inquirer/testing's shared screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screen, wrapPrompt } from '@inquirer/testing/vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';

vi.mock('../../src/adapters/prompts/list.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/adapters/prompts/list.js')>();
  return { ...actual, listPrompt: wrapPrompt(actual.listPrompt) };
});
vi.mock('../../src/adapters/prompts/text.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/adapters/prompts/text.js')>();
  return { ...actual, textPrompt: wrapPrompt(actual.textPrompt) };
});
vi.mock('../../src/adapters/prompts/screens.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/adapters/prompts/screens.js')>();
  return { ...actual, reviewPrompt: wrapPrompt(actual.reviewPrompt) };
});

const { run } = await import('../../src/commands/quiz.js');

const DECK = `deck: flow
title: Flow
tags: [flow]
cards:
  - id: pick
    type: choice
    prompt: Which service issues temporary credentials?
    choices:
      - { text: STS, correct: true, why: it does }
      - { text: S3, why: storage }
  - id: statement
    type: truefalse
    statement: A role has long-term access keys.
    answer: false
  - id: name-it
    type: typed
    prompt: What attaches a role to an EC2 instance?
    answer: instance profile
`;

/** Waits until the screen shows `text` (each render is awaited; a wrong turn times out the test). */
async function until(text: string | RegExp): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const s = screen.getScreen();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    await screen.next();
  }
  throw new Error(`screen never showed ${text}:\n${screen.getScreen()}`);
}

describe('interactive quiz flow', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-flow-'));
    fs.writeFileSync(path.join(dir, 'flow.yaml'), DECK);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers, flags, skips, reviews, jumps back to the skipped question and submits', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    const done = run({ decks: ['flow.yaml'], pass: 72, reporter: 'text', seed: 3 }, io);
    const answered = new Set<string>();

    // Three questions in seeded order; handle each by what it shows.
    for (let n = 1; n <= 3; n++) {
      const s = await until(`Question ${n} of 3`);
      if (s.includes('Which service')) {
        const line = s.split('\n').find((l) => /[a-z]\) STS/.test(l))!;
        screen.keypress(/([a-z])\) STS/.exec(line)![1]!);
        screen.keypress('enter');
        answered.add('pick');
      } else if (s.includes('long-term access keys')) {
        screen.keypress({ name: 'f', ctrl: true }); // flag it, then answer it
        await until('[flagged]');
        screen.keypress('f');
        screen.keypress('enter');
        answered.add('statement');
      } else {
        screen.keypress({ name: 'n', ctrl: true }); // skip the typed question
      }
    }

    let review = await until('Submit the quiz');
    expect(review).toContain('Answered 2 of 3 · Unanswered 1 · Flagged 1');
    expect(review).toMatch(/UNANSWERED What attaches a role/);
    expect(review).toMatch(/answered {3}\[flagged\] A role has long-term access keys/);
    screen.keypress('u'); // cursor to the unanswered question
    screen.keypress('enter');
    await until('What attaches a role');
    screen.type('instance profle'); // one typo: still right
    screen.keypress('enter');

    // Answered from the review screen: back there, with the cursor on that question.
    review = await until(/Review · 3\/3 answered/);
    expect(review).not.toMatch(/UNANSWERED/);
    expect(review).toMatch(/^> 3\. answered +What attaches a role/m);
    screen.keypress('s'); // everything answered: s submits at once
    expect(await done).toBe(0);

    expect(io.out()).toContain('Score: 100.0% (3/3 correct), PASSED (pass mark 72%)');
    const journal = fs.readFileSync(path.join(dir, 'home', 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.map((e) => `${e.kind}:${e.card}:${e.correct}`).sort()).toEqual(['quiz:name-it:true', 'quiz:pick:true', 'quiz:statement:true']);
    // The forgiven typo is shown with its diff and rated Hard, not Good.
    expect(io.out()).toContain('Accepted with a typo (1), rated Hard:');
    expect(io.out()).toMatch(/flow\/name-it: instance prof\[\+i\+\]le/);
    expect(journal.find((e) => e.card === 'name-it').rating).toBe('hard');
    expect(journal.find((e) => e.card === 'pick').rating).toBe('good');
  });
  it('ends at the deadline: the answer on screen counts, the questions left unanswered count as wrong', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    // 1.8 seconds: below the CLI's 1-minute floor, which only the option parser enforces
    const done = run({ decks: ['flow.yaml'], pass: 72, reporter: 'json', output: 'timed.json', seed: 3, time: 0.03 }, io);
    const s = await until('Question 1 of 3');
    expect(s).toMatch(/Question 1 of 3 · 0:0\d left/);
    expect(s).toContain('A role has long-term access keys.'); // seed 3 asks the true/false card first
    screen.keypress('f');
    screen.keypress('enter');
    const s2 = await until('Question 2 of 3');
    // Question 2: pick (or type) the right answer but never press Enter; the deadline takes it.
    if (s2.includes('Which service')) {
      const line = s2.split('\n').find((l) => /[a-z]\) STS/.test(l))!;
      screen.keypress(/([a-z])\) STS/.exec(line)![1]!);
      await until(/> [a-z]\) STS/);
    } else {
      screen.type('instance profile');
      await until('Answer: instance profile');
    }
    expect(await done).toBe(1); // below the pass mark, as in a scripted run
    expect(io.out()).toContain('Time is up. Your answer on screen for question 2 counts. Unanswered questions count as wrong.');
    expect(io.out()).toContain('Score: 66.6% (2/3 correct, 1 unanswered), FAILED (pass mark 72%)');
    expect(io.err()).toContain('recall: score 66.6% is below the pass mark 72%');
    // The report marks the time-out as unanswered, not as a wrong answer.
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'timed.json'), 'utf8'));
    expect(report).toMatchObject({ total: 3, correct: 2, unanswered: 1, passed: false, passMark: 72 });
    expect(report.items.map((i: { answered: boolean; correct: boolean }) => [i.answered, i.correct]).sort()).toEqual([[false, false], [true, true], [true, true]]);
    const journal = fs.readFileSync(path.join(dir, 'home', 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.map((e) => `${e.card}:${e.correct}`).sort()).toEqual([s2.includes('Which service') ? 'pick:true' : 'name-it:true', 'statement:true'].sort());
  });

  it('counts nothing for a question whose cursor was never moved when time runs out', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    const done = run({ decks: ['flow.yaml'], pass: 72, reporter: 'text', seed: 3, time: 0.02 }, io);
    await until('Question 1 of 3'); // the true/false card, cursor on True (the wrong answer): untouched
    expect(await done).toBe(1);
    expect(io.out()).toContain('Time is up. Unanswered questions count as wrong.');
    expect(io.out()).toContain('(0/3 correct, 3 unanswered)');
    // No answer is recorded for the untouched cursor: no review entry, only the quiz's own entry
    // (a deck with nothing answered), which moves no card and keeps the 0/3 in stats.
    const lines = fs.readFileSync(path.join(dir, 'home', 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ op: 'quiz', deck: 'flow', questions: 3 })]);
  });

  it('starts the review screen on Submit after the last question', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    const done = run({ decks: ['flow.yaml'], pass: 72, reporter: 'text', seed: 3 }, io);
    for (let n = 1; n <= 3; n++) {
      await until(`Question ${n} of 3`);
      screen.keypress({ name: 'n', ctrl: true }); // skip all three
    }
    const review = await until('Submit the quiz');
    expect(review).toContain('> [ Submit the quiz ]');
    screen.keypress('s');
    await until('3 questions are unanswered and will count as wrong. Press Enter or s again to submit.');
    screen.keypress('s');
    expect(await done).toBe(1);
    expect(io.out()).toContain('(0/3 correct, 3 unanswered)');
  });

  it('walks through a miss with its whole question, wrapped to the terminal', async () => {
    const long =
      'A company wants every workload to stop using long-term credentials, including the build servers that still sign requests with keys stored on disk. What attaches a role to an EC2 instance?';
    fs.writeFileSync(path.join(dir, 'long.yaml'), `deck: long\ntitle: Long\ncards:\n  - { id: q, type: typed, prompt: "${long}", answer: instance profile }\n`);
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    const done = run({ decks: ['long.yaml'], pass: 72, reporter: 'text', seed: 3 }, io);
    await until('Question 1 of 1');
    screen.type('launch template');
    screen.keypress('enter');
    await until('Submit the quiz');
    screen.keypress('s');
    expect(await done).toBe(1);
    const out = io.out();
    const missed = out.slice(out.indexOf('Missed (1):'));
    // The whole question (not its first 60 characters), each line within the 100 columns.
    expect(missed.replace(/\s+/g, ' ')).toContain(`long/q: ${long}`);
    for (const line of missed.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(missed.split('\n').find((l) => l.startsWith('long/q: '))!.length).toBeGreaterThan(60);
  });

  it('refuses a machine report without --output: the terminal shows the quiz itself', async () => {
    const io = ttyIo({ RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1' }, dir);
    await expect(run({ decks: ['flow.yaml'], reporter: 'junit', seed: 3 }, io)).rejects.toThrow('--reporter junit in an interactive quiz needs --output FILE');
  });
});
