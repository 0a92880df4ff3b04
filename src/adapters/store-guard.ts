// Output the user names (an export, a quiz report, an imported deck) never lands on recall's own
// files: `recall progress export ~/.config/recall-nodejs/journal.jsonl --force` replaced the whole
// history with an export of it, and `quiz --output .../progress.json` (a report overwrites an old
// file in place) would have done the same to the checkpoint. Other files in the store folder (a
// backup a user keeps beside a RECALL_HOME of their own) are theirs to write.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { neutralize } from '../core/sanitize.js';
import { cacheDir } from './cache-files.js';
import { KEY_NAME } from './cache-key.js';
import { LOCK_NAME } from './store-fs.js';
import { PROGRESS_FILE, storeDir } from './store-dir.js';
import { isCheckpointTemp } from './store-files.js';

/** The store's own names: its journal and checkpoint, their backups and set-asides, key and lock. */
const OWN = new Set(['journal.jsonl', PROGRESS_FILE, `${PROGRESS_FILE}.bak`, KEY_NAME, LOCK_NAME]);
/** Those, a checkpoint's temp file (store-files.ts), and a damaged file moved aside (store-repair.ts). */
const isOwnName = (name: string): boolean => OWN.has(name) || isCheckpointTemp(name) || /^(journal\.jsonl|progress\.json)\.corrupt-/.test(name);

/** A folder as the file system names it (links resolved), or as given when it does not exist. */
function real(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

const within = (dir: string, top: string): boolean => dir === top || dir.startsWith(top.endsWith(path.sep) ? top : top + path.sep);

/** The same file (a hard link is another name of it, and a report is written in place). */
function sameInode(a: string, b: string): boolean {
  const x = statOf(a);
  const y = x && statOf(b);
  return x !== undefined && y !== undefined && x.isFile() && x.dev === y.dev && x.ino === y.ino;
}

/** lstat, or undefined for a path that cannot be looked at (missing, through a file: ENOTDIR, ...):
 *  the writer that follows says what is wrong with it. */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Exit 2 when `abs` (shown as `shown`) is one of the store's files or in its cache folder. */
export function refuseStoreFiles(abs: string, shown: string, env: Record<string, string | undefined>): void {
  const dir = real(path.dirname(abs));
  const store = real(storeDir(env));
  const cache = real(cacheDir(env));
  if ((dir === store && isOwnName(path.basename(abs))) || [...OWN].some((name) => sameInode(abs, path.join(store, name))))
    throw new UsageError(`cannot write ${neutralize(shown)}: it is one of the files recall keeps your progress in (in ${neutralize(store)}); give another name`, 'OUTPUT_IN_STORE');
  if (within(dir, cache))
    throw new UsageError(`cannot write ${neutralize(shown)}: it is in recall's cache folder (${neutralize(cache)}), whose files recall replaces and removes; give another folder`, 'OUTPUT_IN_STORE');
}
