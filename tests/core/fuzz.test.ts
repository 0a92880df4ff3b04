// Property test: whatever a mutation does to a valid deck, the loader returns a deck or at least
// one error, never throws, and every diagnostic has a real position. Fixed seed: reproducible.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSource } from '../../src/adapters/lint-source.js';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { starterDeck } from '../../src/commands/deck-new.js';
import { CARD_TYPES } from '../../src/core/model.js';
import { rng } from '../../src/core/random.js';

const root = path.resolve(__dirname, '../..');
const CASES = 2_000;
const SEED = 0x5eed2024;


const JUNK = [
  ': : :', '- - -', '{{', '}}', '[', ']', '{', '&a', '*a', '*missing', '!!js/function "x"', '!!binary AAAA', '? ', '|', '>-',
  '\t', '\x1b[31m', '\x00', '"unterminated', "'", '#', '---', '...', '%YAML 1.1', 'correct: maybe', 'answer: 1.10', 'type: ',
  'id: Bad Id', 'choices: 7', 'items: []', 'cards:', 'deck: ', '<<: *a', '~', 'null', '.inf', '0x1F', '1e999', '\u202e', '\ufeff',
];

function mutate(src: string, rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const lines = src.split('\n');
  const i = Math.floor(rand() * lines.length);
  switch (Math.floor(rand() * 8)) {
    case 0: // delete a line
      lines.splice(i, 1);
      break;
    case 1: // duplicate a line
      lines.splice(i, 0, lines[i] ?? '');
      break;
    case 2: // truncate a line
      lines[i] = (lines[i] ?? '').slice(0, Math.floor(rand() * (lines[i]?.length ?? 0)));
      break;
    case 3: // swap a card type
      return src.replace(/type: \w+/g, (m) => (rand() < 0.4 ? `type: ${pick([...CARD_TYPES, 'chioce', 'essay', ''])}` : m));
    case 4: // inject junk inside a line
      {
        const line = lines[i] ?? '';
        const at = Math.floor(rand() * (line.length + 1));
        lines[i] = line.slice(0, at) + pick(JUNK) + line.slice(at);
      }
      break;
    case 5: // insert a junk line
      lines.splice(i, 0, ' '.repeat(Math.floor(rand() * 8)) + pick(JUNK));
      break;
    case 6: // truncate the file
      return src.slice(0, Math.floor(rand() * src.length));
    default: // move a line elsewhere
      {
        const [moved] = lines.splice(i, 1);
        lines.splice(Math.floor(rand() * lines.length), 0, moved ?? '');
      }
  }
  return lines.join('\n');
}

function seeds(): string[] {
  const files = [
    ...expandPaths(['tests/fixtures/decks/valid'], root),
    ...(fs.existsSync(path.join(root, 'decks')) ? expandPaths(['decks'], root) : []),
  ];
  // Large decks are cut after a few cards at a card boundary: yaml parses ~1 MB/s, and the
  // mutations find the same bugs in 80 lines as in 800.
  const head = (src: string) => {
    const lines = src.split('\n');
    const cut = lines.findIndex((l, i) => i >= 80 && /^\s*- id:/.test(l));
    return cut === -1 ? src : lines.slice(0, cut).join('\n') + '\n';
  };
  return [starterDeck('fuzz'), ...files.map((f) => head(fs.readFileSync(path.join(root, f), 'utf8')))];
}

describe('fuzz: mutated valid decks', () => {
  it(`never throws and always returns a deck or an error (${CASES} cases, seed ${SEED})`, () => {
    const rand = rng(SEED);
    const bases = seeds();
    const codes = new Map<string, number>();
    let decks = 0;
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      let src = bases[n % bases.length]!;
      const rounds = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < rounds; k++) src = mutate(src, rand);
      let result: ReturnType<typeof lintSource>;
      try {
        result = lintSource(src, 'fuzz.yaml');
      } catch (err) {
        throw new Error(`case ${n} threw ${String(err)} on:\n${src}`);
      }
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      // Plain checks in the loop (expect() per diagnostic is slow); one assertion on the failures.
      if (result.deck) {
        decks++;
        if (errors.length > 0) failures.push(`case ${n}: a deck came back with errors`);
        if (result.deck.cards.length === 0) failures.push(`case ${n}: a deck without cards`);
      } else if (errors.length === 0) failures.push(`case ${n}: neither a deck nor an error:\n${src}`);
      for (const d of result.diagnostics) {
        codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
        if (!(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1)) failures.push(`case ${n}: bad position ${JSON.stringify(d)}`);
        if (!/^[A-Z][A-Z_]+$/.test(d.code) || d.code === 'INTERNAL') failures.push(`case ${n}: ${JSON.stringify(d)}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // The mutations must actually exercise both outcomes and a spread of rules.
    expect(decks).toBeGreaterThan(CASES / 20);
    expect(decks).toBeLessThan(CASES);
    expect(codes.size).toBeGreaterThan(10);
  });
});
