// A deck big enough for the built CLI's big-deck path (a few cards at a time, yaml-chunks.ts; in a
// worker when its header is big, lint-pool.ts) must lint exactly as the one-piece parse does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintWhole } from '../../src/adapters/lint-source.js';
import { wantsWorker } from '../../src/adapters/lint-pool.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-big-deck-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function bigDeck(edit: (card: string, i: number) => string = (c) => c, header = ''): string {
  const cards = Array.from({ length: 2_000 }, (_, i) =>
    edit(`  - id: c${i}\n    type: typed\n    tags: [t${i % 7}]\n    prompt: "Type the code word for ${i}."\n    answer: word ${i}\n    explain: |\n      Card ${i} of a generated deck, long enough to pass the size line.\n`, i),
  );
  return `deck: big\ntitle: Big\n${header}tags: [gen]\ncards:\n${cards.join('')}`;
}

/** A deck description of ~70 KB: a header that big is linted in the worker (lint-pool.ts, wantsWorker). */
const BIG_HEADER = `description: |\n${'  A long description line of the generated deck, repeated to make the header big.\n'.repeat(850)}`;

function lintText(file: string, home: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'deck', 'lint', file, '--format', 'json', '--verbose'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout };
}

function lintJson(file: string, home: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'deck', 'lint', file, '--format', 'json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1' },
  });
  return { code: r.status, report: JSON.parse(r.stdout) as { diagnostics: unknown[] }, stderr: r.stderr };
}

