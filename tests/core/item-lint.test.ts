// Item-writing rules (src/core/item-lint.ts, near-duplicate.ts, chance.ts): each rule fires on the
// flaw and stays quiet on a sound item, on the pure model first, then through the validator.
import { describe, expect, it } from 'vitest';
import type { Card, ChoiceCard, TrueFalseCard } from '../../src/core/model.js';
import { absoluteWord, cardFindings, deckFindings, isAllOfTheAbove, keyLongestStats, negativeStem } from '../../src/core/item-lint.js';
import { upperTail } from '../../src/core/chance.js';
import { jaccard, nearDuplicates, rankedWordSets, stemText, words } from '../../src/core/near-duplicate.js';
import { rng } from '../../src/core/random.js';

const pos = { line: 1, col: 1 };
let n = 0;
function choice(key: string, others: string[], prompt = 'Which one fits?'): ChoiceCard {
  return { id: `c${n++}`, type: 'choice', tags: [], pos, prompt, choices: [{ text: key, correct: true }, ...others.map((text) => ({ text, correct: false }))] };
}
function tf(answer: boolean, statement = `Statement ${n}.`): TrueFalseCard {
  return { id: `t${n++}`, type: 'truefalse', tags: [], pos, statement, answer };
}
const codes = (card: Card) => cardFindings(card).map((f) => f.code);

describe('ABSOLUTE_WORD', () => {
  it.each([
    ['A role always has a permissions policy.', 'always'],
    ['Roles NEVER expire.', 'NEVER'],
    ['It is completely safe.', 'completely'],
    ['Using a role guarantees least privilege.', 'guarantees'],
    ['The only way in is a user.', 'only'],
    ['It works in all cases.', 'in all cases'],
    ['This is impossible to audit.', 'impossible'],
  ])('finds the absolute in %j', (text, word) => expect(absoluteWord(text)).toBe(word));

  it.each([
    'Grant read-only access to the bucket.',
    'An append-only journal keeps every answer.',
    'Keys are rotated every 90 days.',
    'The `Never` setting in `Condition` names a value.',
    'Allonly is not a word here.',
  ])('finds none in %j', (text) => expect(absoluteWord(text)).toBeUndefined());

  it('fires on any option and any statement that leans on an absolute, right or wrong, true or false', () => {
    const card = choice('Grants only what the service needs', ['Always uses an access key', 'A shared user']);
    expect(cardFindings(card)).toEqual([
      expect.objectContaining({ code: 'ABSOLUTE_WORD', where: { choice: 0 } }),
      expect.objectContaining({ code: 'ABSOLUTE_WORD', where: { choice: 1 } }),
    ]);
    expect(codes(tf(false, 'Roles never expire.'))).toEqual(['ABSOLUTE_WORD']);
    expect(codes(tf(true, 'Only a principal named in the trust policy can assume the role.'))).toEqual(['ABSOLUTE_WORD']);
    expect(codes(tf(false, 'Roles can be used by people.'))).toEqual([]);
    expect(codes(choice('A role grants the actions the app calls', ['A user with a key', 'A shared user'])).filter((c) => c === 'ABSOLUTE_WORD')).toEqual([]);
  });
});

describe('ALL_OF_THE_ABOVE', () => {
  it.each(['All of the above', 'none of the above.', 'Both of these', 'Neither of the options', 'All the above', 'None of these answers'])(
    'fires on %j',
    (text) => expect(isAllOfTheAbove(text)).toBe(true),
  );
  it.each(['All of the above roles need a trust policy', 'Revoke all of these sessions now', 'Account A and account B'])('stays quiet on %j', (text) =>
    expect(isAllOfTheAbove(text)).toBe(false),
  );
  it('reports the option on a choice or multi card', () => {
    expect(cardFindings(choice('A role', ['A user', 'None of the above']))).toEqual([expect.objectContaining({ code: 'ALL_OF_THE_ABOVE', where: { choice: 2 } })]);
  });
});

