// `recall progress import FILE`: merges a progress export into the store.
//
// All or nothing: a file with any invalid review imports nothing and exits 2 naming the review.
// An export is recall's own output, so a bad entry means the file was damaged or edited; importing
// the rest would leave the student with a history they cannot tell apart from the real one.
// The price is reading the file twice: once to validate every review, once to import. Both passes
// stream it (one review in memory at a time), so a million reviews import in bounded memory.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { formatCount, plural } from '../core/count-text.js';
import path from 'node:path';
import { stateKey, type ResetEntry, type ReviewEntry, type UnsuspendEntry } from '../core/progress.js';
import { journalEntryProblem } from '../core/card-state.js';
import { neutralize } from '../core/sanitize.js';
import { closeStore, IMPORT_BATCH, openStore, type Store } from '../adapters/store.js';
import { openRegularFile } from '../adapters/input-file.js';
import { JsonInputError, parseStrictJsonStream } from '../adapters/json-reader.js';
import { RecallError, StoreError, UsageError } from '../errors.js';
import { println, type Io } from '../io.js';

export const FORMAT = 'recall-progress';
/** Streaming keeps memory flat; the cap only bounds how long a mistaken file can take. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;
/** root object > reviews > review > state or given (a list of lists at most) */
export const MAX_IMPORT_DEPTH = 16;
/** Cards of an export's `cards` list kept in memory (see AfterReviews): 100 times the bench's big store. */
export const MAX_LISTED_CARDS = 1_000_000;

function fail(file: string, why: string): never {
  throw new UsageError(`${file}: ${why}; nothing was imported`, 'IMPORT_INVALID');
}

/** The journal entry an exported review stands for, or why it cannot be one. */
export function reviewFromExport(r: unknown): { entry: ReviewEntry } | { problem: string } {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return { problem: 'is not an object' };
  const o = r as Record<string, unknown>;
  if (o.op !== undefined && o.op !== 'review') return { problem: 'op is not review' };
  // Exports always carry ms and correct; older hand-made files may not (defaults as before).
  const entry = { ...o, op: 'review', ms: o.ms ?? 0, correct: o.correct ?? null } as unknown as ReviewEntry;
  const problem = journalEntryProblem(entry);
  return problem === undefined ? { entry } : { problem };
}

function describe(i: number, r: unknown): string {
  const id = typeof r === 'object' && r !== null && typeof (r as { id?: unknown }).id === 'string' ? (r as { id: string }).id : undefined;
  return `review ${i + 1}${id === undefined ? '' : ` (id "${neutralize(id.length > 60 ? `${id.slice(0, 60)}…` : id)}")`}`;
}

/** The file from its start, in chunks. Synchronous reads: each pass reads from offset 0 of the
 *  descriptor opened once, and nothing is left pending when a pass stops early. */
