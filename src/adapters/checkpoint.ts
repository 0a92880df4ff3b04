// progress.json: reading, checking and (safely) writing the checkpoint file. Versions are migrated here in plain code
// (conf's migrations have known bugs); version 1 is the first, so there is nothing to migrate yet.
import fs from 'node:fs';
import path from 'node:path';
import type { CardState, Settings } from '../core/progress.js';
import { cardStateProblem } from '../core/card-state.js';
import { isSealed } from './checkpoint-seal.js';
import { writeFileAtomic } from './checkpoint-write.js';
import { keyIn } from './cache-key.js';
import { StoreError } from '../errors.js';
import { isDiskFull } from './store-fs.js';
import { checkEntry, readStoreFile, storeError, type FileId } from './store-files.js';

export const STORE_VERSION = 1;

export interface Checkpoint {
  version: 1;
  settings: Partial<Settings>;
  /** Bytes of journal.jsonl folded into `cards`. */
  journal: { offset: number };
  cards: Record<string, CardState>;
}

export type ReadCheckpoint =
  | { kind: 'missing' }
  /** `sealed`: the file's bytes, when its seal is this store's (then it is exactly as recall wrote it). */
  | { kind: 'ok'; data: Checkpoint; id: FileId; sealed?: Buffer }
  | { kind: 'bad'; reason: string }
  | { kind: 'newer'; version: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads progress.json. 'bad' means its content is damaged (it may be moved aside and rebuilt);
 * a file that cannot be read at all (EACCES, EIO, a FIFO or symlink in its place) throws a
 * StoreError instead: it is the user's to fix, and never moved aside.
 */
export function readCheckpoint(file: string): ReadCheckpoint {
  const read = readStoreFile(file);
  if (read === undefined) return { kind: 'missing' };
  const id = { ino: read.stat.ino, size: read.stat.size, mtimeMs: read.stat.mtimeMs };
  const text = read.data.toString('utf8');
  if (text.trim() === '') return { kind: 'bad', reason: 'the file is empty' };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { kind: 'bad', reason: `not valid JSON: ${(err as Error).message}` };
  }
  if (!isObject(v)) return { kind: 'bad', reason: `expected an object, found ${Array.isArray(v) ? 'an array' : typeof v}` };
  if (typeof v.version === 'number' && v.version > STORE_VERSION) return { kind: 'newer', version: v.version };
  if (v.version !== STORE_VERSION) return { kind: 'bad', reason: `unknown store version ${JSON.stringify(v.version)}` };
  const journal = v.journal;
  if (!isObject(journal) || !Number.isSafeInteger(journal.offset) || (journal.offset as number) < 0)
    return { kind: 'bad', reason: 'no valid journal offset' };
  if (!isObject(v.settings)) return { kind: 'bad', reason: 'no settings object' };
  if (!isObject(v.cards)) return { kind: 'bad', reason: 'no cards object' };
  const cards = v.cards;
  // The same validator as journal replay and import (core/card-state.ts): a state one of them
  // accepted and another refused would move progress.json aside on every start. A file that is
  // exactly what recall wrote holds only states that passed it already (checkpoint-seal.ts).
  const sealed = isSealed(read.data, keyIn(path.dirname(file), false));
  if (!sealed) for (const key in cards) {
    const problem = key.includes('/') ? cardStateProblem(cards[key]) : 'key has no deck/ part';
    if (problem !== undefined) return { kind: 'bad', reason: `card state "${key.slice(0, 200)}": ${problem}` };
  }
  delete v.seal;
  return { kind: 'ok', data: v as unknown as Checkpoint, id, sealed: sealed ? read.data : undefined };
}

/**
 * Writes progress.json: a temp file, written in full and fsync'd, renamed over the old one
 * (checkpoint-write.ts). Besides, the previous good file is kept as progress.json.bak, and the
 * size that landed is checked, putting the previous file back when it is not what we wrote (conf,
 * which wrote it before, ignored a short write: FINDINGS). Run it under the store lock.
 */
export class CheckpointWriter {
  constructor(
    readonly file: string,
    private readonly journalPath: string,
    /** Replaces the atomic write: tests inject a short write or an ENOSPC here. */
    private readonly writeFile?: (file: string, bytes: Buffer) => void,
  ) {}

  /** Writes `parts` in order (checkpoint-append.ts makes them); returns the identity of the file
   *  written. Throws StoreError DISK_FULL with the old file kept. */
  write(parts: readonly Buffer[]): FileId {
    const { file } = this;
    const bak = file + '.bak';
    const old = checkEntry(file);
    const hadFile = old !== undefined;
    checkEntry(bak); // a symlink there would make the copy below write through it
    if (hadFile) {
      // recall's writer renames a new file over the old one and never writes into it, so a hard
      // link keeps the old file as it is: no 3 MB copy (and its writeback) per checkpoint of a big
      // store. A writer that writes in place (a test's injected one) gets a copy: it would damage
      // a link too. Restoring is a rename, which needs no space.
      try {
        if (this.writeFile === undefined) linkAside(file, bak);
        else fs.copyFileSync(file, bak);
      } catch (err) {
        fs.rmSync(bak, { force: true });
        if (isDiskFull(err)) throw this.diskFull(err, true);
        throw err;
      }
    }
    let failure: unknown;
    try {
      if (this.writeFile) this.writeFile(file, Buffer.concat(parts));
      else writeFileAtomic(file, parts);
    } catch (err) {
      failure = err;
    }
    let ok = false;
    if (failure === undefined) {
      // A short write shows in the size. Reading 3 MB back to compare it byte by byte cost more
      // than writing it, in every checkpoint of a big store.
      try {
        ok = fs.lstatSync(file).size === parts.reduce((n, p) => n + p.length, 0);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      if (hadFile) fs.renameSync(bak, file);
      else fs.rmSync(file, { force: true });
      throw this.notSaved(failure, hadFile);
    }
    // A new file is mode 0600; a mode the owner chose for the old one is kept.
    if (old !== undefined && (old.mode & 0o777) !== 0o600) {
      try {
        fs.chmodSync(file, old.mode & 0o777);
      } catch (err) {
        throw storeError(file, 'write', err);
      }
    }
    const s = fs.lstatSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  }

  /** `hadFile`: there was a progress.json, kept as it was (a first checkpoint has none to keep). */
  private diskFull(cause: unknown, hadFile: boolean): StoreError {
    const why = cause instanceof Error ? ` (${cause.message})` : '';
    return new StoreError(`disk full: could not save ${this.file}${why}; ${this.kept(hadFile)}`, 'DISK_FULL');
  }

  /** Why a write failed, told as it is: a short write or ENOSPC is a full disk, EACCES is not. */
  private notSaved(cause: unknown, hadFile: boolean): StoreError {
    if (cause === undefined || isDiskFull(cause)) return this.diskFull(cause, hadFile);
    const { message } = storeError(this.file, 'write', cause);
    return new StoreError(`${message}; ${this.kept(hadFile)}`, 'STORE_IO');
  }

  private kept(hadFile: boolean): string {
    return `${hadFile ? 'the previous copy is kept and ' : ''}your answers are safe in ${this.journalPath}`;
  }
}

/** `bak` becomes a second name of `file` (a copy where the file system has no hard links). */
function linkAside(file: string, bak: string): void {
  fs.rmSync(bak, { force: true });
  try {
    fs.linkSync(file, bak);
  } catch (err) {
    if (isDiskFull(err)) throw err;
    fs.copyFileSync(file, bak);
  }
}