describe('NEGATIVE_STEM', () => {
  it.each([
    ['Which of these is not a benefit of roles?', 'not'],
    ['All of these grant access except which one?', 'except'],
    ['Which statement is false?', 'false'],
    ["Which credential doesn't expire?", "doesn't"],
    ['Which service cannot assume a role?', 'cannot'],
    ['A team runs EC2. Which option is not needed? (Choose two.)', 'not'],
  ])('finds %j', (prompt, word) => expect(negativeStem(prompt)).toBe(word));

  it.each([
    'Which of these is NOT a benefit of roles?',
    'All of these grant access EXCEPT which one?',
    'An app that does not run on AWS needs credentials. Which option fits best?',
    'Which option gives the app credentials without storing a key?',
    'Set `Bool` to `false` in the condition. Which key does it test?',
  ])('passes %j', (prompt) => expect(negativeStem(prompt)).toBeUndefined());

  it('reads the question of choice, multi, typed, order and basic cards', () => {
    expect(cardFindings(choice('A', ['B'], 'Which is not a role?'))).toEqual([expect.objectContaining({ code: 'NEGATIVE_STEM', where: { field: 'prompt' } })]);
    const basic: Card = { id: 'b', type: 'basic', tags: [], pos, front: 'What does a role not have?', back: 'Long-term keys' };
    expect(cardFindings(basic)).toEqual([expect.objectContaining({ code: 'NEGATIVE_STEM', where: { field: 'front' } })]);
    expect(codes(tf(true, 'A role does not have a password.'))).toEqual([]);
  });
});

describe('KEY_LONGEST on a card', () => {
  it('fires when the key is 1.8x the mean of the others and 12+ characters longer', () => {
    const card = choice('Temporary credentials issued by STS for one session', ['A password', 'An access key', 'A user name']);
    expect(cardFindings(card)).toEqual([expect.objectContaining({ code: 'KEY_LONGEST', where: { choice: 0 } })]);
  });
  it.each([
    ['short options, a large ratio but few characters', choice('Lambda', ['S3', 'EC2', 'ECS'])],
    ['longest, but under 1.8x', choice('Temporary credentials from STS', ['A long-term access key pair', 'A password for the console'])],
  ])('stays quiet: %s', (_what, card) => expect(codes(card)).toEqual([]));
});

describe('KEY_LONGEST on a deck', () => {
  const longKey = () => choice('The longest option of all', ['Short one', 'Shorter', 'Tiny']);
  const shortKey = () => choice('Key', ['A longer distractor', 'Another distractor', 'One more']);

  it('fires when the key is longest clearly more often than 1/n', () => {
    const cards = [...Array.from({ length: 8 }, longKey), ...Array.from({ length: 4 }, shortKey)];
    const stats = keyLongestStats(cards);
    expect(stats).toMatchObject({ cards: 12, longest: 8, expected: 3 });
    expect(stats.p).toBeLessThan(0.01);
    expect(deckFindings(cards).map((f) => f.code)).toEqual(['KEY_LONGEST']);
  });
  it('stays quiet at chance, below eight cards, and on ties', () => {
    const atChance = [...Array.from({ length: 3 }, longKey), ...Array.from({ length: 9 }, shortKey)];
    expect(deckFindings(atChance)).toEqual([]);
    expect(deckFindings(Array.from({ length: 7 }, longKey))).toEqual([]);
    const tie = () => choice('Same length', ['Same length.', 'x']);
    expect(keyLongestStats(Array.from({ length: 10 }, tie)).longest).toBe(0);
  });
});

describe('TRUEFALSE_BALANCE', () => {
  const deck = (t: number, f: number) => [...Array.from({ length: t }, () => tf(true)), ...Array.from({ length: f }, () => tf(false))];
  it.each([
    [1, 6],
    [0, 7],
    [8, 2],
  ])('fires on %i true of %i false', (t, f) => expect(deckFindings(deck(t, f)).map((x) => x.code)).toEqual(['TRUEFALSE_BALANCE']));
  it.each([
    [2, 4],
    [3, 4],
    [7, 3],
    [0, 5],
  ])('stays quiet on %i true and %i false', (t, f) => expect(deckFindings(deck(t, f))).toEqual([]));
});

