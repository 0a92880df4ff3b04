// The card cache of big decks: a re-lint takes every unchanged card's check from the cache and
// must still give exactly what the one-piece lint gives. The cache file is untrusted: signed with the
// store's key, each entry checked before use; anything wrong is a miss.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCardCache, MAX_FILES } from '../../src/adapters/card-cache.js';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { readSigned, writeSignedStreamed } from '../../src/adapters/signed-files.js';
import { lintInChunks, lintWhole, readCardMemo, storeText, type CardMemo, type LintResult } from '../../src/adapters/lint-source.js';
import { rng } from '../../src/core/random.js';
import { mutate, seeds } from '../helpers/mutate.js';

const root = path.resolve(import.meta.dirname, '../..');

/** A cached card carries its answer hash (load-decks.ts hashes the others after the lint). */
function withoutHashes(r: LintResult | undefined): unknown {
  if (!r) return r;
  return { ...r, deck: r.deck && { ...r.deck, cards: r.deck.cards.map(({ hash: _hash, ...c }) => c) } };
}

/** Lints `text` with the cache left by linting `before` (every card stored). */
function relint(before: string, text: string, file = 'd.yaml', firstFile = file): { result: LintResult | undefined; memo: CardMemo } {
  const first: CardMemo = { entries: new Map(), salt: 't', rewriteAfter: 0 };
  lintInChunks(before, firstFile, undefined, first);
  const memo: CardMemo = { ...readCardMemo(first.store && storeText(first.store), 't'), rewriteAfter: 0 };
  return { result: lintInChunks(text, file, undefined, memo), memo };
}

const card = (id: string, extra = '') => `  - id: ${id}\n    type: truefalse\n    statement: "Statement ${id} is true."\n    answer: true\n${extra}`;
const deck = (cards: string[], head = 'deck: d\ntitle: D\ntags: [x]\n') => `${head}cards:\n${cards.join('')}`;
const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);

