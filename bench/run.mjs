#!/usr/bin/env node
// `npm run bench`: start-up and big-collection timings of the built CLI against `node -e 0`.
//   node bench/run.mjs [--quick] [--json [FILE]] [--only TEXT] [--runs N]
// --quick is the CI smoke form: small fixtures, 2 runs each, budgets reported but not enforced.
// --only runs just the scenarios whose name contains TEXT (repeatable), with the baseline; --runs
// sets the timed runs per scenario (e.g. --quick --runs 10 for steadier start-up ratios).
// Every run is a fresh process under /usr/bin/time (peak RSS); wall time is taken around it here,
// so the baseline pays the same wrapper cost as every scenario. See bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledKey, CARD_MARK, copyStore, CORE_SOURCES, makeDeck, makeStore, storeFingerprint } from './fixtures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The built CLI is measured from a snapshot, so a rebuild of dist/ during the run (by anyone
// working in the tree) cannot break or change it halfway.
const APP = path.join(ROOT, '.bench', 'app');
const BIN = path.join(APP, 'bin', 'recall.cjs');
const NOW = '2026-03-02T10:00:00Z';
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const MEM_BUDGET_MIB = 150;

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const jsonOut = jsonAt < 0 ? undefined : argv[jsonAt + 1] && !argv[jsonAt + 1].startsWith('--') ? argv[jsonAt + 1] : '-';
const only = argv.flatMap((a, i) => (a === '--only' && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
/** With --only, whether a scenario is one of those asked for. */
const wanted = (name) => only.length === 0 || only.some((o) => name.includes(o));
const P = quick
  ? { mode: 'quick', cards: 1000, entries: 5000, fresh: 100, freshSmall: 10, runs: 2, bigRuns: 2 }
  : { mode: 'full', cards: 10000, entries: 100000, fresh: 2100, freshSmall: 100, runs: 10, bigRuns: 3 };
// Timed runs per scenario: P.runs unless --runs says (kept out of P, which stamps the fixtures).
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt < 0 ? P.runs : Number(argv[runsAt + 1]);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 1000) {
  process.stderr.write(`bench: --runs takes a whole number from 1 to 1000, got ${argv[runsAt + 1]}\n`);
  process.exit(2);
}
const DIR = path.join(ROOT, '.bench', P.mode);
const WORK = path.join(DIR, 'work');
// With --json to stdout, the table goes to stderr so stdout stays parseable.
const log = (s = '') => (jsonOut === '-' ? process.stderr : process.stdout).write(s + '\n');

// ---- fixtures --------------------------------------------------------------------------------

function snapshotApp() {
  fs.rmSync(APP, { recursive: true, force: true });
  for (const part of ['package.json', 'bin', 'dist', 'decks']) fs.cpSync(path.join(ROOT, part), path.join(APP, part), { recursive: true });
}

function fixtures() {
  const F = {
    big: path.join(DIR, 'big.yaml'),
    bigKey: path.join(DIR, 'big-key.json'),
    fresh: path.join(DIR, 'fresh.yaml'),
    freshKey: path.join(DIR, 'fresh-key.json'),
    bundledKey: path.join(DIR, 'bundled-key.json'),
    store: path.join(DIR, 'store'),
    stamp: path.join(DIR, 'stamp.json'),
  };
  // Regenerate only when the generator or the sizes changed (the store takes a few seconds).
  // The generator and the product core it uses (hashes, FSRS states) both shape the fixtures.
  const src = Buffer.concat([fs.readFileSync(new URL('./fixtures.mjs', import.meta.url)), ...CORE_SOURCES.map((f) => fs.readFileSync(path.join(ROOT, f)))]);
  const decksDir = path.join(ROOT, 'decks');
  const bundled = fs.readdirSync(decksDir).sort().map((n) => fs.readFileSync(path.join(decksDir, n)));
  const stamp = createHash('sha256').update(src).update(JSON.stringify({ P, NOW })).update(Buffer.concat(bundled)).digest('hex');
  const old = fs.existsSync(F.stamp) ? JSON.parse(fs.readFileSync(F.stamp, 'utf8')) : undefined;
  if (old?.stamp === stamp) return { ...F, info: old.info };

  log(`generating fixtures in ${path.relative(ROOT, DIR)}/ ...`);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const big = makeDeck({ id: 'bench-big', title: `Bench: ${P.cards} generated cards`, count: P.cards, seed: 20260302 });
  fs.writeFileSync(F.big, big.yaml);
  fs.writeFileSync(F.bigKey, JSON.stringify(big.key, null, 1));
  const fresh = makeDeck({ id: 'bench-fresh', title: 'Bench: new cards', count: P.fresh, seed: 7 });
  fs.writeFileSync(F.fresh, fresh.yaml);
  fs.writeFileSync(F.freshKey, JSON.stringify(fresh.key, null, 1));
  fs.writeFileSync(F.bundledKey, JSON.stringify(bundledKey(decksDir), null, 1));
  const store = makeStore({ dir: F.store, deck: big, entries: P.entries, now: NOW, seed: 99 });

  // Fail loudly on a fixture the product would not take as it is.
  for (const deck of [F.big, F.fresh]) {
    const r = cli(['deck', 'lint', deck], emptyHome());
    if (r.status !== 0) throw new Error(`generated deck does not lint clean (${deck}):\n${r.stdout}${r.stderr}`);
  }
  const probe = path.join(WORK, 'probe-store');
  fs.rmSync(probe, { recursive: true, force: true });
  copyStore(F.store, probe);
  const exp = cli(['progress', 'export'], env(probe), true);
  if (exp.status !== 0 || exp.stderr.trim() !== '') throw new Error(`generated store does not load cleanly (progress export):\n${exp.stderr}`);
  // A scripted answer through openWorkspace also proves the stored answer hashes match the deck.
  const one = cli(['study', F.big, '--limit', '1', '--answers', F.bigKey], env(probe));
  if (one.status !== 0 || one.stderr.trim() !== '') throw new Error(`generated store does not load cleanly (study):\n${one.stderr}`);
  const info = {
    bigDeck: { cards: P.cards, bytes: big.yaml.length },
    freshDeck: { cards: P.fresh },
    store: { ...store, progressBytes: fs.statSync(path.join(F.store, 'progress.json')).size },
    now: NOW,
  };
  fs.writeFileSync(F.stamp, JSON.stringify({ stamp, info }, null, 1));
  return { ...F, info };
}

const prepared = new Map();

/**
 * RECALL_HOME for one run: the store files fresh (none, or a synced copy of the big store), while
 * `cache/` (the lint caches) is kept from the scenario's earlier runs, so after the warm-up run a
 * scenario measures "every later start" with unchanged decks. `cold` removes the lint caches
 * (`'decks'`: only the deck cache). A big store that the last run left unchanged is not copied again.
 */
function home(name, { big, cold = false, F } = {}) {
  const dir = path.join(WORK, 'homes', name);
  // Cold: no lint caches at all (cache/decks, keyed by the whole deck text, and cache/cards, each
  // card's check of big decks), nor study's index of the decks (cache/study: a deck recall has
  // never seen has none); 'decks': only the deck cache, as after editing a deck that was linted
  // before. The code cache (cache/code) stays: it is per build.
  if (cold) fs.rmSync(path.join(dir, 'cache', 'decks'), { recursive: true, force: true });
  if (cold === true) for (const c of ['cards', 'study']) fs.rmSync(path.join(dir, 'cache', c), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // cache.key signs the caches (src/adapters/cache-key.ts): without it they would all be misses.
  const isCache = (n) => n === 'cache' || n === 'cache.key';
  const files = () => storeFingerprint(dir, (n) => !isCache(n));
  if (!(big && prepared.get(dir) === files())) {
    for (const n of fs.readdirSync(dir)) if (!isCache(n)) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
    if (big) copyStore(F.store, dir);
    prepared.set(dir, files());
  }
  return env(dir);
}

function env(home) {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir(), LANG: 'C.UTF-8', TZ: 'UTC', TERM: 'xterm-256color', RECALL_HOME: home, RECALL_NOW: NOW, NO_COLOR: '1' };
}

const emptyHome = () => home('fixture-check', { cold: true });

function cli(args, e, bigOut = false) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: e, cwd: ROOT, encoding: 'utf8', maxBuffer: bigOut ? 1 << 30 : 64 << 20 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// ---- measuring ---------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** GNU time's `-f TIME_FORMAT` figures: peak RSS in KiB and minor page faults (first touches of memory). */
const TIME_FORMAT = '%M %R';

/** {kib, faults} from the last line of GNU time's output file (it prints "Command exited with ..." first). */
function readTime(file) {
  try {
    const last = fs.readFileSync(file, 'utf8').split('\n').map((l) => /^(\d+) (\d+)$/.exec(l.trim())).filter(Boolean).pop();
    return last ? { kib: Number(last[1]), faults: Number(last[2]) } : {};
  } catch {
    return {};
  }
}

/** The line that says what went wrong: an `...Error:` line of a crash, else the first line. */
function firstLine(s) {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /^(\w*Error|error)\b/.test(l)) ?? lines[0] ?? '';
}

