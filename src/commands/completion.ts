// `recall completion bash|zsh|fish` prints a shell script; the script calls the hidden
// `recall complete -- <words>` on every Tab, which prints the candidates. Both go through
// @bomb.sh/tab, which reads commands, options and choices from the commander program; recall adds
// what only it knows: deck ids, deck files and folders, tags and setting names.
//
// @bomb.sh/tab is an ES module kept out of the bundle and required only here (Node 20.19+ loads ES
// modules through require), so no other command pays for it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import type { RootCommand } from '@bomb.sh/tab';
import type { Io } from '../io.js';
import { bundledDeckIds } from '../adapters/deck-files.js';
import { loadDecks } from '../adapters/load-decks.js';
import { SETTINGS } from './config.js';

export interface CompletionOptions {
  program: Command;
  /** `recall completion SHELL`: print the script. */
  shell?: string;
  /** `recall complete -- WORDS`: print the candidates for the last word. */
  words?: string[];
}

/** The shells `recall completion` takes (src/program.ts). */
export const SHELLS = ['bash', 'zsh', 'fish'];

type Add = (value: string, description: string) => void;
type Handler = (this: unknown, add: Add) => void;
type Tab = (program: Command, config?: { completionCommandName?: string }) => RootCommand;

export async function run(opts: CompletionOptions, io: Io): Promise<number> {
  const tab = (createRequire(import.meta.url)('@bomb.sh/tab/commander') as { default: Tab }).default;
  // tab() registers its own `completion` and hidden `complete` commands on the program: take out
  // the ones recall registered to reach this module, or commander refuses the second of each name.
  const program = opts.program;
  (program as unknown as { commands: Command[] }).commands = program.commands.filter((c) => c.name() !== 'completion' && c.name() !== 'complete');
  const root = tab(program, { completionCommandName: 'completion' });
  if (opts.shell !== undefined) {
    root.setup('recall', 'recall', opts.shell as 'bash');
    return 0;
  }
  const words = opts.words ?? [];
  // Decks are read only when a tag is being completed: every other Tab stays instant.
  const tagging = words[words.length - 2] === '--tag' || (words[words.length - 1] ?? '').startsWith('--tag=');
  addRecallCandidates(root, words[words.length - 1] ?? '', io.cwd, tagging ? await bundledTags(io) : []);
  root.parse(words);
  return 0;
}

/**
 * Only names made of these characters are offered. bash's completion script passes candidates
 * through `compgen -W`, which expands `$(...)` and backquotes: a file named `$(cmd).yaml` in the
 * current folder, or such a tag in a deck, would otherwise run a command on Tab.
 */
const SAFE = /^[\p{L}\p{N}._@+,:\/-]+$/u;

function addRecallCandidates(root: RootCommand, current: string, cwd: string, tagList: string[]): void {
  const safely =
    (handler: Handler): Handler =>
    (add) =>
      handler((value, description) => {
        if (SAFE.test(value)) add(value, description);
      });
  const decks: Handler = (add) => {
    for (const id of bundledDeckIds()) add(id, 'bundled deck');
    for (const p of deckPaths(current, cwd)) add(p, '');
  };
  const tags: Handler = (add) => {
    for (const tag of tagList) add(tag, 'tag');
  };
  const ids: Handler = (add) => {
    for (const id of bundledDeckIds()) add(id, 'bundled deck');
  };
  const setArg = (command: string, name: string, handler: Handler) => {
    const arg = root.commands.get(command)?.arguments.get(name);
    if (arg) arg.handler = safely(handler) as never;
  };
  const setOption = (command: string, name: string, handler: Handler) => {
    const option = root.commands.get(command)?.options.get(name);
    if (option) option.handler = safely(handler) as never;
  };
  for (const command of ['study', 'quiz', 'decks', 'stats']) setArg(command, 'decks', decks);
  // study is the default command: `recall <Tab>` offers decks too, next to the commands.
  root.argument('decks', safely(decks) as never, true);
  root.option('tag', 'only cards with this tag (repeatable)', safely(tags) as never);
  root.option('deck', 'only this deck id (repeatable)', safely(ids) as never);
  setArg('deck show', 'deck', decks);
  setArg('deck lint', 'paths', (add) => {
    for (const p of deckPaths(current, cwd)) add(p, '');
  });
  setArg('progress reset', 'deck', ids);
  setOption('study', 'tag', tags);
  setOption('quiz', 'tag', tags);
  setOption('study', 'deck', ids);
  setOption('exam set', 'tag', tags);
  setArg('exam set', 'decks', decks);
  const keys: Handler = (add) => {
    for (const key of Object.keys(SETTINGS)) add(key, 'setting');
  };
  // tab offers every shell it can write a script for; recall documents and tests these three.
  setArg('completion', 'shell', (add) => {
    for (const shell of SHELLS) add(shell, '');
  });
  setArg('config get', 'key', keys);
  setArg('config set', 'key', keys);
}

/** Tags of the bundled decks, sorted; none when the decks cannot be read (completion never fails). */
async function bundledTags(io: Io): Promise<string[]> {
  try {
    const { decks } = await loadDecks([], io.cwd, { env: io.env });
    return [...new Set(decks.flatMap((d) => d.cards.flatMap((c) => c.tags)))].sort();
  } catch {
    return [];
  }
}

/** Deck files and folders below the folder the word being completed names (`my-decks/` -> its entries). */
function deckPaths(current: string, cwd: string): string[] {
  const slash = current.lastIndexOf('/');
  const dir = slash === -1 ? '' : current.slice(0, slash + 1);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.resolve(cwd, dir || '.'), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules' && (e.isDirectory() || /\.ya?ml$/i.test(e.name)))
    .map((e) => dir + e.name + (e.isDirectory() ? '/' : ''))
    .sort();
}
