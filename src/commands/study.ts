// `recall study`: drill due cards and a few new ones, interactively or from an answers file.
// Order of effects per answer: grade -> journal append (fsync'd) -> feedback. An answer the student
// has seen acknowledged is on disk, whatever happens next.
import type { Answer, Card, CardHead, SelfRating } from '../core/model.js';
import { formatCount, plural } from '../core/count-text.js';
import { shellPath, shellWord } from '../core/shell-word.js';
import { grade, type GradeResult } from '../core/grade.js';
import { stateKey, type CardState, type ReviewEntry } from '../core/progress.js';
import { buildQueue, heldBack, nextDue, todayCounts, type ExamToday, type HeldBack, type QueueInput, type QueueItem, type TodayCounts } from '../core/queue.js';
import { examAssessment } from '../core/readiness.js';
import { examHeadline } from '../core/exam-text.js';
import { storedExam } from './exam.js';
import { autoRating, makeScheduler, preview, type Scheduler } from '../core/schedule.js';
import { canUndo, current, lastAnswer, progress, startSession, step, summarize, type SessionState } from '../core/session.js';
import { seedFrom } from '../core/random.js';
import { displayOrder } from '../core/quiz.js';
import { closeStore, newEntryId, SCRIPTED_BATCH } from '../adapters/store.js';
import { makeStyle } from '../adapters/style.js';
import { formatDuration, formatWhen, hang, renderFeedback, sessionHeader } from '../adapters/render.js';
import { hashOf, loadLazyWorkspace, loadWorkspace, openWorkspace, readScriptedAnswers, requireTerminal, reviewEntry, tagFilter, type LoadedDecks, type Workspace } from './common.js';
import { EXIT, UsageError } from '../errors.js';
import { println, whenStdoutLost, type Io } from '../io.js';
import { neutralize, neutralizeOutput } from '../core/sanitize.js';

export interface StudyOptions {
  decks: string[];
  deck?: string[];
  tag?: string[];
  limit?: number;
  new?: number;
  answers?: string;
  reporter?: 'text' | 'json';
}

/** Learning cards due again within this window are shown again in the same session (Anki's learn-ahead). */
const LEARN_AHEAD_MS = 20 * 60 * 1000;

export async function run(opts: StudyOptions, io: Io): Promise<number> {
  // In a terminal it was ignored: the session went on with no JSON at its end.
  if (opts.answers === undefined && opts.reporter === 'json')
    throw new UsageError('--reporter json is the summary of a scripted study: give the answers with --answers FILE (interactive study prints its own summary)');
  if (opts.answers === undefined) requireTerminal(io, 'study', opts.decks);
  // Interactive study reads the deck cache and the checkpoint and builds the queue, and keeps nearly
  // all of it: the young generation is held at its size until the queue is made (young-gen.ts).
  const release = opts.answers === undefined ? (await import('../adapters/young-gen.js')).holdYoungGeneration() : undefined;
  try {
    return await study(opts, io, release);
  } finally {
    release?.();
  }
}

