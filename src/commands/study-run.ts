// `recall study` from the store: the decks loaded, the store opened, then the session (interactive,
// study-session.ts) or the answers file's run (scripted). Also what the early start (study-early.ts)
// takes from here once its first card is on screen: study's queue of the opened store, and what an
// empty session says.
import type { Answer, Card, CardHead, SelfRating } from '../core/model.js';
import { formatCount, plural } from '../core/count-text.js';
import { shellPath, shellWord } from '../core/shell-word.js';
import { grade } from '../core/grade.js';
import { stateKey } from '../core/progress.js';
import { buildQueue, heldBack, nextDue, todayCounts, type ExamToday, type HeldBack, type QueueInput, type QueueItem, type TodayCounts } from '../core/queue.js';
import { examAssessment } from '../core/readiness.js';
import { recallObservations } from '../core/recall-history.js';
import { examHeadline } from '../core/exam-text.js';
import { storedExam } from './exam.js';
import { autoRating, makeScheduler, type Scheduler } from '../core/schedule.js';
import { current, startSession, step, summarize } from '../core/session.js';
import { closeStore, SCRIPTED_BATCH } from '../adapters/store.js';
import { indexName, writeStudyIndex, type StudyIndex } from '../adapters/study-index.js';
import { commit, interactive } from './study-session.js';
import { formatWhen } from '../adapters/render.js';
import { hashOf, loadLazyWorkspace, loadWorkspace, openWorkspace, readScriptedAnswers, tagFilter, type LoadedDecks, type Workspace } from './common.js';
import { EXIT } from '../errors.js';
import { println, whenStdoutLost, type Io } from '../io.js';
import { neutralize, neutralizeOutput } from '../core/sanitize.js';
import type { StudyOptions } from './study.js';

/** Study without an early start (see study.ts). */
export async function studyFromStore(opts: StudyOptions, io: Io): Promise<number> {
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
  const filters = { tags, limit: opts.limit, newOverride: opts.new };
  const ws = openWorkspace(decks, io, { check: (store) => void storedExam(store) });
  try {
    const { sched, input, queue, exam } = queueFor(ws, filters);
    release?.(); // before the first prompt: see young-gen.ts
    if (answers !== undefined) return await scripted(opts, io, ws, sched, queue, answers);
    if (queue.length === 0) return nothingToStudy(opts, io, ws, input);
    return await interactive(io, ws, sched, queue, exam?.headline ?? null);
  } finally {
    if (answers === undefined) await closeAndIndex(io, ws, indexName((ws.reads ?? []).map((f) => f.file), opts.deck));
    else closeStore(ws.store, io);
  }
}

/** Closes an interactive session's store, then writes the next start's study index (study-start.ts)
 *  from it: after the closing checkpoint. `had`: the index this start found. */
export async function closeAndIndex(io: Io, ws: Workspace<CardHead>, name: string, had?: StudyIndex): Promise<void> {
  closeStore(ws.store, io);
  await writeStudyIndex(io.env, ws, hashOf, name, had);
}

export type Filters = { tags: string[] | undefined; limit: number | undefined; newOverride: number | undefined };

/** Today's queue from the opened store: the daily limits, or the exam plan when one is set. */
export function queueFor(ws: Workspace<CardHead>, filters: Filters) {
  const settings = ws.store.settings();
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
    filters: { ...filters, ...(exam ? { exam: exam.today } : {}) },
    today,
  };
  return { sched, input, queue: buildQueue(input), exam };
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
    // The journal with its states: the calibration replays each card's state before every answer.
    observations: recallObservations(ws.store.calibrationEntries(), sched),
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
 * An empty session says why: nothing due, or today's limits used up, with the command that goes on.
 * Today's limits are the usual reason a student with unseen cards gets nothing.
 */
export function nothingToStudy(opts: StudyOptions, io: Io, ws: Workspace<CardHead>, input: QueueInput<CardHead>): number {
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

