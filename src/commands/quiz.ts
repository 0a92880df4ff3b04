// `recall quiz`: exam rehearsal. Interactive (countdown, flag, review screen, submit) or scripted
// from an answers file with JSON/JUnit/TAP/text reports for CI.
// Answers are recorded in the journal when the quiz is submitted: like exam software, an answer can
// be changed until then, and an abandoned quiz leaves no trace.
import os from 'node:os';
import path from 'node:path';
import type { Answer } from '../core/model.js';
import { expectedText, grade, type GradeResult } from '../core/grade.js';
import { stateKey, type QuizEntry, type ReviewEntry } from '../core/progress.js';
import { autoRating, makeScheduler, retrievabilityAt, type Scheduler } from '../core/schedule.js';
import { answersInTime, formatTimeLeft, missText, passMarkOf, pickedOf, scoreQuiz, scoreText, selectQuestions, tagTable, timeLeft, UNANSWERED, verdictText, type QuizGrade, type QuizQuestion, type QuizResult, type ReportMeta, type TimedAnswer } from '../core/quiz.js';
import pkg from '../../package.json' with { type: 'json' };
import { formatPercent } from '../core/percent.js';
import { plural } from '../core/count-text.js';
import { joinFitting, wrapWords } from '../core/wrap.js';
import { renderJson } from '../core/report/json.js';
import { renderJunit } from '../core/report/junit.js';
import { renderTap } from '../core/report/tap.js';
import { renderText, scoreLine } from '../core/report/text.js';
import { checkWritable, refuseInputFile, writeFailure, writeOutput } from '../adapters/write-new-file.js';
import { refuseStreamPath } from '../adapters/std-stream-path.js';
import { closeStore, newEntryId } from '../adapters/store.js';
import { makeStyle } from '../adapters/style.js';
import { formatDuration, hang, renderDiff, renderFeedback } from '../adapters/render.js';
import { hashOf, loadWorkspace, openWorkspace, readScriptedAnswers, requireTerminal, reviewEntry, tagFilter, type Workspace } from './common.js';
import { EXIT, UsageError } from '../errors.js';
import { println, whenStdoutLost, type Io } from '../io.js';
import { maxOf } from '../core/arrays.js';
import { neutralize, neutralizeOutput } from '../core/sanitize.js';
import { refuseStoreFiles } from '../adapters/store-guard.js';

type Reporter = 'text' | 'json' | 'junit' | 'tap';

/**
 * The report format an --output file's name asks for when --reporter is not given: `--output
 * report.xml` wrote the text summary into report.xml, which a CI's JUnit upload then failed to
 * read. Only names with one obvious format; anything else stays text.
 */
export function reporterFor(output: string | undefined): Reporter {
  const ext = output === undefined ? '' : (/\.([a-z]+)$/i.exec(output)?.[1] ?? '').toLowerCase();
  return ext === 'xml' ? 'junit' : ext === 'json' ? 'json' : ext === 'tap' ? 'tap' : 'text';
}

/** The options with the report format settled. */
type Resolved = QuizOptions & { reporter: Reporter };

export interface QuizOptions {
  decks: string[];
  count?: number;
  tag?: string[];
  seed?: number;
  weakest?: boolean;
  time?: number;
  /** Absent: 72, or --min-score when that is given (see passMarkOf). */
  pass?: number;
  answers?: string;
  /** Absent: from --output's extension (reporterFor), else text. */
  reporter?: Reporter;
  output?: string;
  minScore?: number;
  /** --student, else RECALL_STUDENT: who took the quiz, written into the report (item analysis). */
  student?: string;
}

/** --student or RECALL_STUDENT, checked: it lands in reports that instructors' tools read. */
export function studentOf(opts: Pick<QuizOptions, 'student'>, env: Record<string, string | undefined>): string | undefined {
  const raw = opts.student ?? (env.RECALL_STUDENT || undefined);
  if (raw === undefined) return undefined;
  const id = raw.trim();
  if (id === '' || id.length > 200 || /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(id))
    throw new UsageError(`${opts.student !== undefined ? '--student' : 'RECALL_STUDENT'} takes a name or id of 1-200 printable characters, got ${JSON.stringify(raw.slice(0, 40))}`);
  return id;
}