async function study(opts: StudyOptions, io: Io, release: (() => void) | undefined): Promise<number> {
  // A scripted run grades every card it answers: whole cards. The interactive screen shows one card
  // at a time: card heads, each card's body read when it comes up (see loadLazyWorkspace).
  const decks: LoadedDecks<CardHead> = opts.answers !== undefined ? await loadWorkspace(opts.decks, io, { deckFilter: opts.deck, answers: opts.answers }) : await loadLazyWorkspace(opts.decks, io, { deckFilter: opts.deck });
  // Every input mistake is exit 2 before the store is opened: a refused run writes nothing.
  const tags = tagFilter(opts.tag, decks.cards);
  const answers = opts.answers !== undefined ? await readScriptedAnswers(opts.answers, io, await wholeCards(decks), 'study') : undefined;
  const ws = openWorkspace(decks, io, { check: (store) => void storedExam(store) });
  try {
    const settings = ws.store.settings();
  // Read at each use: the terminal may have been resized since the last card.
  const width = () => io.stdout.columns || undefined;
    const sched = makeScheduler(settings);
    const now = ws.clock();
    const states = ws.store.states();
    const today = todayCounts(states, now, settings.rolloverHour);
    const exam = examToday(ws, sched, now, today);
    const input: QueueInput<CardHead> = {
      cards: ws.cards,
      states,
      now,
      settings,
      scheduler: sched,
      filters: { tags, limit: opts.limit, newOverride: opts.new, ...(exam ? { exam: exam.today } : {}) },
      today,
    };
    const queue = buildQueue(input);
    release?.(); // before the first prompt: see young-gen.ts
    if (answers !== undefined) return await scripted(opts, io, ws, sched, queue, answers);
    if (queue.length === 0) return nothingToStudy(opts, io, ws, input);
    return await interactive(io, ws, sched, queue, exam?.headline ?? null);
  } finally {
    closeStore(ws.store, io);
  }
}

/**
 * With an exam date ahead: today's share of the plan toward it, and the header line. Reads the
 * journal for the calibration, so it costs a replay of the history, paid only when an exam is set.
 */
function examToday(ws: Workspace<CardHead>, sched: Scheduler, now: Date, today: TodayCounts): { today: ExamToday; headline: string | null } | null {
  const exam = storedExam(ws.store);
  if (exam === null) return null;
  const { report, plan } = examAssessment({
    cards: ws.cards,
    states: ws.store.states(),
    entries: ws.store.readHistory(),
    settings: sched.settings,
    sched,
    now,
    exam,
    today,
  });
  if (plan === null) return null; // the exam day or after: normal scheduling
  return {
    today: { bringForward: plan.bringForward, newToday: plan.newToday, reviewRoom: plan.reviewRoomToday },
    headline: examHeadline(report),
  };
}

// ---- scripted -------------------------------------------------------------------------------

/** Every card whole: a scripted run grades any card its answers file names (loadWorkspace). */
function wholeCards(decks: LoadedDecks<CardHead>): Promise<Array<{ deck: string; card: Card }>> {
  return Promise.all(decks.cards.map(async (c) => ({ deck: c.deck, card: await decks.full(c.card) })));
}

