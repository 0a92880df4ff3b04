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
import { lintToEntry, lintWhole, readCardMemo, storeBytes, type CardMemo, type LintResult } from '../../src/adapters/lint-source.js';
import { commonEnds, itemAt, storedStarts } from '../../src/adapters/card-store.js';
import { encodeEntry, entryOf, type DeckEntry } from '../../src/adapters/deck-entry.js';
import { answerHash } from '../../src/core/hash.js';
import { rng } from '../../src/core/random.js';
import { mutate, seeds } from '../helpers/mutate.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The deck-cache entry of the one-piece lint: what every lint of `text` must give, byte for byte. */
function cold(text: string, file = 'd.yaml'): Buffer {
  const result: LintResult = lintWhole(text, file);
  for (const card of result.deck?.cards ?? []) card.hash = answerHash(card);
  return encodeEntry(entryOf(result));
}

/** An entry's bytes, or undefined (the text must be parsed in one piece). */
const bytesOf = (entry: DeckEntry | undefined) => entry && encodeEntry(entry);

/** The card cache left by linting `before` (every card stored). */
function cacheOf(before: string, file = 'd.yaml'): Buffer | undefined {
  const first: CardMemo = { items: [], salt: 't', rewriteAfter: 0 };
  lintToEntry(before, file, first);
  return first.store && storeBytes(first.store);
}

/** Lints `text` with the cache left by linting `before`. */
function relint(before: string, text: string, file = 'd.yaml'): { entry: Buffer | undefined; memo: CardMemo } {
  const memo: CardMemo = { ...readCardMemo(cacheOf(before, file), 't'), rewriteAfter: 0 };
  return { entry: bytesOf(lintToEntry(text, file, memo)), memo };
}