export async function run(given: QuizOptions, io: Io): Promise<number> {
  // `--output -` is standard output, as `deck export -o -` and `progress export -` have it: the
  // report alone on stdout, as --reporter without --output prints it (a CI step pipes it on).
  // In an interactive quiz stdout is the terminal showing the quiz: refused as --reporter is there.
  // An empty name resolves to the working folder ("cannot write the report to :  is a folder").
  if (given.output === '') throw new UsageError('--output takes a file name (or - for standard output), got an empty name');
  if (given.output === '-' && given.answers === undefined)
    throw new UsageError('--output - puts the report on standard output, which in an interactive quiz is the terminal showing the quiz: give a file (--output report.xml), or use --output - with --answers FILE');
  const opts: Resolved = { ...given, output: given.output === '-' ? undefined : given.output, reporter: given.reporter ?? reporterFor(given.output) };
  if (opts.pass !== undefined && opts.pass > 100) throw new UsageError(`--pass takes a percentage from 0 to 100, got ${opts.pass}`);
  if (opts.minScore !== undefined && opts.minScore > 100) throw new UsageError(`--min-score takes a percentage from 0 to 100, got ${opts.minScore}`);
  const student = studentOf(opts, io.env);
  if (opts.answers === undefined) requireTerminal(io, 'quiz', opts.decks);
  if (opts.answers === undefined && opts.reporter !== 'text' && opts.output === undefined)
    throw new UsageError(`--reporter ${opts.reporter} in an interactive quiz needs --output FILE: the terminal shows the quiz itself`);
  // A report with nowhere to go is found out now, not after the quiz has been taken and recorded:
  // taking it again for the report would record it twice.
  // A report replaces the file it is sent to; a .yaml name there is a deck or an answers file (no
  // report is YAML), and `--output key.yaml` replaced the answer key.
  if (opts.output !== undefined && /\.ya?ml$/i.test(opts.output))
    throw new UsageError(`--output ${opts.output}: no report is YAML, and a .yaml file may be a deck or an answers file, which the report would replace; name it report.${opts.reporter === 'junit' ? 'xml' : opts.reporter === 'text' ? 'txt' : opts.reporter}`);
  if (opts.output !== undefined) checkReportDestination(opts.output, opts.reporter, io);
  const decks = await loadWorkspace(opts.decks, io, { answers: opts.answers });
  if (opts.output !== undefined) refuseOwnInputs(opts.output, opts.answers, decks.decks, io);
  const tags = tagFilter(opts.tag, decks.cards);
  const now = decks.clock();
  // No --seed: take one from the clock, and print it so the same quiz can be run again.
  const seed = opts.seed ?? (now.getTime() % 1_000_000);
  const drawn = selectQuestions({ cards: decks.cards, tags, count: opts.count, seed });
  if (drawn.length === 0)
    throw new UsageError(`no quiz questions: these decks have no auto-gradable cards${opts.tag?.length ? ` tagged ${opts.tag.join(', ')}` : ''}`, 'EMPTY_QUIZ');
  // Every input mistake is exit 2 before the store is opened: a refused run writes nothing.
  const answers = opts.answers !== undefined ? await readScriptedAnswers(opts.answers, io, decks.cards, 'quiz') : undefined;
  const ws = openWorkspace(decks, io);
  try {
    const sched = makeScheduler(ws.store.settings());
    // --weakest ranks by recall now, after the resets above (a card whose answer changed is new).
    const questions = opts.weakest ? selectQuestions({ cards: ws.cards, tags, count: opts.count, seed, weakest: { recall: weakestRecall(ws, sched, now) } }) : drawn;
    const who = { seed, ...(student !== undefined ? { student } : {}) };
    if (answers !== undefined) return await scripted(opts, io, ws, sched, questions, who, answers);
    return await interactive(opts, io, ws, sched, questions, seed, who);
  } finally {
    closeStore(ws.store, io);
  }
}