describe('the card cache (lint-source.ts)', () => {
  it('re-checks only the edited card and gives the one-piece result', () => {
    const before = deck(ids.map((id) => card(id)));
    const after = before.replace('Statement c7 is true.', 'Statement c7 is now false.');
    const { result, memo } = relint(before, after);
    expect(memo.hits).toBe(39);
    expect(memo.misses).toBe(1);
    expect(withoutHashes(result)).toEqual(lintWhole(after, 'd.yaml'));
  });

  it('reports cached warnings in the file linted now, not the file first linted', () => {
    const before = deck(ids.map((id) => card(id, id === 'c20' ? '    colour: red\n' : '')));
    const { result, memo } = relint(before, before, 'copy.yaml', 'original.yaml');
    expect(memo.hits).toBe(40);
    expect(result!.diagnostics.map((d) => `${d.file} ${d.code}`)).toContain('copy.yaml UNKNOWN_FIELD');
    expect(withoutHashes(result)).toEqual(lintWhole(before, 'copy.yaml'));
  });

  it('keeps cards whose lines moved (positions follow) and re-checks a card with no id when its place changes', () => {
    const noId = '  - type: truefalse\n    statement: "No id here."\n    answer: true\n';
    const before = deck([...ids.slice(0, 5).map((id) => card(id)), noId, ...ids.slice(5).map((id) => card(id))]);
    const after = deck([card('new', '    # a comment\n\n'), ...ids.slice(0, 5).map((id) => card(id)), noId, ...ids.slice(5).map((id) => card(id))]);
    const { result, memo } = relint(before, after);
    expect(memo.misses).toBe(2); // the new card, and the card named "card 7" now instead of "card 6"
    const whole = lintWhole(after, 'd.yaml');
    expect(whole.diagnostics.some((d) => d.message.includes('card 7'))).toBe(true);
    expect(withoutHashes(result)).toEqual(whole);
  });

  it('re-checks every card when the deck tags or typos change, and reports duplicates across cached cards', () => {
    const before = deck(ids.map((id) => card(id, id === 'c3' ? '    tags: [y]\n' : '')));
    const retagged = before.replace('tags: [x]', 'tags: [x, y]\ntypos: false');
    const a = relint(before, retagged);
    expect(a.memo.hits).toBe(0);
    expect(withoutHashes(a.result)).toEqual(lintWhole(retagged, 'd.yaml'));
    const duplicated = before.replace('id: c30', 'id: c3');
    const b = relint(before, duplicated);
    expect(b.memo.misses).toBe(1);
    expect(b.result!.diagnostics.map((d) => d.code)).toContain('DUPLICATE_ID');
    expect(withoutHashes(b.result)).toEqual(lintWhole(duplicated, 'd.yaml'));
  });

  it('leaves the stored entries as they were: a second re-lint from the same memo gives the same result', () => {
    // Cached checks without diagnostics are used as they are, and left-out lists share one frozen
    // array (expandEntry): nothing a lint does may change an entry another card or lint reads.
    const before = deck(ids.map((id) => card(id, id === 'c9' ? '    colour: red\n    hint: !custom "h"\n' : '')));
    const after = before.replace('id: c31', 'id: c3');
    const first: CardMemo = { entries: new Map(), salt: 't', rewriteAfter: 0 };
    lintInChunks(before, 'd.yaml', undefined, first);
    const memo: CardMemo = { ...readCardMemo(storeText(first.store!), 't'), rewriteAfter: 1_000 };
    const once = lintInChunks(after, 'a.yaml', undefined, memo);
    expect(memo.hits).toBe(39);
    const twice = lintInChunks(after, 'b.yaml', undefined, memo);
    expect(memo.hits).toBe(39);
    // The first result is compared after the second lint: a cached diagnostic changed in place
    // would now name b.yaml.
    expect(withoutHashes(once)).toEqual(lintWhole(after, 'a.yaml'));
    expect(withoutHashes(twice)).toEqual(lintWhole(after, 'b.yaml'));
    const shown = twice!.diagnostics.map((d) => `${d.file} ${d.code}`);
    expect(shown).toContain('b.yaml UNKNOWN_FIELD');
    expect(shown).toContain('b.yaml UNKNOWN_TAG'); // a YAML diagnostic, kept with the card's entry
    expect(shown).toContain('b.yaml DUPLICATE_ID');
  });

  it('reports a near duplicate an edit makes, and drops one an edit unmakes, as the one-piece lint does', () => {
    // The deck-wide rules run over every card, cached or not: NEAR_DUPLICATE follows the edit.
    const q = (id: string, text: string) => `  - id: ${id}\n    type: basic\n    front: "${text}"\n    back: "b"\n`;
    const texts = ids.map((id, i) => `Which service number ${i} stores ${id} objects durably?`);
    const before = deck(ids.map((id, i) => q(id, texts[i]!)));
    const made = before.replace(texts[30]!, texts[4]!.replace('?', ' today?'));
    const a = relint(before, made);
    expect(a.memo.misses).toBe(1);
    expect(a.result!.diagnostics.filter((d) => d.code === 'NEAR_DUPLICATE').map((d) => d.message)).toEqual([expect.stringContaining('card "c30" asks nearly the same as card "c4"')]);
    expect(withoutHashes(a.result)).toEqual(lintWhole(made, 'd.yaml'));
    const b = relint(made, before);
    expect(b.memo.misses).toBe(1);
    expect(b.result!.diagnostics.filter((d) => d.code === 'NEAR_DUPLICATE')).toEqual([]);
    expect(withoutHashes(b.result)).toEqual(lintWhole(before, 'd.yaml'));
  });

  it('treats an entry of the wrong shape as a miss, never a crash or a pass', () => {
    const before = deck(ids.map((id) => card(id)));
    const first: CardMemo = { entries: new Map(), salt: 't', rewriteAfter: 0 };
    lintInChunks(before, 'd.yaml', undefined, first);
    const stored = storeText(first.store!);
    const nl = stored.indexOf('\n');
    type Entry = { base: number; check: Record<string, unknown>; yaml: unknown[] };
    const head = JSON.parse(stored.slice(0, nl)) as { context: string; cards: Array<[number, number, Entry]> };
    const text = stored.slice(nl + 1);
    expect(text).toBe(before);
    expect(head.cards).toHaveLength(40);
    // Empty lists are left out of stored entries (compactEntry), and put back when read.
    expect(stored).not.toMatch(/"(diagnostics|findings|yaml)":\[\]/);
    const broken: Array<(e: Entry) => unknown> = [
      () => null,
      () => 'x',
      (e) => ({ ...e, yaml: 'no' }),
      (e) => ({ ...e, yaml: null }),
      (e) => ({ ...e, check: { ...e.check, diagnostics: null } }),
      (e) => ({ ...e, check: { ...e.check, findings: {} } }),
      (e) => ({ ...e, check: { ...e.check, card: { ...(e.check.card as object), type: 'essay' } } }),
      // claims a clean card while reporting an error: the card must not pass
      (e) => ({ ...e, check: { ...e.check, diagnostics: [{ line: 1, col: 1, severity: 'error', code: 'X', message: 'm' }] } }),
      (e) => ({ ...e, check: { ...e.check, findings: [{ line: 1, col: 1, code: 'NOT_A_RULE', message: 'm' }] } }),
      (e) => ({ ...e, check: { ...e.check, index: -1 } }),
      (e) => ({ ...e, base: 0 }),
      (e) => ({ ...e, check: { ...e.check, id: { id: 5, line: 1, col: 1 } } }),
      (e) => ({ ...e, check: { ...e.check, waiver: { waiver: { ignore: 'x', why: 'y' }, at: { line: 1, col: 1 } } } }),
    ];
    broken.forEach((breakIt, i) => (head.cards[i]![2] = breakIt(head.cards[i]![2]) as never));
    // Places that are not a card's text in the stored deck text: those cards are misses too.
    const misplaced: Array<(c: [number, number, Entry]) => unknown> = [
      ([s, e, x]) => [s, e + text.length, x],
      ([, e, x]) => [-1, e, x],
      ([s, , x]) => [s, s, x],
      ([s, e, x]) => [String(s), e, x],
      ([s, e, x]) => [s + 0.5, e, x],
      ([s, e]) => [s, e],
      () => 'not an item',
    ];
    misplaced.forEach((breakIt, i) => (head.cards[broken.length + i] = breakIt(head.cards[broken.length + i]!) as never));
    const memo: CardMemo = { ...readCardMemo(`${JSON.stringify(head)}\n${text}`, 't') };
    const result = lintInChunks(before, 'd.yaml', undefined, memo);
    expect(memo.misses).toBe(broken.length + misplaced.length);
    expect(memo.hits).toBe(40 - broken.length - misplaced.length);
    expect(withoutHashes(result)).toEqual(lintWhole(before, 'd.yaml'));
    // Another context (the deck's tags, typos, the rules or recall's version): every card misses.
    const other: CardMemo = { ...readCardMemo(`${JSON.stringify({ ...head, context: `${head.context}x` })}\n${text}`, 't') };
    expect(withoutHashes(lintInChunks(before, 'd.yaml', undefined, other))).toEqual(lintWhole(before, 'd.yaml'));
    expect(other.hits).toBe(0);
    const junk = [undefined, '', 'not json', '[]', 'null', '{"a": 1}', `[]\n${text}`, `null\n${text}`, `{"context":1,"cards":[]}\n${text}`, `{"context":"c","cards":{}}\n${text}`, `{"context":"c"\n${text}`];
    for (const body of junk) {
      const m = readCardMemo(body, 't');
      expect(m.entries.size).toBe(0);
      expect(withoutHashes(lintInChunks(before, 'd.yaml', undefined, m))).toEqual(lintWhole(before, 'd.yaml'));
    }
  });

  it('finds a card by its exact text: a card differing by one character, or by a trailing space, is checked again', () => {
    const before = deck(ids.map((id) => card(id)));
    for (const after of [before.replace('Statement c9 is', 'Statement c9  is'), before.replace('answer: true\n  - id: c12', 'answer: true \n  - id: c12')]) {
      const { result, memo } = relint(before, after);
      expect(memo.misses).toBe(1);
      expect(withoutHashes(result)).toEqual(lintWhole(after, 'd.yaml'));
    }
  });

  it('gives the one-piece result after an edit, on 400 mutated decks (seeded)', () => {
    const rand = rng(0xcace);
    const bundled = expandPaths(['decks'], root).map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
    const bases = [...seeds(), ...bundled];
    const failures: string[] = [];
    let compared = 0;
    let hits = 0;
    for (let n = 0; n < 400; n++) {
      let before = bases[n % bases.length]!;
      for (let k = Math.floor(rand() * 2); k > 0; k--) before = mutate(before, rand);
      let after = before;
      for (let k = 1 + Math.floor(rand() * 2); k > 0; k--) after = mutate(after, rand);
      const { result, memo } = relint(before, after, 'm.yaml');
      if (result === undefined) continue;
      compared++;
      hits += memo.hits ?? 0;
      if (JSON.stringify(withoutHashes(result)) !== JSON.stringify(lintWhole(after, 'm.yaml'))) failures.push(`case ${n}:\n--- before\n${before}\n--- after\n${after}`);
    }
    expect(failures.slice(0, 1)).toEqual([]);
    expect(compared).toBeGreaterThan(150);
    expect(hits).toBeGreaterThan(1_000);
  }, 240_000);
});

