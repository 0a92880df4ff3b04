// A re-lint after a small edit, worked out from the card cache's section (relint-delta.ts): it must
// give the deck-cache entry of the one-piece lint of the new text, byte for byte, or nothing (the
// lint then goes the whole way). Seeded edits of random cards: changed, inserted, removed, lines
// added and taken away, at the first and the last card, near duplicates made and unmade, waivers,
// findings, duplicate ids and broken cards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCardCache } from '../../src/adapters/card-cache.js';
import { lintToEntry, lintWhole, storeBytes, type CardMemo, type LintResult } from '../../src/adapters/lint-source.js';
import { decodeEntry, encodeEntry, entryOf, writeEntry } from '../../src/adapters/deck-entry.js';
import { deltaHit, encodeDeltaEntry, linePlace, relintDelta } from '../../src/adapters/relint-delta.js';
import { ranksIn, readSection, sectionStart } from '../../src/adapters/delta-section.js';
import { readCardMemo } from '../../src/adapters/card-store.js';
import { answerHash } from '../../src/core/hash.js';
import { rng } from '../../src/core/random.js';

/** The deck-cache entry of the one-piece lint: what every lint of `text` must give, byte for byte. */
function cold(text: string, file = 'd.yaml'): Buffer {
  const result: LintResult = lintWhole(text, file);
  for (const card of result.deck?.cards ?? []) card.hash = answerHash(card);
  return encodeEntry(entryOf(result));
}

/** The card cache a lint of `before` writes (every card stored). */
function cacheOf(before: string, file = 'd.yaml'): Buffer | undefined {
  const memo: CardMemo = { items: [], salt: 't', rewriteAfter: 0 };
  lintToEntry(before, file, memo);
  return memo.store && storeBytes(memo.store);
}

/** The re-lint's entry as bytes, checked to read back as the hit a command uses. */
function fast(content: Buffer, after: string, file = 'd.yaml'): Buffer | undefined {
  const entry = relintDelta(Buffer.from(after), content, file, 't', 1_000);
  if (entry === undefined) return undefined;
  const bytes = encodeDeltaEntry(entry);
  const hit = deltaHit(entry);
  const decoded = decodeEntry(bytes);
  // A hit exactly when its bytes decode (the loader writes and uses only such an entry).
  expect(hit === undefined).toBe(decoded === undefined);
  if (hit === undefined || decoded === undefined) return undefined;
  const { body: _b1, ...lint } = hit;
  const { body: _b2, ...want } = decoded;
  expect(lint).toEqual(want);
  for (let i = 0; i < (want.deck?.cards.length ?? 0); i++) expect(hit.body(i)).toBe(decoded.body(i));
  return bytes;
}

const nouns = ['bucket', 'queue', 'table', 'stream', 'function', 'topic', 'cluster', 'volume', 'key', 'role', 'clé', '桶'];
const question = (i: number) => `Which service ${nouns[i % nouns.length]} number ${i} keeps ${nouns[(i * 7) % nouns.length]} data for ${i % 13} days?`;

/** A card of each kind the deck-wide rules look at. */
function cardText(i: number, rand: () => number, id = `q${i}`): string {
  const kind = Math.floor(rand() * 10);
  const waiver = rand() < 0.1 ? `    lint: { ignore: [${rand() < 0.5 ? 'NEAR_DUPLICATE' : 'ABSOLUTE_WORD, NEAR_DUPLICATE'}], why: "on purpose" }\n` : '';
  switch (kind) {
    case 0:
      return `  - id: ${id}\n    type: truefalse\n    statement: "${question(i)}"\n    answer: ${rand() < 0.8}\n${waiver}`;
    case 1:
      return `  - id: ${id}\n    type: choice\n    prompt: "${question(i)}"\n    choices:\n      - text: "${rand() < 0.5 ? 'a much longer right option than the others here' : 'right'}"\n        correct: true\n      - text: "no"\n      - text: "${rand() < 0.2 ? 'always wrong' : 'maybe'}"\n${waiver}`;
    case 2:
      return `  - id: ${id}\n    type: basic\n    front: "Which one is not ${nouns[i % nouns.length]}?"\n    back: "b ${i}"\n${waiver}`;
    case 3:
      return `  - id: ${id}\n    type: basic\n    front: |\n      ${question(i)}\n      Second line.\n    back: "b"\n`;
    case 4:
      return `  - id: ${id}\n    type: basic\n    front: !!str "${question(i)}"\n    back: ${rand() < 0.5 ? '!shout ' : ''}"tagged"\n    extra: 1\n`;
    case 6: // two findings (ABSOLUTE_WORD, NEGATIVE_STEM), waived together or not
      return `  - id: ${id}\n    type: choice\n    prompt: "${question(i)} Which is not right?"\n    choices:\n      - text: "it never runs"\n        correct: true\n      - text: "it runs"\n${rand() < 0.5 ? `    lint: { ignore: [NEGATIVE_STEM, ABSOLUTE_WORD${rand() < 0.5 ? ', NEAR_DUPLICATE' : ''}], why: "both" }\n` : ''}`;
    case 5:
      return `  - id: ${id}\n    type: cloze\n    tags: [t${i % 3}]\n    text: "${question(i)} {{x${i}}}"\n`;
    default:
      return `  - id: ${id}\n    type: basic\n    front: "${question(i)}"\n    back: "answer ${i}"\n${waiver}`;
  }
}

