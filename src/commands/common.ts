// What study and quiz share: load the decks, open the store, notice cards whose answer changed,
// and turn one graded answer into a journal entry.
import path from 'node:path';
import type { Answer, Card, CardHead, Deck, SelfRating } from '../core/model.js';
import { formatCount } from '../core/count-text.js';
import { answerHash } from '../core/hash.js';
import { stateKey, type CardState, type ReviewEntry, type ReviewKind } from '../core/progress.js';
import { review, type Scheduler } from '../core/schedule.js';
import type { GradeResult } from '../core/grade.js';
import { loadDecksLazily, loadDecksOrThrow, type DeckFileRead, type HeadDeck } from '../adapters/load-decks.js';
import { closeStore, newEntryId, newSessionId, openStore, type Store } from '../adapters/store.js';
import { readAnswersFile } from '../adapters/answers-file.js';
import { resolveAnswers, type AnswersUse } from '../core/answers.js';
import { clockFromEnv, stopwatch } from '../adapters/clock.js';
import { UsageError } from '../errors.js';
import { matchTags } from '../core/tags.js';
import { closest } from '../core/suggest.js';
import { neutralize } from '../core/sanitize.js';
import { println, type Io } from '../io.js';

export { requireTerminal } from './terminal.js';

export interface DeckCard<C extends CardHead = Card> {
  deck: string;
  card: C;
  /** stateKey(deck, card.id), made once: every pass over 10,000 cards looks states up by it. */
  key: string;
}

/**
 * Decks loaded and checked, the store not opened yet. A command checks its input against these
 * cards (tags, an answers file) before it opens the workspace: input refused with exit 2 is refused
 * before anything is written, even the "answer changed" resets that opening the workspace records.
 * `C`: whole cards, or card heads (loadLazyWorkspace).
 */
export interface LoadedDecks<C extends CardHead = Card> {
  decks: Array<Omit<Deck, 'cards'> & { cards: C[] }>;
  cards: Array<DeckCard<C>>;
  /** The whole card of one of `cards`: a head's body is read (and checked) at its first use. */
  full(card: C): Promise<Card>;
  /** The wall clock (fixed under RECALL_NOW): what is due, and when answers happened. */
  clock: () => Date;
  /** Every deck file read, in order, with its identity and deck-cache key (loadLazyWorkspace): what
   *  the study index is checked against. */
  reads?: readonly DeckFileRead[];
  /** The body texts of a deck's heads (loadLazyWorkspace; see LazyDecks.bodies). */
  bodies?: (deck: { cards: readonly CardHead[] }) => ((i: number) => string) | undefined;
}

/** Decks, store and clock for one run. */
export interface Workspace<C extends CardHead = Card> extends LoadedDecks<C> {
  store: Store;
  /** Real milliseconds since start: answer durations, countdowns. */
  elapsed: () => number;
  /** Recorded on every journal entry this run makes (one quiz is one session in stats). */
  session: string;
}

/**
 * The hash of a card's answer part: computed when the deck was linted and cached with it. A head
 * always carries it (the cache's check requires it); only a whole card can lack it.
 */
export function hashOf(card: CardHead): string {
  return card.hash ?? answerHash(card as Card);
}

/** Loads decks (throws DeckError on errors) as whole cards; nothing is opened or written. */
export async function loadWorkspace(deckArgs: string[], io: Io, opts: { deckFilter?: string[]; answers?: string } = {}): Promise<LoadedDecks> {
  // The answers file kept in the deck folder (`quiz decks/ --answers decks/key.yaml`) is not a deck.
  const notDecks = opts.answers !== undefined && opts.answers !== '-' ? [path.resolve(io.cwd, opts.answers)] : [];
  const decks = await loadDecksOrThrow(deckArgs, io.cwd, { env: io.env, notDecks, notice: (line) => println(io.stderr, line) });
  return loaded(decks, async (card) => card, io, opts);
}

/**
 * Like loadWorkspace, but cards of decks found in the deck cache are heads (id, type, tags, answer
 * hash) until `full` reads one: an interactive session shows a few cards, and building all 10,000
 * of a big deck cost more than the rest of its start (see adapters/load-decks.ts).
 */
export async function loadLazyWorkspace(deckArgs: string[], io: Io, opts: { deckFilter?: string[] } = {}): Promise<LoadedDecks<CardHead>> {
  const { decks, full, reads, bodies } = await loadDecksLazily(deckArgs, io.cwd, { env: io.env, notice: (line) => println(io.stderr, line) });
  return { ...loaded<CardHead>(decks, full, io, opts), reads, bodies: (deck) => bodies(deck as HeadDeck) };
}

function loaded<C extends CardHead>(all: Array<Omit<HeadDeck, 'cards'> & { cards: C[] }>, full: (card: C) => Promise<Card>, io: Io, opts: { deckFilter?: string[] }): LoadedDecks<C> {
  let decks = all;
  if (opts.deckFilter && opts.deckFilter.length > 0) {
    const unknown = opts.deckFilter.filter((id) => !decks.some((d) => d.id === id));
    if (unknown.length > 0) {
      // The closest id first, as a mistyped --tag or deck path gets it: the list alone is long
      // with a folder of decks.
      const ids = decks.map((d) => d.id);
      const near = [...new Set(unknown.flatMap((id) => closest(id, ids, 2)))];
      throw new UsageError(`--deck ${unknown.join(', ')}: no such deck${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''} among ${ids.join(', ')}`);
    }
    decks = decks.filter((d) => opts.deckFilter!.includes(d.id));
  }
  const cards = decks.flatMap((d) => d.cards.map((card): DeckCard<C> => ({ deck: d.id, card, key: stateKey(d.id, card.id) })));
  return { decks, cards, full, clock: clockFromEnv(io.env) };
}

