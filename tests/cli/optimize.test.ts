// `recall optimize`, in-process: a simulated learner's journal, the real optimizer binding, and a
// loader that plays a missing or broken install. The built binary is tests/e2e/optimize.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { default_w } from 'ts-fsrs';
import { recall, tempHome } from '../helpers/cli.js';
import { journalText, simulateLearner } from '../helpers/learner.js';
import { run } from '../../src/commands/optimize.js';
import { BINDING_PACKAGE, loadBinding, OptimizerUnavailable, platformPackage } from '../../src/adapters/fsrs-binding.js';
import { EXIT } from '../../src/errors.js';
import type { Io } from '../../src/io.js';

interface Json {
  reviews: number;
  cards: number;
  before: { logLoss: number; rmse: number } | null;
  after: { logLoss: number; rmse: number } | null;
  saved: boolean;
  params: number[];
}

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
beforeEach(() => {
  home = tempHome('recall-optimize-');
  env = { RECALL_HOME: home.dir, RECALL_NOW: '2024-06-01T12:00:00Z' };
});
afterEach(() => home.cleanup());

function writeHistory(reviews: number, perCard?: number): void {
  fs.writeFileSync(path.join(home.dir, 'journal.jsonl'), journalText(simulateLearner({ reviews, seed: 7, ...(perCard ? { perCard } : {}) })));
}