function weakestRecall(ws: Workspace, sched: Scheduler, now: Date): Map<string, number | undefined> {
  const states = ws.store.states();
  const recallOf = retrievabilityAt(sched, now);
  const recall = new Map<string, number | undefined>();
  for (const c of ws.cards) {
    const key = stateKey(c.deck, c.card.id);
    const st = states.get(key);
    recall.set(key, st && st.state !== 0 ? recallOf(st) : undefined);
  }
  return recall;
}

/**
 * Records every graded answer in the journal at submit, in one fsync'd write: wrong ones lapse the
 * card, right ones leave its schedule alone. A deck none of whose questions was answered gets a
 * quiz entry instead (it moves no card), so stats keeps the quiz, scored as the results screen did.
 */
function record(ws: Workspace, sched: Scheduler, questions: QuizQuestion[], results: Map<string, GradeResult | undefined>, ms: Map<string, number>): void {
  const entries: ReviewEntry[] = [];
  // Every answer carries how many questions the quiz asked from its deck: unanswered ones leave no
  // entry, and stats must score the quiz as the results screen did (out of all of them).
  const asked = new Map<string, number>();
  for (const q of questions) asked.set(q.deck, (asked.get(q.deck) ?? 0) + 1);
  for (const q of questions) {
    const key = stateKey(q.deck, q.card.id);
    const result = results.get(key);
    if (!result) continue; // unanswered: counted wrong in the score, but nothing was answered
    const prev = ws.store.states().get(key) ?? null;
    // Right, wrong or right with a typo (Hard); time is not rated: quiz answers can be revisited.
    entries.push({
      ...reviewEntry({ sched, deck: q.deck, card: q.card, hash: hashOf(q.card), kind: 'quiz', rating: autoRating({ correct: result.correct, elapsedMs: 0, typo: result.typo === true }), result, ms: ms.get(key) ?? 0, prev, now: ws.clock(), session: ws.session }),
      questions: asked.get(q.deck)!,
    });
  }
  const answered = new Set(entries.map((e) => e.deck));
  const unanswered: QuizEntry[] = [...asked]
    .filter(([deck]) => !answered.has(deck))
    .map(([deck, questions]) => ({ op: 'quiz', id: newEntryId(), at: ws.clock().toISOString(), session: ws.session, deck, questions }));
  ws.store.appendMany([...entries, ...unanswered]);
}

// ---- scripted -------------------------------------------------------------------------------

/** Who and what drew the quiz, for the report: the seed, and the student when named. */
interface ReportWho {
  seed: number;
  student?: string;
}

async function scripted(opts: Resolved, io: Io, ws: Workspace, sched: Scheduler, questions: QuizQuestion[], who: ReportWho, answers: Map<string, Answer>): Promise<number> {
  const startedAt = ws.clock();
  const started = ws.elapsed();
  const results = new Map<string, QuizGrade | undefined>();
  for (const q of questions) {
    const key = stateKey(q.deck, q.card.id);
    const answer = answers.get(key);
    results.set(key, answer ? { ...grade(q.card, answer), response: pickedOf(answer) } : undefined);
  }
  record(ws, sched, questions, results, new Map());
  const result = scoreQuiz(questions, results, { pass: opts.pass, minScore: opts.minScore });
  report(opts, io, result, ws.elapsed() - started, startedAt, who);
  return exitFor(io, result);
}

/** One rule, scripted or interactive: a quiz below its pass mark exits 1 and says why on stderr. */
function exitFor(io: Io, result: QuizResult): number {
  const miss = missText(result);
  if (miss === null) return EXIT.ok;
  io.stderr.write(`recall: ${miss}\n`);
  return EXIT.checkFailed;
}