describe('a big deck through the built CLI', () => {
  it.each([
    ['warnings only', (c: string, i: number) => (i === 700 ? c.replace('answer: word 700', 'answer: word 700\n    colour: red') : i === 1500 ? c.replace('Card 1500', 'Card \u001b[31m1500') : c), 0],
    ['a duplicate id', (c: string, i: number) => (i === 1999 ? c.replace('id: c1999', 'id: c3') : c), 1],
    ['a YAML error in one card', (c: string, i: number) => (i === 1200 ? c.replace('prompt: "Type', 'prompt: "Type [') .replace('1200."', '1200') : c), 1],
  ])('lints a 300 KB deck with %s exactly as in one piece, cold and warm', (_what, edit, code) => {
    const text = bigDeck(edit);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, text);
    const expected = lintWhole(text, file).diagnostics;
    expect(expected.length).toBeGreaterThan(0);
    const home = path.join(dir, 'home');
    const cold = lintJson(file, home);
    expect(cold.code).toBe(code);
    expect(cold.report.diagnostics).toEqual(expected);
    expect(lintJson(file, home)).toEqual(cold);
  });

  it.each([
    ['read by the fast reader', ''],
    ['left to yaml by an anchor', '&t '],
  ])('gives a deck with 60,000 deck tags (header %s) its one TOO_MANY_TAGS, as in one piece', (_what, anchor) => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `  - t${i}`).join('\n');
    const text = `deck: bomb\ntitle: ${anchor}Tag bomb\ntags:\n${tags}\ncards:\n  - id: c1\n    type: basic\n    front: q\n    back: a\n`;
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, text);
    const r = lintJson(file, path.join(dir, 'home'));
    expect(r.code).toBe(1);
    expect(r.report.diagnostics).toEqual(lintWhole(text, file).diagnostics);
    expect(r.report.diagnostics).toMatchObject([{ line: 4, col: 3, code: 'TOO_MANY_TAGS' }]);
  });

  it.each([
    ['in process (a small header)', ''],
    ['in the lint worker (a ~70 KB header)', BIG_HEADER],
  ])('stores the deck-cache entry of a lint %s, and a second lint and a study read it as a hit', (_where, header) => {
    const home = path.join(dir, 'home');
    const file = path.join(dir, 'big.yaml');
    const text = bigDeck((c, i) => (i === 700 ? c.replace('answer: word 700', 'answer: word 700\n    colour: red') : c), header);
    expect(wantsWorker(text)).toBe(header !== '');
    fs.writeFileSync(file, text);
    const expected = lintWhole(text, file).diagnostics;
    const cold = lintJson(file, home);
    const decks = path.join(home, 'cache', 'decks');
    const [entry] = fs.readdirSync(decks);
    expect(fs.readdirSync(decks)).toHaveLength(1);
    const written = fs.statSync(path.join(decks, entry!)).mtimeMs;
    // Signed, then the head: the lint result with card heads, one body per card after it.
    const bytes = fs.readFileSync(path.join(decks, entry!), 'utf8');
    expect(bytes).toMatch(/^[0-9a-f]{64}\n\{"deck":\{"id":"big"/);
    expect(JSON.parse(bytes.slice(65, bytes.indexOf('\n', 65))).deck.cards).toHaveLength(2_000);
    expect(cold.report.diagnostics).toEqual(expected);
    const warm = lintJson(file, home);
    expect(warm).toEqual(cold);
    expect(fs.statSync(path.join(decks, entry!)).mtimeMs).toBe(written); // a hit: not written again
    const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'study', file, '--new', '3', '--answers', '-'], {
      encoding: 'utf8',
      input: 'c0: word 0\nc1: wrong\nc2: word 2\n',
      env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1', RECALL_NOW: '2026-03-02T10:00:00Z' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Accuracy: 2\/3/);
  });

  it('prints the same JSON, byte for byte, linted cold, re-linted from the card cache, and from the deck cache', () => {
    // One warning and one waiver in the deck, one edited card; and a small deck (no card cache).
    const waived = (c: string, i: number) => (i === 9 ? c.replace('answer: word 9', 'answer: word 9\n    colour: red') : i === 11 ? c.replace('    explain:', '    lint: { ignore: [NEAR_DUPLICATE], why: "asked twice" }\n    explain:') : c);
    const first = path.join(dir, 'big.yaml');
    fs.writeFileSync(first, bigDeck(waived));
    const home = path.join(dir, 'home');
    expect(lintText(first, home).code).toBe(0);
    fs.writeFileSync(first, bigDeck((c, i) => waived(c, i).replace('code word for 1000.', 'code word for 1000 (edited).')));
    const small = path.join(dir, 'small.yaml');
    fs.writeFileSync(small, 'deck: small\ntitle: Small\ncards:\n  - id: a\n    type: basic\n    front: q\n    back: a\n    colour: red\n');
    for (const file of [first, small]) {
      const cold = lintText(file, path.join(dir, `cold-${path.basename(file)}`));
      expect(cold.stdout).toContain('"file"');
      expect(lintText(file, home)).toEqual(cold); // the big deck: from the card cache
      expect(lintText(file, home)).toEqual(cold); // from the deck cache
    }
  });

  it('re-lints a copy with lines added in one card from the card cache: the same output, entry and study as a fresh home', () => {
    const home = path.join(dir, 'home');
    const file = path.join(dir, 'big.yaml');
    fs.writeFileSync(file, bigDeck());
    expect(lintJson(file, home).code).toBe(0);
    // Two lines more in card 300: every card after it moves down, its stored body with it.
    fs.writeFileSync(file, bigDeck((c, i) => (i === 300 ? c.replace('    answer: word 300\n', '    answer: word 300\n    hint: "two more lines"\n    colour: red\n') : c)));
    const fresh = path.join(dir, 'fresh');
    const want = lintText(file, fresh);
    expect(want.stdout).toContain('"UNKNOWN_FIELD"');
    expect(lintText(file, home)).toEqual(want);
    const entry = (h: string) => {
      const decks = path.join(h, 'cache', 'decks');
      return fs.readFileSync(path.join(decks, fs.readdirSync(decks)[0]!)).subarray(65);
    };
    expect(entry(home).equals(entry(fresh))).toBe(true);
    const study = (h: string) =>
      spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'study', file, '--new', '400', '--answers', '-'], {
        encoding: 'utf8',
        input: Array.from({ length: 400 }, (_, i) => `c${i}: word ${i}`).join('\n') + '\n',
        env: { PATH: process.env.PATH, HOME: h, RECALL_HOME: h, NO_COLOR: '1', RECALL_NOW: '2026-03-02T10:00:00Z' },
      });
    const mine = study(home);
    expect(mine.stderr).toBe('');
    expect(mine.stdout).toMatch(/Accuracy: 400\/400/);
    expect(mine.stdout).toBe(study(fresh).stdout);
  });

  it('re-lints an edited copy from the card cache exactly as in one piece, and reads around a damaged cache', () => {
    const home = path.join(dir, 'home');
    const first = path.join(dir, 'big.yaml');
    fs.writeFileSync(first, bigDeck());
    expect(lintJson(first, home).code).toBe(0);
    const cards = path.join(home, 'cache', 'cards');
    expect(fs.readdirSync(cards)).toHaveLength(1);
    // Written by the cold lint: every card's entry, then the deck text, then the cards' bodies.
    const stored = fs.readFileSync(path.join(cards, fs.readdirSync(cards)[0]!), 'utf8');
    expect(stored.slice(stored.indexOf('\n', stored.indexOf('\n') + 1) + 1).startsWith(bigDeck())).toBe(true);
    expect(stored.match(/"base":/g)).toHaveLength(2_000);
    // A copy elsewhere, two lines added above card 5 and one card's answer changed to a duplicate id.
    const text = bigDeck((c, i) => (i === 5 ? `  # two new lines

${c}` : i === 1800 ? c.replace('id: c1800', 'id: c7') : c));
    const copy = path.join(dir, 'copy.yaml');
    fs.writeFileSync(copy, text);
    const again = lintJson(copy, home);
    expect(again.code).toBe(1);
    expect(again.report.diagnostics).toEqual(lintWhole(text, copy).diagnostics);
    // A cache file damaged in place is a miss: the lint is still exact.
    const [name] = fs.readdirSync(cards);
    fs.writeFileSync(path.join(cards, name!), fs.readFileSync(path.join(cards, name!), 'utf8').replace('"c9"', '"c99"'));
    fs.rmSync(path.join(home, 'cache', 'decks'), { recursive: true });
    expect(lintJson(copy, home).report.diagnostics).toEqual(again.report.diagnostics);
  });
  it('sets aside an answers file beside a big deck cold, warm (deck cache) and re-linted after an edit (card cache)', () => {
    // Lint leaves the heads of a cached deck with their own tags only (load-decks.ts, fromCache's
    // ownTags): their ids must still tell the answers file from a deck on every path.
    const decks = path.join(dir, 'decks');
    fs.mkdirSync(decks);
    fs.writeFileSync(path.join(decks, 'big.yaml'), bigDeck());
    fs.writeFileSync(path.join(decks, 'answers.yaml'), 'c5: word 5\nbig/c1999: word 1999\n');
    const home = path.join(dir, 'home');
    const lint = () => {
      const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), 'deck', 'lint', 'decks', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: home, RECALL_HOME: home, NO_COLOR: '1' },
      });
      return { code: r.status, report: JSON.parse(r.stdout) as { errors: number; files: number; skipped: string[] }, stderr: r.stderr };
    };
    const notice = 'recall: decks/answers.yaml: skipped, an answers file (its keys are cards of these decks), not a deck; name it to lint it as one\n';
    const cold = lint();
    const warm = lint();
    fs.writeFileSync(path.join(decks, 'big.yaml'), bigDeck((c, i) => (i === 1000 ? c.replace('code word for 1000.', 'code word for 1000 (edited).') : c)));
    const relint = lint();
    expect(fs.readdirSync(path.join(home, 'cache', 'cards')).length).toBeGreaterThan(0);
    for (const r of [cold, warm, relint]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(notice);
      expect(r.report).toMatchObject({ errors: 0, files: 1, skipped: ['decks/answers.yaml'] });
    }
  });
});