describe('upperTail (Poisson binomial)', () => {
  it('matches the binomial for equal chances', () => {
    // P(X >= 10) and P(X >= 9) for Binomial(21, 1/4), worked out with math.comb.
    expect(upperTail(Array(21).fill(0.25), 10)).toBeCloseTo(0.020630, 5);
    expect(upperTail(Array(21).fill(0.25), 9)).toBeCloseTo(0.056147, 5);
    expect(upperTail(Array(21).fill(0.25), 0)).toBe(1);
    expect(upperTail(Array(21).fill(0.25), 22)).toBe(0);
  });
  it('stays close to the exact tail with the normal approximation past 1,000 trials', () => {
    const p = Array.from({ length: 1200 }, (_, i) => 1 / (2 + (i % 4)));
    let dist = [1];
    for (const pi of p) dist = [...dist, 0].map((d, j) => d * (1 - pi) + (j > 0 ? dist[j - 1]! * pi : 0));
    const exact = (k: number) => dist.slice(k).reduce((a, b) => a + b, 0);
    const mean = p.reduce((a, b) => a + b, 0);
    for (const k of [Math.round(mean), Math.round(mean + 20), Math.round(mean + 40)]) expect(Math.abs(upperTail(p, k) - exact(k))).toBeLessThan(0.1 * exact(k) + 1e-4);
  });
});