function report(opts: Resolved, io: Io, result: QuizResult, durationMs: number, timestamp: Date, who: ReportWho): void {
  const meta: ReportMeta = { timestamp, hostname: os.hostname(), durationMs, recallVersion: pkg.version, ...who };
  const text = neutralizeOutput(renderText(result, meta), 'text');
  if (opts.output) {
    // The summary first: if the report cannot be written after all, the recorded quiz's score is
    // still shown.
    io.stdout.write(text.endsWith('\n') ? text : text + '\n');
    writeReport(opts, io, result, meta);
  } else {
    const body = renderReport(opts.reporter, result, meta);
    // As a report file that cannot be written says it: a CI step that runs the quiz again would
    // record a second attempt.
    const lost = whenStdoutLost(io, 'the quiz itself was graded and recorded (recall stats shows it), though its report was not written; taking it again would record a second attempt');
    io.stdout.write(body.endsWith('\n') ? body : body + '\n', lost);
  }
}

// The boundary where deck text (and typed answers) meet report output: every report passes the one
// sanitiser as a whole, so no renderer can let an escape through. JSON keeps its values exactly
// (\u escapes); the other formats show them neutralised (see src/core/sanitize.ts).
function renderReport(reporter: Reporter, result: QuizResult, meta: ReportMeta): string {
  if (reporter === 'json') return neutralizeOutput(renderJson(result, meta), 'json');
  if (reporter === 'junit') return neutralizeOutput(renderJunit(result, meta), 'text');
  if (reporter === 'tap') return neutralizeOutput(renderTap(result, meta), 'text');
  return neutralizeOutput(renderText(result, meta), 'text');
}

function checkReportDestination(output: string, reporter: Reporter, io: Io): void {
  const example = `report.${reporter === 'junit' ? 'xml' : reporter === 'text' ? 'txt' : reporter}`;
  refuseStreamPath(path.resolve(io.cwd, output), output, { dash: '--output -', alsoStdout: 'or leave --output out: --reporter alone prints the report there', after: '; the quiz was not started' });
  try {
    refuseStoreFiles(path.resolve(io.cwd, output), output, io.env);
    checkWritable(path.resolve(io.cwd, output), output, `the report to ${neutralize(output)}`, example);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}; the quiz was not started`, err.code);
    throw err;
  }
}

/** The report never replaces what the quiz reads: its answers file (a .json one passes the .yaml
 *  rule) or a deck named without .yaml. */
function refuseOwnInputs(output: string, answers: string | undefined, decks: ReadonlyArray<{ id: string; source: string }>, io: Io): void {
  const inputs = [
    ...(answers !== undefined && answers !== '-' ? [{ file: path.resolve(io.cwd, answers), what: `the answers file this quiz reads (--answers ${answers})` }] : []),
    ...decks.map((d) => ({ file: path.resolve(io.cwd, d.source), what: `the file of the deck ${d.id} this quiz reads` })),
  ];
  try {
    refuseInputFile(path.resolve(io.cwd, output), inputs, `the report to ${neutralize(output)}`);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}; the quiz was not started`, err.code);
    throw err;
  }
}

/** The report in --output (scripted, or after an interactive quiz). Its destination was checked
 * before the quiz; a write that fails now (a full disk, the folder removed meanwhile) comes after
 * the answers were recorded, and the message says so, so the quiz is not taken twice for it. */
function writeReport(opts: Resolved, io: Io, result: QuizResult, meta: ReportMeta): void {
  const body = renderReport(opts.reporter, result, meta);
  const abs = path.resolve(io.cwd, opts.output!);
  // An old report is overwritten in place (it keeps its mode; /dev/null works); a new one that cannot
  // be written whole is removed; a symlink put there since the check before the quiz is never
  // written through (adapters/write-new-file.ts writeOutput).
  let why: string | undefined;
  try {
    why = writeOutput(abs, opts.output!, body.endsWith('\n') ? body : body + '\n');
  } catch (err) {
    why = writeFailure(err);
  }
  if (why !== undefined)
    throw new UsageError(
      `cannot write the report to ${neutralize(opts.output!)}: ${why}. The quiz itself was graded and recorded (recall stats shows it); taking it again would record a second attempt`,
      'OUTPUT_UNWRITABLE',
    );
}

