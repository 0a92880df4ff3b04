// Two study sessions on one store answering the same card. Each session graded a card from the
// state it had read on opening, so the later answer was scheduled as if the earlier one had never
// been given (its review stayed in the journal, its effect on the card did not), and an undo then
// restored the state from before both, wiping the other session's answer. The prompts module is
// mocked; "the other session" appends to the same store in between, as another process would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ttyIo } from '../helpers/tty-io.js';
import type { CardHead } from '../../src/core/model.js';
import type { CardState, JournalEntry } from '../../src/core/progress.js';
import { TWO_TRUE_CARDS_DECK } from '../helpers/cli.js';

/** What the other session does, and when: before this one's first answer, or before its undo. */
const plan: { interfere: 'answer' | 'answer-then-undo' | 'undo' | 'undo-alone' | 'other-card-then-undo'; asked: number; env: Record<string, string> } = { interfere: 'answer', asked: 0, env: {} };
let theirs: CardState | undefined;

/** Another session answers `card` (as a process of its own would: its own Store, fsync'd). */
async function otherSessionAnswers(card: CardHead): Promise<void> {
  const { Store } = await import('../../src/adapters/store.js');
  const { hashOf } = await import('../../src/commands/common.js');
  theirs = {
    due: '2026-03-09T10:00:00.000Z', stability: 8.5, difficulty: 5, elapsed_days: 3, scheduled_days: 8, learning_steps: 0,
    reps: 3, lapses: 0, state: 2, last_review: '2026-03-01T09:59:00.000Z', hash: hashOf(card),
  } as CardState;
  const other = Store.open(plan.env);
  other.append({ op: 'review', id: `other-${card.id}`, at: '2026-03-01T09:59:00.000Z', session: 'other', deck: 'tf', card: card.id, kind: 'study', rating: 'good', correct: true, ms: 900, before: 2, state: theirs });
  other.close({ checkpoint: false });
}

vi.mock('../../src/adapters/prompts.js', () => ({
  askCard: vi.fn(async (card: CardHead) => {
    if (plan.asked++ >= 1) throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    if (plan.interfere === 'answer' || plan.interfere === 'answer-then-undo') await otherSessionAnswers(card);
    lastAsked = card;
    return { kind: 'answer', answer: { type: 'truefalse', value: true }, usedHint: false };
  }),
  askContinue: vi.fn(async () => {
    if (plan.interfere === 'answer') return 'next';
    if (plan.interfere === 'undo') await otherSessionAnswers(lastAsked!);
    if (plan.interfere === 'other-card-then-undo') await otherSessionAnswers({ ...lastAsked!, id: lastAsked!.id === 'one' ? 'two' : 'one' });
    return 'undo';
  }),
  askSelfGrade: vi.fn(async () => 'good'),
}));
let lastAsked: CardHead | undefined;

const { run } = await import('../../src/commands/study.js');
const { Store } = await import('../../src/adapters/store.js');

const DECK = TWO_TRUE_CARDS_DECK;

function journal(env: Record<string, string>): JournalEntry[] {
  return fs.readFileSync(path.join(env.RECALL_HOME!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
}

describe('two study sessions answering one card', () => {
  let dir: string;
  beforeEach(() => {
    plan.asked = 0;
    theirs = undefined;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-two-sessions-'));
    fs.writeFileSync(path.join(dir, 'tf.yaml'), DECK);
    plan.env = { RECALL_HOME: path.join(dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z', NO_COLOR: '1', TZ: 'UTC' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('schedules an answer from the state the other session left, not from the one read on opening', async () => {
    plan.interfere = 'answer';
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(plan.env, dir, 80))).toBe(130);
    const mine = journal(plan.env).filter((e) => e.op === 'review' && e.session !== 'other');
    expect(mine).toHaveLength(1);
    const e = mine[0] as Extract<JournalEntry, { op: 'review' }>;
    expect(e.card).toBe(lastAsked!.id);
    expect(e.before).toBe(2); // a review card, as the other session left it: not new
    expect(e.state!.reps).toBe(theirs!.reps + 1);
    expect(Store.open(plan.env, { readOnly: true }).states().get(`tf/${e.card}`)).toEqual(e.state);
  });

  it("an undo after the other session answered the card keeps the other session's answer", async () => {
    plan.interfere = 'undo';
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(plan.env, dir, 80))).toBe(130);
    const entries = journal(plan.env);
    const undo = entries.find((e) => e.op === 'undo');
    expect(undo).toBeDefined();
    expect(Store.open(plan.env, { readOnly: true }).states().get(`tf/${lastAsked!.id}`)).toEqual(theirs);
  });

  it("an undo of an answer given after the other session's restores the other session's state", async () => {
    plan.interfere = 'answer-then-undo';
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(plan.env, dir, 80))).toBe(130);
    expect(journal(plan.env).map((e) => e.op)).toEqual(['review', 'review', 'undo']);
    expect(Store.open(plan.env, { readOnly: true }).states().get(`tf/${lastAsked!.id}`)).toEqual(theirs);
  });

  it('an undo after the other session answered another card takes this answer back (the journal replayed in between)', async () => {
    plan.interfere = 'other-card-then-undo';
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(plan.env, dir, 80))).toBe(130);
    expect(journal(plan.env).map((e) => e.op)).toEqual(['review', 'review', 'undo']);
    const states = Store.open(plan.env, { readOnly: true }).states();
    expect(states.has(`tf/${lastAsked!.id}`)).toBe(false); // new again, as before this answer
    expect(states.get(`tf/${lastAsked!.id === 'one' ? 'two' : 'one'}`)).toEqual(theirs); // theirs untouched
  });

  it('an undo with no other session writing restores the state before the answer: new again', async () => {
    plan.interfere = 'undo-alone';
    expect(await run({ decks: ['tf.yaml'] } as Parameters<typeof run>[0], ttyIo(plan.env, dir, 80))).toBe(130);
    expect(journal(plan.env).map((e) => e.op)).toEqual(['review', 'undo']);
    expect(Store.open(plan.env, { readOnly: true }).states().has(`tf/${lastAsked!.id}`)).toBe(false);
  });
});