describe('the card cache file (card-cache.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-card-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const key = Buffer.alloc(32, 7);
  const text = 'deck: one\ntitle: T\ncards:\n';

  it('reads back what it wrote, under the same key only', () => {
    fileCardCache(dir, () => key).save(text, '{"k":1}');
    expect(fileCardCache(dir, () => key).open(text)).toBe('{"k":1}');
    expect(fileCardCache(dir, () => Buffer.alloc(32, 8)).open(text)).toBeUndefined();
    expect(fileCardCache(dir, () => undefined).open(text)).toBeUndefined();
    // another deck id is another file
    expect(fileCardCache(dir, () => key).open(text.replace('one', 'two'))).toBeUndefined();
  });

  it('an entry file edited without the key, or moved to another deck\'s name, is a miss', () => {
    const cache = fileCardCache(dir, () => key);
    cache.save(text, '{"k":1}');
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name!);
    const [mac] = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${mac}\n{"k":2}`);
    expect(fileCardCache(dir, () => key).open(text)).toBeUndefined();
    cache.save(text, '{"k":3}');
    fileCardCache(dir, () => key).save(text.replace('one', 'two'), '{"k":4}');
    const other = fs.readdirSync(dir).find((n) => n !== name)!;
    fs.copyFileSync(path.join(dir, other), file);
    expect(fileCardCache(dir, () => key).open(text)).toBeUndefined();
  });

  it('writes a lint\'s store a piece at a time: the same content as its text in one piece, signed', () => {
    const first: CardMemo = { entries: new Map(), salt: 't', rewriteAfter: 0 };
    lintInChunks(deck(ids.map((id) => card(id, '    explain: "Café, 5 €, 😀."\n'))), 'd.yaml', undefined, first);
    // Deck texts of many 64 KB pieces, with characters of 2, 3 and 4 bytes (a surrogate pair) around
    // where a piece of the text ends (21,845 code units): a pair cut in two would be written as two
    // replacement characters.
    for (const filler of ['é', '€', '😀', 'x']) {
      const long = `${text}${'x'.repeat(21_845 - text.length - 3)}${filler.repeat(8)}${'y 😀 é € '.repeat(40_000)}`;
      const store = { ...first.store!, text: long };
      fileCardCache(dir, () => key).save(text, store);
      expect(fileCardCache(dir, () => key).open(text)).toBe(storeText(store));
    }
  });

  it('a write made a piece at a time over its size cap leaves nothing behind', () => {
    const twice = (write: (bytes: Uint8Array) => void) => {
      write(Buffer.from('0123456789'));
      write(Buffer.from('0123456789'));
    };
    expect(writeSignedStreamed(dir, 'x.json', key, twice, 15)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(writeSignedStreamed(dir, 'x.json', key, twice, 20)).toBe(true);
    expect(readSigned(dir, 'x.json', () => key, 20)?.body.toString()).toBe('01234567890123456789');
    expect(readSigned(dir, 'x.json', () => Buffer.alloc(32, 8), 20)).toBeUndefined();
  });

  it('a FIFO or a symlink in place of the file is a miss, and writes keep at most MAX_FILES files', () => {
    const cache = fileCardCache(dir, () => key);
    cache.save(text, '{}x');
    const [name] = fs.readdirSync(dir);
    fs.rmSync(path.join(dir, name!));
    fs.symlinkSync('/etc/passwd', path.join(dir, name!));
    expect(cache.open(text)).toBeUndefined();
    fs.rmSync(path.join(dir, name!));
    if (process.platform !== 'win32') {
      spawnSync('mkfifo', [path.join(dir, name!)]);
      expect(cache.open(text)).toBeUndefined();
      fs.rmSync(path.join(dir, name!));
    }
    fs.writeFileSync(path.join(dir, 'not-ours.txt'), 'keep');
    for (let i = 0; i < MAX_FILES + 5; i++) fileCardCache(dir, () => key).save(`deck: d${i}\n`, `{"i":${i}}`);
    const left = fs.readdirSync(dir);
    expect(left).toContain('not-ours.txt');
    expect(left.length).toBe(MAX_FILES + 1);
  });
});
