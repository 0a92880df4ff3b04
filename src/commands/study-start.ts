// Interactive study's early start: the queue worked out from the study index (adapters/study-index.ts,
// core/queue-rows.ts) so the first card is on screen before the store is opened, then the store
// opened while the student reads it and the queue worked out again the usual way, which must be
// the same (commands/study.ts uses the store's queue from then on; a difference restarts the
// session from the store's queue, with a notice).
//
// What it trades: the index file (~330 KB for 10,000 cards) written when a session closes, and the
// store's opening moved behind the first card; its notices (a journal line skipped, cards reset)
// would then come after the card, so any of them restarts the session too, printed first.
import path from 'node:path';
import type { CardHead } from '../core/model.js';
import { stateKey, type Settings } from '../core/progress.js';
import type { QueueFilters, QueueItem } from '../core/queue.js';
import { queueOfRows, rowInLearning, todayCountsOfRows, type RowItem } from '../core/queue-rows.js';
import { makeScheduler } from '../core/schedule.js';
import { indexName, readStudyIndex, type IndexKey } from '../adapters/study-index.js';
import { resolveSettings } from '../adapters/store-settings.js';
import { PROGRESS_FILE, storeDir } from '../adapters/store-dir.js';
import { hashOf, openWorkspace, type LoadedDecks, type Workspace } from './common.js';
import type { Io } from '../io.js';

export interface EarlyStart {
  queue: Array<RowItem<CardHead>>;
  /** The session header's count of cards in learning, by state key. */
  inLearning: (key: string) => boolean;
  /** The index's key: study does not write the same index again when it closes. */
  key: IndexKey;
}

/** The queue from the study index, when there is one for these cards and this store, no exam is
 *  set and the queue is not empty; else undefined (the store is opened first, as before). */
export function earlyStart(decks: LoadedDecks<CardHead>, io: Io, filters: Omit<QueueFilters, 'exam' | 'decks'>): EarlyStart | undefined {
  const index = readStudyIndex(io.env, decks.cards, indexName(decks, hashOf));
  if (index === undefined) return undefined;
  const stored = index.settings as Partial<Settings> & { exam?: unknown };
  if (stored.exam !== undefined && stored.exam !== null) return undefined; // the plan reads the journal
  let settings: Settings;
  try {
    settings = resolveSettings(stored, path.join(storeDir(io.env), PROGRESS_FILE));
  } catch {
    return undefined; // opening the store says what is wrong
  }
  const now = decks.clock();
  const today = todayCountsOfRows(index.rows, now, settings.rolloverHour);
  const queue = queueOfRows({ cards: decks.cards, rows: index.rows, now, settings, scheduler: makeScheduler(settings), filters, today });
  if (queue.length === 0) return undefined; // the empty session's reasons read the store
  const learning = new Set(queue.filter((q) => rowInLearning(index.rows, q.row)).map((q) => stateKey(q.deck, q.card.id)));
  return { queue, inLearning: (key) => learning.has(key), key: index.key };
}

export interface Opened<Q> {
  ws: Workspace<CardHead>;
  /** Study's own queue of the opened store (with the exam plan, when one is set). */
  plan: Q;
  /** Why the store's queue is not the early one (undefined: it is the same). */
  differs?: string;
}

/**
 * Opens the store for the decks as study does without an index (`io`: where its notices go while
 * the first card is on screen), works the queue out from it with `queueOf` (study's own), and
 * compares it with the early one: the same cards, kinds and learning counts, in the same order.
 */
export function openAfterEarly<Q extends { queue: Array<QueueItem<CardHead>> }>(
  decks: LoadedDecks<CardHead>,
  io: Io,
  early: EarlyStart,
  open: { check: (store: Workspace<CardHead>['store']) => void; elapsed: () => number },
  queueOf: (ws: Workspace<CardHead>) => Q,
): Opened<Q> {
  const ws = openWorkspace(decks, io, { check: open.check, elapsed: open.elapsed });
  const plan = queueOf(ws);
  const { queue } = plan;
  const states = ws.store.states();
  const same =
    queue.length === early.queue.length &&
    queue.every((q, i) => {
      const e = early.queue[i]!;
      const key = stateKey(q.deck, q.card.id);
      const st = states.get(key)?.state;
      return q.deck === e.deck && q.card.id === e.card.id && q.kind === e.kind && (st === 1 || st === 3) === early.inLearning(key);
    });
  return { ws, plan, ...(same ? {} : { differs: 'the study index did not match the store' }) };
}
