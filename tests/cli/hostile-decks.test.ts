// Hostile decks: tag bombs get a diagnostic (not minutes, gigabytes and exit 70), deck-level tags
// are kept once per deck in memory and in the deck cache, and a 40,000-card deck shows.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/adapters/lint-source.js';
import { loadDeckFiles } from '../../src/adapters/load-decks.js';
import { memoryDeckCache } from '../../src/adapters/deck-cache.js';
import { MAX_CARD_TAGS, MAX_DECK_TAGS, MAX_TAG_LENGTH } from '../../src/core/validate.js';
import { appendAll, maxOf } from '../../src/core/arrays.js';
import { recall, tempHome } from '../helpers/cli.js';

const card = (i: number, extra = '') => `  - id: c${i}\n    type: basic\n    front: q${i}\n    back: a${i}\n${extra}`;
const deckWith = (tags: string[], cards: string) => `deck: tagged\ntitle: Tagged\ntags: [${tags.join(', ')}]\ncards:\n${cards}`;
const codes = (text: string) => lintSource(text, 'd.yaml').diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`);

describe('tag limits', () => {
  it('refuses more deck tags than the limit with one diagnostic at the list', () => {
    const tags = Array.from({ length: MAX_DECK_TAGS + 1 }, (_, i) => `t${i}`);
    expect(codes(deckWith(tags, card(1)))).toEqual(['3:7 error TOO_MANY_TAGS']);
    expect(codes(deckWith(tags.slice(1), card(1)))).toEqual([]);
  });

  it('refuses more card tags than the limit', () => {
    const tags = Array.from({ length: MAX_CARD_TAGS + 1 }, (_, i) => `t${i}`);
    expect(codes(deckWith([], card(1, `    tags: [${tags.join(', ')}]\n`)))).toEqual(['9:11 error TOO_MANY_TAGS']);
    expect(codes(deckWith([], card(1, `    tags: [${tags.slice(1).join(', ')}]\n`)))).toEqual([]);
  });

  it('refuses a tag longer than the limit, at the tag', () => {
    const long = 'x'.repeat(MAX_TAG_LENGTH + 1);
    expect(codes(deckWith(['ok', long], card(1)))).toEqual(['3:12 error TAG_TOO_LONG']);
    expect(codes(deckWith(['ok', long.slice(1)], card(1)))).toEqual([]);
    expect(codes(deckWith([], card(1, `    tags: [${long}]\n`)))).toEqual(['9:12 error TAG_TOO_LONG']);
  });

  it('diagnoses a 500 KB deck with 60,000 deck tags with one diagnostic', () => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `t${i}`);
    const text = deckWith(tags, Array.from({ length: 200 }, (_, i) => card(i)).join(''));
    expect(text.length).toBeGreaterThan(450_000);
    const result = lintSource(text, 'd.yaml');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['TOO_MANY_TAGS']);
    expect(result.diagnostics[0]!.message).toBe('the deck has 60000 tags; at most 64 are allowed');
    expect(result.deck).toBeNull();
  });
});

describe('aliases', () => {
  it('lints a 10,000-card deck with an alias on every card at once, each read as the last anchor of its name before it', () => {
    // yaml's Alias.resolve(doc) walks the whole document on every call: linting grew with
    // cards x aliases (4,000 such cards took 26 s, 10,000 minutes), and an alias bomb in a 380 KB
    // deck took 15-25 s to reach its ALIAS_LIMIT diagnostic.
    const back = (i: number) => (i === 0 ? '&ans first' : i === 5_000 ? '&ans second' : '*ans');
    const cards = Array.from({ length: 10_000 }, (_, i) => `  - id: c${i}\n    type: basic\n    front: q${i}\n    back: ${back(i)}\n`).join('');
    const result = lintSource(`deck: aliased\ntitle: Aliased\ncards:\n${cards}`, 'd.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const backs = result.deck!.cards.map((c) => (c as { back: string }).back);
    expect([backs[0], backs[1], backs[4_999], backs[5_000], backs[5_001], backs[9_999]]).toEqual(['first', 'first', 'first', 'second', 'second', 'second']);
  });

  it('still stops an alias bomb in a big deck at the limit, and an alias to an anchor defined after it is unknown', () => {
    const levels = Array.from({ length: 6 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(i === 0 ? '*a' : `*a${i}`).join(', ')}]`).join('\n');
    const cards = Array.from({ length: 1_500 }, (_, i) => card(i)).join('');
    const bomb = lintSource(`deck: bomb\ntitle: Bomb\nx: &a [boom]\n${levels}\ncards:\n${cards}`, 'd.yaml');
    expect(bomb.diagnostics.map((d) => d.code)).toEqual(['ALIAS_LIMIT']);
    const early = lintSource(`deck: early\ntitle: Early\ncards:\n  - id: a\n    type: basic\n    front: *later\n    back: &later b\n`, 'd.yaml');
    expect(early.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['YAML_SYNTAX unknown alias *later']);
  });
});

describe('deck-level tags are kept once per deck', () => {
  const text = deckWith(['aws', 'iam'], [card(1), card(2, '    tags: [iam, roles]\n'), card(3, '    tags: [sts]\n')].join(''));

  it('cards without tags of their own share the deck array; cards with some list deck tags first', () => {
    const deck = lintSource(text, 'd.yaml').deck!;
    expect(deck.tags).toEqual(['aws', 'iam']);
    expect(deck.cards[0]!.tags).toBe(deck.tags);
    expect(deck.cards[1]!.tags).toEqual(['aws', 'iam', 'roles']);
    expect(deck.cards[2]!.tags).toEqual(['aws', 'iam', 'sts']);
  });

  it('the deck cache stores each card with only its own tags and gives back the same deck', async () => {
    const home = tempHome();
    try {
      const file = path.join(home.dir, 'd.yaml');
      fs.writeFileSync(file, text);
      const stored: string[] = [];
      const mem = memoryDeckCache();
      const cache = { get: mem.get, set: (k: string, v: Parameters<typeof mem.set>[1]) => (stored.push(JSON.stringify(v)), mem.set(k, v)) };
      const cold = await loadDeckFiles([file], home.dir, { cache });
      const warm = await loadDeckFiles([file], home.dir, { cache });
      expect(warm.decks[0]).toEqual(cold.decks[0]);
      expect(warm.decks[0]!.cards[0]!.tags).toBe(warm.decks[0]!.tags);
      const entry = JSON.parse(stored[0]!);
      expect(entry.deck.tags).toEqual(['aws', 'iam']);
      expect(entry.deck.cards.map((c: { tags: string[] }) => c.tags)).toEqual([[], ['roles'], ['sts']]);
    } finally {
      home.cleanup();
    }
  });
});

describe('deck show of a big deck', () => {
  let home: ReturnType<typeof tempHome>;
  beforeEach(() => (home = tempHome()));
  afterEach(() => home.cleanup());

  it('renders 40,000 cards (the lines were spread into push() and overflowed the stack)', async () => {
    const file = path.join(home.dir, 'big.yaml');
    fs.writeFileSync(file, `deck: big\ntitle: Big\ncards:\n${Array.from({ length: 40_000 }, (_, i) => card(i)).join('')}`);
    const r = await recall(['deck', 'show', file], { env: { RECALL_HOME: path.join(home.dir, 'store') } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('── 40000/40000  c39999  [basic]');
  }, 120_000);

  it('appendAll and maxOf take more items than a call can take arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(appendAll([-1], many)).toHaveLength(500_001);
    expect(maxOf(many, 3)).toBe(499_999);
    expect(maxOf([], 3)).toBe(3);
  });
});
