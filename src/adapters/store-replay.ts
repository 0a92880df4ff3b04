// Replaying journal.jsonl into a fold of card states: from a byte offset (where the checkpoint
// stopped) to the end. store.ts calls it on opening and before each checkpoint.
import { applyEntry, parseJournal, type CardState } from '../core/progress.js';
import { readFrom, sizeOf, startsLine } from './store-fs.js';

export interface Replayed {
  /** Entries folded in. */
  entries: number;
  /** Journal bytes now in the fold: up to the last newline (a whole last entry without one is folded too). */
  folded: number;
  /** What ends the journal: nothing odd, a torn line, or a whole line (an entry, or one the
   *  validator refused) missing its newline. */
  tail: 'none' | 'torn' | 'entry';
  notices: string[];
}

/**
 * Folds the entries of `journal` from byte `from` to the end into `cards`. A `from` that is not
 * the start of a line (the journal was shortened or replaced since the checkpoint) replays from the
 * start. An unparsable tail is not folded; a line the validator refuses is skipped with a notice.
 */
export function replayJournal(journal: string, from: number, cards: Map<string, CardState>): Replayed {
  const notices: string[] = [];
  let start = from;
  const size = sizeOf(journal);
  if (start > 0 && (size < start || !startsLine(journal, start))) {
    notices.push(`journal.jsonl does not match the checkpoint (it was shortened or replaced); replayed it from the start`);
    start = 0;
  }
  const buf = readFrom(journal, start);
  const end = buf.lastIndexOf(0x0a) + 1;
  const parsed = parseJournal(buf.toString('utf8'));
  for (const e of parsed.entries) applyEntry(cards, e);
  if (parsed.badLines.length > 0) {
    // Line numbers count from the top of the file, as an editor shows them: the lines before the
    // replayed part are counted only here, when there is something to report.
    const before = start === 0 ? 0 : countLines(readFrom(journal, 0).subarray(0, start));
    // A line the validator refused says why (a line that is not JSON needs no reason); of several,
    // the first, named by its number ("the first at is not…" read as if "at" were a word).
    const lines = parsed.badLines.map((n) => n + before);
    const why = parsed.firstProblem && parsed.firstProblem !== 'not valid JSON' ? `${lines.length > 1 ? `; line ${lines[0]}` : ''}: ${parsed.firstProblem.slice(0, 120)}` : '';
    notices.push(journalSkipNotice(lines) + why);
  }
  return { entries: parsed.entries.length, folded: start + end, tail: parsed.tailLine ? 'entry' : parsed.tornTail ? 'torn' : 'none', notices };
}

/** `journal.jsonl: skipped 2 unreadable lines (lines 1, 2)`; past ten lines, the first ten and a count. */
export function journalSkipNotice(lines: number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  const more = lines.length > 10 ? ` and ${lines.length - 10} more` : '';
  return lines.length === 1
    ? `journal.jsonl: skipped 1 unreadable line (line ${shown})`
    : `journal.jsonl: skipped ${lines.length} unreadable lines (lines ${shown}${more})`;
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}