// ---- interactive ----------------------------------------------------------------------------

interface Slot {
  answer?: Answer;
  draft?: Answer;
  result?: GradeResult;
  flagged: boolean;
  ms: number;
  at?: number;
}

async function interactive(opts: Resolved, io: Io, ws: Workspace, sched: Scheduler, questions: QuizQuestion[], seed: number, who: ReportWho): Promise<number> {
  const s = makeStyle(io);
  const { askCard, askQuizReview, askSubmitOrAbandon } = await import('../adapters/prompts.js');
  const startedAt = ws.elapsed();
  const startedClock = ws.clock();
  const limitMs = opts.time !== undefined ? opts.time * 60_000 : undefined;
  const slots: Slot[] = questions.map(() => ({ flagged: false, ms: 0 }));
  // Each prompt gets the time left and ends itself at the deadline with what is on screen (an
  // aborted prompt would lose the highlighted option or the typed draft).
  const ctx = { input: io.stdin, output: io.stdout, clearPromptOnDone: true };
  const msLeft = () => (limitMs === undefined ? undefined : timeLeft(startedAt, limitMs, ws.elapsed()));
  const clockText = () => (limitMs === undefined ? '' : ` · ${formatTimeLeft(timeLeft(startedAt, limitMs, ws.elapsed()))} left`);
  const answeredCount = () => slots.filter((x) => x.answer).length;
  let index = 0;
  /** Where the review screen's cursor starts next time: a question, or questions.length (Submit). */
  let reviewCursor = questions.length;
  /** The question on screen was opened from the review screen: answering it goes back there. */
  let fromReview = false;
  /** The question whose on-screen draft counted at the deadline. */
  let draftAtDeadline: number | undefined;
  let interrupted = false;
  let submit = true;
  let timedOut = false;
  const cols = (io.stdout as { columns?: number }).columns;
  // Broken between phrases in a narrow terminal, never inside one ("(seed" / "1)").
  const heading = [`Quiz: ${plural(questions.length, 'question')}${limitMs ? `, ${plural(opts.time ?? 0, 'minute')}` : ''},`, `pass mark ${passMarkOf({ pass: opts.pass, minScore: opts.minScore })}%`, `(seed ${seed})`];
  println(io.stdout, s.bold(joinFitting(heading, cols, ' ')));
  println(io.stdout, s.dim(joinFitting(['Ctrl+F flag', 'Ctrl+N skip', 'Ctrl+P back', 'Ctrl+R review and submit'], cols)));
  const toReview = (cursor: number) => {
    reviewCursor = cursor;
    index = questions.length;
    fromReview = false;
  };
  try {
    for (;;) {
      const left = msLeft();
      if (left !== undefined && left <= 0) {
        timedOut = true;
        break;
      }
      const timing = limitMs ? { tickMs: 1000, deadlineMs: left } : {};
      if (index >= questions.length) {
        const items = questions.map((q, i) => ({ label: firstLine(q), answered: Boolean(slots[i]!.answer), flagged: slots[i]!.flagged }));
        const header = () => `Review · ${answeredCount()}/${questions.length} answered${clockText()}`;
        const pick = await askQuizReview(items, { header, start: reviewCursor, ...timing }, ctx);
        if (pick === 'timeout') {
          timedOut = true;
          break;
        }
        if (pick === 'submit') break;
        index = pick.jump;
        fromReview = true;
        continue;
      }
      const q = questions[index]!;
      const slot = slots[index]!;
      const n = index + 1;
      const header = () => `Question ${n} of ${questions.length}${clockText()} · ${answeredCount()} answered`;
      const shownAt = ws.elapsed();
      const initial = slot.draft ?? slot.answer;
      const asked = await askCard(
        q.card,
        q.optionOrder,
        { header, nav: ['flag', 'skip', 'back', 'review'], flagged: slot.flagged, basicMode: 'type', noHint: 'Hints are off in a quiz.', ...timing, ...(initial ? { initial } : {}) },
        ctx,
      );
      slot.ms += ws.elapsed() - shownAt;
      if (asked.kind === 'timeout') {
        // What was picked or typed when time ran out is the answer, as on paper or exam software.
        if (asked.draft) {
          slot.answer = asked.draft;
          slot.draft = undefined;
          slot.at = undefined;
          draftAtDeadline = index;
        }
        timedOut = true;
        break;
      }
      if (asked.kind === 'answer') {
        slot.answer = asked.answer;
        slot.draft = undefined;
        slot.at = ws.elapsed();
        if (fromReview) toReview(index);
        else if (++index >= questions.length) toReview(questions.length);
      } else if (asked.kind === 'nav') {
        if (asked.draft) slot.draft = asked.draft;
        if (asked.nav === 'flag') slot.flagged = !slot.flagged;
        else if (asked.nav === 'skip') {
          if (fromReview) toReview(index);
          else if (++index >= questions.length) toReview(questions.length);
        } else if (asked.nav === 'back') {
          index = Math.max(0, index - 1);
          fromReview = false;
        } else toReview(index);
      }
    }
  } catch (err) {
    if (!(err instanceof Error && err.name === 'ExitPromptError')) throw err;
    interrupted = true;
    try {
      submit = (await askSubmitOrAbandon({ answered: answeredCount(), total: questions.length }, { input: io.stdin, output: io.stdout })) === 'submit';
    } catch {
      submit = false; // a second Ctrl-C abandons
    }
  }
  if (timedOut) {
    const counted = draftAtDeadline === undefined ? '' : ` Your answer on screen for question ${draftAtDeadline + 1} counts.`;
    const text = `Time is up.${counted} Unanswered questions count as wrong.`;
    println(io.stdout, s.yellow(cols ? wrapWords(text, cols, 0) : text));
  }
  if (!submit) {
    println(io.stdout, 'Quiz abandoned; nothing was recorded.');
    return EXIT.interrupted;
  }
  const timed: TimedAnswer[] = [];
  questions.forEach((q, i) => {
    const slot = slots[i]!;
    if (slot.answer && slot.at !== undefined)
      timed.push({ key: stateKey(q.deck, q.card.id), result: { ...grade(q.card, slot.answer), response: pickedOf(slot.answer) }, at: slot.at });
  });
  const graded = answersInTime(timed, startedAt, limitMs);
  if (draftAtDeadline !== undefined) {
    const q = questions[draftAtDeadline]!;
    const answer = slots[draftAtDeadline]!.answer!;
    graded.set(stateKey(q.deck, q.card.id), { ...grade(q.card, answer), response: pickedOf(answer) });
  }
  const results = new Map<string, QuizGrade | undefined>(questions.map((q) => [stateKey(q.deck, q.card.id), graded.get(stateKey(q.deck, q.card.id))]));
  const ms = new Map(questions.map((q, i) => [stateKey(q.deck, q.card.id), slots[i]!.ms]));
  record(ws, sched, questions, results, ms);
  const result = scoreQuiz(questions, results, { pass: opts.pass, minScore: opts.minScore });
  const durationMs = ws.elapsed() - startedAt;
  printOutcome(io, s, result, questions, results, durationMs);
  if (opts.output) {
    writeReport(opts, io, result, { timestamp: startedClock, hostname: os.hostname(), durationMs, recallVersion: pkg.version, ...who });
    println(io.stdout, s.dim(`Report written to ${opts.output}`));
  }
  if (interrupted) return EXIT.interrupted;
  return exitFor(io, result);
}