class RunError extends Error {}

/**
 * One process, timed; throws RunError with the first stderr line on an unexpected exit. With
 * `mem`, it runs under /usr/bin/time for its peak RSS (the timed runs go without: the wrapper
 * adds a few ms, which would flatter every ratio).
 */
function timeOnce(cmd, e, { expect = 0, check, mem: withMem = false } = {}) {
  const out = path.join(WORK, 'stdout.txt');
  const err = path.join(WORK, 'stderr.txt');
  const mem = path.join(WORK, 'mem.txt');
  fs.rmSync(mem, { force: true });
  const [o, r] = [fs.openSync(out, 'w'), fs.openSync(err, 'w')];
  const [file, args] = TIME && withMem ? [TIME, ['-f', TIME_FORMAT, '-o', mem, ...cmd]] : [cmd[0], cmd.slice(1)];
  const t0 = performance.now();
  const res = spawnSync(file, args, { env: e, cwd: ROOT, stdio: ['ignore', o, r] });
  const ms = performance.now() - t0;
  fs.closeSync(o);
  fs.closeSync(r);
  const stderr = fs.readFileSync(err, 'utf8');
  if (res.error) throw new RunError(res.error.message);
  if (res.status !== expect) {
    const why = firstLine(stderr) || firstLine(fs.readFileSync(out, 'utf8')) || `signal ${res.signal}`;
    throw new RunError(`exit ${res.status}: ${why}`);
  }
  if (check) check(fs.readFileSync(out, 'utf8'));
  return { ms, ...readTime(mem) };
}

