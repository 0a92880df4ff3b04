// Shared by the end-to-end tests of the built binary: build once, fresh homes, running
// `node bin/recall.cjs`, reading the store back, and a tmux driver for the real-terminal tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(ROOT, 'bin/recall.cjs');
export const FIXTURES = path.join(ROOT, 'tests/fixtures/e2e');
export const ALL_TYPES = path.join(FIXTURES, 'all-types.yaml');
export const DECK_ID = 'e2e-all-types';
export const NOW = '2025-03-01T10:00:00Z';
export const JUNIT_XSD = path.join(ROOT, 'tests/fixtures/schemas/junit-ant.xsd');

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ when it is missing or older than src/. Test files run in parallel workers, and a
 * build rewrites dist/cli.cjs under a running binary, so builds are serialised by a lock folder and
 * skipped when another worker has just built.
 */
export async function ensureBuilt(): Promise<void> {
  const cli = path.join(ROOT, 'dist/cli.cjs');
  const fresh = () => fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= newestMtime(path.join(ROOT, 'src'));
  if (fresh()) return;
  const lock = path.join(os.tmpdir(), 'recall-e2e-build.lock');
  for (let waited = 0; ; waited += 100) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 30_000) fs.rmSync(lock, { recursive: true, force: true }); // a stale lock
      await sleepMs(100);
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const temps: string[] = [];

/** A fresh temp folder, removed by cleanTemps(). */
export function tempDir(prefix = 'recall-e2e-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** The environment every run gets: its own home, a fixed clock, no colour, UTC. */
export function recallEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RECALL_HOME: home, RECALL_NOW: NOW, NO_COLOR: '1', TZ: 'UTC', ...extra };
  delete env.FORCE_COLOR;
  return env;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

/** The unprivileged user runs as (`nobody`): tests run as root, which writes through any mode. */
export const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * Runs the built binary to completion. `input` is stdin (default: empty, so nothing can hang).
 * `nobody`: as user nobody (setpriv), with HOME in the temp folder; its home, cwd and files must be
 * usable by that user.
 */
export function recall(args: string[], opts: { home: string; input?: string; cwd?: string; env?: Record<string, string>; timeout?: number; nobody?: boolean }): RunResult {
  const [cmd, pre] = opts.nobody ? ['setpriv', [...NOBODY, process.execPath]] : [process.execPath, []];
  const r = spawnSync(cmd, [...pre, BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: recallEnv(opts.home, { ...(opts.nobody ? { HOME: os.tmpdir() } : {}), ...opts.env }),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 20_000,
    maxBuffer: 256 * 1024 * 1024, // exports of the crash test's history outgrow the 1 MB default
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Starts the binary without waiting (crash and concurrency tests). */
export function recallAsync(args: string[], opts: { home: string; cwd?: string }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: recallEnv(opts.home), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the exit code and all output of a child started by recallAsync. */
export function finished(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal })));
}

export interface JournalLine {
  op: string;
  id: string;
  deck: string;
  card: string;
  kind?: string;
  rating?: string;
  correct?: boolean | null;
  ref?: string;
  state?: { due: string; state: number } | null;
}

/** journal.jsonl of a home, parsed line by line (a torn last line is left out). */
export function readJournal(home: string): JournalLine[] {
  const file = path.join(home, 'journal.jsonl');
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JournalLine);
}

export interface Export {
  format: string;
  version: number;
  cards: Array<{ deck: string; card: string; state: number; due: string }>;
  reviews: Array<{ id: string; deck: string; card: string; at: string; rating: string; kind: string; correct: boolean | null }>;
}

/** `recall progress export` to stdout, parsed; the run is returned too, for its code and stderr. */
export function exportProgress(home: string): { run: RunResult; data: Export } {
  const run = recall(['progress', 'export'], { home });
  if (run.code !== 0) throw new Error(`progress export exited ${run.code} (${run.signal}): ${run.stderr}`);
  return { run, data: JSON.parse(run.stdout) as Export };
}

// ---- tmux ------------------------------------------------------------------------------------

let sessions = 0;
/** Drivers not killed yet (see endTerminals). */
const live = new Set<Tmux>();

/** Kills every tmux driver a test started and left running: a file's `afterEach(endTerminals)`. */
export function endTerminals(): void {
  for (const t of [...live]) t.kill();
}

/** Single-quotes a word for sh. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * One tmux server on a private socket (-L) with one session running `node bin/recall.cjs ARGS`,
 * followed by `echo EXIT=$?` so the exit code shows on screen, and a sleep that keeps the pane open.
 */
export class Tmux {
  readonly socket = `recall-e2e-${process.pid}-${++sessions}`;
  readonly name = 'e2e';

  constructor() {
    live.add(this);
  }

