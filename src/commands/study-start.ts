// Interactive study's early start: the first card on screen from the study index alone
// (adapters/study-index.ts, study-cards.ts, core/queue-rows.ts), before the decks are loaded or the
// store opened; then, while the student reads it, the decks loaded and the store opened as a start
// without the index does, the queue worked out again the usual way, and all of it compared with
// what was shown (commands/study.ts uses the store's queue from then on; any difference restarts the
// session from the store's queue, with a notice).
//
// What it trades: the index (~450 KB for 10,000 cards) and the cards file (~2.5 MB, once per
// version of the decks) in the cache folder, written when a session closes; the decks' loading and
// the store's opening moved behind the first card (a keystroke in those moments waits for them);
// and their notices (a journal line skipped, cards reset) come after the card, so any of them
// restarts the session too, printed first.
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Card, CardHead } from '../core/model.js';
import { stateKey, type Settings } from '../core/progress.js';
import type { QueueItem } from '../core/queue.js';
import { queueOfRows, rowInLearning, rowsWithTags, todayCountsOfRows, type RowItem } from '../core/queue-rows.js';
import { makeScheduler } from '../core/schedule.js';
import { matchTags } from '../core/tags.js';
import { indexedCard, indexName, readStudyIndex, type StudyIndex } from '../adapters/study-index.js';
import { resolveSettings } from '../adapters/store-settings.js';
import { PROGRESS_FILE, storeDir } from '../adapters/store-dir.js';
import { resolveDeckArgs } from '../adapters/deck-files.js';
import type { Workspace } from './common.js';
import type { Io } from '../io.js';

export interface EarlyOptions {
  decks: string[];
  deck?: string[];
  tag?: string[];
  limit?: number;
  new?: number;
}

export interface EarlyStart {
  index: StudyIndex;
  /** The index's name (the deck files and --deck). */
  name: string;
  queue: RowItem[];
  /** The deck id of a row. */
  deckOf: (row: number) => string;
  /** The session header's count of cards in learning, by row. */
  inLearning: (row: number) => boolean;
  /** The first card, as the decks load it (compared once they are), and its deck's title. */
  first: { card: Card; deck: string; title: string };
  now: Date;
}

/**
 * The queue and its first card from the study index, when there is one for these deck files and
 * this store, no exam is set, every --tag is one the decks have and the queue is not empty; else
 * undefined (the decks are loaded and the store opened first, as before, which also reports any
 * mistake in the input).
 */
export function earlyStart(opts: EarlyOptions, io: Io, now: Date): EarlyStart | undefined {
  let files: string[];
  try {
    files = resolveDeckArgs(opts.decks, io.cwd).map((f) => path.resolve(io.cwd, f));
  } catch {
    return undefined; // said by the usual start
  }
  const name = indexName(files, opts.deck);
  const index = readStudyIndex(io.env, name);
  if (index === undefined) return undefined;
  const stored = index.settings as Partial<Settings> & { exam?: unknown };
  if (stored.exam !== undefined && stored.exam !== null) return undefined; // the plan reads the journal
  let settings: Settings;
  try {
    settings = resolveSettings(stored, path.join(storeDir(io.env), PROGRESS_FILE));
  } catch {
    return undefined; // opening the store says what is wrong
  }
  // --tag as tagFilter (common.ts) takes it: a tag no card has is its usage error, said by the usual start.
  let tags: string[] | undefined;
  if (opts.tag !== undefined && opts.tag.length > 0) {
    const match = matchTags(opts.tag, index.tags.tags);
    if (match.unknown.length > 0) return undefined;
    tags = match.tags;
  }
  const today = todayCountsOfRows(index.rows, now, settings.rolloverHour);
  const filters = { limit: opts.limit, newOverride: opts.new };
  const queue = queueOfRows({ rows: index.rows, wanted: rowsWithTags(index.tags, tags), now, settings, scheduler: makeScheduler(settings), filters, today });
  if (queue.length === 0) return undefined; // the empty session's reasons read the store
  const ends: number[] = [];
  for (const d of index.decks) ends.push((ends.at(-1) ?? 0) + d.cards);
  const deckAt = (row: number) => index.decks[ends.findIndex((end) => row < end)]!;
  const row = queue[0]!.row;
  const card = indexedCard(io.env, index, row);
  if (card === undefined) return undefined;
  const deck = deckAt(row);
  return {
    index,
    name,
    queue,
    deckOf: (r) => deckAt(r).id,
    inLearning: (r) => rowInLearning(index.rows, r),
    first: { card, deck: deck.id, title: deck.title },
    now,
  };
}

