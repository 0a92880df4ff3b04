// Which checkpoint a store starts from when it opens: progress.json as it is, or, when it is
// damaged, its last good copy (progress.json.bak). Only reads: moving the damaged file aside is a
// repair (store.ts, after the checks that may refuse the run), and a read-only command leaves it
// to the next command that writes.
import { StoreError } from '../errors.js';
import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import type { FileId } from './store-files.js';

export interface StartingPoint {
  /** The checkpoint to fold the journal onto; undefined: start from nothing (the whole journal). */
  data: Checkpoint | undefined;
  /** progress.json's identity when `data` is exactly that file (then a checkpoint need not re-read it). */
  id: FileId | undefined;
  /** That file's bytes, when its seal is this store's (the next checkpoint can append to them). */
  sealed?: Buffer;
  /** progress.json is damaged (why): a writing store moves it aside and writes a new one. */
  damaged?: string;
  notices: string[];
}

export function startingPoint(progressPath: string, opts: { readOnly: boolean }): StartingPoint {
  const start: StartingPoint = { data: undefined, id: undefined, notices: [] };
  const cp = readCheckpoint(progressPath);
  if (cp.kind === 'newer') {
    throw new StoreError(`${progressPath} was written by a newer recall (store version ${cp.version}); upgrade recall to use it`, 'STORE_NEWER');
  }
  if (cp.kind === 'ok') return { ...start, data: cp.data, id: cp.id, sealed: cp.sealed };
  if (cp.kind === 'missing') return start;
  const bak = readCheckpoint(progressPath + '.bak');
  if (opts.readOnly) {
    // Repair is for the next command that writes; this one works from the journal in memory.
    start.notices.push(`${progressPath} is damaged (${cp.reason}); used the journal instead (the next study or config set repairs it)`);
    if (bak.kind === 'ok') start.data = { ...bak.data, cards: {}, journal: { offset: 0 } }; // its settings only
    return start;
  }
  start.damaged = cp.reason;
  if (bak.kind === 'ok') start.data = bak.data;
  return start;
}