/** The diagnostics an entry holds, as `line:col severity CODE message` (the file is the reader's). */
function shown(entry: Buffer | undefined): string[] {
  const head = JSON.parse(entry!.toString('utf8', 0, entry!.indexOf(0x0a))) as { diagnostics: Array<{ line: number; col: number; severity: string; code: string; message: string }> };
  return head.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`);
}

const card = (id: string, extra = '') => `  - id: ${id}\n    type: truefalse\n    statement: "Statement ${id} is true."\n    answer: true\n${extra}`;
const deck = (cards: string[], head = 'deck: d\ntitle: D\ntags: [x]\n') => `${head}cards:\n${cards.join('')}`;
const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);

describe('the card cache (lint-source.ts lintToEntry)', () => {
  it('re-checks only the edited card and gives the one-piece lint\'s deck-cache entry, byte for byte', () => {
    const before = deck(ids.map((id) => card(id)));
    const after = before.replace('Statement c7 is true.', 'Statement c7 is now false.');
    const { entry, memo } = relint(before, after);
    expect(memo.hits).toBe(39);
    expect(memo.misses).toBe(1);
    expect(entry).toEqual(cold(after));
  });

  it('keeps cards whose lines moved (positions and bodies follow) and re-checks a card with no id when its place changes', () => {
    const noId = '  - type: truefalse\n    statement: "No id here."\n    answer: true\n';
    const before = deck([...ids.slice(0, 5).map((id) => card(id)), noId, ...ids.slice(5).map((id) => card(id))]);
    const after = deck([card('new', '    # a comment\n\n'), ...ids.slice(0, 5).map((id) => card(id)), noId, ...ids.slice(5).map((id) => card(id))]);
    const { entry, memo } = relint(before, after);
    expect(memo.misses).toBe(2); // the new card, and the card named "card 7" now instead of "card 6"
    expect(shown(entry).some((d) => d.includes('card 7'))).toBe(true);
    expect(entry).toEqual(cold(after));
  });

  it('moves a cached card\'s body with it: the deck-cache entry holds each card\'s new line', () => {
    const before = deck(ids.map((id) => card(id)));
    const after = deck([card('new', '    # a comment\n\n'), ...ids.map((id) => card(id))]);
    const { entry, memo } = relint(before, after);
    expect(memo.misses).toBe(1);
    // c0 was on line 5, and is 6 lines further down now; its body comes from the cache.
    expect(entry!.toString()).toContain('{"pos":{"line":11,"col":5},"statement":"Statement c0 is true.","answer":true}');
    expect(entry).toEqual(cold(after));
  });

  it('re-checks every card when the deck tags or typos change, and reports duplicates across cached cards', () => {
    const before = deck(ids.map((id) => card(id, id === 'c3' ? '    tags: [y]\n' : '')));
    const retagged = before.replace('tags: [x]', 'tags: [x, y]\ntypos: false');
    const a = relint(before, retagged);
    expect(a.memo.hits).toBe(0);
    expect(a.entry).toEqual(cold(retagged));
    const duplicated = before.replace('id: c30', 'id: c3');
    const b = relint(before, duplicated);
    expect(b.memo.misses).toBe(1);
    expect(shown(b.entry).join('\n')).toContain('DUPLICATE_ID');
    expect(b.entry).toEqual(cold(duplicated));
  });

  it('checks again a card moved elsewhere in the deck (it is found by its place), with the same result', () => {
    const before = deck(ids.map((id) => card(id)));
    const moved = deck([...ids.slice(0, 3), 'c30', ...ids.slice(3, 30), ...ids.slice(31)].map((id) => card(id)));
    const { entry, memo } = relint(before, moved);
    // c30 and the cards between its old and new place: the text changed from where c30 now is to
    // where it was.
    expect(memo.misses).toBe(28);
    expect(memo.hits).toBe(12);
    expect(entry).toEqual(cold(moved));
  });

  it('leaves the stored entries as they were: a second re-lint from the same memo gives the same result', () => {
    // Cached checks are copied, never changed, and left-out lists read as one frozen empty array:
    // nothing a lint does may change an entry another card or lint reads.
    const before = deck(ids.map((id) => card(id, id === 'c9' ? '    colour: red\n    hint: !custom "h"\n' : '')));
    const after = before.replace('id: c31', 'id: c3').replace('  - id: c2\n', '  # moved down a line\n  - id: c2\n');
    const memo: CardMemo = { ...readCardMemo(cacheOf(before), 't'), rewriteAfter: 1_000 };
    const once = bytesOf(lintToEntry(after, 'a.yaml', memo));
    // Cards are found where the texts are the same from the start and from the end: c1 (followed
    // by the new comment line now) to c31, between the two edits, are checked again.
    expect(memo.hits).toBe(9);
    const twice = bytesOf(lintToEntry(after, 'b.yaml', memo));
    expect(memo.hits).toBe(9);
    expect(once).toEqual(cold(after, 'a.yaml'));
    expect(twice).toEqual(cold(after, 'b.yaml'));
    const codes = shown(twice).join('\n');
    expect(codes).toContain('UNKNOWN_FIELD');
    expect(codes).toContain('UNKNOWN_TAG'); // a YAML diagnostic, kept with the card's entry
    expect(codes).toContain('DUPLICATE_ID');
  });

  it('reports a near duplicate an edit makes, and drops one an edit unmakes, as the one-piece lint does', () => {
    // The deck-wide rules run over every card, cached or not: NEAR_DUPLICATE follows the edit.
    const q = (id: string, text: string) => `  - id: ${id}\n    type: basic\n    front: "${text}"\n    back: "b"\n`;
    const texts = ids.map((id, i) => `Which service number ${i} stores ${id} objects durably?`);
    const before = deck(ids.map((id, i) => q(id, texts[i]!)));
    const made = before.replace(texts[30]!, texts[4]!.replace('?', ' today?'));
    const a = relint(before, made);
    expect(a.memo.misses).toBe(1);
    expect(shown(a.entry).filter((d) => d.includes('NEAR_DUPLICATE'))).toEqual([expect.stringContaining('card "c30" asks nearly the same as card "c4"')]);
    expect(a.entry).toEqual(cold(made));
    const b = relint(made, before);
    expect(b.memo.misses).toBe(1);
    expect(shown(b.entry).filter((d) => d.includes('NEAR_DUPLICATE'))).toEqual([]);
    expect(b.entry).toEqual(cold(before));
  });

  it('treats an entry of the wrong shape, or in the wrong place, as a miss, never a crash or a pass', () => {
    const before = deck(ids.map((id) => card(id, id === 'c1' ? '    lint: { ignore: [NEAR_DUPLICATE], why: "meant alike" }\n' : '')));
    const stored = cacheOf(before)!;
    const nl = stored.indexOf(0x0a);
    type Entry = { base: number; check: Record<string, unknown> & { card?: Record<string, unknown> }; yaml: unknown[] };
    type Item = [number, number, Entry, number, number];
    const head = JSON.parse(stored.toString('utf8', 0, nl)) as { context: string; text: number; cards: Item[] };
    const rest = stored.subarray(nl + 1);
    expect(rest.toString('utf8', 0, head.text)).toBe(before);
    expect(head.cards).toHaveLength(40);
    // Empty lists are left out of stored entries (compactEntry), and read as empty.
    expect(stored.toString()).not.toMatch(/"(diagnostics|findings|yaml)":\[\]/);
    const withCard = (e: Entry, change: Record<string, unknown>) => ({ ...e, check: { ...e.check, card: { ...e.check.card, ...change } } });
    const broken: Array<(e: Entry) => unknown> = [
      () => null,
      () => 'x',
      (e) => ({ ...e, yaml: 'no' }),
      (e) => ({ ...e, yaml: null }),
      (e) => ({ ...e, check: { ...e.check, diagnostics: null } }),
      (e) => ({ ...e, check: { ...e.check, findings: {} } }),
      (e) => withCard(e, { type: 'essay' }),
      (e) => withCard(e, { id: 'c99' }), // not the card of the check's id
      (e) => withCard(e, { hash: undefined }),
      (e) => withCard(e, { tags: 'x' }),
      (e) => withCard(e, { answer: 'yes' }),
      (e) => withCard(e, { answer: undefined }),
      (e) => withCard(e, { options: 4, keyLongest: true }), // a true/false card with options
      (e) => withCard(e, { stem: 7 }),
      (e) => withCard(e, { lint: { ignore: 'NEAR_DUPLICATE', why: 'w' } }),
      (e) => withCard(e, { pos: { line: -1, col: 5 } }),
      (e) => ({ ...e, check: { ...e.check, card: 'card' } }),
      // claims a clean card while reporting an error: the card must not pass
      (e) => ({ ...e, check: { ...e.check, diagnostics: [{ line: 1, col: 1, severity: 'error', code: 'X', message: 'm' }] } }),
      (e) => ({ ...e, check: { ...e.check, findings: [{ line: 1, col: 1, code: 'NOT_A_RULE', message: 'm' }] } }),
      (e) => ({ ...e, check: { ...e.check, index: -1 } }),
      (e) => ({ ...e, base: 0 }),
      (e) => ({ ...e, check: { ...e.check, id: { id: 5, line: 1, col: 1 } } }),
      (e) => ({ ...e, check: { ...e.check, waiver: { waiver: { ignore: 'x', why: 'y' }, at: { line: 1, col: 1 } } } }),
    ];
    // Card 1 (c1, the one with a waiver) stays as stored: its waiver keeps working from the cache.
    const skip = 1;
    broken.forEach((breakIt, i) => (head.cards[i + skip + 1]![2] = breakIt(head.cards[i + skip + 1]![2]) as never));
    // Places that are not the card's: those cards are misses too.
    const len = rest.length;
    const misplaced: Array<(c: Item) => unknown> = [
      ([s, e, x, b, f]) => [s, e + 1, x, b, f],
      ([, e, x, b, f]) => [-1, e, x, b, f],
      ([s, , x, b, f]) => [s, s, x, b, f],
      ([s, e, x, b, f]) => [String(s), e, x, b, f],
      ([s, e, x, b, f]) => [s + 0.5, e, x, b, f],
      ([s, e, x, , f]) => [s, e, x, len + 1, f],
      ([s, e, x, b]) => [s, e, x, b, len + 1],
      ([s, e, x, b, f]) => [s, e, x, f, b - 1],
      ([s, e, x]) => [s, e, x],
      ([s, e]) => [s, e],
      () => 'not an item',
    ];
    const firstMisplaced = skip + 1 + broken.length;
    misplaced.forEach((breakIt, i) => (head.cards[firstMisplaced + i] = breakIt(head.cards[firstMisplaced + i]!) as never));
    const content = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), rest]);
    const memo: CardMemo = readCardMemo(content, 't');
    const entry = bytesOf(lintToEntry(before, 'd.yaml', memo));
    expect(memo.misses).toBe(broken.length + misplaced.length);
    expect(memo.hits).toBe(40 - broken.length - misplaced.length);
    expect(entry).toEqual(cold(before));
    // A body that is not a card body (here, its bytes moved by one) fails when the card is made
    // whole, never in the lint: the lint's diagnostics come from the entries.
    // Another context (the deck's tags, typos, the rules or recall's version): every card misses.
    const other = readCardMemo(Buffer.concat([Buffer.from(`${JSON.stringify({ ...head, context: `${head.context}x` })}\n`), rest]), 't');
    expect(bytesOf(lintToEntry(before, 'd.yaml', other))).toEqual(cold(before));
    expect(other.hits).toBe(0);
    const junk = [undefined, '', 'not json', '[]', 'null', '{"a": 1}', `[]\n${before}`, `null\n${before}`, `{"context":1,"text":0,"cards":[]}\n${before}`, `{"context":"c","text":0,"cards":{}}\n${before}`, `{"context":"c","text":-1,"cards":[]}\n`, `{"context":"c","text":99999,"cards":[]}\n`, `{"context":"c"\n${before}`];
    for (const body of junk) {
      const m = readCardMemo(body === undefined ? undefined : Buffer.from(body), 't');
      expect(m.items).toHaveLength(0);
      expect(bytesOf(lintToEntry(before, 'd.yaml', m))).toEqual(cold(before));
    }
  });

  it('finds a card only with its exact text: a card differing by one character, or by a trailing space, is checked again', () => {
    const before = deck(ids.map((id) => card(id)));
    for (const after of [before.replace('Statement c9 is', 'Statement c9  is'), before.replace('answer: true\n  - id: c12', 'answer: true \n  - id: c12')]) {
      const { entry, memo } = relint(before, after);
      expect(memo.misses).toBe(1);
      expect(entry).toEqual(cold(after));
    }
  });

  it('compares places in bytes: cards after characters of 2, 3 and 4 bytes are found and placed right', () => {
    const before = deck(ids.map((id, i) => card(id, i % 5 === 0 ? `    explain: "Café, 5 €, 😀 ${i}."\n` : '')));
    const after = before.replace('Statement c17 is', 'Statement c17 — still — is').replace('😀 20."', '😀😀 20."\n    hint: "ü"');
    const { entry, memo } = relint(before, after);
    expect(memo.misses).toBe(4); // c17 to c20: between the edits
    expect(memo.hits).toBe(36);
    expect(entry).toEqual(cold(after));
  });

  it('finds how many bytes two texts share from the start and from the end, as a byte-by-byte walk does', () => {
    // A card is taken from the cache only inside what the texts share: one byte too many would give
    // a card whose first or last byte changed the stored card's check.
    const rand = rng(0xb17e);
    const walk = (a: Uint8Array, b: Uint8Array) => {
      const n = Math.min(a.length, b.length);
      let head = 0;
      while (head < n && a[head] === b[head]) head++;
      let tail = 0;
      while (tail < n && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      return { head, tail };
    };
    const sizes = [0, 1, 2, 4095, 4096, 4097, 8191, 8192, 8193, 12_000];
    for (let n = 0; n < 300; n++) {
      const a = Buffer.from(Array.from({ length: sizes[n % sizes.length]! + Math.floor(rand() * 3) }, () => 97 + Math.floor(rand() * 2)));
      const b = Buffer.from(a);
      const change = Math.floor(rand() * 3);
      const at = Math.floor(rand() * (a.length + 1));
      const edited = change === 0 ? b : change === 1 ? Buffer.concat([b.subarray(0, at), Buffer.from('x'), b.subarray(at)]) : Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(rand() * 5000)))]);
      if (change === 0 && b.length > 0) b[at % b.length] = 120;
      expect(commonEnds(a, edited)).toEqual(walk(a, edited));
      expect(commonEnds(edited, a)).toEqual(walk(edited, a));
    }
  });

  it('finds the stored item at a place, or none, skipping items of the wrong shape', () => {
    const starts = storedStarts({ items: ['x', [0, 5], [10, 20], 'bad', [30, 40], [40, 50], null, ['50', 60], [60, 70]], salt: 't' });
    expect([0, 10, 30, 40, 60].map((at) => itemAt(starts, at))).toEqual([1, 2, 4, 5, 8]);
    expect([5, 20, 50, 70, -1].map((at) => itemAt(starts, at))).toEqual([-1, -1, -1, -1, -1]);
    expect(itemAt(new Float64Array(0), 0)).toBe(-1);
  });

  it('gives the one-piece entry after an edit, on 400 mutated decks (seeded)', () => {
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
      const { entry, memo } = relint(before, after, 'm.yaml');
      if (entry === undefined) continue;
      compared++;
      hits += memo.hits ?? 0;
      if (!entry.equals(cold(after, 'm.yaml'))) failures.push(`case ${n}:\n--- before\n${before}\n--- after\n${after}`);
    }
    expect(failures.slice(0, 1)).toEqual([]);
    expect(compared).toBeGreaterThan(150);
    expect(hits).toBeGreaterThan(1_000);
  }, 240_000);

  it('gives the one-piece entry after editing one card, on 300 seeded edits that make, unmake and waive near duplicates', () => {
    // Questions from a few templates, so that an edit can make a card nearly repeat another, stop
    // repeating it, or waive the rule; edits also add and remove lines (cards below move, and their
    // stored bodies with them), change ids (duplicates) and types, and break a card.
    const rand = rng(0x17ed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const nouns = ['bucket', 'queue', 'table', 'stream', 'function', 'topic', 'cluster', 'volume', 'key', 'role'];
    const question = (i: number) => `Which service ${nouns[i % nouns.length]} number ${i} keeps ${nouns[(i * 7) % nouns.length]} data for ${i % 13} days?`;
    const cardText = (i: number, front: string, extra = '') => `  - id: q${i}\n    type: basic\n    front: "${front}"\n    back: "answer ${i}"\n${extra}`;
    const base = Array.from({ length: 120 }, (_, i) => cardText(i, question(i), i % 17 === 0 ? '    explain: |\n      Why it is so.\n' : ''));
    const text = (cards: string[]) => deck(cards, 'deck: near\ntitle: Near\ntags: [aws]\n');
    const failures: string[] = [];
    let near = 0;
    let hits = 0;
    for (let n = 0; n < 300; n++) {
      const cards = [...base];
      // Some runs start from a deck that already has a near duplicate.
      if (rand() < 0.3) cards[5] = cardText(5, `${question(60)} now`);
      const before = text(cards);
      const i = Math.floor(rand() * cards.length);
      const j = Math.floor(rand() * cards.length);
      const edited = [...cards];
      switch (Math.floor(rand() * 7)) {
        case 0: // make a near duplicate of another card
          edited[i] = cardText(i, `${question(j)} today`);
          break;
        case 1: // unmake one (or just reword)
          edited[i === 5 ? 5 : i] = cardText(i === 5 ? 5 : i, `Something else entirely about ${pick(nouns)} ${i}`);
          break;
        case 2: // a near duplicate, waived
          edited[i] = cardText(i, `${question(j)} today`, '    lint: { ignore: [NEAR_DUPLICATE], why: "asked twice on purpose" }\n');
          break;
        case 3: // lines added or removed inside a card: every card below moves
          edited[i] = rand() < 0.5 ? cardText(i, question(i), '    # a note\n\n    hint: "h"\n') : edited[i]!.replace(/\n    back: .*\n/, '\n    back: "x"\n');
          break;
        case 4: // a duplicate id
          edited[i] = edited[i]!.replace(`id: q${i}\n`, `id: q${j}\n`);
          break;
        case 5: // another type, or a broken card
          edited[i] = rand() < 0.5 ? `  - id: q${i}\n    type: truefalse\n    statement: "${question(i)}"\n    answer: ${rand() < 0.5}\n` : `  - id: q${i}\n    type: basic\n    front: "${question(i)}"\n`;
          break;
        default: // a card removed, or one added
          if (rand() < 0.5) edited.splice(i, 1);
          else edited.splice(i, 0, cardText(900 + i, `${question(j)} again`));
      }
      const after = text(edited);
      const { entry, memo } = relint(before, after, 'n.yaml');
      if (entry === undefined) {
        failures.push(`case ${n}: not linted in pieces`);
        continue;
      }
      hits += memo.hits ?? 0;
      if (shown(entry).some((d) => d.includes('NEAR_DUPLICATE'))) near++;
      if (!entry.equals(cold(after, 'n.yaml'))) failures.push(`case ${n}:\n--- before\n${before}\n--- after\n${after}`);
    }
    expect(failures.slice(0, 1)).toEqual([]);
    expect(near).toBeGreaterThan(100);
    expect(hits).toBeGreaterThan(300 * 100);
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
    fileCardCache(dir, () => key).save(text, Buffer.from('{"k":1}'));
    expect(Buffer.from(fileCardCache(dir, () => key).open(text)!).toString()).toBe('{"k":1}');
    expect(fileCardCache(dir, () => Buffer.alloc(32, 8)).open(text)).toBeUndefined();
    expect(fileCardCache(dir, () => undefined).open(text)).toBeUndefined();
    // another deck id is another file
    expect(fileCardCache(dir, () => key).open(text.replace('one', 'two'))).toBeUndefined();
  });

  it('an entry file edited without the key, or moved to another deck\'s name, is a miss', () => {
    const cache = fileCardCache(dir, () => key);
    cache.save(text, Buffer.from('{"k":1}'));
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name!);
    const [mac] = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${mac}\n{"k":2}`);
    expect(fileCardCache(dir, () => key).open(text)).toBeUndefined();
    cache.save(text, Buffer.from('{"k":3}'));
    fileCardCache(dir, () => key).save(text.replace('one', 'two'), Buffer.from('{"k":4}'));
    const other = fs.readdirSync(dir).find((n) => n !== name)!;
    fs.copyFileSync(path.join(dir, other), file);
    expect(fileCardCache(dir, () => key).open(text)).toBeUndefined();
  });

  it('writes a lint\'s store a piece at a time: the same content as its bytes in one piece, signed', () => {
    const first: CardMemo = { items: [], salt: 't', rewriteAfter: 0 };
    lintToEntry(deck(ids.map((id) => card(id, '    explain: "Café, 5 €, 😀."\n'))), 'd.yaml', first);
    // Deck texts of many 64 KB pieces, with characters of 2, 3 and 4 bytes (a surrogate pair) around
    // where a piece of a body ends: a pair cut in two would be written as two replacement characters.
    for (const filler of ['é', '€', '😀', 'x']) {
      const store = { ...first.store!, text: Buffer.from(`${text}${'x'.repeat(65_530)}${filler.repeat(8)}${'y 😀 é € '.repeat(40_000)}`), bodies: first.store!.bodies.map((b) => (typeof b === 'string' ? `${b}${filler.repeat(30_000)}` : b)) };
      fileCardCache(dir, () => key).save(text, store);
      const stored = Buffer.from(fileCardCache(dir, () => key).open(text)!);
      const made = storeBytes(store);
      // All but the MAC of the re-lint section's tail (delta-section.ts), which only a writer with the key makes.
      expect(stored.length).toBe(made.length);
      expect(stored.subarray(0, -64).equals(made.subarray(0, -64))).toBe(true);
      expect(made.subarray(-64).toString()).toBe('0'.repeat(64));
      expect(stored.subarray(-64).toString()).toMatch(/^[0-9a-f]{64}$/);
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
    cache.save(text, Buffer.from('{}x'));
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
    for (let i = 0; i < MAX_FILES + 5; i++) fileCardCache(dir, () => key).save(`deck: d${i}\n`, Buffer.from(`{"i":${i}}`));
    const left = fs.readdirSync(dir);
    expect(left).toContain('not-ours.txt');
    expect(left.length).toBe(MAX_FILES + 1);
  });
});
