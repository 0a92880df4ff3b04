// `recall deck new <file>`: a commented starter deck, one card of each type, that lints clean.
import fs from 'node:fs';
import { shellPath } from '../core/shell-word.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Io } from '../io.js';
import { println } from '../io.js';
import { UsageError } from '../errors.js';
import { bundledDecksDir } from '../adapters/deck-files.js';
import { neutralize } from '../core/sanitize.js';

export interface DeckNewOptions {
  file: string;
}

export async function run(opts: DeckNewOptions, io: Io): Promise<number> {
  const file = opts.file;
  const abs = path.resolve(io.cwd, file);
  if (!/\.ya?ml$/i.test(file)) {
    // `recall deck new decks/`: the folder where it goes, not the file; show the command that works.
    const folder = /[\\/]$/.test(file) || isFolder(abs);
    const example = folder ? `${file.replace(/[\\/]+$/, '')}/my-topic.yaml` : `${file.replace(/\.[^./\\]*$/, '')}.yaml`;
    throw new UsageError(`${folder ? `${file} is a folder; deck new takes the file to write in it` : `deck files end in .yaml or .yml: ${file}`} (e.g. recall deck new ${shellPath(example)})`);
  }
  const id = deckIdFor(file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const root = path.dirname(bundledDecksDir());
  const schema = path.join(root, 'docs', 'deck.schema.json');
  // Relative inside the recall checkout (like the bundled decks), else an absolute file URL.
  const rel = path.relative(path.dirname(abs), schema).split(path.sep).join('/');
  const schemaRef = path.relative(root, abs).startsWith('..') ? pathToFileURL(schema).href : rel;
  try {
    // 'wx' fails if the file exists, atomically: never overwrite an instructor's work.
    fs.writeFileSync(abs, starterDeck(id, schemaRef), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} already exists; choose another name (deck new never overwrites)`, 'EXISTS');
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // The name is the user's, but may be pasted from anywhere: shown inert, as in every message.
  const shown = neutralize(file);
  println(io.stdout, `wrote ${shown} (deck "${id}", one card of each of the 7 types)`);
  println(io.stdout, `next: edit it, then run: recall deck lint --strict ${neutralize(shellPath(file))}`);
  return 0;
}

function isFolder(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** The file name as a kebab-case deck id. */
export function deckIdFor(file: string): string {
  const base = path
    .basename(file)
    .replace(/\.ya?ml$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base || 'my-deck';
}

export function starterDeck(id: string, schemaRef = '../docs/deck.schema.json'): string {
  const title = id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return `# yaml-language-server: $schema=${schemaRef}
# A recall deck (format v1). Check it with: recall deck lint --strict <this file>
# Full format: recall deck schema, or docs/ in the recall repository.

deck: ${id}                 # lowercase kebab-case, unique among your decks
title: ${title}
description: What this deck teaches, in one sentence.
tags: [starter]             # every card inherits these

cards:
  # Progress is keyed by deck + card id: keep ids stable when you edit a card.

  # basic: self-graded flashcard. Add accept: [...] to make it auto-graded.
  - id: capital-of-france
    type: basic
    front: What is the capital of France?
    back: Paris
    accept: [paris]
    explain: Shown after answering, on every card type.

  # choice: 2-8 choices, exactly one correct. Every choice says why it is right or wrong.
  - id: largest-planet
    type: choice
    prompt: Which planet is the largest?
    choices:
      - text: Jupiter
        correct: true
        why: Its mass is more than twice that of all other planets combined.
      - text: Saturn
        why: Second largest; its rings make it look bigger.
      - text: Earth
        why: The largest rocky planet, but tiny next to the gas giants.
    tags: [space]

  # multi: two or more correct. If the prompt says "choose N", N must match.
  - id: primary-colours
    type: multi
    prompt: Which are primary colours of light? (Choose two.)
    choices:
      - text: Red
        correct: true
        why: Red, green and blue are the additive primaries.
      - text: Blue
        correct: true
        why: Blue is one of the three additive primaries.
      - text: Yellow
        why: Yellow is a primary of paint (subtractive), not of light.

  # truefalse: answer is true or false, without quotes.
  - id: water-boils-at-100
    type: truefalse
    statement: At sea level, pure water boils at 100 degrees Celsius.
    answer: true

  # typed: the student types the answer; accept lists other answers that count. Quote numbers: "1.10", not 1.10.
  - id: unit-of-frequency
    type: typed
    prompt: What is the SI unit of frequency?
    answer: hertz
    accept: [Hz]
    hint: Named after a German physicist.

  # cloze: mark each blank with {{answer}}; list alternatives with {{answer|other}}.
  - id: photosynthesis-gas
    type: cloze
    text: Plants take in {{carbon dioxide|CO2}} and release {{oxygen|O2}}.

  # order: items written in the correct order (3-8); recall shuffles them.
  - id: planets-from-sun
    type: order
    prompt: Put these planets in order from the Sun.
    items:
      - Mercury
      - Venus
      - Earth
      - Mars
    timeLimit: 45
`;
}
