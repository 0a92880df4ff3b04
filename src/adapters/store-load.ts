// Which checkpoint a store starts from when it opens: progress.json as it is, or, when it is
// damaged, its last good copy (progress.json.bak) after moving the damaged file aside. A read-only
// command only reads around the damage; the next command that writes repairs it.
import { StoreError } from '../errors.js';
import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import { withLock } from './store-fs.js';
import type { FileId } from './store-files.js';
import { moveAside } from './store-repair.js';

export interface StartingPoint {
  /** The checkpoint to fold the journal onto; undefined: start from nothing (the whole journal). */
  data: Checkpoint | undefined;
  /** progress.json's identity when `data` is exactly that file (then a checkpoint need not re-read it). */
  id: FileId | undefined;
  /** That file's bytes, when its seal is this store's (the next checkpoint can append to them). */
  sealed?: Buffer;
  /** progress.json was moved aside: write a new one once the journal is folded. */
  rebuild: boolean;
  notices: string[];
}

export function startingPoint(
  dir: string,
  progressPath: string,
  opts: { readOnly: boolean; now: Date; lock?: { stale?: number; wait?: number } },
): StartingPoint {
  const start: StartingPoint = { data: undefined, id: undefined, rebuild: false, notices: [] };
  const cp = readCheckpoint(progressPath);
  if (cp.kind === 'newer') {
    throw new StoreError(`${progressPath} was written by a newer recall (store version ${cp.version}); upgrade recall to use it`, 'STORE_NEWER');
  }
  if (cp.kind === 'ok') return { ...start, data: cp.data, id: cp.id, sealed: cp.sealed };
  if (cp.kind === 'missing') return start;
  if (opts.readOnly) {
    // Repair is for the next command that writes; this one works from the journal in memory.
    start.notices.push(`${progressPath} is damaged (${cp.reason}); used the journal instead (the next study or config set repairs it)`);
    const bak = readCheckpoint(progressPath + '.bak');
    if (bak.kind === 'ok') start.data = { ...bak.data, cards: {}, journal: { offset: 0 } }; // its settings only
    return start;
  }
  withLock(dir, () => {
    const again = readCheckpoint(progressPath); // another session may have repaired it
    if (again.kind === 'ok') {
      start.data = again.data;
      start.id = again.id;
      start.sealed = again.sealed;
      return;
    }
    if (again.kind !== 'bad') return;
    start.notices.push(moveAside(progressPath, opts.now, again.reason, 'rebuilt your progress from the journal'));
    const bak = readCheckpoint(progressPath + '.bak');
    if (bak.kind === 'ok') start.data = bak.data;
    else start.notices.push('settings were not recoverable and are back to their defaults (see `recall config list`)');
    start.rebuild = true;
  }, opts.lock);
  return start;
}