/** Spawn `cmd` in a pseudo-terminal (script), time until `mark` is on screen, then Ctrl-C. */
function timePty(cmd, e, mark, { refuse, mem: withMem = false } = {}) {
  const mem = path.join(WORK, 'mem.txt');
  fs.rmSync(mem, { force: true });
  const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = (TIME && withMem ? [TIME, '-f', TIME_FORMAT, '-o', mem, ...cmd] : cmd).map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfc', `stty cols 100 rows 40; exec ${line}`, '/dev/null'], { env: e, cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => {}); // Ctrl-C sent as the child exits on its own
    let screen = '';
    let ms;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d) => {
      screen += d.toString('utf8');
      const plain = screen.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
      if (ms === undefined && mark.test(plain)) {
        ms = performance.now() - t0;
        child.stdin.write('\x03');
      } else if (ms === undefined && refuse?.test(plain)) child.stdin.write('\x03');
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (ms === undefined) {
        const plain = screen.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
        return reject(new RunError(`no card on screen: ${firstLine(plain) || '(no output)'}`));
      }
      resolve({ ms, ...readTime(mem) });
    });
  });
}

// ---- scenarios -----------------------------------------------------------------------------------

/**
 * A class's quiz reports for `recall analyze`: one report per student, 30 choice items each, answers
 * drawn from a seeded 2PL model. Written once per size into DIR/reports (a stamp file says it is complete).
 */
