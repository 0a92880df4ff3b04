// `recall optimize` through the built binary: a simulated learner's journal in RECALL_HOME, a fixed
// RECALL_NOW; the fitted weights are saved and study then schedules with them. And the optimizer
// binding is loaded by optimize only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { default_w } from 'ts-fsrs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ALL_TYPES, BIN, cleanTemps, DECK_ID, ensureBuilt, FIXTURES, NOW, recall, recallEnv, ROOT, tempDir } from './helpers.js';
import { journalText, simulateLearner } from '../helpers/learner.js';
import { DEFAULT_SETTINGS } from '../../src/core/progress.js';
import { makeScheduler, review } from '../../src/core/schedule.js';

const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml'); // sts-name is rated Easy: it graduates at once
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/optimize.schema.json'), 'utf8')));

beforeAll(ensureBuilt);
afterAll(cleanTemps);

const savedTZ = process.env.TZ;
afterEach(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

function homeWithHistory(reviews: number): string {
  const home = tempDir('recall-e2e-optimize-');
  // The history ends before NOW (2025-03-01): 3,000 reviews of 20 new cards a day start 2024-06-01.
  fs.writeFileSync(path.join(home, 'journal.jsonl'), journalText(simulateLearner({ reviews, seed: 11, start: new Date('2024-06-01T00:00:00Z') })));
  return home;
}

interface StudyItem {
  id: string;
  due: string;
}

function studyDue(home: string, id: string): string {
  const r = recall(['study', ALL_TYPES, '--answers', MIXED, '--reporter', 'json'], { home });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const item = (JSON.parse(r.stdout) as { items: StudyItem[] }).items.find((i) => i.id === id);
  return item!.due;
}

describe('recall optimize, built binary', () => {
  it('fits a simulated learner, saves the weights, and study then schedules with them', () => {
    const home = homeWithHistory(3000);
    const r = recall(['optimize', '--json'], { home, timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { reviews: number; cards: number; before: { logLoss: number; rmse: number }; after: { logLoss: number; rmse: number }; saved: boolean; params: number[] };
    expect(Object.keys(out)).toEqual(['reviews', 'cards', 'before', 'after', 'saved', 'params']);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.reviews).toBe(3000);
    expect(out.after.logLoss).toBeLessThan(out.before.logLoss);
    expect(out.saved).toBe(true);
    expect(recall(['config', 'get', 'params'], { home }).stdout.trim()).toBe(out.params.join(','));

    // The same first answer (Easy) on a new card, with the fitted weights and with the defaults.
    const fitted = studyDue(home, 'sts-name');
    const byDefault = studyDue(tempDir(), 'sts-name');
    expect(fitted).not.toBe(byDefault);
    process.env.TZ = 'UTC'; // as recallEnv runs the binary
    const key = { deck: DECK_ID, card: 'sts-name', hash: 'h' };
    expect(fitted).toBe(review(makeScheduler({ ...DEFAULT_SETTINGS, params: out.params }), null, 'easy', new Date(NOW), key).due);
    expect(byDefault).toBe(review(makeScheduler(DEFAULT_SETTINGS), null, 'easy', new Date(NOW), key).due);

    // stats predicts recall with them too (the same scheduler: makeScheduler), and not once reset.
    const predicted = () => (JSON.parse(recall(['stats', 'sim', '--json'], { home }).stdout) as { retention: { predicted: number } }).retention.predicted;
    const withFitted = predicted();
    expect(recall(['config', 'set', 'params', 'default'], { home }).code).toBe(0);
    expect(predicted()).not.toBeCloseTo(withFitted, 3);
  }, 120_000);

  it('refuses too little history with exit 0 and says how many reviews are needed', () => {
    const home = homeWithHistory(120);
    const r = recall(['optimize', '--json'], { home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ reviews: 120, cards: 10, before: null, after: null, saved: false, params: [...default_w] });
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors)).toBe(true);
    expect(r.stderr).toContain('280 more');
  });

  it('prints its help with examples', () => {
    const r = recall(['optimize', '--help'], { home: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: recall optimize \[options\]/);
    expect(r.stdout).toContain('$ recall optimize --dry-run');
    expect(r.stdout).toContain('monthly, or after a few thousand new reviews');
  });
});

describe('the optimizer binding is loaded by optimize only', () => {
  // A preload that records every module id that names the binding.
  const preload = path.join(tempDir('recall-e2e-preload-'), 'watch.cjs');
  fs.writeFileSync(
    preload,
    `const Module = require('module'); const fs = require('fs'); const load = Module._load;
     Module._load = function (id, ...rest) { if (/open-spaced-repetition/.test(id)) fs.appendFileSync(process.env.WATCH_FILE, id + '\\n'); return load.call(this, id, ...rest); };`,
  );
  const loaded = (args: string[], home: string): string => {
    const watch = path.join(home, 'watch.txt');
    fs.writeFileSync(watch, '');
    const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], { cwd: ROOT, env: { ...recallEnv(home), WATCH_FILE: watch }, encoding: 'utf8', input: '', timeout: 60_000 });
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return fs.readFileSync(watch, 'utf8');
  };

  it.each([
    ['stats', ['stats']],
    ['config list', ['config', 'list']],
    ['exam', ['exam']],
    ['study --answers', ['study', ALL_TYPES, '--answers', MIXED]],
    ['quiz --weakest --answers', ['quiz', ALL_TYPES, '--weakest', '--answers', path.join(FIXTURES, 'all-types.answers.yaml')]],
    ['optimize (too little history: refused before the optimizer is needed)', ['optimize']],
  ])('recall %s does not load it', (_name, args) => {
    expect(loaded(args, homeWithHistory(300))).toBe('');
  });

  it('recall optimize --force does', () => {
    expect(loaded(['optimize', '--force'], homeWithHistory(300))).toMatch(/@open-spaced-repetition\/binding/);
  });
});
