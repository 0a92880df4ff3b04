// Mutations of valid decks, for property tests of the deck loader (tests/core/fuzz.test.ts,
// tests/adapters/yaml-chunks.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { starterDeck } from '../../src/commands/deck-new.js';
import { CARD_TYPES } from '../../src/core/model.js';

const root = path.resolve(import.meta.dirname, '../..');

const JUNK = [
  ': : :', '- - -', '{{', '}}', '[', ']', '{', '&a', '*a', '*missing', '!!js/function "x"', '!!binary AAAA', '? ', '|', '>-',
  '\t', '\x1b[31m', '\x00', '"unterminated', "'", '#', '---', '...', '%YAML 1.1', 'correct: maybe', 'answer: 1.10', 'type: ',
  'id: Bad Id', 'choices: 7', 'items: []', 'cards:', 'deck: ', '<<: *a', '~', 'null', '.inf', '0x1F', '1e999', '\u202e', '\ufeff',
];

export function mutate(src: string, rand: () => number): string {
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

export function seeds(): string[] {
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