function classReports(count) {
  const dir = path.join(DIR, `reports-${count}`);
  const stamp = path.join(dir, '.complete');
  if (fs.existsSync(stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const options = [0, 1, 2, 3].map((i) => ({ text: `Option ${i} of a bench question`, correct: i === 0 }));
  for (let s = 0; s < count; s++) {
    const theta = random() * 4 - 2;
    const items = Array.from({ length: 30 }, (_, q) => {
      const knows = random() < 1 / (1 + Math.exp(-(theta - (q % 7) / 3 + 1)));
      const picked = knows ? 0 : 1 + Math.floor(random() * 3);
      return { deck: 'bench', id: `q${q}`, hash: `h${q}`, type: 'choice', tags: [], correct: picked === 0, answered: true, given: '', expected: '', picked, options };
    });
    const correct = items.filter((i) => i.correct).length;
    const report = { version: 2, recall: 'bench', student: `s${s}`, seed: 1, at: NOW, total: 30, correct, unanswered: 0, score: Math.floor((correct * 1000) / 30) / 10, passMark: 72, passed: correct * 100 >= 72 * 30, byTag: {}, items };
    fs.writeFileSync(path.join(dir, `s${s}.json`), JSON.stringify(report));
  }
  fs.writeFileSync(stamp, '');
  return dir;
}

const node = (...args) => [process.execPath, BIN, ...args];
const reviewed = (n) => (out) => {
  const m = /Reviewed ([\d,]+) of/.exec(out); // 10,000: counts have thousands separators (9da1f64)
  if (!m || Number(m[1].replace(/,/g, '')) !== n) throw new RunError(`expected ${n} answers committed, got: ${m ? m[0] : firstLine(out)}`);
};

/** `once(mem)`: a warm-up run, n timed runs, then one run for peak memory and page faults;
 *  {ms[], kib[], faults?} or {error}. */
async function series(n, once) {
  const ms = [];
  const kib = [];
  try {
    await once(false);
    for (let i = 0; i < n; i++) ms.push((await once(false)).ms);
    const m = await once(true);
    if (m.kib !== undefined) kib.push(m.kib);
    return { ms, kib, faults: m.faults };
  } catch (err) {
    if (err instanceof RunError) return { error: err.message, ms, kib };
    throw err;
  }
}


function row(name, s, budget, extra = {}) {
  if (s.error) return { scenario: name, runs: s.ms.length, error: s.error, budget: budgetText(budget), status: 'ERROR', ...extra };
  const peak = s.kib.length ? Math.max(...s.kib) / 1024 : null;
  return { scenario: name, runs: s.ms.length, medianMs: median(s.ms), peakMiB: peak, faults: s.faults ?? null, budget: budgetText(budget), budgetSpec: budget, ...extra };
}

function budgetText(b) {
  if (!b) return '';
  const time = b.ratio !== undefined ? `≤ ${b.ratio}×` : b.ms >= 1000 ? `≤ ${b.ms / 1000} s` : `≤ ${b.ms} ms`;
  return b.mib !== undefined ? `${time}, ≤ ${b.mib} MiB` : time;
}

function judge(r, baselineMs) {
  if (r.status === 'ERROR') return r;
  r.baselineMs ??= baselineMs;
  r.ratio ??= r.medianMs / r.baselineMs;
  const b = r.budgetSpec;
  const fails = [];
  if (b?.ratio !== undefined && r.ratio > b.ratio) fails.push('time');
  if (b?.ms !== undefined && r.medianMs > b.ms) fails.push('time');
  // A row may carry its own memory budget (recall analyze of 10,000 reports: 300 MiB, issue 14).
  if (r.peakMiB !== null && r.peakMiB > (b?.mib ?? MEM_BUDGET_MIB)) fails.push('mem');
  r.status = fails.length ? `FAIL: ${fails.join('+')}` : b ? 'PASS' : r.peakMiB !== null ? 'ok (info)' : 'info';
  delete r.budgetSpec;
  return r;
}

async function main() {
  snapshotApp();
  fs.mkdirSync(WORK, { recursive: true });
  const F = fixtures();
  fs.mkdirSync(WORK, { recursive: true });
  const n = RUNS;
  const rows = [];
  const say = (r) => log(`  ${r.scenario}: ${r.error ? `ERROR ${r.error}` : `${fmtMs(r.medianMs)}`}`);
  log(`recall bench (${P.mode}): ${P.cards} cards, ${P.entries} journal entries, ${n} runs per scenario, node ${process.version}`);

  const empty = (name, cold) => () => home(name, { cold });
  const bigStore = (name, cold) => () => home(name, { big: true, cold, F });
  const base = await series(n, (mem) => timeOnce([process.execPath, '-e', '0'], empty('baseline')(), { mem }));
  if (base.error) throw new Error(`node -e 0 failed: ${base.error}`);
  const baseline = median(base.ms);
  const add = (r) => {
    rows.push(judge(r, baseline));
    say(r);
  };
  /** Runs one scenario (when --only wants it) and returns its row, else undefined. */
  const measure = async (name, h, cmd, budget, opts) => {
    if (!wanted(name)) return undefined;
    const r = row(name, await series(n, (mem) => timeOnce(cmd, h(), { ...opts, mem })), budget);
    add(r);
    return r;
  };
  /** A row with a memory budget of its own, left out of the "peak memory, any scenario" row. */
  const ownMem = (r) => {
    if (r) r.ownMemBudget = true;
  };
  add(row('node -e 0 (baseline)', base, null));
  const touch = wanted('page faults') ? pageFaultCost(n) : undefined;
  if (touch) rows.push(touch);
  await measure('recall --version', empty('version'), node('--version'), { ratio: 1.3 });
  await measure('recall --help', empty('help'), node('--help'), { ratio: 1.3 });
  await measure('recall deck lint (bundled decks)', empty('lint-bundled'), node('deck', 'lint'), { ratio: 2 });
  await measure('recall quiz --answers (bundled decks), empty store', empty('quiz'), node('quiz', '--answers', F.bundledKey, '--min-score', '100'), { ratio: 2.5 });
  await measure('recall exam (bundled decks), empty store', empty('exam'), node('exam'), { ratio: 2.5 });
  // Start-up of issue 17's other new commands on a small input: within 2.5× node -e 0, as study
  // and quiz are. (The big-input rows below have budgets of their own.)
  await measure('recall analyze (one report)', empty('analyze-one'), node('analyze', path.join(classReports(1), 's0.json'), '--json'), { ratio: 2.5 });
  const smallTsv = path.join(WORK, 'anki-small.tsv');
  fs.writeFileSync(smallTsv, ['#separator:tab', '#html:true', '#guid column:1', '#tags column:4', ...Array.from({ length: 20 }, (_, i) => `g${i}\tWhat is <b>term ${i}</b>?\tDefinition ${i}\tbench`)].join('\n') + '\n');
  await measure('recall deck import (20-row Anki TSV)', empty('import-small'), node('deck', 'import', smallTsv, '-o', path.join(WORK, 'imported-small.yaml'), '--force'), { ratio: 2.5 });
  await measure('recall deck export --format csv (a bundled deck)', empty('export-small'), node('deck', 'export', 'iam-users-vs-roles', '--format', 'csv', '-o', path.join(WORK, 'exported-small.txt'), '--force'), { ratio: 2.5 });
  const reports = quick ? 500 : 10_000;
  const reportsDir = wanted(`recall analyze (${reports} reports)`) ? classReports(reports) : '';
  ownMem(await measure(`recall analyze (${reports} reports)`, empty('analyze'), node('analyze', reportsDir, '--json'), { ms: 5000, mib: 300 }));
  await measure(`recall deck lint (${P.cards}-card deck)`, empty('lint-big'), node('deck', 'lint', F.big), { ms: 1000 });
  await measure(`recall deck lint (${P.cards}-card deck), cold deck cache`, empty('lint-big-cold', true), node('deck', 'lint', F.big), { ms: 900 });
  // One card's text edited in a copy of the big deck, linted with the caches of the unedited deck:
  // its whole-text entry misses, the card cache holds every other card (issue 17).
  const relint = `recall deck lint (${P.cards}-card deck), re-lint after editing one card`;
  const edited = path.join(WORK, 'big-edited.yaml');
  if (wanted(relint)) {
    const mark = `Q${String(Math.ceil(P.cards / 2)).padStart(5, '0')}: `;
    fs.writeFileSync(edited, fs.readFileSync(F.big, 'utf8').replace(mark, `${mark}(edited) `));
    if (cli(['deck', 'lint', F.big], home('lint-big-relint', { cold: true })).status !== 0) throw new Error('the big deck does not lint clean');
  }
  await measure(relint, () => home('lint-big-relint', { cold: 'decks' }), node('deck', 'lint', edited), { ms: 300 });
  // Issue 11's tag bomb: 60,000 deck tags (~650 KB) get their TOO_MANY_TAGS diagnostic (exit 1)
  // "within a second or two". Once as the fast reader takes the header, once with an anchor in it,
  // which leaves the header to yaml in one piece (in the lint worker, its heap sized for that).
  const tagBomb = (anchor) => {
    const file = path.join(WORK, `tag-bomb${anchor ? '-anchor' : ''}.yaml`);
    const tags = Array.from({ length: 60_000 }, (_, i) => `  - t${i}`).join('\n');
    fs.writeFileSync(file, `deck: tag-bomb\ntitle: ${anchor ? '&t ' : ''}Tag bomb\ntags:\n${tags}\ncards:\n  - id: c1\n    type: basic\n    front: q\n    back: a\n`);
    return file;
  };
  for (const anchor of [false, true]) {
    const name = `recall deck lint (60,000 deck tags${anchor ? ', header left to yaml' : ''})`;
    if (wanted(name)) await measure(name, empty(anchor ? 'tag-bomb-anchor' : 'tag-bomb', true), node('deck', 'lint', tagBomb(anchor)), { ms: 2000 }, { expect: 1 });
  }

  // The pty's own cost (script + stty + time + node start), for reading the next rows.
  const pty = async (name, h, cmd, budget) => {
    if (wanted(name)) add(row(name, await series(n, (mem) => timePty(cmd, h(), CARD_MARK, { refuse: /Nothing (is due|to study)/, mem })), budget));
  };
  await pty('pty overhead: node printing a card mark', empty('pty'), [process.execPath, '-e', 'console.log("Q00000:")'], null);
  await pty('study (interactive): first card on screen, big store', bigStore('study-pty'), node('study', F.big), { ms: 200 }); // issue 17 (was 300 ms)
  await pty('study (interactive): first card, big store, cold deck cache', bigStore('study-pty-cold', true), node('study', F.big), null);

  const allName = `study --answers: ${P.cards} new cards, fresh store (${P.bigRuns} runs)`;
  if (wanted(allName)) {
    const all = await series(P.bigRuns, (mem) => timeOnce(node('study', F.big, '--new', String(P.cards), '--answers', F.bigKey), empty('study-all')(), { check: reviewed(P.cards), mem }));
    add(row(allName, all, { ms: 3000 })); // issue 17 (was 10 s)
  }

  if (wanted('per-answer commit')) {
    rows.push(judge(await perAnswer(F), baseline));
    say(rows[rows.length - 1]);
  }

  await measure('recall stats, big store', bigStore('stats'), node('stats'), { ms: 1000 });
  await measure('recall stats <big deck>, big store', bigStore('stats-deck'), node('stats', F.big), null);

  // Anki interop: a 10,000-row Anki text export (guids, tags, some HTML) imported into one deck.
  const tsv = path.join(WORK, 'anki-export.tsv');
  const rowsN = quick ? 1000 : 10_000;
  const lines = ['#separator:tab', '#html:true', '#guid column:1', '#tags column:4'];
  for (let i = 0; i < rowsN; i++) lines.push(`g${i}\tWhat is <b>term ${i}</b>?\tDefinition ${i} &amp; more<br>second line\tbench t${i % 50}`);
  fs.writeFileSync(tsv, lines.join('\n') + '\n');
  await measure(`recall deck import (${rowsN}-row Anki TSV)`, empty('import'), node('deck', 'import', tsv, '-o', path.join(WORK, 'imported.yaml'), '--force'), { ms: 3000 });
  // Export of the big deck (warm deck cache, as for the lint row): Anki text, and an Anki package,
  // which loads sql.js (SQLite in WASM) and fflate. The package is then imported back. Budgets from
  // measured CPU time (apkg export ~2.6 s, csv ~1.1 s, apkg import ~2.5 s of CPU here). The package
  // rows have their own memory budget, as analyze has: SQLite's WASM heap holds the whole
  // collection (~165 MiB peak for 10,000 notes), a cost only `--format apkg` and package import pay.
  const apkg = path.join(WORK, 'exported.apkg');
  await measure(`recall deck export --format csv (${P.cards}-card deck)`, empty('export-csv'), node('deck', 'export', F.big, '--format', 'csv', '-o', path.join(WORK, 'exported.txt'), '--force'), { ms: 3000 });
  ownMem(await measure(`recall deck export --format apkg (${P.cards}-card deck)`, empty('export-apkg'), node('deck', 'export', F.big, '--format', 'apkg', '-o', apkg, '--force'), { ms: 5000, mib: 220 }));
  ownMem(await measure(`recall deck import (that ${P.cards}-note apkg)`, empty('import-apkg'), node('deck', 'import', apkg, '-o', path.join(WORK, 'from-apkg.yaml'), '--force'), { ms: 5000, mib: 220 }));

  const peaks = rows.filter((r) => typeof r.peakMiB === 'number' && !r.ownMemBudget);
  const worst = peaks.reduce((a, r) => (r.peakMiB > (a?.peakMiB ?? -1) ? r : a), undefined);
  rows.push({
    scenario: 'peak memory, any scenario',
    peakMiB: worst?.peakMiB ?? null,
    budget: `≤ ${MEM_BUDGET_MIB} MiB`,
    note: worst ? `max: ${worst.scenario}` : 'no memory figures (/usr/bin/time missing)',
    status: !worst ? 'ERROR' : worst.peakMiB > MEM_BUDGET_MIB ? 'FAIL: mem' : 'PASS',
  });

  printTable(rows, baseline);
  const errored = rows.some((r) => r.status === 'ERROR');
  const failed = rows.some((r) => r.status.startsWith('FAIL'));
  const report = { mode: P.mode, node: process.version, cpus: os.cpus().length, date: new Date().toISOString(), fixtures: F.info, baselineMs: baseline, rows, errored, failed };
  if (jsonOut === '-') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(report, null, 2) + '\n');
  if (quick) log(`\n--quick: budgets are not enforced; ${errored ? 'a scenario errored' : 'every scenario ran'}.`);
  return errored || (!quick && failed) ? 1 : 0;
}

/**
 * Per-answer commit cost: scripted study of the fresh deck with --new big and --new small, on a
 * copy of the big store and on an empty one. (big - small) / (answers difference) removes the fixed
 * costs (start-up, loading). A store checkpoints every max(2,000, N) answers, N the cards of its
 * last checkpoint, and a command's clean close from a quarter of that (src/adapters/store-options.ts).
 * The empty store's 2,100 answers bring one periodic checkpoint (at 2,000, of 2,000 cards, ~0.6 MB)
 * and close with a tail of 100; the big store's (10,000 cards, period 10,000) bring none and close
 * with 2,100 pending, under its 2,500. So the difference holds 2,000 appends each, the empty store's
 * with its checkpoint, and the big store's without its share of one: that share is 3.6 MB per
 * 10,000 answers, the same per answer as 0.6 MB per 2,000, which is what the period is for.
 * (With 1,000 vs 100 and a close from a fixed 500, the bigger run alone wrote a close-time
 * checkpoint, charging a whole checkpoint to 900 answers.)
 * Runs are interleaved so drift hits all four.
 */
async function perAnswer(F) {
  const variants = [];
  for (const store of ['big', 'empty'])
    for (const count of [P.fresh, P.freshSmall]) variants.push({ store, count, ms: [], kib: [] });
  const name = `per-answer commit: big store vs empty (${P.fresh} vs ${P.freshSmall} answers)`;
  try {
    // One warm-up round, RUNS timed rounds, one round for peak memory.
    for (let i = -1; i <= RUNS; i++) {
      for (const v of variants) {
        const e = home(`answers-${v.store}-${v.count}`, { big: v.store === 'big', F });
        const r = timeOnce(node('study', F.fresh, '--new', String(v.count), '--answers', F.freshKey), e, { check: reviewed(v.count), mem: i === RUNS });
        if (i === RUNS) {
          if (r.kib !== undefined) v.kib.push(r.kib);
        } else if (i >= 0) v.ms.push(r.ms);
      }
    }
  } catch (err) {
    if (!(err instanceof RunError)) throw err;
    return { scenario: name, runs: variants[0].ms.length, error: err.message, budget: budgetText({ ratio: 1.2 }), status: 'ERROR' };
  }
  const per = (store) => {
    const [hi, lo] = variants.filter((v) => v.store === store);
    return (median(hi.ms) - median(lo.ms)) / (P.fresh - P.freshSmall);
  };
  const kib = variants.flatMap((v) => v.kib);
  if (!quick && (per('big') <= 0 || per('empty') <= 0))
    return { scenario: name, runs: RUNS, error: 'per-answer time came out non-positive: the machine is too noisy to compare', budget: budgetText({ ratio: 1.2 }), status: 'ERROR' };
  return {
    scenario: name,
    runs: RUNS,
    medianMs: per('big'),
    baselineMs: per('empty'),
    ratio: per('big') / per('empty'),
    peakMiB: kib.length ? Math.max(...kib) / 1024 : null,
    budget: budgetText({ ratio: 1.2 }),
    budgetSpec: { ratio: 1.2 },
    note: `ms per answer; baseline = empty store. Medians (ms): ${variants.map((v) => `${v.store}/${v.count} ${median(v.ms).toFixed(0)}`).join(', ')}`,
  };
}

/**
 * What a page fault costs on this machine: a fresh process touches 64 MiB it has just allocated, one
 * byte per 4 KiB page, then touches it again. The first pass is all page faults; the second none.
 * Every row's `faults` (minor page faults of its memory run) times this cost is the part of its time
 * spent getting fresh memory from the kernel, which on a virtual machine can be most of a start-up.
 */
function pageFaultCost(runs) {
  const script =
    'const b = Buffer.allocUnsafe(64 << 20); let t = performance.now(); for (let i = 0; i < b.length; i += 4096) b[i] = 1; const first = performance.now() - t;' +
    't = performance.now(); for (let i = 0; i < b.length; i += 4096) b[i] = 2; console.log(JSON.stringify([first, performance.now() - t]))';
  const first = [];
  const again = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    try {
      const [a, b] = JSON.parse(r.stdout);
      first.push(a);
      again.push(b);
    } catch {
      return undefined;
    }
  }
  const perPage = median(first) / (16 * 1024);
  FAULT_MS = perPage;
  return {
    scenario: 'page faults: first touch of 64 MiB',
    runs,
    medianMs: median(first),
    status: 'info',
    note: `${(perPage * 1000).toFixed(1)} µs per 4 KiB page first touched (${(perPage * 256).toFixed(2)} ms per MiB); touching the same 64 MiB again: ${median(again).toFixed(1)} ms. "faults" cells show ~ms at this cost beyond the baseline's.`,
  };
}
/** ms per page fault, from pageFaultCost (undefined until it ran). */
let FAULT_MS;