  private tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-f', '/dev/null', '-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  start(args: string[], home: string, size: { width?: number; height?: number } = {}): void {
    const env = recallEnv(home);
    const vars = ['RECALL_HOME', 'RECALL_NOW', 'NO_COLOR', 'TZ', 'PATH'].map((k) => `${k}=${shq(env[k] ?? '')}`).join(' ');
    const cmd = `cd ${shq(ROOT)} && env -u FORCE_COLOR ${vars} ${shq(process.execPath)} bin/recall.cjs ${args.map(shq).join(' ')}; echo EXIT=$?; sleep 300`;
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(size.width ?? 100), '-y', String(size.height ?? 40), cmd]);
  }

  /** Resizes the terminal, as a user dragging the window would (the program gets SIGWINCH). */
  resize(width: number, height = 40): void {
    this.tmux(['resize-window', '-t', this.name, '-x', String(width), '-y', String(height)]);
  }

  /** Named keys (Enter, Down, C-c) or single characters. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Literal text. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** The visible screen; with `history`, everything printed so far (scrolled-off lines too). */
  screen(history = false): string {
    return this.tmux(['capture-pane', '-p', '-J', ...(history ? ['-S', '-'] : []), '-t', this.name])
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
  }

  /** Everything printed once `EXIT=` shows: the process has ended and its output is complete. */
  async output(timeoutMs = 10_000): Promise<string> {
    await this.waitFor('EXIT=', 'the exit code', timeoutMs);
    return this.screen(true);
  }

  /** Polls the screen until `test` passes; throws with the last screen after `timeoutMs`. */
  async waitFor(test: string | RegExp | ((screen: string) => boolean), what?: string, timeoutMs = 10_000): Promise<string> {
    const ok = typeof test === 'function' ? test : typeof test === 'string' ? (s: string) => s.includes(test) : (s: string) => test.test(s);
    const until = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (ok(last)) return last;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what ?? String(test)}; screen:\n${last}`);
      await sleepMs(40);
    }
  }

  /** Pipes everything the program writes, raw and before tmux interprets it, to a shell command. */
  pipe(command: string): void {
    this.tmux(['pipe-pane', '-t', this.name, '-o', command]);
  }

  /** The pane's shell and everything under it (recall, the sleep): pids, read from /proc. */
  paneProcesses(): number[] {
    const r = spawnSync('tmux', ['-f', '/dev/null', '-L', this.socket, 'list-panes', '-a', '-F', '#{pane_pid}'], { encoding: 'utf8' });
    if (r.status !== 0) return [];
    const found = r.stdout.split('\n').filter(Boolean).map(Number);
    const children = new Map<number, number[]>();
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const ppid = parentOf(Number(name));
      if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    }
    for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]!) ?? []));
    return found;
  }

  /**
   * Ends the server and waits until what ran in the pane has exited: tmux's kill-server returns
   * once it has hung up, while recall may still be saving on SIGHUP, and a temp home removed under
   * a process still writing into it fails with ENOTEMPTY. tmux leaves the socket file behind, so
   * that is removed too.
   */
  kill(timeoutMs = 10_000): void {
    live.delete(this);
    const pids = this.paneProcesses();
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
    const dir = path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    fs.rmSync(path.join(dir, this.socket), { force: true });
    const until = Date.now() + timeoutMs;
    let left = pids.filter(running);
    while (left.length > 0 && Date.now() < until) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      left = left.filter(running);
    }
    if (left.length > 0) throw new Error(`tmux kill: pane processes ${left.join(', ')} still running after ${timeoutMs} ms`);
  }
}

/** A process's parent pid, or undefined once it has gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** True while a process exists and has not exited (a zombie has: nobody may reap it here). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// ---- reading prompts off the screen ----------------------------------------------------------

/** Non-empty lines of a screen. */
export const linesOf = (screen: string) => screen.split('\n').filter((l) => l.trim() !== '');

/** The lines from the last active prompt ("? title") to the end. */
export function activePrompt(screen: string): { title: string; body: string[] } | undefined {
  const lines = linesOf(screen);
  let i = lines.length - 1;
  while (i >= 0 && !lines[i]!.startsWith('? ')) i--;
  if (i < 0) return undefined;
  return { title: lines[i]!.slice(2).replace(/ \[flagged\]$/, ''), body: lines.slice(i + 1) };
}

/** Option rows of a choice/multi/truefalse menu: display letter -> label. */
export function menuOptions(body: string[]): Array<{ key: string; label: string; active: boolean; checked: boolean }> {
  const out = [];
  for (const line of body) {
    const m = /^([> ]) (\[[ x]\] )?([a-z0-9])\) (.*)$/.exec(line);
    if (m) out.push({ key: m[3]!, label: m[4]!.trim(), active: m[1] === '>', checked: m[2] === '[x] ' });
  }
  return out;
}

/** Rows of an order prompt, top to bottom, and where the cursor is. */
export function orderRows(body: string[]): { labels: string[]; cursor: number } {
  const labels: string[] = [];
  let cursor = 0;
  for (const line of body) {
    const m = /^([>= ]) (\d+)\. (.*)$/.exec(line);
    if (!m) continue;
    if (m[1] !== ' ') cursor = labels.length;
    labels.push(m[3]!.replace(/ {2}\(moving\)$/, ''));
  }
  return { labels, cursor };
}

/**
 * Keys that turn the arrangement `from` (cursor at `cursor`) into `target`: for each position,
 * walk the cursor to the item that belongs there and press its position number.
 */
export function orderKeys(from: string[], cursor: number, target: string[]): string[] {
  const list = [...from];
  const keys: string[] = [];
  let at = cursor;
  target.forEach((label, pos) => {
    const j = list.indexOf(label);
    if (j < 0) throw new Error(`"${label}" is not on screen: ${JSON.stringify(list)}`);
    if (j === pos) return;
    for (; at < j; at++) keys.push('Down');
    for (; at > j; at--) keys.push('Up');
    keys.push(String(pos + 1));
    list.splice(j, 1);
    list.splice(pos, 0, label);
    at = pos;
  });
  return keys;
}

// ---- answering the all-types fixture with keys -----------------------------------------------

/** An answer as a student gives it on screen: by option label (display letters are shuffled). */
export type KeyAnswer =
  | { type: 'basic'; digit: '1' | '2' | '3' | '4' }
  | { type: 'choice'; label: string }
  | { type: 'multi'; labels: string[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'typed'; text: string }
  | { type: 'cloze'; texts: string[] }
  | { type: 'order'; labels: string[] };

/** The title each card of all-types.yaml shows on its prompt line. */
export const TITLE_TO_CARD: Record<string, string> = {
  'What does STS stand for?': 'sts-name',
  'What credentials does a role provide?': 'role-creds',
  'Which can assume a role? (Choose 2)': 'principals',
  'An IAM role has a console password.': 'role-password',
  'Which STS API call assumes a role?': 'assume-call',
  'Fill in the blanks': 'creds-cloze',
  'Order the steps of assuming a role.': 'assume-steps',
};

export const RIGHT: Record<string, KeyAnswer> = {
  'sts-name': { type: 'basic', digit: '3' },
  'role-creds': { type: 'choice', label: 'Temporary credentials from STS' },
  principals: { type: 'multi', labels: ['An IAM user in a trusted account', 'An AWS service such as EC2'] },
  'role-password': { type: 'truefalse', value: false },
  // accepted variant, other case: the tolerant matching is exercised through the terminal too
  'assume-call': { type: 'typed', text: 'sts:assumerole' },
  'creds-cloze': { type: 'cloze', texts: ['secret key', 'token'] },
  'assume-steps': { type: 'order', labels: ['The caller requests AssumeRole', 'STS checks the trust policy', 'STS returns temporary credentials'] },
};

export const WRONG: Record<string, KeyAnswer> = {
  'role-creds': { type: 'choice', label: 'A long-term access key' },
  'role-password': { type: 'truefalse', value: true },
  'assume-call': { type: 'typed', text: 'GetSessionToken' },
};

/** Which card of all-types.yaml the active prompt asks. */
export function cardOnScreen(screen: string): string {
  const p = activePrompt(screen);
  const id = p ? TITLE_TO_CARD[p.title] : undefined;
  if (!id) throw new Error(`no known card on screen:\n${screen}`);
  return id;
}

const body = (s: string) => activePrompt(s)?.body ?? [];

/**
 * Gives `a` to the prompt on screen with keys, waiting for each key's effect before the next, and
 * presses the final key that submits. The caller waits for whatever comes after.
 */
export async function answerWithKeys(t: Tmux, a: KeyAnswer): Promise<void> {
  const screen = t.screen();
  switch (a.type) {
    case 'basic':
      t.keys('Enter');
      await t.waitFor((s) => linesOf(s).at(-1)?.includes('1-4 rate') === true, 'the self-grade menu');
      t.keys(a.digit);
      return;
    case 'choice':
    case 'truefalse': {
      const label = a.type === 'choice' ? a.label : a.value ? 'True' : 'False';
      const opt = menuOptions(body(screen)).find((o) => o.label === label);
      if (!opt) throw new Error(`option "${label}" not on screen:\n${screen}`);
      t.keys(opt.key);
      await t.waitFor((s) => menuOptions(body(s)).some((o) => o.active && o.label === label), `"${label}" highlighted`);
      t.keys('Enter');
      return;
    }
    case 'multi': {
      const opts = menuOptions(body(screen));
      const want = (o: { label: string }) => a.labels.includes(o.label);
      t.keys(...opts.filter((o) => want(o) !== o.checked).map((o) => o.key));
      await t.waitFor((s) => menuOptions(body(s)).every((o) => o.checked === want(o)), 'the boxes ticked');
      t.keys('Enter');
      return;
    }
    case 'typed':
      t.type(a.text);
      await t.waitFor((s) => body(s).some((l) => l === `Answer: ${a.text}`), `"${a.text}" typed`);
      t.keys('Enter');
      return;
    case 'cloze':
      for (const [i, text] of a.texts.entries()) {
        await t.waitFor((s) => body(s).some((l) => l.startsWith(`Blank ${i + 1} of ${a.texts.length}:`)), `blank ${i + 1}`);
        t.type(text);
        await t.waitFor((s) => body(s).some((l) => l === `Blank ${i + 1} of ${a.texts.length}: ${text}`), `"${text}" typed`);
        t.keys('Enter');
      }
      return;
    case 'order': {
      const rows = orderRows(body(screen));
      const keys = orderKeys(rows.labels, rows.cursor, a.labels);
      if (keys.length > 0) t.keys(...keys);
      await t.waitFor((s) => orderRows(body(s)).labels.join('|') === a.labels.join('|'), 'the items in order');
      t.keys('Enter');
      return;
    }
  }
}

// ---- generated decks (crash and concurrency tests) -------------------------------------------

/** Card i of a generated deck and its right answer in the answers-file form; six types in turn. */
function generatedCard(i: number, wrong: boolean): { yaml: string; answer: string } {
  const id = `c${String(i).padStart(4, '0')}`;
  switch (i % 6) {
    case 0:
      return {
        yaml: `  - id: ${id}\n    type: choice\n    prompt: Question ${i}, pick the right one.\n    choices:\n      - text: Wrong ${i}\n        why: It is not.\n      - text: Right ${i}\n        correct: true\n        why: It is.\n`,
        answer: `${id}: ${wrong ? 'a' : 'b'}`,
      };
    case 1:
      return { yaml: `  - id: ${id}\n    type: truefalse\n    statement: Statement ${i} is true.\n    answer: true\n`, answer: `${id}: ${!wrong}` };
    case 2:
      return { yaml: `  - id: ${id}\n    type: typed\n    prompt: Type the word for ${i}.\n    answer: word${i}\n`, answer: `${id}: ${wrong ? 'nope' : `word${i}`}` };
    case 3:
      return {
        yaml:
          `  - id: ${id}\n    type: multi\n    prompt: Question ${i}. (Choose 2)\n    choices:\n` +
          `      - text: Yes ${i}\n        correct: true\n        why: Yes.\n      - text: No ${i}\n        why: No.\n      - text: Also ${i}\n        correct: true\n        why: Also yes.\n`,
        answer: `${id}: ${wrong ? '[a, b]' : '[a, c]'}`,
      };
    case 4:
      return { yaml: `  - id: ${id}\n    type: cloze\n    text: Sentence ${i} has a {{blank${i}}}.\n`, answer: `${id}: [${wrong ? 'nope' : `blank${i}`}]` };
    default:
      return { yaml: `  - id: ${id}\n    type: order\n    prompt: Order ${i}.\n    items:\n      - First ${i}\n      - Second ${i}\n      - Third ${i}\n`, answer: `${id}: ${wrong ? '[c, b, a]' : '[a, b, c]'}` };
  }
}

/**
 * Writes DECK.yaml with `count` auto-gradable cards (ids from `from`) and DECK.answers.yaml, whose
 * answers are right except for the cards `wrong` picks.
 */
export function writeGeneratedDeck(
  dir: string,
  deck: string,
  count: number,
  opts: { from?: number; wrong?: (i: number) => boolean } = {},
): { deckPath: string; answersPath: string; ids: string[] } {
  const from = opts.from ?? 0;
  const cards = Array.from({ length: count }, (_, k) => generatedCard(from + k, opts.wrong?.(from + k) ?? false));
  const deckPath = path.join(dir, `${deck}.yaml`);
  const answersPath = path.join(dir, `${deck}.answers.yaml`);
  fs.writeFileSync(deckPath, `deck: ${deck}\ntitle: Generated ${deck}\ncards:\n${cards.map((c) => c.yaml).join('')}`);
  fs.writeFileSync(answersPath, cards.map((c) => c.answer).join('\n') + '\n');
  return { deckPath, answersPath, ids: cards.map((c) => /^(\S+):/.exec(c.answer)![1]!) };
}

/** The product's seeded PRNG (mulberry32): the same seed gives the same kill times. */
export { rng as prng } from '../../src/core/random.js';