export interface Opened<Q> {
  ws: Workspace<CardHead>;
  /** Study's own queue of the opened store (with the exam plan, when one is set). */
  plan: Q;
  /** Why what was shown is not what the store and decks give (undefined: it is the same). */
  differs?: string;
}

/**
 * Loads the decks and opens the store as study does without an index (`io`: where its notices go
 * while the first card is on screen), works the queue out from them with `queueOf` (study's own,
 * given --tag as the decks resolve it), and compares all that the early start showed: the deck files'
 * bytes (their deck-cache keys) and decks, the same cards, kinds and learning counts in the same
 * order, and the first card's text.
 */
export async function openAfterEarly<Q extends { queue: Array<QueueItem<CardHead>> }>(
  opts: EarlyOptions,
  io: Io,
  early: EarlyStart,
  open: { check: (store: Workspace<CardHead>['store']) => void; elapsed: () => number },
  queueOf: (ws: Workspace<CardHead>, tags: string[] | undefined) => Q,
): Promise<Opened<Q>> {
  // Loaded now, after the card: nothing before it needs them.
  const [{ loadLazyWorkspace, openWorkspace, tagFilter }, { closeStore }] = await Promise.all([import('./common.js'), import('../adapters/store.js')]);
  const decks = await loadLazyWorkspace(opts.decks, io, { deckFilter: opts.deck });
  const tags = tagFilter(opts.tag, decks.cards);
  const ws = openWorkspace(decks, io, { check: open.check, elapsed: open.elapsed });
  try {
    return await compare(ws, queueOf(ws, tags), early);
  } catch (err) {
    closeStore(ws.store, io);
    throw err;
  }
}

async function compare<Q extends { queue: Array<QueueItem<CardHead>> }>(ws: Workspace<CardHead>, plan: Q, early: EarlyStart): Promise<Opened<Q>> {
  const { index } = early;
  const decks = ws;
  const sameDecks =
    decks.reads !== undefined &&
    decks.reads.length === index.files.length &&
    decks.reads.every((f, i) => f.file === index.files[i]!.file && f.key === index.files[i]!.key) &&
    decks.decks.length === index.decks.length &&
    decks.decks.every((d, i) => d.id === index.decks[i]!.id && d.title === index.decks[i]!.title && d.cards.length === index.decks[i]!.cards) &&
    ws.cards.length === index.rows.flags.length;
  if (!sameDecks) return { ws, plan, differs: 'the study index did not match the decks' };
  const { queue } = plan;
  const states = ws.store.states();
  const same =
    queue.length === early.queue.length &&
    queue.every((q, i) => {
      const e = early.queue[i]!;
      const st = states.get(stateKey(q.deck, q.card.id))?.state;
      return ws.cards[e.row]!.card === q.card && q.kind === e.kind && (st === 1 || st === 3) === early.inLearning(e.row);
    });
  if (!same) return { ws, plan, differs: 'the study index did not match the store' };
  const shown = await ws.full(ws.cards[early.queue[0]!.row]!.card);
  return { ws, plan, ...(isDeepStrictEqual(shown, early.first.card) ? {} : { differs: 'the study index did not match the decks' }) };
}