// ---- output ----------------------------------------------------------------------------------

function fmtMs(ms) {
  if (ms === undefined || ms === null) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** A row's minor page faults, and with the page-fault cost measured, the ms they add over the baseline's. */
function faultCell(faults, rows) {
  const base = rows.find((r) => r.scenario === 'node -e 0 (baseline)')?.faults;
  if (FAULT_MS === undefined || typeof base !== 'number' || faults <= base) return String(faults);
  return `${faults} (~${Math.round((faults - base) * FAULT_MS)} ms)`;
}

function printTable(rows, baseline) {
  const head = ['scenario', 'runs', 'median', 'baseline', 'ratio', 'budget', 'peak MiB', 'faults', 'result'];
  const body = rows.map((r) => [
    r.scenario,
    r.runs === undefined ? '' : String(r.runs),
    r.error ? '' : fmtMs(r.medianMs),
    r.error ? '' : fmtMs(r.baselineMs),
    r.ratio === undefined || r.error ? '' : `${r.ratio.toFixed(2)}×`,
    r.budget ?? '',
    typeof r.peakMiB === 'number' ? r.peakMiB.toFixed(1) : '',
    typeof r.faults === 'number' ? faultCell(r.faults, rows) : '',
    r.status,
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  log('');
  log(fmt(head));
  log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) log(fmt(b));
  log('');
  log(`baseline: node -e 0 = ${fmtMs(baseline)} (median). Times: wall clock per process; peak MiB and faults (minor page faults: pages of memory touched for the first time): one extra run under /usr/bin/time.`);
  for (const r of rows) {
    if (r.error) log(`ERROR ${r.scenario}: ${r.error}`);
    if (r.note) log(`note  ${r.scenario}: ${r.note}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