const deckText = (cards: string[]) => `deck: delta\ntitle: Delta\ntags: [aws]\ncards:\n${cards.join('')}`;

describe('a re-lint from the card cache\'s section (relint-delta.ts)', () => {
  it('gives the one-piece entry after seeded edits of random cards, or nothing', () => {
    const rand = rng(0xde17a);
    const failures: string[] = [];
    let made = 0;
    let valid = 0;
    for (let n = 0; n < 400; n++) {
      const size = 20 + Math.floor(rand() * 60);
      const cards = Array.from({ length: size }, (_, i) => cardText(i, rand));
      if (rand() < 0.3) cards[3] = cardText(40, () => 0.9, 'q3'); // a near duplicate of card 40, perhaps
      const before = deckText(cards);
      const content = cacheOf(before);
      expect(content).toBeDefined();
      const edited = [...cards];
      const at = () => (rand() < 0.3 ? (rand() < 0.5 ? 0 : edited.length - 1) : Math.floor(rand() * edited.length));
      for (let k = 1 + Math.floor(rand() * 2); k > 0; k--) {
        const i = at();
        switch (Math.floor(rand() * 9)) {
          case 0: // another card in its place (another kind, perhaps more or fewer lines)
            edited[i] = cardText(i + 1000, rand, `q${i}`);
            break;
          case 1: // a near duplicate of another card
            edited[i] = `  - id: q${i}\n    type: basic\n    front: "${question(Math.floor(rand() * size))} today"\n    back: "x"\n`;
            break;
          case 2: // lines added inside it, or a line's text changed
            edited[i] = rand() < 0.5 ? `${edited[i]}    # a note\n\n    hint: "h"\n` : edited[i]!.replace(/"([^"]*)"/, '"$1 edited"');
            break;
          case 3: // removed
            if (edited.length > 2) edited.splice(i, 1);
            break;
          case 4: // one added
            edited.splice(i + (rand() < 0.5 ? 1 : 0), 0, cardText(2000 + n, rand, `new${n}k${k}`));
            break;
          case 5: // a duplicate id
            edited[i] = edited[i]!.replace(/id: \S+/, `id: q${Math.floor(rand() * size)}`);
            break;
          case 6: // broken
            edited[i] = `  - id: q${i}\n    type: basic\n    front: "no back"\n`;
            break;
          case 7: // comments and blank lines after it, or at the end
            edited[i] = `${edited[i]}\n    # after\n`;
            break;
          default: // a character of 2-4 bytes
            edited[i] = edited[i]!.replace('Which', 'Wh\u00efch \u{1F600}');
        }
      }
      const after = deckText(edited);
      const want = cold(after);
      if (!JSON.parse(want.toString('utf8', 0, want.indexOf(0x0a))).diagnostics.some((d: { severity: string }) => d.severity === 'error')) valid++;
      const got = fast(content!, after);
      if (got === undefined) continue;
      made++;
      if (!got.equals(want)) failures.push(`case ${n}:\n--- before\n${before}\n--- after\n${after}\n--- want\n${want.toString().slice(0, 3000)}\n--- got\n${got.toString().slice(0, 3000)}`);
    }
    expect(failures.slice(0, 1)).toEqual([]);
    // Most edits that leave the deck valid are re-linted this way.
    expect(made).toBeGreaterThan(valid * 0.9);
    expect(valid).toBeGreaterThan(200);
  }, 240_000);

  it('re-lints from the section an edit at the first or the last card, lines added or taken away, a card added or removed', () => {
    const rand = rng(11);
    const cards = Array.from({ length: 40 }, (_, i) => cardText(i, rand));
    const before = deckText(cards);
    const content = cacheOf(before)!;
    const extra = `  - id: added\n    type: basic\n    front: "A new card"\n    back: "b"\n`;
    const edits: Array<[string, string[]]> = [
      ['a card added before the first', [extra, ...cards]],
      ['the first card with two more lines', [`${cards[0]}    hint: "h"\n    explain: "e"\n`, ...cards.slice(1)]],
      ['the first card removed', cards.slice(1)],
      ['a card added after the last', [...cards, extra]],
      ['the last card removed', cards.slice(0, -1)],
      ['a line taken from a card in the middle', cards.map((c, i) => (i === 20 ? c.replace(/\n[^\n]*\n$/, '\n') : c))],
      ['a blank line and a comment at the end', [...cards.slice(0, -1), `${cards.at(-1)}\n# the end\n`]],
      ['two cards far apart', cards.map((c, i) => (i === 3 || i === 30 ? c.replace(/"([^"]*)"/, '"$1 again"') : c))],
    ];
    // As a signed file reads it (after a 65-byte header): the columns are read in place there.
    const file = Buffer.alloc(65 + content.length);
    content.copy(file, 65);
    const read = file.subarray(65);
    for (const [what, edited] of edits) {
      const after = deckText(edited);
      expect(fast(content, after)?.equals(cold(after)), what).toBe(true);
      expect(fast(read, after)?.equals(cold(after)), what).toBe(true);
    }
  });

  it('writes the deck-cache entry of the lint that fills the section with the heads it made once: the same bytes', () => {
    const rand = rng(12);
    const text = deckText(Array.from({ length: 30 }, (_, i) => cardText(i, rand)));
    const memo: CardMemo = { items: [], salt: 't', rewriteAfter: 0 };
    const entry = lintToEntry(text, 'd.yaml', memo)!;
    expect(entry.headsJson).toBe(JSON.stringify(entry.deck!.cards).slice(1, -1));
    expect(memo.store?.delta?.heads?.json).toBe(entry.headsJson);
    const pieces: Buffer[] = [];
    writeEntry(entry, (b) => pieces.push(Buffer.from(b)));
    expect(Buffer.concat(pieces)).toEqual(cold(text));
    expect(encodeEntry(entry)).toEqual(cold(text));
  });

  it('gives the stored result again for the same text, and nothing when the deck\'s own fields change', () => {
    const rand = rng(7);
    const text = deckText(Array.from({ length: 30 }, (_, i) => cardText(i, rand)));
    const content = cacheOf(text)!;
    expect(fast(content, text)).toEqual(cold(text));
    expect(fast(content, text.replace('title: Delta', 'title: Delta 2'))).toBeUndefined();
    expect(fast(content, text.replace('tags: [aws]', 'tags: [aws, gcp]'))).toBeUndefined();
  });

  it('is not written for a deck with an error or a deck waiver, and a lint still reads such a cache', () => {
    const rand = rng(8);
    const cards = Array.from({ length: 30 }, (_, i) => cardText(i, rand));
    const broken = deckText([...cards, `  - id: bad\n    type: basic\n    front: "no back"\n`]);
    const waived = deckText(cards).replace('tags: [aws]\n', 'tags: [aws]\nlint: { ignore: [KEY_LONGEST], why: "fine" }\n');
    for (const text of [broken, waived]) {
      const content = cacheOf(text)!;
      expect(sectionStart(content)).toBe(content.length);
      expect(readSection(content)).toBeUndefined();
      const memo = readCardMemo(content, 't');
      expect(memo.items.length).toBe(31 - (text === waived ? 1 : 0));
    }
  });

  it('reads a damaged section without a crash (the file\'s signature is what keeps out changes)', () => {
    // Bytes changed without the key never get here (card-cache.ts reads signed files only, see
    // card-cache.test.ts); this holds that whatever the section holds, the re-lint ends normally.
    const rand = rng(9);
    const text = deckText(Array.from({ length: 30 }, (_, i) => cardText(i, rand)));
    const after = text.replace('q7\n', 'q7\n    hint: "moved"\n');
    const content = cacheOf(text)!;
    const at = sectionStart(content);
    expect(at).toBeLessThan(content.length);
    expect(fast(content, after)).toEqual(cold(after));
    const flips = rng(10);
    let refused = 0;
    for (let n = 0; n < 300; n++) {
      const bad = Buffer.from(content);
      const i = at + Math.floor(flips() * (bad.length - at));
      bad[i] = bad[i]! ^ (1 << Math.floor(flips() * 8));
      const got = fast(bad, after);
      if (got === undefined) refused++;
    }
    // Most damage is out of shape, and refused.
    expect(refused).toBeGreaterThan(100);
  });

  it('finds a stored body\'s line where its card\'s own "pos" is, not in a text that spells it', () => {
    const body = Buffer.from('{"explain":"\\"pos\\":{\\"line\\":12,","pos":{"line":12,"col":5},"front":"a","back":"b"}');
    expect(linePlace(body, 12)).toBe(body.indexOf('12,"col"'));
    expect(linePlace(body, 1)).toBe(-1);
    expect(linePlace(body, 11)).toBe(-1);
  });

  it('looks words up in a section\'s vocabulary by rank, the first, the last and one that is not there', () => {
    const vocabulary = ['ab', 'a', 'zone', 'b', 'abc'].map((w) => `${w}\n`).join('');
    expect(ranksIn(vocabulary, ['abc', 'ab', 'x', 'b', 'a', 'zon'])).toEqual([4, 0, undefined, 3, 1, undefined]);
    expect(ranksIn('', ['a'])).toEqual([undefined]);
  });

  it('reads only the signed tail of the card cache file for a re-lint, and refuses a tail or a head changed without the key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-relint-tail-'));
    try {
      const key = Buffer.alloc(32, 7);
      const cache = fileCardCache(dir, () => key);
      const rand = rng(13);
      const text = deckText(Array.from({ length: 40 }, (_, i) => cardText(i, rand)));
      const after = text.replace('q7\n', 'q7\n    hint: "moved"\n');
      const memo: CardMemo = { items: [], salt: cache.salt, rewriteAfter: 0 };
      lintToEntry(text, 'd.yaml', memo);
      const want = cold(after);
      const relint = () => {
        const tail = cache.openTail!(Buffer.from(after));
        if (tail === undefined) return undefined;
        const entry = relintDelta(Buffer.from(after), tail.content, 'd.yaml', cache.salt, 1_000, () => tail.whole());
        return entry && encodeDeltaEntry(entry);
      };
      for (const written of ['streamed', 'as bytes (the lint worker)']) {
        fs.rmSync(dir, { recursive: true, force: true });
        cache.save(text, written === 'streamed' ? memo.store! : storeBytes(memo.store!));
        expect(relint()?.equals(want), written).toBe(true);
        // The whole content, read after the tail, is what `open` gives.
        const tail = cache.openTail!(Buffer.from(after))!;
        expect(Buffer.from(tail.whole()!).equals(Buffer.from(cache.open(text)!))).toBe(true);
      }
      const [name] = fs.readdirSync(dir);
      const file = path.join(dir, name!);
      const good = fs.readFileSync(file);
      const at = (needle: string) => good.indexOf(needle);
      // A byte of the deck text changed: the tail's MAC fails, no re-lint from it.
      const inTail = Buffer.from(good);
      inTail[at('deck: delta') + 7] = 0x78;
      fs.writeFileSync(file, inTail);
      expect(cache.openTail!(Buffer.from(after))).toBeUndefined();
      // A byte of the first line changed: the tail verifies, the whole file does not.
      const inHead = Buffer.from(good);
      inHead[at('"context"') + 2] = 0x78;
      fs.writeFileSync(file, inHead);
      expect(cache.openTail!(Buffer.from(after))?.whole()).toBeUndefined();
      expect(cache.open(text)).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
