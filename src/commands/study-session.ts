// The interactive study session: each card asked, graded, saved (fsync'd) and answered with
// feedback, undo and re-rating, then the summary. Order of effects per answer: grade -> journal
// append (fsync'd) -> feedback. An answer the student has seen acknowledged is on disk.
import { isDeepStrictEqual } from 'node:util';
import type { Card, CardHead, SelfRating } from '../core/model.js';
import { grade, type GradeResult } from '../core/grade.js';
import { stateKey, type CardState, type ReviewEntry } from '../core/progress.js';
import { nextDue, type QueueItem } from '../core/queue.js';
import { autoRating, preview, type Scheduler } from '../core/schedule.js';
import { canUndo, current, lastAnswer, progress, startSession, step, summarize, type SessionState } from '../core/session.js';
import { seedFrom } from '../core/random.js';
import { displayOrder } from '../core/quiz.js';
import { newEntryId } from '../adapters/store.js';
import type { AskResult } from '../adapters/prompts.js';
import { makeStyle } from '../adapters/style.js';
import { formatDuration, formatWhen, hang, renderFeedback, sessionHeader } from '../adapters/render.js';
import { hashOf, reviewEntry, type Workspace } from './common.js';
import { EXIT } from '../errors.js';
import { println, type Io } from '../io.js';
import { neutralize } from '../core/sanitize.js';
import { joinFitting } from '../core/wrap.js';

/** Learning cards due again within this window are shown again in the same session (Anki's learn-ahead). */
const LEARN_AHEAD_MS = 20 * 60 * 1000;

/**
 * Schedules one answer and appends it to the journal (fsync'd) before anything else is shown;
 * `deferred` (scripted runs): written with the next store.flush(), which the caller awaits before
 * reporting it. From the store's fold as it is: interactive study catches it up with other
 * sessions (Store.catchUp) just before, when it takes the state an undo would restore.
 */
export function commit(ws: Workspace<CardHead>, sched: Scheduler, deck: string, card: Card, rating: SelfRating, result: GradeResult | null, ms: number, deferred = false): ReviewEntry & { state: CardState } {
  const key = stateKey(deck, card.id);
  const prev: CardState | null = ws.store.states().get(key) ?? null;
  const entry = reviewEntry({ sched, deck, card, hash: hashOf(card), kind: 'study', rating, result, ms, prev, now: ws.clock(), session: ws.session });
  if (deferred) ws.store.appendDeferred(entry);
  else ws.store.append(entry);
  return entry as ReviewEntry & { state: CardState }; // a study answer always moves the schedule
}

// ---- interactive ----------------------------------------------------------------------------