describe('NEAR_DUPLICATE similarity', () => {
  it('tokenises into lowercase word sets', () => {
    expect(words('Which IAM role? The role of a user!')).toEqual(['iam', 'role', 'user']);
    expect(jaccard(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'e'])).toBeCloseTo(3 / 5);
  });
  it('reads the question of each card type, cloze blanks filled in', () => {
    const cloze: Card = { id: 'z', type: 'cloze', tags: [], pos, text: 'A role gives {{temporary|short-lived}} credentials.', blanks: [['temporary', 'short-lived']] };
    expect(stemText(cloze)).toBe('A role gives temporary credentials.');
    expect(stemText(tf(true, 'S.'))).toBe('S.');
  });
  it('finds near duplicates and leaves different questions alone', () => {
    const { matches } = nearDuplicates([
      'Which policy decides who may assume a role?',
      'Which policy lets EC2 assume the role?',
      'Which policy decides who may assume the role?',
      'Which policy lets Lambda assume the role?',
    ]);
    expect(matches.map((m) => [m.index, m.match])).toEqual([[2, 0]]);
  });

  // Random texts over a small vocabulary, and copies with one word added: many near pairs.
  const next = rng(42);
  const vocab = Array.from({ length: 30 }, (_, i) => `w${i}`);
  const texts = Array.from({ length: 300 }, () => Array.from({ length: 3 + Math.floor(next() * 8) }, () => vocab[Math.floor(next() * vocab.length)]).join(' '));
  for (let i = 0; i < 60; i++) texts.push(`${texts[i]} w${i % 30}`);
  const sets = texts.map(words);
  /** The earliest i < j with a Jaccard index of 0.8 or more that `ok` allows, by comparing every pair. */
  const brute = (ok: (i: number, j: number) => boolean = () => true) =>
    texts.flatMap((_, j) => {
      const i = sets.findIndex((s, i) => i < j && ok(i, j) && jaccard(s, sets[j]!) >= 0.8);
      return i >= 0 ? [`${j}<${i}`] : [];
    });

  it('ranks the same word sets as words() and a table of words by how rare they are, in any script', () => {
    // The reference: words() of each text, words ranked by how many texts have them (then by the
    // word), each set as its sorted ranks.
    const reference = (all: string[]) => {
      const sets = all.map(words);
      const freq = new Map<string, number>();
      for (const s of sets) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
      const ranked = [...freq].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const rank = new Map(ranked.map(([w], i) => [w, i]));
      return { sets: sets.map((s) => [...s.map((w) => rank.get(w)!)].sort((a, b) => a - b)), words: ranked.length };
    };
    const pick = rng(7);
    // Letters and digits of several scripts (a capital İ lowercases to two code points, 𝐀 is a
    // letter outside the BMP), function words, punctuation, an emoji, a lone surrogate.
    const pieces = ['Role', 'ROLE', 'rôle', 'ÉTÉ', 'straße', 'STRASSE', 'İAM', 'ıam', 'Ωmega', 'ωmega', 'ロール', '角色', '٣٤', '𝐀𝐁', 'x1', 'X1', 'the', 'of', 'A', 'an', '-', '?', '!', ' ', '  ', '😀', '\ud800', 'ec2:RunInstances', 'arn:aws:iam::123'];
    const texts = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(pick() * 12) }, () => pieces[Math.floor(pick() * pieces.length)]).join(pick() < 0.5 ? ' ' : ''));
    texts.push('', 'the of a', 'Role role ROLE');
    // More words than the first vocabulary block holds (1,024), and more ids than the first block of
    // the texts' lists (65,536).
    for (let i = 0; i < 3000; i++) texts.push(`w${i} w${i + 1} word${i % 97} shared ${Array.from({ length: 20 }, (_, k) => `v${(i * 7 + k) % 4000}`).join(' ')}`);
    const got = rankedWordSets(texts);
    const want = reference(texts);
    expect(got.words).toBe(want.words);
    expect(got.sets.map((s) => [...s])).toEqual(want.sets);
    // Its tables are sized from the texts' length and grow: short words, nearly all different,
    // outgrow every first guess (20,000 words in 80,000 characters).
    const dense = Array.from({ length: 500 }, (_, t) => Array.from({ length: 40 }, (_, k) => (t * 40 + k + 1296).toString(36)).join(' '));
    // Words counted before the tables grow are seen again after: three texts share dense[3]'s words,
    // two dense[7]'s, which ranks them apart from the rest and from each other.
    dense.push(dense[3]!, dense[3]!.toUpperCase(), dense[7]!);
    for (const input of [dense, [dense.join(' ')]]) {
      const got = rankedWordSets(input);
      const want = reference(input);
      expect(want.words).toBeGreaterThan(19_900); // a few are function words ("the", "and")
      expect(got.words).toBe(want.words);
      expect(got.sets.map((s) => [...s])).toEqual(want.sets);
    }
  });

  it('finds, for each text, the same earliest match as a full comparison', () => {
    expect(brute().length).toBeGreaterThan(20);
    expect(nearDuplicates(texts).matches.map((m) => `${m.index}<${m.match}`)).toEqual(brute());
  });

  it('leaves out pairs with a waiving text and pairs it is told not to consider, noting the waivers used', () => {
    const waives = (i: number) => i % 3 === 0;
    const consider = (i: number, j: number) => (i + j) % 2 === 0;
    const found = nearDuplicates(texts, { waives, consider });
    expect(found.matches.map((m) => `${m.index}<${m.match}`)).toEqual(brute((i, j) => !waives(i) && !waives(j) && consider(i, j)));
    expect(found.waiversUsed.size).toBeGreaterThan(0);
    for (const i of found.waiversUsed) expect(waives(i)).toBe(true);
  });

  it('stops at its budget on a flood of identical questions, and says so', () => {
    const flood = Array.from({ length: 3000 }, () => 'Which role does the app use?');
    const found = nearDuplicates(flood, { budget: 100_000 });
    expect(found.truncated).toBe(true);
    expect(found.matches.length).toBeGreaterThan(0);
    expect(found.matches.every((m) => m.match === 0)).toBe(true);
    expect(nearDuplicates(texts).truncated).toBe(false);
  });
});
