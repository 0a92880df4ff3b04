#!/usr/bin/env node
// `npm run bench:optimize`: how long `recall optimize` takes on 10,000 and 100,000 study reviews.
//   node bench/optimize.mjs [--reviews 10000,100000] [--runs 3] [--json]
//
// Separate from `npm run bench` (start-up budgets): generating 100,000 reviews and fitting them
// takes about a minute, too long for that run. Each history is a simulated learner's journal
// (tests/helpers/learner.ts, bundled here by esbuild, so the bench and the tests share one learner),
// written once into .bench/optimize/N/ and reused while the learner's source is unchanged. Each run
// is a fresh process of the built CLI, `recall optimize --dry-run --json`: reading the journal,
// scoring the current weights, the fit and scoring the fitted ones, the time a student waits.
// No budget is enforced: the row is for tracking.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'recall.cjs');
const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(name);
  return i < 0 ? def : argv[i + 1];
};
const SIZES = String(arg('--reviews', '10000,100000')).split(',').map(Number);
const RUNS = Number(arg('--runs', 3));
const asJson = argv.includes('--json');
const log = (s) => process.stderr.write(`${s}\n`);

const LEARNER = path.join(ROOT, 'tests/helpers/learner.ts');
const learnerOut = path.join(ROOT, '.bench', 'learner.mjs');
await build({ entryPoints: [LEARNER], bundle: true, format: 'esm', platform: 'node', outfile: learnerOut, logLevel: 'warning' });
const { simulateLearner, journalText } = await import(learnerOut);
const stamp = createHash('sha256').update(fs.readFileSync(learnerOut)).digest('hex').slice(0, 16);

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TZ: 'UTC', NO_COLOR: '1', RECALL_NOW: '2026-03-02T10:00:00Z' };

/** A store as a student has it: the journal, and the checkpoint recall writes beside it (progress.json). */
function history(reviews) {
  const dir = path.join(ROOT, '.bench', 'optimize', String(reviews));
  const journal = path.join(dir, 'journal.jsonl');
  const stampFile = path.join(dir, 'stamp');
  const whole = [journal, stampFile, path.join(dir, 'progress.json')].every((f) => fs.existsSync(f));
  if (!whole || fs.readFileSync(stampFile, 'utf8') !== stamp) {
    const t = Date.now();
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(path.join(dir, 'progress.json'), { force: true });
    fs.writeFileSync(journal, journalText(simulateLearner({ reviews, seed: 2026 })));
    // Any settings change writes the checkpoint; without it every run would replay the whole journal.
    const r = spawnSync(process.execPath, [BIN, 'config', 'set', 'retention', '0.9'], { env: { ...ENV, RECALL_HOME: dir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`could not checkpoint the bench store: ${r.stderr}`);
    fs.writeFileSync(stampFile, stamp);
    log(`generated ${reviews.toLocaleString('en-US')} reviews in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return dir;
}

/** One run in a fresh copy of the store (a dry run never writes, but start clean). */
function runOnce(store) {
  const home = fs.mkdtempSync(path.join(ROOT, '.bench', 'optimize', 'home-'));
  try {
    for (const f of ['journal.jsonl', 'progress.json']) fs.copyFileSync(path.join(store, f), path.join(home, f));
    const env = { ...ENV, RECALL_HOME: home };
    const time = fs.existsSync('/usr/bin/time');
    // Peak memory, and CPU seconds (user + system, all threads): on a shared machine the wall time
    // grows with the load, the CPU time much less.
    const cmd = time ? ['/usr/bin/time', '-f', '%M %U %S', process.execPath, BIN] : [process.execPath, BIN];
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd[0], [...cmd.slice(1), 'optimize', '--dry-run', '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`optimize exited ${r.status}: ${r.stderr.slice(-500)}`);
    const [kib, user, sys] = time ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
    return { ms, cpuMs: Number.isFinite(user + sys) ? (user + sys) * 1000 : null, peakMiB: Number.isFinite(kib) ? Math.round(kib / 1024) : null, out: JSON.parse(r.stdout) };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.cjs'))) {
  log('bench: build first (npm run build)');
  process.exit(2);
}
const rows = [];
for (const n of SIZES) {
  const store = history(n);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(runOnce(store));
  const { out } = runs[0];
  rows.push({
    scenario: `recall optimize --dry-run, ${n.toLocaleString('en-US')} reviews`,
    reviews: out.reviews,
    cards: out.cards,
    runs: RUNS,
    medianMs: Math.round(median(runs.map((r) => r.ms))),
    medianCpuMs: runs.every((r) => r.cpuMs !== null) ? Math.round(median(runs.map((r) => r.cpuMs))) : null,
    peakMiB: Math.max(...runs.map((r) => r.peakMiB ?? 0)) || null,
    // null when the history was too small to fit or to score
    logLossBefore: out.before?.logLoss ?? null,
    logLossAfter: out.after?.logLoss ?? null,
    rmseBefore: out.before?.rmse ?? null,
    rmseAfter: out.after?.rmse ?? null,
  });
}

if (asJson) process.stdout.write(`${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
const out = asJson ? log : (s) => process.stdout.write(`${s}\n`);
const load = fs.existsSync('/proc/loadavg') ? `, load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}` : '';
out(`recall optimize bench: node ${process.version}, ${RUNS} runs each (median), simulated learner (tests/helpers/learner.ts)${load}`);
out('scenario                                      wall     CPU  peak MiB  log loss before → after  RMSE before → after');
const f4 = (x) => (x === null ? '  n/a ' : x.toFixed(4));
const secs = (ms) => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`);
for (const r of rows)
  out(`${r.scenario.padEnd(44)} ${secs(r.medianMs).padStart(7)} ${secs(r.medianCpuMs).padStart(7)}  ${String(r.peakMiB ?? '-').padStart(8)}  ${f4(r.logLossBefore)} → ${f4(r.logLossAfter)}        ${f4(r.rmseBefore)} → ${f4(r.rmseAfter)}`);