const storedParams = (): unknown => {
  const file = path.join(home.dir, 'progress.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { settings: { params?: unknown } }).settings.params : undefined;
};

describe('recall optimize on a simulated learner', () => {
  it('fits weights that predict the history better, saves them, and config shows them', async () => {
    writeHistory(3000);
    const r = await recall(['optimize', '--json'], { env });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Json;
    expect(Object.keys(out)).toEqual(['reviews', 'cards', 'before', 'after', 'saved', 'params']);
    expect(out.reviews).toBe(3000);
    expect(out.cards).toBe(250);
    expect(out.after!.logLoss).toBeLessThan(out.before!.logLoss);
    expect(out.after!.rmse).toBeLessThan(out.before!.rmse);
    expect(out.saved).toBe(true);
    expect(out.params).toHaveLength(21);
    expect(out.params).not.toEqual([...default_w]);
    expect(storedParams()).toEqual(out.params);
    expect((await recall(['config', 'get', 'params'], { env })).out.trim()).toBe(out.params.join(','));
    expect((await recall(['config', 'list'], { env })).out).toMatch(/params\s+fitted\s.*\(changed\)/);

    // Run again: the saved weights are now "before", and a second fit of the same history is no better.
    const again = JSON.parse((await recall(['optimize', '--json'], { env })).out) as Json;
    expect(again.before!.logLoss).toBeCloseTo(out.after!.logLoss, 6);
    expect(again.saved).toBe(false);
    expect(storedParams()).toEqual(out.params);

    // And back to the defaults.
    const reset = await recall(['config', 'set', 'params', 'default'], { env });
    expect(reset.out.trim()).toBe('params = default');
    expect(storedParams()).toBeUndefined();
    expect((await recall(['config', 'get', 'params'], { env })).out.trim()).toBe('default');
  }, 60_000);

  it('says before and after in plain words', async () => {
    writeHistory(3000);
    const r = await recall(['optimize', '--dry-run'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Trained on 3,000 study reviews of 250 cards. Quiz answers are not used.');
    expect(r.out).toMatch(/default weights\s+0\.\d{4}\s+\d+\.\d%/);
    expect(r.out).toMatch(/fitted weights\s+0\.\d{4}\s+\d+\.\d%/);
    expect(r.out).toMatch(/predict your history better \(log loss \d+\.\d% lower\)\. --dry-run: nothing saved\./);
    expect(r.err).toBe(''); // not a terminal: no progress line
    expect(storedParams()).toBeUndefined();
  }, 60_000);

  it('--dry-run fits and reports but never saves', async () => {
    writeHistory(3000);
    const out = JSON.parse((await recall(['optimize', '--json', '--dry-run'], { env })).out) as Json;
    expect(out.after!.logLoss).toBeLessThan(out.before!.logLoss);
    expect(out.saved).toBe(false);
    expect(fs.existsSync(path.join(home.dir, 'progress.json'))).toBe(false);
  }, 60_000);
});

describe('too little history', () => {
  it('refuses below 400 study reviews: exit 0, saved false, and how many more are needed', async () => {
    writeHistory(350, 6);
    const r = await recall(['optimize', '--json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Json;
    expect(out).toMatchObject({ reviews: 350, saved: false, before: null, after: null, params: [...default_w] });
    expect(r.err).toBe('recall: 350 study reviews so far; optimize needs 400 to fit your weights: 50 more. Nothing saved (--force fits anyway).\n');
    expect(fs.existsSync(path.join(home.dir, 'progress.json'))).toBe(false);
    const text = await recall(['optimize'], { env });
    expect(text.out).toContain('50 more. Nothing saved');
  });

  it('wraps its sentences to the terminal between words', async () => {
    writeHistory(350, 6);
    const r = await recall(['optimize'], { env: { ...env, COLUMNS: '40' } });
    const lines = r.out.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 40)).toEqual([]);
    expect(lines.length).toBeGreaterThan(3);
    expect(r.out.replace(/\s+/g, ' ')).toContain('350 study reviews so far; optimize needs 400 to fit your weights: 50 more. Nothing saved (--force fits anyway).');
  });

  it('does not need the optimizer to refuse', async () => {
    writeHistory(10);
    const io = fakeIo();
    expect(await run({}, io.io, { loadBinding: () => Promise.reject(new Error('must not load')) })).toBe(0);
    expect(io.out()).toContain('390 more');
  });

  it('--force fits anyway', async () => {
    writeHistory(350, 6);
    const r = await recall(['optimize', '--json', '--force'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Json;
    expect(out.reviews).toBe(350);
    expect(out.before).not.toBeNull();
    expect(out.after!.logLoss).toBeLessThan(out.before!.logLoss);
    expect(out.saved).toBe(true);
    expect(storedParams()).toEqual(out.params);
    expect((await recall(['optimize', '--force', '--dry-run'], { env })).out).toContain('--force: fitted on less than 400 reviews');
  }, 60_000);

  it('with --force and no card studied on two days, says there is nothing to learn from', async () => {
    const r = await recall(['optimize', '--force'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nothing to learn from yet');
  });
});

function fakeIo(): { io: Io; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { io: { stdout, stderr, stdin: new PassThrough(), env, cwd: home.dir }, out: () => out, err: () => err };
}

describe('the optimizer binding', () => {
  const notFound = (id: string): never => {
    throw Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /x/dist/cli.cjs`), { code: 'MODULE_NOT_FOUND' });
  };
  const broken = (id: string): never => {
    if (id === BINDING_PACKAGE) notFound(id);
    throw new Error('/x/node_modules/@open-spaced-repetition/binding-linux-x64-gnu/fsrs.node: invalid ELF header');
  };

  it.each([
    ['missing', notFound, /needs the optional package @open-spaced-repetition\/binding \(the FSRS optimizer\), and it is not installed for \w+-\w+\. Install it next to recall with `npm install @open-spaced-repetition\/binding`; every other command works without it\./],
    ['failing to load', broken, /could not load the FSRS optimizer \(@open-spaced-repetition\/binding\) on \w+-\w+: .*invalid ELF header\. Install it/],
    ['without the expected API', () => ({ computeParameters: 1 }), /does not have the API recall expects/],
  ])('%s: a clear message and exit 2, nothing saved', async (_name, req, message) => {
    writeHistory(500, 6);
    const io = fakeIo();
    const err = await run({ json: true }, io.io, { loadBinding: () => loadBinding(req) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptimizerUnavailable);
    expect((err as OptimizerUnavailable).exitCode).toBe(EXIT.usage);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/Require stack|\n/);
    expect(io.out()).toBe('');
    expect(fs.existsSync(path.join(home.dir, 'progress.json'))).toBe(false);
  });

  it('the real loader finds the installed binding', async () => {
    const b = await loadBinding();
    expect(typeof b.computeParameters).toBe('function');
  });

  it('loads this platform\'s package when the umbrella package is not installed', async () => {
    const real = await loadBinding();
    const tried: string[] = [];
    const b = await loadBinding((id) => (tried.push(id), id === platformPackage() ? real : notFound(id)));
    expect(b).toBe(real);
    expect(tried).toEqual([BINDING_PACKAGE, platformPackage()]);
  });

  it.each([
    ['linux', 'x64', false, '@open-spaced-repetition/binding-linux-x64-gnu'],
    ['linux', 'arm64', true, '@open-spaced-repetition/binding-linux-arm64-musl'],
    ['darwin', 'arm64', false, '@open-spaced-repetition/binding-darwin-arm64'],
    ['win32', 'x64', false, '@open-spaced-repetition/binding-win32-x64-msvc'],
  ])('names the platform package for %s-%s (musl %s): %s', (platform, arch, musl, name) => {
    expect(platformPackage(platform, arch, musl)).toBe(name);
  });
});

describe('a params setting read from the store is checked', () => {
  const write = (settings: object) =>
    fs.writeFileSync(path.join(home.dir, 'progress.json'), JSON.stringify({ version: 1, settings, journal: { offset: 0 }, cards: {} }));

  it.each([
    ['20 weights', default_w.slice(0, 20), /setting params is .*must be 21 numbers \(FSRS-6\), not 20/],
    ['a weight out of range', Object.assign([...default_w], { 16: 99 }), /weight w16 must be from 1 to 6, got 99/],
    ['a string', 'fast', /must be "default" or a list of 21 numbers/],
  ])('%s: exit 2 naming the file and the fix, for study and stats alike', async (_name, params, message) => {
    write({ params });
    for (const args of [['config', 'get', 'params'], ['stats'], ['optimize']]) {
      const r = await recall(args, { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain(path.join(home.dir, 'progress.json'));
      expect(r.err).toContain('recall config set params default');
    }
    expect((await recall(['config', 'set', 'params', 'default'], { env })).code).toBe(0);
    expect((await recall(['stats'], { env })).code).toBe(0);
  });

  it('takes a list typed by hand, and refuses a wrong one', async () => {
    const w = [...default_w];
    w[2] = 4.5;
    expect((await recall(['config', 'set', 'params', w.join(',')], { env })).code).toBe(0);
    expect(storedParams()).toEqual(w);
    const bad = await recall(['config', 'set', 'params', '1,2,3'], { env });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/params must be 21 numbers \(FSRS-6\), not 3, got "1,2,3"/);
  });
});

describe('what recall does with the optimizer\'s answers', () => {
  /** A binding that scores the default weights `defaultLoss`, any other weights `fittedLoss`, and fits `fitted`. */
  function scripted(fitted: number[], defaultLoss: number | null, fittedLoss: number | null) {
    const score = (loss: number | null) => {
      if (loss === null) throw new Error('Evaluation failed: NotEnoughData');
      return { logLoss: loss, rmseBins: loss / 10 };
    };
    return async () =>
      ({
        FSRSBindingReview: class {},
        FSRSBindingItem: class {},
        FSRSBinding: class {
          constructor(readonly params: number[]) {}
          evaluate() {
            return score(this.params.every((w, i) => w === default_w[i]) ? defaultLoss : fittedLoss);
          }
        },
        computeParameters: async () => fitted,
      }) as never;
  }
  const other = default_w.map((w, i) => (i === 2 ? 4.5 : w));

  it.each([
    ['fitted weights that predict worse are not saved', scripted(other, 0.4, 0.41), /no better than default weights\. Nothing saved\./],
    ['a fit the optimizer cannot score is not saved', scripted(other, null, null), /could not score weights.*Nothing saved\./],
  ])('%s', async (_name, load, message) => {
    writeHistory(500, 6);
    const io = fakeIo();
    expect(await run({}, io.io, { loadBinding: load })).toBe(0);
    expect(io.out()).toMatch(message);
    expect(storedParams()).toBeUndefined();
  });

  it.each([
    ['19 weights (FSRS-5)', default_w.slice(0, 19), /returned 19 weights, but recall's scheduler \(ts-fsrs, FSRS-6\) takes 21; nothing saved/],
    ['weights that are not numbers', default_w.map((w, i) => (i === 4 ? NaN : w)), /returned weights recall cannot use \(weight w4 must be a number/],
  ])('refuses %s from the optimizer with exit 2', async (_name, fitted, message) => {
    writeHistory(500, 6);
    const err = await run({}, fakeIo().io, { loadBinding: scripted(fitted, 0.4, 0.3) }).catch((e: unknown) => e);
    expect((err as OptimizerUnavailable).exitCode).toBe(EXIT.usage);
    expect((err as Error).message).toMatch(message);
    expect(storedParams()).toBeUndefined();
  });
});