async function scripted(opts: StudyOptions, io: Io, ws: Workspace<CardHead>, sched: Scheduler, queue: Array<QueueItem<CardHead>>, answers: Map<string, Answer>): Promise<number> {
  const startedAt = ws.elapsed();
  let session = startSession(
    queue.filter((q) => answers.has(stateKey(q.deck, q.card.id))).map((q) => ({ key: stateKey(q.deck, q.card.id), deck: q.deck })),
    startedAt,
  );
  const byKey = new Map(queue.map((q) => [stateKey(q.deck, q.card.id), q]));
  const items: Array<{ deck: string; id: string; type: string; rating: SelfRating; correct: boolean | null; due: string }> = [];
  // Answers are written SCRIPTED_BATCH at a time, one write and one fsync each, and their lines are
  // printed only after: a printed line is still an answer on disk (README, "Scripted runs").
  let lines = '';
  // Every line printed stands for an answer already on disk: if stdout cannot take them (a full
  // disk, > /dev/full), the answers are still saved, and that is said (whenStdoutLost).
  const lost = whenStdoutLost(io, 'the answers were graded and saved (recall stats shows them), though their report was not written');
  const out = (text: string) => io.stdout.write(text + '\n', lost);
  const flush = () => {
    ws.store.flush();
    if (lines !== '') io.stdout.write(lines, lost);
    lines = '';
  };
  // What the answers leave alive (each one's new state, the batch of journal lines and printed
  // lines, the report's items) made V8 double its young generation during the run on a big store,
  // to 2 x 16 MB: ~2,000 pages touched for the first time (~15 us each here) for 2,100 answers.
  // Kept at its size, the run collects more often and touches fewer new pages (young-gen.ts).
  const release = (await import('../adapters/young-gen.js')).holdYoungGeneration();
  try {
    for (let item = current(session); item; item = current(session)) {
      const q = byKey.get(item.key)!;
      const card = await ws.full(q.card);
      const answer = answers.get(item.key)!;
      const result = grade(card, answer);
      const rating: SelfRating = 'rating' in answer ? answer.rating : autoRating({ correct: result.correct, elapsedMs: 0, typo: result.typo === true });
      const entry = commit(ws, sched, q.deck, card, rating, 'rating' in answer ? null : result, 0, true); // a rated basic card is self-graded
      items.push({ deck: q.deck, id: card.id, type: card.type, rating, correct: entry.correct, due: entry.state.due });
      // One line per committed answer, printed once the batch holding it is written (fsync'd).
      if (opts.reporter !== 'json') lines += `${rating.padEnd(5)} ${item.key}  next due ${formatWhen(new Date(entry.state.due))}\n`;
      session = step(session, { type: 'answer', answer: { key: item.key, deck: item.deck, entryId: entry.id, rating, correct: entry.correct, ms: 0 } });
      if (ws.store.unflushed >= SCRIPTED_BATCH) flush();
    }
    flush();
  } finally {
    release();
  }
  const sum = summarize(session, ws.elapsed());
  const next = nextDue(ws.cards, ws.store.states(), ws.clock(), { rolloverHour: ws.store.settings().rolloverHour });
  const unanswered = queue.length - sum.cards;
  // Answers to cards that are not in today's queue (not due yet, suspended, past today's new
  // cards, or outside --tag/--limit) are not used. Said, not dropped in silence: the README's own
  // example answers 7 new cards of 27 with 20 new a day, and one answer went nowhere unexplained.
  const notQueued = [...answers.keys()].filter((k) => !byKey.has(k));
  if (opts.reporter === 'json') {
    const report = { reviewed: sum.cards, correct: sum.correct, accuracy: sum.accuracy, due: queue.length, unreviewed: unanswered, notInQueue: notQueued.length, nextDue: next?.toISOString() ?? null, items };
    out(neutralizeOutput(JSON.stringify(report, null, 2), 'json'));
  } else {
    // Every count with the same separators: plural() writes 1,000, so a bare 1000 beside it read as another number.
    out(`Reviewed ${formatCount(sum.cards)} of ${plural(queue.length, 'card')} in the queue; ${formatCount(unanswered)} left unreviewed (not in the answers file).`);
    if (notQueued.length > 0) {
      const shown = notQueued.slice(0, 5).join(', ') + (notQueued.length > 5 ? `, and ${formatCount(notQueued.length - 5)} more` : '');
      out(`Not used: ${plural(notQueued.length, 'answer')} for cards not in today's queue (${shown}): not due yet, suspended, outside --tag or --limit, or past today's new cards (--new N takes more).`);
    }
    if (sum.accuracy !== null) out(`Accuracy: ${formatCount(sum.correct)}/${formatCount(sum.cards)} (${sum.accuracy}%)`);
    if (next) out(`Next card due: ${formatWhen(next)}`);
  }
  return EXIT.ok;
}

/**
 * Schedules one answer and appends it to the journal (fsync'd) before anything else is shown;
 * `deferred` (scripted runs): written with the next store.flush(), which the caller awaits before
 * reporting it.
 */
function commit(ws: Workspace<CardHead>, sched: Scheduler, deck: string, card: Card, rating: SelfRating, result: GradeResult | null, ms: number, deferred = false): ReviewEntry & { state: CardState } {
  const key = stateKey(deck, card.id);
  const prev: CardState | null = ws.store.states().get(key) ?? null;
  const entry = reviewEntry({ sched, deck, card, hash: hashOf(card), kind: 'study', rating, result, ms, prev, now: ws.clock(), session: ws.session });
  if (deferred) ws.store.appendDeferred(entry);
  else ws.store.append(entry);
  return entry as ReviewEntry & { state: CardState }; // a study answer always moves the schedule
}

