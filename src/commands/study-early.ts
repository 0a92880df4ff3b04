// Interactive study's early start, its session: the first card from the study index (study-start.ts)
// asked at once; the decks loaded and the store opened while it is on screen; then the session from
// the store's queue (study-session.ts). What only comes after the card is loaded after it.
import { progress, startSession } from '../core/session.js';
import { seedFrom } from '../core/random.js';
import { displayOrder } from '../core/quiz.js';
import { stopwatch } from '../adapters/clock.js';
import type { AskResult } from '../adapters/prompts.js';
import { makeStyle } from '../adapters/style.js';
import { sessionHeader } from '../adapters/render.js';
import { openAfterEarly, type EarlyStart, type Opened } from './study-start.js';
import type { queueFor } from './study-run.js';
import type { StudyOptions } from './study.js';
import { EXIT } from '../errors.js';
import { println, type Io } from '../io.js';

/**
 * The session from an early start: the first card asked at once, the decks loaded and the store
 * opened while it is on screen (the young generation held meanwhile, as for a start without an
 * index), then the session goes on from the store's queue. Should anything shown differ from what
 * they give, or loading or opening have anything to say, the card's answer is not used: the session
 * starts again from the store's queue.
 */
export async function studyEarly(opts: StudyOptions, io: Io, early: EarlyStart): Promise<number> {
  const { askCard } = await import('../adapters/prompts.js');
  const elapsed = stopwatch();
  const { card, deck, title } = early.first;
  const seed = seedFrom(early.now.toISOString());
  const order = displayOrder(deck, card, seed);
  const sessionStart = elapsed();
  // Keyed by row: the header counts the cards left and in learning.
  const rows = startSession(early.queue.map((q) => ({ key: String(q.row), deck: early.deckOf(q.row) })), sessionStart);
  const headerText = sessionHeader(makeStyle(io), title, progress(rows, (key) => early.inLearning(Number(key))), io.stdout.columns || undefined);
  const abort = new AbortController();
  const started = elapsed();
  const asking = askCard(card, order, { header: () => headerText, ...(card.hint ? { hint: card.hint } : {}), basicMode: 'reveal' }, { input: io.stdin, output: io.stdout, signal: abort.signal });
  // When it was answered: a right answer is rated (Hard past its time budget) and recorded by the time
  // the student took, and the wait for the decks and store after the answer is not theirs.
  let answeredAt: number | undefined;
  asking.then(() => (answeredAt = elapsed()), () => {}); // awaited below
  // What loading the decks and opening the store say is held back while the card is on screen (see below).
  let said = '';
  const held: Io = { ...io, stderr: { write: (text: string | Uint8Array) => ((said += String(text)), true) } as unknown as Io['stderr'] };
  // setImmediate: after the prompt's first render is written.
  await new Promise((resolve) => setImmediate(resolve));
  const [{ holdYoungGeneration }, { storedExam }, run, session] = await Promise.all([import('../adapters/young-gen.js'), import('./exam.js'), import('./study-run.js'), import('./study-session.js')]);
  const hold = holdYoungGeneration();
  const opened = await openAfterEarly(opts, held, early, { check: (store) => void storedExam(store), elapsed }, (ws, tags) => run.queueFor(ws, { tags, limit: opts.limit, newOverride: opts.new })).then(
    (ok): { ok: Opened<ReturnType<typeof queueFor>> } => ({ ok }),
    (err: unknown) => ({ err }),
  );
  const openedAt = elapsed();
  hold();
  // The card's answer is not used when the session starts again: the prompt goes at once.
  const again = 'err' in opened || opened.ok.differs !== undefined || said !== '';
  if (again) abort.abort();
  let asked: AskResult | undefined;
  let interrupted = false;
  let failed: { err: unknown } | undefined;
  try {
    asked = await asking;
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') interrupted = true;
    else if (!(err instanceof Error && err.name === 'AbortPromptError')) failed = { err };
  }
  if (said !== '') io.stderr.write(said);
  if ('err' in opened) throw opened.err;
  const { ws, plan, differs } = opened.ok;
  try {
    if (failed !== undefined) throw failed.err; // the store is closed all the same, as below
    if (differs !== undefined) println(io.stderr, `recall: ${differs}; the session starts again from the store's queue`);
    const { sched, queue, input, exam } = plan;
    if (interrupted) {
      session.printSummary(io, ws, startSession([], sessionStart), makeStyle(io), true);
      return EXIT.interrupted;
    }
    if (queue.length === 0) return run.nothingToStudy(opts, io, ws, input);
    if (again || asked === undefined) return await session.interactive(io, ws, sched, queue, exam?.headline ?? null);
    const waited = answeredAt !== undefined && answeredAt < openedAt ? openedAt - answeredAt : 0;
    return await session.interactive(io, ws, sched, queue, exam?.headline ?? null, { asked, order, started: started + waited, seed, sessionStart });
  } finally {
    await run.closeAndIndex(io, ws, early.name, early.index);
  }
}

