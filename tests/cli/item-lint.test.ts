// The item-writing warnings through the built binary: `deck lint --format json`, --strict, --verbose.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const FIX = 'tests/fixtures/decks/item-lint';
let home: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-item-lint-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'deck', 'lint', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  diagnostics: Array<{ file: string; line: number; col: number; severity: string; code: string; message: string }>;
  warnings: number;
  waivers: Array<{ file: string; line: number; card?: string; ignore: string[]; why: string; suppressed: string[] }>;
}
const json = (...args: string[]) => {
  const r = lint('--format', 'json', ...args);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};

describe('recall deck lint: item-writing warnings', () => {
  it('reports every rule in JSON: warnings pass, --strict fails', () => {
    const { code, report } = json(`${FIX}/flawed.yaml`);
    expect(code).toBe(0);
    expect(report.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([
      '2:7 warning TRUEFALSE_BALANCE',
      '9:15 warning KEY_LONGEST',
      '23:15 warning ABSOLUTE_WORD',
      '35:15 warning ALL_OF_THE_ABOVE',
      '39:13 warning NEGATIVE_STEM',
      '48:16 warning ABSOLUTE_WORD',
      '75:5 warning NEAR_DUPLICATE',
    ]);
    expect(json('--strict', `${FIX}/flawed.yaml`).code).toBe(1);
  });

  it('passes sound items with --strict', () => {
    const r = lint('--strict', `${FIX}/clean.yaml`);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('1 file checked: 0 errors, 0 warnings');
    expect(r.code).toBe(0);
  });

  it('lists waivers under --verbose, and in JSON, with the ones that silenced nothing', () => {
    const quiet = lint(`${FIX}/waivers.yaml`);
    const listing = /:\d+:\d+: waiver (deck|card) /;
    expect(quiet.stdout).not.toMatch(listing);
    const r = lint('--verbose', `${FIX}/waivers.yaml`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => listing.test(l))).toEqual([
      `${FIX}/waivers.yaml:4:1: waiver deck "fixture-waivers" ignores NEAR_DUPLICATE: The typed and cloze forms of one question are deliberate.`,
      `${FIX}/waivers.yaml:12:5: waiver card "honoured" ignores ABSOLUTE_WORD: The fixture needs an absolute that is waived.`,
      `${FIX}/waivers.yaml:19:5: waiver card "idle" ignores NEGATIVE_STEM: Nothing here fires; --verbose says so. (NEGATIVE_STEM did not fire: the waiver can go)`,
    ]);
    expect(r.stderr.trim()).toBe('1 file checked: 0 errors, 5 warnings, 3 waivers');
    const { report } = json(`${FIX}/waivers.yaml`);
    expect(report.waivers.map((w) => [w.card ?? 'deck', w.suppressed])).toEqual([
      ['deck', ['NEAR_DUPLICATE']],
      ['honoured', ['ABSOLUTE_WORD']],
      ['idle', []],
    ]);
    expect(report.diagnostics.filter((d) => d.code === 'BAD_WAIVER')).toHaveLength(3);
  });

  it('finds near duplicates between the decks it is given', () => {
    const { code, report } = json('--strict', `${FIX}/cross`);
    expect(code).toBe(1);
    expect(report.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code}`)).toEqual([`${FIX}/cross/b.yaml:8:5 NEAR_DUPLICATE`]);
  });

  it('keeps deck text inert in the waiver listing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-item-lint-deck-'));
    try {
      const file = path.join(dir, 'escape.yaml');
      fs.writeFileSync(file, 'deck: e\ntitle: E\ncards:\n  - id: c\n    type: truefalse\n    statement: A role has a trust policy.\n    answer: true\n    lint: { ignore: [ABSOLUTE_WORD], why: "\\e[31mred\\e[0m" }\n');
      const r = lint('--verbose', file);
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).toContain('\\e[31mred\\e[0m');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
