// `recall stats [decks...]`: what is due, what is retained, where the weak spots are.
// Reads the store and the journal only; the figures come from core/stats.ts.
import fs from 'node:fs';
import path from 'node:path';
import { outputWidth, println, type Io } from '../io.js';
import type { Card, CardHead } from '../core/model.js';
import type { CardState, Settings } from '../core/progress.js';
import { computeStats, historyOf } from '../core/stats.js';
import type { StatsHistory } from '../core/stats-history.js';
import type { StatsCard, StatsDeck } from '../core/stats-types.js';
import type { Observation } from '../core/calibration.js';
import { recallObservations } from '../core/recall-history.js';
import { makeScheduler } from '../core/schedule.js';
import { renderStats } from '../core/stats-text.js';
import { clockFromEnv } from '../adapters/clock.js';
import { bundledDeckIds } from '../adapters/deck-files.js';
import { loadDecksLazily, type HeadDeck } from '../adapters/load-decks.js';
import { closeStore, openStore } from '../adapters/store.js';
import { prefetched } from '../adapters/prefetch.js';
import { makeStyle } from '../adapters/style.js';
import { withSteadyYoungGeneration } from '../adapters/young-gen.js';
import { checkExamConfig, type ExamConfig } from '../core/exam.js';
import { StoreError } from '../errors.js';
import { neutralizeJson } from '../core/sanitize.js';

export interface StatsOptions {
  decks?: string[];
  json?: boolean;
}

export interface StoreSnapshot {
  settings: Settings;
  exam: ExamConfig | null;
  states: Map<string, CardState>;
  /** Every deck id the journal names (empty when it was not read). */
  journalDecks: readonly string[];
  /** The journal folded for computeStats (`history`), when asked for. */
  history?: StatsHistory;
  /** The journal as the exam's calibration reads it (`observations`), when asked for. */
  observations?: Observation[];
}

/**
 * Settings, states and (when asked) what the reports need of the journal, with the store closed
 * again; notices go to stderr. The journal is read an entry at a time and folded as it comes
 * (core/stats-history.ts, core/recall-history.ts): a big store's 100,000 entries are never held.
 */
export function readStore(io: Io, want: { history?: boolean; observations?: boolean } = {}): StoreSnapshot {
  // Reports only read: a read-only store or a full disk is fine, and nothing is repaired here.
  const store = openStore(io, { readOnly: true });
  try {
    const settings = store.settings();
    const snap: StoreSnapshot = { settings, exam: storedExam(store), states: store.states(), journalDecks: [] };
    if (!want.history && !want.observations) return snap;
    // Room for the reviews at once, not grown by copying: a journal line takes ~300-450 bytes, and
    // room not used is never touched (so costs no page).
    const fold = want.history ? historyOf(settings, store.journalSize() / 200) : undefined;
    const decks = new Set<string>();
    for (const e of store.historyEntries()) {
      if (fold) fold.add(e);
      else decks.add(e.deck);
    }
    const history = fold?.result();
    // The calibration replays each card's state before every answer: the journal read with its
    // states, in a pass of its own (the read above cuts them out, and so found no answer at all).
    const observations = want.observations ? recallObservations(store.calibrationEntries(), makeScheduler(settings)) : undefined;
    return { ...snap, journalDecks: history?.deckIds ?? [...decks], history, observations };
  } finally {
    closeStore(store, io);
  }
}

/** The stored exam, or null; a damaged one is a store error naming the file (fix: `recall exam clear`). */
export function storedExam(store: { exam(): unknown; readonly progressPath: string }): ExamConfig | null {
  const raw = store.exam();
  if (raw === null) return null;
  const exam = checkExamConfig(raw);
  if (typeof exam === 'string')
    throw new StoreError(`${store.progressPath}: the stored ${exam}. Run "recall exam clear" and set it again.`, 'STORE_BAD_EXAM');
  return exam;
}

/** Deck ids the store has progress for (card states or journal entries). */
export function progressDeckIds(snap: StoreSnapshot): Set<string> {
  const ids = new Set<string>();
  for (const key of snap.states.keys()) ids.add(key.slice(0, key.indexOf('/')));
  for (const id of snap.journalDecks) ids.add(id);
  return ids;
}

