// Repairs the store makes on opening, each run under the store lock by store.ts: a journal's last
// line, a damaged progress.json, leftover temp files of progress.json writes. Each touches only what recall made.
import fs from 'node:fs';
import path from 'node:path';
import { appendLines, readFrom, sizeOf, sleepSync, type JournalWrite } from './store-fs.js';
import { leftoverTemps, openStoreFile, storeError } from './store-files.js';

/**
 * A crash can leave an incomplete last line: it is cut off. A whole entry without its newline
 * (written by hand, or by another tool) is kept and its line completed, so the next append does
 * not glue onto it. Only after making sure it is not a line another session is writing right now
 * (the size must stay put for a moment). Returns a notice for the user, if any.
 */
export function repairTail(journal: string, at: number, kind: 'torn' | 'entry', write?: JournalWrite): string | undefined {
  const size = sizeOf(journal);
  sleepSync(30);
  if (sizeOf(journal) !== size) return undefined;
  const tail = readFrom(journal, at);
  if (tail.includes(0x0a)) return undefined; // completed (or followed) by another session: keep it
  const fd = openStoreFile(journal, 'append')!;
  try {
    if (kind === 'entry') {
      appendLines(fd, Buffer.from('\n'), write);
      return undefined;
    }
    fs.ftruncateSync(fd, at);
    fs.fsyncSync(fd);
  } catch (err) {
    throw storeError(journal, 'write', err);
  } finally {
    fs.closeSync(fd);
  }
  return 'journal.jsonl ended in an incomplete line (an interrupted run); it was dropped';
}

/** Moves a damaged progress.json aside (never one that cannot be read); returns the notice. */
export function moveAside(file: string, now: Date, reason: string, what: string): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  let aside = `${file}.corrupt-${stamp}`;
  for (let n = 2; fs.lstatSync(aside, { throwIfNoEntry: false }) !== undefined; n++) aside = `${file}.corrupt-${stamp}-${n}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    throw storeError(file, 'write', err);
  }
  return `${file} was unreadable (${reason}); moved it to ${aside} and ${what}`;
}

/** A write killed midway leaves `progress.json.tmp-*` behind (checkpoint-write.ts); under the lock no write
 *  is running, so any there is left over. Only those exact names, only regular files. */
export function cleanTemps(dir: string): void {
  for (const n of leftoverTemps(dir)) {
    try {
      fs.unlinkSync(path.join(dir, n));
    } catch {
      // Gone already; or not removable, which costs nothing but a file.
    }
  }
}
