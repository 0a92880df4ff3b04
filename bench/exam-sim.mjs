#!/usr/bin/env node
// `npm run bench:exam`: a simulated student drives the real CLI, one day at a time under
// RECALL_NOW, for 28 days to an exam, three times: without `exam set`, with it, and naive cramming
// (every card quizzed once two days before). It prints, for each run: true exam-day recall,
// cards at target by recall's own estimate on exam morning, reviews spent, and |predicted − true| score.
//   node bench/exam-sim.mjs [--cards N] [--days N] [--seed N] [--json]
//
// The student's memory is a ground truth that differs from recall's model: FSRS-6 with a weaker
// learner's parameters (half the initial stabilities, slower stability growth). It answers typed
// cards, right with its own recall probability at that moment (a card never seen: wrong), and
// learns from every answer it gives (Good when right, Again when wrong).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyCard, default_w, fsrs, Rating } from 'ts-fsrs';
import { makeRng } from './fixtures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'recall.cjs');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i < 0 ? def : Number(argv[i + 1]);
};
const CARDS = opt('--cards', 150);
const DAYS = opt('--days', 28);
const SEED = opt('--seed', 1);
const asJson = argv.includes('--json');
const START = Date.UTC(2027, 0, 4, 10); // day 0, 10:00 UTC; the exam is on day DAYS
const DAY = 86_400_000;
const ymd = (t) => new Date(t).toISOString().slice(0, 10);
const EXAM_DATE = ymd(START + DAYS * DAY);

// A weaker learner than FSRS's defaults assume.
const weak = [...default_w];
for (let i = 0; i < 4; i++) weak[i] *= 0.5;
weak[8] *= 0.8;
const truth = fsrs({ w: weak, enable_fuzz: false, enable_short_term: true, request_retention: 0.9 });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-exam-sim-'));
const deckFile = path.join(work, 'sim.yaml');
fs.writeFileSync(
  deckFile,
  `deck: sim\ntitle: Simulated exam topic\ncards:\n` +
    Array.from({ length: CARDS }, (_, i) => `  - id: c${i}\n    type: typed\n    tags: [t${i % 5}]\n    prompt: "Question ${i}?"\n    answer: "a${i}"\n`).join(''),
);

function recall(home, now, args) {
  const env = { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, RECALL_NOW: new Date(now).toISOString(), NO_COLOR: '1', TZ: 'UTC' };
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`recall ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

class Student {
  constructor(seed) {
    this.random = makeRng(seed); // the product's seeded PRNG
    this.cards = new Map(); // id -> ts-fsrs card (the truth)
  }
  recallOf(id, now) {
    const c = this.cards.get(id);
    if (!c) return 0;
    const days = Math.max(0, (now - c.last_review.getTime()) / DAY);
    return truth.forgetting_curve(days, c.stability);
  }
  answers(now) {
    const out = {};
    for (let i = 0; i < CARDS; i++) out[`c${i}`] = this.random() < this.recallOf(`c${i}`, now) ? `a${i}` : 'no idea';
    return out;
  }
  learn(id, correct, now) {
    const prev = this.cards.get(id) ?? createEmptyCard(new Date(now));
    this.cards.set(id, truth.next(prev, new Date(now), correct ? Rating.Good : Rating.Again).card);
  }
  score(now) {
    let s = 0;
    for (let i = 0; i < CARDS; i++) s += this.recallOf(`c${i}`, now);
    return (100 * s) / CARDS;
  }
}

function answerRun(home, student, now, command) {
  const file = path.join(home, 'answers.json');
  fs.writeFileSync(file, JSON.stringify(student.answers(now)));
  // --pass 0: cramming scores 0 on never-seen cards, and a quiz below its pass mark exits 1.
  const extra = command === 'quiz' ? ['--pass', '0'] : [];
  const report = JSON.parse(recall(home, now, [command, deckFile, '--answers', file, '--reporter', 'json', ...extra]));
  const items = report.items ?? report.questions ?? [];
  for (const it of items) {
    const id = it.id ?? it.card;
    const correct = it.correct === true;
    student.learn(id, correct, now);
  }
  return items.length;
}

function run(name, mode) {
  const home = fs.mkdtempSync(path.join(work, `${name}-`));
  const student = new Student(SEED);
  let reviews = 0;
  if (mode === 'plan') recall(home, START, ['exam', 'set', EXAM_DATE]);
  for (let day = 0; day < DAYS; day++) {
    const t = START + day * DAY;
    if (mode === 'cram') {
      if (day === DAYS - 2) reviews += answerRun(home, student, t, 'quiz');
      continue;
    }
    // Three sittings a day, so learning steps (1m, 10m) come round the same day.
    for (const minutes of [0, 5, 20]) reviews += answerRun(home, student, t + minutes * 60_000, 'study');
  }
  const morning = START + DAYS * DAY - 60 * 60_000; // 09:00 on the exam day, after the 04:00 rollover
  if (mode !== 'plan') recall(home, morning, ['exam', 'set', EXAM_DATE]);
  const est = JSON.parse(recall(home, morning, ['exam', deckFile, '--json']));
  const trueScore = student.score(morning);
  return {
    run: name,
    trueScore: Math.round(trueScore * 10) / 10,
    atTargetPct: Math.round((1000 * est.ready) / est.cards) / 10,
    reviews,
    predicted: est.expectedScore,
    predictionError: Math.round(Math.abs(est.expectedScore - trueScore) * 10) / 10,
    calibrated: est.calibration.fitted,
  };
}

const started = Date.now();
const rows = [run('without exam set', 'plain'), run('with exam set', 'plan'), run('naive cramming', 'cram')];
fs.rmSync(work, { recursive: true, force: true });
if (asJson) {
  process.stdout.write(JSON.stringify({ cards: CARDS, days: DAYS, seed: SEED, rows }, null, 2) + '\n');
} else {
  console.log(`Simulated student: ${CARDS} typed cards, ${DAYS} days to the exam, seed ${SEED} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log('run                 true score  at target (recall est.)  reviews  predicted  |pred-true|');
  for (const r of rows)
    console.log(`${r.run.padEnd(20)}${`${r.trueScore}%`.padStart(10)}  ${`${r.atTargetPct}%`.padStart(23)}  ${String(r.reviews).padStart(7)}  ${`${r.predicted}%`.padStart(9)}  ${String(r.predictionError).padStart(11)}`);
  const [plain, plan, cram] = rows;
  console.log('\nTargets (issue 13):');
  const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
  check(plan.atTargetPct >= 95, `with the plan, >= 95% of cards at target by recall's estimate (${plan.atTargetPct}%)`);
  check(plan.trueScore - plain.trueScore >= 6, `true score >= 6 points above no plan (${(plan.trueScore - plain.trueScore).toFixed(1)})`);
  check(plan.trueScore >= cram.trueScore - 1.5, `within 1.5 points of naive cramming or better (${(plan.trueScore - cram.trueScore).toFixed(1)})`);
  check(plan.reviews <= 1.4 * plain.reviews, `reviews <= 1.4x no plan (${(plan.reviews / plain.reviews).toFixed(2)}x)`);
  check(plan.predictionError <= 4, `predicted score within 4 points of the truth (${plan.predictionError})`);
}