/** `pre`: the first card, already asked and answered (an early start, studyEarly). */
export async function interactive(io: Io, ws: Workspace<CardHead>, sched: Scheduler, queue: Array<QueueItem<CardHead>>, examLine: string | null, pre?: { asked: AskResult; order: number[] | undefined; started: number; seed: number; sessionStart: number }): Promise<number> {
  const s = makeStyle(io);
  const { askCard, askContinue, askSelfGrade } = await import('../adapters/prompts.js');
  const ctx = { input: io.stdin, output: io.stdout };
  const settings = ws.store.settings();
  // Read at each use: the terminal may have been resized since the last card.
  const width = () => io.stdout.columns || undefined;
  const byKey = new Map(queue.map((q) => [stateKey(q.deck, q.card.id), q]));
  const titles = new Map(ws.decks.map((d) => [d.id, d.title]));
  const seed = pre?.seed ?? seedFrom(ws.clock().toISOString());
  const prevOf = new Map<string, CardState | null>();
  /** The state each card's last answer here gave it (see takeBack). */
  const wrote = new Map<string, CardState>();
  const inLearning = (key: string) => {
    const st = ws.store.states().get(key)?.state;
    return st === 1 || st === 3; // ts-fsrs State.Learning, State.Relearning
  };
  let session: SessionState = startSession(queue.map((q) => ({ key: stateKey(q.deck, q.card.id), deck: q.deck })), pre?.sessionStart ?? ws.elapsed());
  let interrupted = false;
  try {
    for (let item = current(session); item; item = current(session)) {
      const q = byKey.get(item.key)!;
      const card = await ws.full(q.card);
      const headerText = sessionHeader(s, titles.get(q.deck) ?? q.deck, progress(session, inLearning), width(), examLine ?? undefined);
      const header = () => headerText;
      const early = pre;
      pre = undefined;
      const order = early ? early.order : displayOrder(q.deck, card, seed);
      const started = early ? early.started : ws.elapsed();
      const asked = early ? early.asked : await askCard(card, order, { header, ...(card.hint ? { hint: card.hint } : {}), basicMode: 'reveal' }, ctx);
      let rating: SelfRating;
      let result: GradeResult | null = null;
      if (asked.kind === 'revealed') {
        println(io.stdout, hang(`${s.dim('answer:')} `, s.bold(neutralize(card.type === 'basic' ? card.back : '')), width()));
        if (card.explain) println(io.stdout, hang(`${s.cyan('explain:')} `, neutralize(card.explain), width()));
        const key = { deck: q.deck, card: card.id, hash: hashOf(card) };
        ws.store.catchUp();
        const previews = preview(sched, ws.store.states().get(item.key) ?? null, ws.clock(), key);
        rating = await askSelfGrade(
          { again: previews.again.interval, hard: previews.hard.interval, good: previews.good.interval, easy: previews.easy.interval },
          {},
          ctx,
        );
      } else if (asked.kind === 'answer') {
        result = grade(card, asked.answer);
        rating = autoRating({
          correct: result.correct,
          elapsedMs: ws.elapsed() - started,
          budgetSeconds: card.timeLimit ?? settings.timeBudget,
          usedHint: asked.usedHint,
          typo: result.typo === true,
        });
      } else continue; // study has no navigation keys
      const ms = ws.elapsed() - started;
      // What this answer is scheduled from, and what an undo restores: caught up first with what
      // another session answered meanwhile.
      ws.store.catchUp();
      prevOf.set(item.key, ws.store.states().get(item.key) ?? null);
      let entry = commit(ws, sched, q.deck, card, rating, result, ms);
      wrote.set(item.key, entry.state);
      session = step(session, { type: 'answer', answer: { key: item.key, deck: q.deck, entryId: entry.id, rating, correct: entry.correct, ms } });
      const given = asked.kind !== 'answer' ? {} : asked.answer.type === 'order' ? { givenOrder: asked.answer.order } : {};
      if (result) println(io.stdout, renderFeedback(s, card, result, { ...(order ? { order } : {}), ...given, width: width() }));
      if (entry.state.leech && !prevOf.get(item.key)?.leech)
        println(io.stdout, s.yellow(`This card has lapsed ${entry.state.lapses} times: it is now a leech and left out of study. Rewrite it, then: recall card unsuspend ${item.key}`));
      if (rating === 'hard' && result?.correct) println(io.stdout, s.dim(`  (rated Hard: ${result.typo ? 'accepted with a typo' : 'slow or hinted'})`));
      // A learning card due again within the learn-ahead window comes back in this session.
      const requeue = (e: typeof entry): void => {
        if (!e.state.leech && (e.state.state === 1 || e.state.state === 3) && Date.parse(e.state.due) - ws.clock().getTime() <= LEARN_AHEAD_MS) {
          session = step(session, { type: 'requeue', item: { key: item.key, deck: q.deck } });
        }
      };
      requeue(entry);
      // After an auto-graded right answer the student may overrule the automatic rating, as in Anki:
      // Easy, or "I guessed" (Hard). The review is taken back (an undo entry) and answered again with
      // that rating, so history and schedule hold the student's rating, not the automatic one.
      for (;;) {
        const next = await askContinue({ canUndo: canUndo(session), canRerate: result?.correct === true }, ctx);
        if (next === 'undo') session = undo(ws, session, prevOf, wrote, io, s);
        if (next === 'next' || next === 'undo') break;
        if (next === rating) {
          println(io.stdout, s.dim(`  already rated ${next === 'easy' ? 'Easy' : 'Hard'}`));
          continue;
        }
        session = takeBack(ws, session, prevOf, wrote); // a requeued copy goes with the answer
        prevOf.set(item.key, ws.store.states().get(item.key) ?? null); // another session's, if kept
        rating = next;
        entry = commit(ws, sched, q.deck, card, rating, result, ms);
        wrote.set(item.key, entry.state);
        session = step(session, { type: 'answer', answer: { key: item.key, deck: q.deck, entryId: entry.id, rating, correct: entry.correct, ms } });
        const label = rating === 'easy' ? 'Easy' : 'Hard (you guessed)';
        println(io.stdout, s.yellow(`Rated ${label}: next due ${formatWhen(new Date(entry.state.due))}`));
        requeue(entry);
      }
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ExitPromptError')) throw err;
    interrupted = true;
    session = step(session, { type: 'interrupt' });
  }
  printSummary(io, ws, session, s, interrupted);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

/** Takes back the last answer: an undo entry restores the schedule and hides the review from history. */
function undo(ws: Workspace<CardHead>, session: SessionState, prevOf: Map<string, CardState | null>, wrote: Map<string, CardState>, io: Io, s: ReturnType<typeof makeStyle>): SessionState {
  const last = lastAnswer(session);
  if (!last) return session;
  const next = takeBack(ws, session, prevOf, wrote);
  println(io.stdout, s.yellow(`Undone: ${last.key}. Answer it again.`));
  return next;
}

/**
 * The last answer taken back, silently: an undo entry in the journal, the card back at the head.
 * The entry restores the state before the answer, unless another session has answered the card
 * since (its state is not the one this answer wrote): then it keeps theirs, which restoring would
 * have wiped out. Either way the review leaves history.
 */
function takeBack(ws: Workspace<CardHead>, session: SessionState, prevOf: Map<string, CardState | null>, wrote: Map<string, CardState>): SessionState {
  const last = lastAnswer(session);
  if (!last) return session;
  const card = last.key.slice(last.deck.length + 1);
  ws.store.catchUp();
  const now = ws.store.states().get(last.key);
  const ours = isDeepStrictEqual(now, wrote.get(last.key));
  const state = ours ? (prevOf.get(last.key) ?? null) : (now ?? null);
  ws.store.append({ op: 'undo', id: newEntryId(), at: ws.clock().toISOString(), session: ws.session, deck: last.deck, card, ref: last.entryId, state });
  return step(session, { type: 'undo' }); // also drops the copy the answer had requeued
}

export function printSummary(io: Io, ws: Workspace<CardHead>, session: SessionState, s: ReturnType<typeof makeStyle>, interrupted: boolean): void {
  const sum = summarize(session, ws.elapsed());
  const next = nextDue(ws.cards, ws.store.states(), ws.clock(), { rolloverHour: ws.store.settings().rolloverHour });
  println(io.stdout);
  // Ctrl-C before any answer (or after undoing them all): "every answer given is saved" over a row
  // of zeros read as if something had been.
  if (interrupted && sum.cards === 0) {
    println(io.stdout, s.bold('Session interrupted: no answers to save.'));
    return;
  }
  println(io.stdout, s.bold(interrupted ? 'Session interrupted; every answer given is saved.' : 'Session complete.'));
  // Broken between its figures on a narrow terminal (at 40 columns the terminal cut "time: 1|3s").
  const figures = [`cards: ${sum.cards}`, `accuracy: ${sum.accuracy === null ? '—' : `${sum.accuracy}%`}`, `time: ${formatDuration(sum.timeMs)}`];
  const cols = io.stdout.isTTY ? io.stdout.columns || undefined : undefined;
  println(io.stdout, `  ${joinFitting(figures, cols && cols - 2, '    ').replace(/\n/g, '\n  ')}`);
  println(io.stdout, `  again ${sum.byRating.again} · hard ${sum.byRating.hard} · good ${sum.byRating.good} · easy ${sum.byRating.easy}`);
  if (next) println(io.stdout, `  next card due: ${formatWhen(next)}`);
}