/** The whole question as asked. A cloze card's blanks are its answers: they show as ___. */
function questionText(q: QuizQuestion): string {
  const c = q.card;
  return c.type === 'truefalse' ? c.statement : c.type === 'cloze' ? c.text.replace(/\{\{[^}]*\}\}/g, '___') : c.type === 'basic' ? c.front : c.prompt;
}

/** The review screen's label: the question's first line, raw (askQuizReview neutralizes its labels;
 * the screen cuts them to the terminal, with …). */
function firstLine(q: QuizQuestion): string {
  return questionText(q).split('\n')[0] ?? '';
}

function printOutcome(io: Io, s: ReturnType<typeof makeStyle>, result: QuizResult, questions: QuizQuestion[], results: Map<string, QuizGrade | undefined>, ms: number): void {
  const cols = io.stdout.columns || undefined;
  println(io.stdout);
  const verdict = (v: string) => (result.passed ? s.green.bold(v) : s.red.bold(v));
  // scoreLine's phrases, broken between them where the line would not fit: the score, its counts
  // ('(0/10 correct, 10 unanswered),' is 31 columns of the 40 alone) and the verdict.
  const [pct, ...counts] = scoreText(result).split(' ');
  println(io.stdout, cols ? joinFitting([`Score: ${pct}`, `${counts.join(' ')},`, verdict(verdictText(result))], cols, ' ') : scoreLine(result, verdict));
  println(io.stdout, `Time: ${formatDuration(ms)}`);
  const rows = tagTable(result);
  if (rows.length > 0) {
    println(io.stdout, '\nBy tag (weakest first):');
    const tags = rows.map((r) => neutralize(r.tag));
    const width = maxOf(tags.map((t) => t.length), 3);
    rows.forEach((r, i) => println(io.stdout, `  ${tags[i]!.padEnd(width)}  ${String(r.correct).padStart(3)}/${String(r.total).padEnd(3)}  ${formatPercent(r.pct).padStart(6)}`));
  }
  const typos = questions.filter((q) => results.get(stateKey(q.deck, q.card.id))?.typo);
  if (typos.length > 0) {
    println(io.stdout, `\nAccepted with a typo (${typos.length}), rated Hard:`);
    for (const q of typos) {
      const r = results.get(stateKey(q.deck, q.card.id))!;
      println(io.stdout, `  ${s.bold(neutralize(`${q.deck}/${q.card.id}`))}: ${renderDiff(s, r.given, r.closest ?? r.expected)}`);
    }
  }
  const misses = questions.filter((q) => !results.get(stateKey(q.deck, q.card.id))?.correct);
  if (misses.length === 0) return;
  println(io.stdout, `\nMissed (${misses.length}):`);
  for (const q of misses) {
    const r = results.get(stateKey(q.deck, q.card.id));
    // The whole question, wrapped: the feedback below is about all of it, not its first 60 characters.
    // When the id leaves it too little room, the question goes below the id: the id is not cut.
    // An id wider than the terminal breaks after its deck's slash, not wherever the terminal cuts
    // it ("iam-exam-deep-dive/passrole-not-assumero" / "le:" at 40 columns).
    const whole = neutralize(`${q.deck}/${q.card.id}`);
    const id = cols && whole.length + 1 > cols ? `${s.bold(neutralize(`${q.deck}/`))}\n${s.bold(neutralize(q.card.id))}:` : `${s.bold(whole)}:`;
    const question = neutralize(questionText(q));
    const roomy = !cols || cols - neutralize(`${q.deck}/${q.card.id}: `).length >= 24;
    println(io.stdout, '\n' + (roomy ? hang(`${id} `, question, cols) : `${id}\n${hang('  ', question, cols)}`));
    const shown = r ?? { correct: false, given: UNANSWERED, expected: expectedText(q.card) };
    const given = !Array.isArray(r?.response) ? {} : q.card.type === 'order' ? { givenOrder: r.response as number[] } : {};
    println(io.stdout, renderFeedback(s, q.card, shown, { ...(q.optionOrder ? { order: q.optionOrder } : {}), ...given, width: cols, unanswered: !r }));
  }
}
