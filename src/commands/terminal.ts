// Whether a command that asks questions can: interactive study and quiz need a terminal on stdin and
// stdout. Kept apart from common.ts so that study's early start (study-start.ts) loads no more than
// it needs before its first card.
import { resolveDeckArgs } from '../adapters/deck-files.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

/** Throws the scripted-form explanation when stdin is not a terminal (never hang waiting for keys). */
export function requireTerminal(io: Io, command: 'study' | 'quiz', deckArgs: string[]): void {
  if (io.stdin.isTTY && io.stdout.isTTY) return;
  // A deck that does not exist is the mistake to report first: `recall stdy` (taken as a deck of
  // the default study) in a pipe said only that study needs a terminal.
  resolveDeckArgs(deckArgs, io.cwd);
  throw new UsageError(
    `${command} is interactive and needs a terminal, but standard input or output is not one.\n` +
      `For a scripted run, give the answers in a YAML or JSON file mapping card ids to answers:\n` +
      `  recall ${command} --answers answers.yaml\n` +
      `  cat answers.yaml | recall ${command} --answers -\n` +
      `See "recall ${command} --help" and the README section "Scripted runs".`,
    'NOT_A_TERMINAL',
  );
}
