// A time budget per fuzz case, so a hang is counted and named (kind, case, seed) instead of showing
// only as the whole test's timeout. An async case is raced against the budget, so one that never
// settles is cut off and the run goes on; a synchronous case cannot be interrupted in-process, so
// one that returns over budget is counted as a hang too (a loop that never returns stays the test
// runner's timeout: keep work that could spin forever in the binary cases, which are killed).
import { spawn } from 'node:child_process';

export interface Hang {
  kind: string;
  seed: number;
  index: number;
  ms: number;
  /** What the case was fed, shortened, to reproduce it. */
  input: string;
}

export interface CaseBudget {
  /** Runs one case within the budget: its result, or `undefined` when it hung (then counted). */
  run<T>(index: number, input: string, fn: () => T | Promise<T>): Promise<T | undefined>;
  cases(): number;
  hangs(): Hang[];
  /** One line per hang, naming kind, case and seed: the assertion message. */
  report(): string;
}

export function caseBudget(kind: string, seed: number, budgetMs: number): CaseBudget {
  let cases = 0;
  const hangs: Hang[] = [];
  return {
    run: async <T>(index: number, input: string, fn: () => T | Promise<T>): Promise<T | undefined> => {
      cases++;
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const cutOff = new Promise<typeof HUNG>((resolve) => {
        timer = setTimeout(() => resolve(HUNG), budgetMs);
      });
      try {
        const got = await Promise.race([Promise.resolve().then(fn), cutOff]);
        const ms = performance.now() - start;
        if (got === HUNG || ms > budgetMs) {
          hangs.push({ kind, seed, index, ms: Math.round(ms), input: input.slice(0, 200) });
          return undefined;
        }
        return got as T;
      } finally {
        clearTimeout(timer);
      }
    },
    cases: () => cases,
    hangs: () => hangs,
    report: () =>
      hangs.map((h) => `hang: ${h.kind} case ${h.index} (seed ${h.seed}) took ${h.ms} ms, over ${budgetMs} ms, for ${JSON.stringify(h.input)}`).join('\n'),
  };
}

const HUNG = Symbol('hung');

export interface SpawnResult {
  /** null when the process was killed at the time limit (a hang). */
  code: number | null;
  err: string;
  ms: number;
}

/** Runs a process with a time limit; past it the process is killed and `code` is null. */
export function spawnWithin(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { env: opts.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let killed = false;
    child.stderr.on('data', (c) => (err += String(c)));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: killed ? null : code, err, ms: Math.round(performance.now() - start) });
    });
  });
}