/** The decks a report covers, and the ids it reports on. */
export interface SelectedDecks {
  /** Cards are heads where the deck cache had the deck (loadDecksLazily): reports read a card's
   *  id, type and tags, and `full` gives the few whole cards one needs (stats' confusions). */
  decks: HeadDeck[];
  deckIds: string[];
  full(card: CardHead): Promise<Card>;
}

/**
 * Decks given: those (a deck id the store knows but no file provides is reported from the store).
 * None given: the bundled decks plus every deck with progress.
 */
export async function selectDecks(args: string[], known: Set<string>, cwd: string, env: Record<string, string | undefined> = {}, notice?: (line: string) => void): Promise<SelectedDecks> {
  if (args.length === 0) {
    const { decks, full } = await loadDecksLazily([], cwd, { env });
    const ids = new Set(decks.map((d) => d.id));
    return { decks, full, deckIds: [...ids, ...[...known].filter((id) => !ids.has(id)).sort()] };
  }
  const bundled = new Set(bundledDeckIds());
  const storeOnly = args.filter((a) => known.has(a) && !bundled.has(a) && !fs.existsSync(path.resolve(cwd, a)));
  const files = args.filter((a) => !storeOnly.includes(a));
  const lazy = files.length > 0 ? await loadDecksLazily(files, cwd, { env, notice }) : undefined;
  const decks = lazy?.decks ?? [];
  const ids = new Set(decks.map((d) => d.id));
  return { decks, full: lazy?.full ?? noDeck, deckIds: [...ids, ...storeOnly.filter((id) => !ids.has(id))] };
}

function noDeck(): Promise<Card> {
  return Promise.reject(new Error('internal: a card was asked of no deck'));
}

/**
 * The decks with whole cards where stats' confusions name options: choice and multi cards that an
 * answer in the journal got wrong with options picked. The rest stay heads: parsing 10,000 card
 * bodies from the deck cache to read their ids and tags cost ~250 ms and ~5,000 page faults.
 */
async function withOptionsNamed(decks: HeadDeck[], h: StatsHistory, full: (card: CardHead) => Promise<Card>): Promise<StatsDeck[]> {
  const named = new Map<string, Set<string>>();
  for (const row of h.picks.keys()) {
    const deck = h.deckIds[h.deck[row]!]!;
    let cards = named.get(deck);
    if (!cards) named.set(deck, (cards = new Set()));
    cards.add(h.cardIds[h.card[row]!]!);
  }
  return Promise.all(
    decks.map(async (d) => {
      const ids = named.get(d.id);
      if (ids === undefined) return d;
      const cards: StatsCard[] = [...d.cards];
      for (let i = 0; i < cards.length; i++) {
        const c = cards[i]!;
        if (ids.has(c.id) && (c.type === 'choice' || c.type === 'multi')) cards[i] = await full(c);
      }
      return { ...d, cards };
    }),
  );
}

export async function run(opts: StatsOptions, io: Io): Promise<number> {
  const now = clockFromEnv(io.env)();
  await prefetched(); // progress.json, read while the CLI loaded (adapters/prefetch.ts)
  // What survives the read is small (the folded columns), so V8's young generation is held at its
  // size (young-gen.ts): grown to 2 x 16 MB it was ~3,700 pages touched for the first time and
  // ~13 MiB of peak for garbage (A/B of the same build, 7 runs each).
  const snap = withSteadyYoungGeneration(() => readStore(io, { history: true, observations: opts.json }));
  const selected = await selectDecks(opts.decks ?? [], progressDeckIds(snap), io.cwd, io.env, (line) => println(io.stderr, line));
  const { deckIds } = selected;
  const decks = await withOptionsNamed(selected.decks, snap.history!, selected.full);
  const stats = computeStats({ decks, deckIds, states: snap.states, entries: snap.history!, now, settings: snap.settings });
  if (opts.json) {
    // The exam block: the same report as `recall exam --json` for these decks.
    const { readiness } = await import('./exam.js');
    const exam = readiness({ decks, states: snap.states, observations: snap.observations, settings: snap.settings, exam: snap.exam, now });
    // Tags and deck ids are deck text: C1 and bidi controls become \u escapes (JSON.stringify leaves them raw).
    io.stdout.write(`${neutralizeJson(JSON.stringify({ ...stats, exam }, null, 2))}\n`);
  }
  else io.stdout.write(renderStats(stats, makeStyle(io), outputWidth(io)));
  return 0;
}