/**
 * Opens the store for loaded decks and resets cards whose answer changed. What the store holds that
 * can refuse the run (settings out of range; `check`, e.g. a damaged exam profile) is checked first,
 * so a run refused with exit 2 has written nothing.
 */
export function openWorkspace<C extends CardHead>(decks: LoadedDecks<C>, io: Io, opts: { check?: (store: Store) => void; elapsed?: () => number } = {}): Workspace<C> {
  // The store's own refusals (a stored value out of its range, store-settings.ts; the caller's
  // check) come before its repairs on opening: a refused run writes nothing.
  const store = openStore(io, {
    now: decks.clock(),
    check: (s) => {
      s.settings();
      opts.check?.(s);
    },
  });
  const session = newSessionId();
  try {
    resetChangedAnswers(store, decks.cards, decks.clock, session, io);
  } catch (err) {
    // The resets were not saved (a full disk): no checkpoint either, though opening folded a journal
    // tail (after a crash, up to thousands of entries) that a clean close would write into progress.json.
    closeStore(store, io, true, { checkpoint: false });
    throw err;
  }
  return { ...decks, store, elapsed: opts.elapsed ?? stopwatch(), session };
}

/**
 * A scripted run's answers file, read and checked against the cards: every mistake in it is one
 * UsageError (exit 2) listing them all. Called before openWorkspace (see LoadedDecks).
 */
export async function readScriptedAnswers(file: string, io: Io, cards: Array<{ deck: string; card: Card }>, use: AnswersUse): Promise<Map<string, Answer>> {
  const raw = await readAnswersFile(file, io);
  const { answers, errors } = resolveAnswers(raw, cards, use);
  if (errors.length > 0) throw new UsageError(errors.join('\n'), 'ANSWERS_INVALID');
  return answers;
}

/**
 * `--tag` values to the tags the cards carry, ignoring case. A tag no card carries is a usage error
 * (exit 2) naming the closest tags, rather than a session or quiz with nothing in it.
 */
export function tagFilter(requested: string[] | undefined, cards: ReadonlyArray<{ card: CardHead }>): string[] | undefined {
  if (!requested || requested.length === 0) return undefined;
  const known = new Set(cards.flatMap((c) => c.card.tags));
  const { tags, unknown } = matchTags(requested, known);
  if (unknown.length === 0) return tags;
  const show = (list: string[]) => neutralize(list.join(', '));
  const lines = unknown.map(({ tag, closest }) => {
    const hint = closest.length > 0 ? `did you mean ${show(closest)}?` : known.size > 0 ? `tags in these decks: ${show([...known].sort().slice(0, 12))}${known.size > 12 ? ', …' : ''}` : 'these decks have no tags';
    // An empty or blank tag (`--tag ""` from a script's unset variable) is shown quoted: bare, it read "--tag : no card".
    return `--tag ${tag.trim() === '' ? JSON.stringify(tag) : neutralize(tag)}: no card has this tag (${hint})`;
  });
  throw new UsageError(lines.join('\n'), 'UNKNOWN_TAG');
}

/** A card whose answer part changed since it was studied starts again as new; the user is told. */
function resetChangedAnswers(store: Store, cards: ReadonlyArray<DeckCard<CardHead>>, clock: () => Date, session: string, io: Io): void {
  const states = store.states();
  const changed: Array<DeckCard<CardHead>> = [];
  for (const c of cards) {
    const state = states.get(c.key);
    if (state && state.hash !== hashOf(c.card)) changed.push(c);
  }
  if (changed.length === 0) return;
  for (const c of changed)
    store.append({ op: 'reset', id: newEntryId(), at: clock().toISOString(), session, deck: c.deck, card: c.card.id, reason: 'answer-changed' });
  const names = changed.slice(0, 5).map((c) => `${c.deck}/${c.card.id}`);
  const more = changed.length > names.length ? ` and ${changed.length - names.length} more` : '';
  const what = changed.length === 1 ? '1 card changed its answer since you studied it and starts' : `${formatCount(changed.length)} cards changed their answer since you studied them and start`;
  io.stderr.write(`recall: ${what} again as new: ${names.join(', ')}${more}\n`);
}

export interface ReviewInput {
  sched: Scheduler;
  deck: string;
  card: Card;
  hash: string;
  kind: ReviewKind;
  rating: SelfRating;
  /** null for a self-graded card (a basic card rated by the student) */
  result: GradeResult | null;
  ms: number;
  prev: CardState | null;
  now: Date;
  session: string;
}

/**
 * The journal entry for one answer. Study answers move the schedule; a quiz answer moves it only
 * when wrong (a lapse), so rehearsing an exam never pushes an interval out.
 */
export function reviewEntry(r: ReviewInput): ReviewEntry {
  const moves = r.kind === 'study' || r.rating === 'again';
  const state = moves ? review(r.sched, r.prev, r.rating, r.now, { deck: r.deck, card: r.card.id, hash: r.hash }) : r.prev;
  return {
    op: 'review',
    id: newEntryId(),
    at: r.now.toISOString(),
    session: r.session,
    deck: r.deck,
    card: r.card.id,
    kind: r.kind,
    rating: r.rating,
    correct: r.result ? r.result.correct : null, // no result: a self-graded card
    ms: Math.round(r.ms),
    ...(r.result && !r.result.correct ? { given: r.result.given, expected: r.result.expected, ...(r.result.picked ? { picked: r.result.picked } : {}) } : {}),
    ...(r.prev && r.prev.state !== 0 ? { before: r.prev.state } : {}),
    // null: the schedule did not move (a right quiz answer; a never-studied card stays new)
    state: moves ? state : null,
  };
}
