// `recall decks`, `recall stats` and `recall config list` lay out for the terminal's width ($COLUMNS
// off a terminal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
beforeAll(() => {
  home = tempHome();
});
afterAll(() => home.cleanup());
const env = (columns: number) => ({ RECALL_HOME: home.dir, RECALL_NOW: '2025-03-01T10:00:00Z', COLUMNS: String(columns) });
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('recall decks', () => {
  it('fits 60 columns with every deck id and title whole', async () => {
    const r = await recall(['decks'], { env: env(60) });
    expect(r.code).toBe(0);
    expect(widest(r.out)).toBeLessThanOrEqual(60);
    expect(r.out).toMatch(/^iam-trust-vs-permissions +24 +24 +0\n {2}IAM roles: trust vs permissions$/m);
    expect(r.out).toContain('\n  IAM users vs roles: exam signals and traps\n');
    expect(r.out).not.toContain('…');
  });
  it('keeps every deck id whole at 40 columns: the count columns shrink first', async () => {
    const r = await recall(['decks'], { env: env(40) });
    expect(widest(r.out)).toBeLessThanOrEqual(40);
    expect(r.out).toMatch(/^deck +cards new due$/m);
    expect(r.out).toMatch(/^iam-trust-vs-permissions +24 +24 +0\n {2}IAM roles: trust vs permissions$/m);
    expect(r.out.split('\n').filter((l) => /^iam-\S*…/.test(l))).toEqual([]);
    // a title on its own line wraps under itself rather than lose its end
    expect(r.out).toMatch(/^ {2}IAM users vs roles: exam signals and\n {2}traps$/m);
    expect(r.out).not.toContain('…');
  });
  it('gives the title the rest of a wide line', async () => {
    const r = await recall(['decks'], { env: env(120) });
    expect(r.out).toMatch(/^iam-exam-signals +27 +27 +0 +IAM users vs roles: exam signals and traps$/m);
  });
  it('cuts a title that does not fit a middling line with one …', async () => {
    const r = await recall(['decks'], { env: env(72) });
    expect(widest(r.out)).toBeLessThanOrEqual(72);
    expect(r.out).toMatch(/^iam-exam-signals +27 +27 +0 +IAM users vs roles: exam…$/m);
  });
});

describe('recall stats', () => {
  it('fits 60 columns, deck ids whole', async () => {
    const r = await recall(['stats'], { env: env(60) });
    expect(r.code).toBe(0);
    expect(widest(r.out)).toBeLessThanOrEqual(60);
    expect(r.out).toMatch(/^ {2}deck +total new learn review leech due$/m);
    expect(r.out).toMatch(/^ {2}iam-trust-vs-permissions +24 +24 +0 +0 +0 +0$/m);
  });
});

describe('recall config list', () => {
  it('wraps each help under itself, or below its setting at 40 columns, never past the edge', async () => {
    for (const columns of [40, 60]) {
      const r = await recall(['config', 'list'], { env: env(columns) });
      expect(widest(r.out)).toBeLessThanOrEqual(columns);
      expect(r.out.replace(/\s+/g, ' ')).toContain('params default FSRS weights: default, or fitted by recall optimize');
    }
    const narrow = await recall(['config', 'list'], { env: env(40) });
    expect(narrow.out).toMatch(/^retention {9}0\.9\n {4}desired retention, 0\.70-0\.97$/m);
  });
  it('keeps one line per setting when piped', async () => {
    const r = await recall(['config', 'list'], { env: { RECALL_HOME: home.dir } });
    expect(r.out.trimEnd().split('\n')).toHaveLength(10);
  });
});

describe('recall decks off a terminal with no $COLUMNS', () => {
  it('cuts no title: there is no width to fit', async () => {
    const r = await recall(['decks'], { env: { RECALL_HOME: home.dir, RECALL_NOW: '2025-03-01T10:00:00Z' } });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^iam-exam-signals +27 +27 +0 +IAM users vs roles: exam signals and traps$/m);
    expect(r.out).toMatch(/^deck +cards +new +due +title$/m);
    expect(r.out).not.toContain('…');
  });
});