function* chunksOf(fd: number): Generator<Buffer> {
  for (let pos = 0; ; ) {
    const buf = Buffer.allocUnsafe(256 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return;
    pos += n;
    yield buf.subarray(0, n);
  }
}

function readPass(fd: number, file: string, onReview: (i: number, r: unknown) => void, onCard: (c: unknown) => void = () => {}): Promise<unknown> {
  return parseStrictJsonStream(chunksOf(fd), {
    maxDepth: MAX_IMPORT_DEPTH,
    // `cards` is streamed too, so it is never held whole: only which cards it names is kept.
    streamKeys: ['reviews', 'cards'],
    onElement: (key, i, v) => {
      if (key === 'reviews') onReview(i, v);
      else onCard(v);
    },
  }).catch((err: unknown) => {
    if (err instanceof JsonInputError) fail(file, `${err.message}${err.offset === undefined ? '' : ` (at byte ${err.offset})`}`);
    // The store's own failures (a full disk, a planted progress.json.bak) are not the file's.
    if (err instanceof RecallError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'IMPORT_INVALID');
  });
}

/** The file is checked whole before the store is opened: opening it to write repairs it, and a
 *  refused import writes nothing. */
export async function importFrom(file: string, io: Io): Promise<number> {
  const opened = openRegularFile(path.resolve(io.cwd, file), file, 'import file', MAX_IMPORT_BYTES, 'IMPORT_INVALID');
  try {
    // Pass 1: every review valid, and the file a recall export.
    let count = 0;
    const resets = new AfterReviews();
    const root = await readPass(
      opened.fd,
      file,
      (i, r) => {
        const got = reviewFromExport(r);
        if ('problem' in got) fail(file, `${describe(i, r)} ${got.problem}`);
        resets.review(got.entry);
        count++;
      },
      (c) => resets.card(c),
    );
    const doc = root as { format?: unknown; version?: unknown; reviews?: unknown; cards?: unknown };
    if (typeof root !== 'object' || root === null || doc.format !== FORMAT || doc.version !== 1 || typeof doc.reviews !== 'number')
      fail(file, `not a recall progress export (expected "format": "${FORMAT}", "version": 1 and a "reviews" list)`);
    const store = openStore(io);
    let failed = false;
    try {
      return await importInto(store, opened.fd, file, count, io, typeof doc.cards === 'number' ? resets.entries() : []);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      closeStore(store, io, failed);
    }
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Pass 2: the same file, validated again (it could have changed), into the store in batches. */
async function importInto(store: Store, fd: number, file: string, count: number, io: Io, resets: Array<ResetEntry | UnsuspendEntry>): Promise<number> {
  const sink = store.beginImport();
  let batch: ReviewEntry[] = [];
  let seen = 0;
  let added: number;
  /** The file's reviews in the journal once they are all in (the resets and unsuspends after them are not reviews). */
  let reviewsIn: number | undefined;
  try {
    await readPass(fd, file, (i, r) => {
      const got = reviewFromExport(r);
      if ('problem' in got) throw new UsageError(`${file} changed while it was imported: ${describe(i, r)} ${got.problem}; ${sink.finish()} of its reviews were imported before it`, 'IMPORT_INVALID');
      seen++;
      batch.push(got.entry);
      if (batch.length >= IMPORT_BATCH) {
        sink.add(batch);
        batch = [];
      }
    });
    sink.add(batch);
    reviewsIn = sink.added;
    sink.add(resets);
    added = sink.finish() - (sink.added - reviewsIn);
  } catch (err) {
    // Batches before the failure are in the journal: say so, and that a second run adds the rest.
    if (err instanceof StoreError)
      throw new StoreError(`${err.message}; ${reviewsIn ?? sink.added} of the file's reviews were imported before it (fix that and run the import again: reviews already here are skipped)`, err.code);
    throw err;
  }
  if (seen !== count) io.stderr.write(`recall: note: ${file} changed while it was imported (${count} reviews, then ${seen})\n`);
  println(io.stdout, `imported ${plural(added, 'new review')}; ${formatCount(seen - added)} ${seen - added === 1 ? 'was' : 'were'} already here`);
  return 0;
}

/**
 * What the reviews alone do not say. An export's reviews include those before a `progress reset`
 * (history stays for stats) and before a `card unsuspend`, but neither of those: replayed alone,
 * a reset card came back with its old schedule, due again in a restored backup, and a leech the
 * student put back into study came back suspended. So a card with reviews that the export's
 * `cards` does not list is reset, and a card listed as no leech whose last review made it one is
 * unsuspended, each at that review's time and marked imported like the reviews, so it never undoes
 * a newer answer given here (applyEntry). Ids come from that review's, so importing the file again
 * adds none. Memory: one entry per card, as the store's own fold.
 */
export class AfterReviews {
  /** Cards the export lists, and whether each is a leech. */
  private readonly listed = new Map<string, boolean>();
  private readonly last = new Map<string, ReviewEntry>();

  /** More cards listed than any store holds (a hand-made file of tiny entries): not tracked, so its
   *  memory stays bounded; the import then adds no resets or unsuspends, as before. */
  private overflow = false;

  constructor(private readonly maxListed = MAX_LISTED_CARDS) {}

  card(c: unknown): void {
    const o = c as { deck?: unknown; card?: unknown; leech?: unknown } | null;
    if (this.overflow || typeof o !== 'object' || o === null || typeof o.deck !== 'string' || typeof o.card !== 'string') return;
    if (this.listed.size >= this.maxListed) {
      this.overflow = true;
      this.listed.clear();
      return;
    }
    this.listed.set(stateKey(o.deck, o.card), o.leech === true);
  }

  review(e: ReviewEntry): void {
    // A right quiz answer (state null) moves no schedule: it is no sign the card had progress there,
    // and a reset at its time took away older progress the card has here.
    if (e.state === null) return;
    const key = stateKey(e.deck, e.card);
    const seen = this.last.get(key);
    if (seen === undefined || seen.at <= e.at) this.last.set(key, e);
  }

  entries(): Array<ResetEntry | UnsuspendEntry> {
    const out: Array<ResetEntry | UnsuspendEntry> = [];
    if (this.overflow) return out;
    for (const [key, e] of this.last) {
      const leech = this.listed.get(key);
      const id = (what: string) => `${what}-${createHash('sha256').update(e.id).digest('hex').slice(0, 32)}`;
      if (leech === undefined) out.push({ id: id('reset'), op: 'reset', at: e.at, deck: e.deck, card: e.card, reason: 'user' });
      else if (!leech && e.state?.leech === true) {
        const { leech: _leech, ...state } = e.state;
        out.push({ id: id('unsuspend'), op: 'unsuspend', at: e.at, deck: e.deck, card: e.card, state });
      }
    }
    return out;
  }
}