// ---- interactive ----------------------------------------------------------------------------

async function interactive(io: Io, ws: Workspace<CardHead>, sched: Scheduler, queue: Array<QueueItem<CardHead>>, examLine: string | null): Promise<number> {
  const s = makeStyle(io);
  const { askCard, askContinue, askSelfGrade } = await import('../adapters/prompts.js');
  const ctx = { input: io.stdin, output: io.stdout };
  const settings = ws.store.settings();
  // Read at each use: the terminal may have been resized since the last card.
  const width = () => io.stdout.columns || undefined;
  const byKey = new Map(queue.map((q) => [stateKey(q.deck, q.card.id), q]));
  const titles = new Map(ws.decks.map((d) => [d.id, d.title]));
  const seed = seedFrom(ws.clock().toISOString());
  const prevOf = new Map<string, CardState | null>();
  const inLearning = (key: string) => {
    const st = ws.store.states().get(key)?.state;
    return st === 1 || st === 3; // ts-fsrs State.Learning, State.Relearning
  };
  let session: SessionState = startSession(queue.map((q) => ({ key: stateKey(q.deck, q.card.id), deck: q.deck })), ws.elapsed());
  let interrupted = false;
  try {
    for (let item = current(session); item; item = current(session)) {
      const q = byKey.get(item.key)!;
      const card = await ws.full(q.card);
      const headerText = sessionHeader(s, titles.get(q.deck) ?? q.deck, progress(session, inLearning), width(), examLine ?? undefined);
      const header = () => headerText;
      const order = displayOrder(q.deck, card, seed);
      const started = ws.elapsed();
      const asked = await askCard(card, order, { header, ...(card.hint ? { hint: card.hint } : {}), basicMode: 'reveal' }, ctx);
      let rating: SelfRating;
      let result: GradeResult | null = null;
      if (asked.kind === 'revealed') {
        println(io.stdout, hang(`${s.dim('answer:')} `, s.bold(neutralize(card.type === 'basic' ? card.back : '')), width()));
        if (card.explain) println(io.stdout, hang(`${s.cyan('explain:')} `, neutralize(card.explain), width()));
        const key = { deck: q.deck, card: card.id, hash: hashOf(card) };
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
      prevOf.set(item.key, ws.store.states().get(item.key) ?? null);
      let entry = commit(ws, sched, q.deck, card, rating, result, ms);
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
        if (next === 'undo') session = undo(ws, session, prevOf, io, s);
        if (next === 'next' || next === 'undo') break;
        if (next === rating) {
          println(io.stdout, s.dim(`  already rated ${next === 'easy' ? 'Easy' : 'Hard'}`));
          continue;
        }
        session = takeBack(ws, session, prevOf); // a requeued copy goes with the answer
        rating = next;
        entry = commit(ws, sched, q.deck, card, rating, result, ms);
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

/**
 * An empty session says why: nothing due, or today's limits used up, with the command that goes on.
 * Today's limits are the usual reason a student with unseen cards gets nothing.
 */
function nothingToStudy(opts: StudyOptions, io: Io, ws: Workspace<CardHead>, input: QueueInput<CardHead>): number {
  const held: HeldBack = heldBack(input);
  const { settings, today } = input;
  const next = nextDue(ws.cards, ws.store.states(), ws.clock(), { rolloverHour: settings.rolloverHour });
  const plan = input.filters.exam; // with an exam date, the plan sets today's share, not the daily limits
  if (held.newCards > 0) {
    if (plan) println(io.stdout, `Today's new cards in your exam plan are done: ${today.newIntroduced} introduced today.`);
    else println(io.stdout, `Today's new cards are used up: ${today.newIntroduced} introduced, the daily limit is ${settings.newPerDay} (new-per-day).`);
    println(io.stdout, `${held.newCards} new card${held.newCards === 1 ? ' is' : 's are'} waiting. To start more now: ${studyAgain(opts, Math.min(held.newCards, 10))}`);
    if (!plan) println(io.stdout, `Or raise the daily limit: recall config set new-per-day ${settings.newPerDay + 10}`);
  }
  if (held.reviews > 0 && plan) {
    println(io.stdout, `Today's reviews in your exam plan are done: ${today.reviewsDone} today; ${held.reviews} more wait for the coming days.`);
  } else if (held.reviews > 0) {
    println(io.stdout, `Today's reviews are used up: ${today.reviewsDone} done, the daily limit is ${settings.reviewsPerDay} (reviews-per-day).`);
    println(io.stdout, `${held.reviews} more ${held.reviews === 1 ? 'is' : 'are'} due. To review them today: recall config set reviews-per-day ${settings.reviewsPerDay + held.reviews}`);
  }
  if (held.newCards > 0 || held.reviews > 0) return EXIT.ok;
  // --new 0 with unseen cards: "Nothing to study in these decks" read as if the decks were done.
  const states = ws.store.states();
  const unseen = opts.new === 0 ? ws.cards.filter((c) => !states.has(c.key ?? stateKey(c.deck, c.card.id))).length : 0;
  const leftOut = unseen > 0 ? ` (--new 0 leaves out ${plural(unseen, 'new card')})` : '';
  println(io.stdout, next ? `Nothing is due now${leftOut}. The next card is due ${formatWhen(next)}.` : unseen > 0 ? `Nothing is due${leftOut}.` : 'Nothing to study in these decks.');
  println(io.stdout, `Meanwhile: "recall quiz --count 10" for an exam rehearsal${opts.new === 0 ? '.' : `, or "${studyAgain(opts, 10)}" to start new cards.`}`);
  return EXIT.ok;
}

/** The command the student ran, with --new N: same decks and tags. Their words, shell-quoted. */
function studyAgain(opts: StudyOptions, n: number): string {
  const q = shellWord;
  const words = ['recall', 'study', ...opts.decks.map(shellPath)];
  for (const d of opts.deck ?? []) words.push('--deck', q(d));
  for (const t of opts.tag ?? []) words.push('--tag', q(t));
  words.push('--new', String(n));
  return neutralize(words.join(' '));
}

/** Takes back the last answer: an undo entry restores the schedule and hides the review from history. */
function undo(ws: Workspace<CardHead>, session: SessionState, prevOf: Map<string, CardState | null>, io: Io, s: ReturnType<typeof makeStyle>): SessionState {
  const last = lastAnswer(session);
  if (!last) return session;
  const next = takeBack(ws, session, prevOf);
  println(io.stdout, s.yellow(`Undone: ${last.key}. Answer it again.`));
  return next;
}

/** The last answer taken back, silently: an undo entry in the journal, the card back at the head. */
function takeBack(ws: Workspace<CardHead>, session: SessionState, prevOf: Map<string, CardState | null>): SessionState {
  const last = lastAnswer(session);
  if (!last) return session;
  const card = last.key.slice(last.deck.length + 1);
  ws.store.append({ op: 'undo', id: newEntryId(), at: ws.clock().toISOString(), session: ws.session, deck: last.deck, card, ref: last.entryId, state: prevOf.get(last.key) ?? null });
  return step(session, { type: 'undo' }); // also drops the copy the answer had requeued
}

function printSummary(io: Io, ws: Workspace<CardHead>, session: SessionState, s: ReturnType<typeof makeStyle>, interrupted: boolean): void {
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
  println(io.stdout, `  cards: ${sum.cards}    accuracy: ${sum.accuracy === null ? '—' : `${sum.accuracy}%`}    time: ${formatDuration(sum.timeMs)}`);
  println(io.stdout, `  again ${sum.byRating.again} · hard ${sum.byRating.hard} · good ${sum.byRating.good} · easy ${sum.byRating.easy}`);
  if (next) println(io.stdout, `  next card due: ${formatWhen(next)}`);
}

