// The one call commands use to get decks: resolve arguments, read, parse, validate, and check
// deck ids across files. Lint shows everything; other commands refuse decks with errors.
import path from 'node:path';
import { isAscii } from 'node:buffer';
import { ownTags, withDeckTags, type Card, type CardHead, type Deck, type Diagnostic } from '../core/model.js';
import { fullCard, splitCard, type CachedDeck } from '../core/cached-lint.js';
import { neutralize } from '../core/sanitize.js';
import { checkDeckSet, type DeckHeader } from '../core/validate.js';
import { crossDeckDuplicates } from '../core/validate-items.js';
import type { WaiverUse } from '../core/waivers.js';
import { answerHash } from '../core/hash.js';
import { DeckError, UsageError } from '../errors.js';
import { deckText, readDeckBytes, resolveDeckArgs } from './deck-files.js';
import { prefetched } from './prefetch.js';
import { cacheKey, deckCache, type DeckCache } from './deck-cache.js';
import { decodeEntry, entryOf, hitOf, type DeckEntry, type DeckHit } from './deck-entry.js';
import { crossKey, decodeCross, encodeCross, markAgain, markedBy } from './cross-entry.js';
import { cardCache, type CardCache } from './card-cache.js';
import type { lintSource } from './lint-source.js';
import type { DeltaEntry } from './relint-delta.js';
import { appendAll } from '../core/arrays.js';

export interface LoadResult {
  /** Decks without errors (warnings allowed), in file order; a repeated deck id keeps the first. */
  decks: Deck[];
  /** Every diagnostic of every file, in file order, each file's sorted by position. */
  diagnostics: Diagnostic[];
  /** The deck files that were read. */
  files: string[];
  /** Waivers of item-writing rules in every file, in file order. */
  waivers: WaiverUse[];
}

export interface LoadOptions {
  /** Reuse lint results of unchanged files (see deck-cache.ts). Default: the cache beside the
   *  store when `env` is given, else none. */
  cache?: DeckCache;
  /** Keep each card's check of big decks (see card-cache.ts). Default: the cache beside the store
   *  when `env` is given and a deck cache is in use, else none. */
  cardCache?: CardCache;
  /** The environment, to find the default cache folder (RECALL_HOME, XDG_CACHE_HOME). */
  env?: Record<string, string | undefined>;
  /** Mixed into cache keys; pass the package version. */
  cacheSalt?: string;
  /**
   * Nothing but the lint follows (deck lint): a big deck is then linted in process unless yaml would
   * parse a big piece of it in one go (lint-pool.ts, wantsWorker). Elsewhere big decks go to the
   * worker: the lint's garbage would stay beside what the command does next (study --answers of
   * the 10,000-card bench deck with cold caches peaked at 165 MiB linted in process, 148 through
   * the worker), while a lint alone peaks at 134 MiB in process against 130.
   */
  lintOnly?: boolean;
  /** Also look for NEAR_DUPLICATE cards between decks (deck lint). Off elsewhere: only lint shows
   *  warnings, and with a 10,000-card deck loaded beside others it would cost every start. */
  crossDeck?: boolean;
  /** A file a folder walk finds that is not a deck (the run's `--answers` file): left out, unless
   *  it is named as a deck argument itself. Absolute paths. */
  notDecks?: readonly string[];
  /** Where a line saying that an answers file found beside the decks was set aside goes (stderr). */
  notice?: (line: string) => void;
}

// yaml and the validator load only on a cache miss: a warm start parses no YAML at all. A big deck
// keeps a card cache (below), and is linted in a worker with a capped heap to keep the memory peak
// down, except by `deck lint` when yaml would parse no big piece of it in one go (lintOnly).
const BIG_FROM_BYTES = 256 * 1024;

/** What a lint gives: its result, or the result's deck-cache entry: its bytes (linted in a worker),
 *  or the entry itself (a big deck linted in process with its card cache, lint-source.ts lintToEntry). */
type LintOutcome = { result: Linted } | { entry: Buffer } | { made: DeckEntry } | { delta: DeltaEntry };

async function lint(bytes: Buffer, file: string, cards: CardCache | undefined, lintOnly: boolean): Promise<LintOutcome> {
  // Decoded only when read: a re-lint after a small edit works from the bytes (relint-delta.ts).
  let decoded: string | undefined;
  const text = () => (decoded ??= deckText(bytes));
  // Big by its text's length: a character is at most 3 bytes per UTF-16 unit (a byte order mark,
  // which the text leaves out, is 3 bytes), so most big files are known big without decoding.
  const big = isAscii(bytes) ? bytes.length >= BIG_FROM_BYTES : (bytes.length - 3) / 3 >= BIG_FROM_BYTES || text().length >= BIG_FROM_BYTES;
  // Big decks also keep each card's check (card-cache.ts), so a re-lint after an edit checks one card:
  // from the card cache's section when it can (relint-delta.ts: only the file's tail is read for
  // it), else from every card's entry.
  const tail = big && cards?.openTail ? cards.openTail(bytes) : undefined;
  if (tail !== undefined) {
    const delta = (await import('./relint-delta.js')).relintDelta(bytes, tail.content, file, cards!.salt, undefined, () => tail.whole());
    if (delta) return { delta };
  }
  const cardsIn = big && cards ? { content: tail ? tail.whole() : cards.open(bytes), salt: cards.salt } : undefined;
  // With the card cache filled, a lint parses few cards and makes little garbage: in process it
  // saves the worker's start-up and the GC of its capped heap (~40% of a re-lint's time).
  const pool = big && cardsIn?.content === undefined ? await import('./lint-pool.js') : undefined;
  const reply = pool && (!lintOnly || pool.wantsWorker(text())) ? await pool.lintInWorker(text(), file, cardsIn) : undefined;
  if (!reply) {
    const made = cards && cardsIn ? await lintToEntryInProcess(text(), bytes, file, cards, cardsIn) : undefined;
    return made ? { made } : { result: await lintInProcess(text(), file) };
  }
  if (cards && reply.store !== undefined) cards.save(bytes, reply.store);
  return { entry: Buffer.from(reply.entry.buffer, reply.entry.byteOffset, reply.entry.byteLength) };
}

/** A big deck's lint with its card cache, as its deck-cache entry (undefined: the text must be
 *  parsed in one piece, see lintToEntry); the card cache is rewritten when the lint says so. */
async function lintToEntryInProcess(text: string, bytes: Buffer, file: string, cards: CardCache, cardsIn: { content: Uint8Array | undefined; salt: string }): Promise<DeckEntry | undefined> {
  const source = await import('./lint-source.js');
  // A big deck's lint keeps most of what it makes: see young-gen.ts.
  return source.withSteadyYoungGeneration(() => {
    const memo = source.readCardMemo(cardsIn.content, cardsIn.salt);
    const entry = source.lintToEntry(text, file, memo, bytes);
    if (memo.store !== undefined) cards.save(bytes, memo.store);
    return entry;
  });
}

async function lintInProcess(text: string, file: string): Promise<Linted> {
  const source = await import('./lint-source.js');
  const lintText = () => source.lintSource(text, file);
  // A big deck's lint keeps most of what it makes: see young-gen.ts.
  const result = text.length >= BIG_FROM_BYTES ? source.withSteadyYoungGeneration(lintText) : lintText();
  // Hashed once here, then cached with the deck (see Card.hash); cards from the card cache have theirs.
  for (const card of result.deck?.cards ?? []) card.hash ??= answerHash(card);
  return result;
}

type Linted = ReturnType<typeof lintSource>;

/** A deck whose cards may be heads only (loadDecksLazily): what the study queue needs of each card. */
export type HeadDeck = Omit<Deck, 'cards'> & { cards: CardHead[] };

/** A deck loaded lazily from the cache: its heads, the entry their bodies are in, and the deck
 *  file's bytes, linted again should a body fail its check. */
interface BodySource {
  heads: CardHead[];
  hit: DeckHit;
  file: string;
  bytes: Buffer;
  /** The deck's tags, while the heads hold their own tags only (see fromCache's `ownTags`). */
  untagged?: string[];
}
// A list, not a map from each head: recording 10,000 heads cost more at start than finding the few
// that are shown (indexOf, a native scan of one array).
type Bodies = BodySource[];

/**
 * lintSource through the cache: a hit gives the same result, re-attached to this file's path. The
 * key is the file's bytes: a hit never decodes the text. With `bodies`, a hit's cards are left as
 * heads and their bodies recorded there; without, each card is made whole, and an entry with a body
 * that fails its check is a miss. A miss linted in a worker comes back as its entry's bytes, which
 * are stored and read like a hit: the same result as a later start gets.
 */
async function lintCached(bytes: Buffer, file: string, opts: LoadOptions, cache: DeckCache | undefined, key: string | undefined, bodies?: Bodies, ownTags = false): Promise<LoadedDeck> {
  const hit = key !== undefined ? cache!.get(key) : undefined;
  const cached = hit && fromEntry(hit, file, bytes, bodies, ownTags);
  if (cached) return cached;
  const outcome = await lint(bytes, file, cache && (opts.cardCache ?? (opts.env ? cardCache(opts.env) : undefined)), opts.lintOnly === true);
  if ('made' in outcome) {
    // Linted with the card cache: its entry is stored, and read as the next start will read it.
    if (key !== undefined) {
      const keep = () => cache!.set(key, outcome.made);
      // Encoding a big deck's entry keeps most of what it makes too (young-gen.ts).
      if (bytes.length >= BIG_FROM_BYTES) (await import('./young-gen.js')).withSteadyYoungGeneration(keep);
      else keep();
    }
    const loaded = fromEntry(hitOf(outcome.made), file, bytes, bodies, ownTags);
    if (loaded) return loaded;
  }
  if ('delta' in outcome) {
    // Re-linted from the card cache's section: its entry is written a piece at a time and read as a hit.
    const { deltaHit, encodeDeltaEntry, writeDeltaEntry } = await import('./relint-delta.js');
    const hit = deltaHit(outcome.delta);
    if (hit && key !== undefined) {
      if (cache!.setWritten) cache!.setWritten(key, (write) => writeDeltaEntry(outcome.delta, write));
      else cache!.setEncoded?.(key, encodeDeltaEntry(outcome.delta));
    }
    const loaded = hit && fromEntry(hit, file, bytes, bodies, ownTags);
    if (loaded) return loaded;
  }
  if ('entry' in outcome) {
    // Linted in a worker: its entry is stored, and read back as the next start will read it.
    if (key !== undefined) cache!.setEncoded?.(key, outcome.entry);
    const decoded = decodeEntry(outcome.entry);
    const loaded = decoded && fromEntry(decoded, file, bytes, bodies, ownTags);
    if (loaded) return loaded;
  }
  // An entry the worker just made always reads back; were one not to, the lint in process decides.
  const result = 'result' in outcome ? outcome.result : await lintInProcess(deckText(bytes), file);
  if (key !== undefined) {
    const keep = () => cache!.set(key, entryOf(result));
    // Encoding a big deck's entry keeps most of what it makes too (young-gen.ts).
    if (bytes.length >= BIG_FROM_BYTES) (await import('./young-gen.js')).withSteadyYoungGeneration(keep);
    else keep();
  }
  return result;
}

/** A lint result whose deck's cards may be heads (see lintCached). */
type LoadedDeck = Omit<Linted, 'deck'> & { deck: HeadDeck | null };

/** The lint result in a deck-cache entry, re-attached to this file's path; undefined when a card
 *  body fails its check (eager only, see fromCache). */
function fromEntry(hit: DeckHit, file: string, bytes: Buffer, bodies: Bodies | undefined, ownTags: boolean): LoadedDeck | undefined {
  const deck = fromCache(hit, file, bytes, bodies, ownTags);
  if (deck === undefined) return undefined;
  return {
    deck,
    // `file` first, as the validator makes them: `deck lint --format json` prints the same text
    // from the cache as from a lint (it printed `file` last on a warm start, first on a cold one).
    diagnostics: hit.diagnostics.map((d) => ({ file, ...d })),
    waivers: (hit.waivers ?? []).map((w) => ({ file, ...w })),
    ...(hit.header ? { header: { ...hit.header, file } } : {}),
  };
}

/** The deck of a cache hit (null: the deck has errors), or undefined when a card body fails its
 *  check (eager only: lazily, bodies are checked when used). With `ownTags` (lazily only), the
 *  heads keep their own tags until made whole (wholeDeck): `deck lint` reads only their ids, and
 *  giving 10,000 heads their deck's tags cost its warm lint ~30 ms of CPU and ~850 page faults. */
function fromCache(hit: DeckHit, file: string, bytes: Buffer, bodies: Bodies | undefined, ownTags = false): HeadDeck | null | undefined {
  if (!hit.deck) return null;
  const { cards: heads, ...rest } = hit.deck;
  if (bodies && ownTags) {
    bodies.push({ heads, hit, file, bytes, untagged: rest.tags });
    return { ...rest, cards: heads, source: file };
  }
  tagHeads(heads, rest.tags);
  if (bodies) {
    bodies.push({ heads, hit, file, bytes });
    return { ...rest, cards: heads, source: file };
  }
  const cards = wholeCards(heads, hit);
  return cards && { ...rest, cards, source: file };
}

/** Gives each head its deck's tags too (in place), as a lint gives its cards. */
function tagHeads(heads: CardHead[], deckTags: string[]): void {
  for (const c of heads) c.tags = withDeckTags(deckTags, Array.isArray(c.tags) ? c.tags : []);
}

/** Every head made whole from its body in `hit`, or undefined when a body fails its check. */
function wholeCards(heads: readonly CardHead[], hit: DeckHit): Card[] | undefined {
  const cards: Card[] = [];
  for (let i = 0; i < heads.length; i++) {
    const card = fullCard(heads[i]!, hit.body(i));
    if (card === undefined) return undefined;
    cards.push(card);
  }
  return cards;
}

/** Lints the given deck files (paths as returned by resolveDeckArgs / expandPaths). */
export async function loadDeckFiles(files: string[], cwd: string, opts: LoadOptions = {}): Promise<LoadResult> {
  // Without a body map, every card comes back whole.
  const { keys: _keys, reads: _reads, ...result } = await loadFiles(files, cwd, opts);
  return result as LoadResult;
}

/** A deck file as a load read it: its absolute path, identity when opened (device, inode, size,
 *  modification and change times) and deck-cache key; what the study index is checked against. */
export interface DeckFileRead {
  file: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  key: string | undefined;
}

async function loadFiles(files: string[], cwd: string, opts: LoadOptions, bodies?: Bodies, ownTags = false): Promise<Omit<LoadResult, 'decks'> & { decks: HeadDeck[]; keys: ReadonlyMap<string, string>; reads: DeckFileRead[] }> {
  await prefetched(); // deck files boot.ts began reading (prefetch.ts): taken by readDeckBytes
  const decks: HeadDeck[] = [];
  const perFile = new Map<string, Diagnostic[]>();
  const headers: DeckHeader[] = [];
  const waivers: WaiverUse[] = [];
  const cache = opts.cache ?? (opts.env ? deckCache(opts.env) : undefined);
  const keys = new Map<string, string>();
  const reads: DeckFileRead[] = [];
  for (const file of files) {
    const read = readDeckBytes(file, cwd);
    if (read.bytes === null) {
      perFile.set(file, read.diagnostics);
      continue;
    }
    const key = cache && cacheKey(read.bytes, opts.cacheSalt);
    if (key !== undefined) keys.set(file, key);
    const s = read.stat;
    if (s) reads.push({ file: path.resolve(cwd, file), dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, key });
    const result = await lintCached(read.bytes, file, opts, cache, key, bodies, ownTags);
    perFile.set(file, result.diagnostics);
    appendAll(waivers, result.waivers);
    if (result.header) headers.push(result.header);
    if (result.deck) decks.push(result.deck);
  }
  const duplicates = checkDeckSet(headers);
  const dropped = new Set(duplicates.map((d) => d.file));
  const kept = decks.filter((deck) => !dropped.has(deck.source));
  const added = [...duplicates, ...(opts.crossDeck && kept.length > 1 ? await crossDuplicates(kept, waivers, bodies, cache, keys) : [])];
  for (const d of added) {
    const list = perFile.get(d.file) ?? [];
    list.push(d);
    list.sort((a, b) => a.line - b.line || a.col - b.col);
  }
  return {
    decks: kept,
    diagnostics: files.flatMap((f) => perFile.get(f) ?? []),
    files,
    waivers,
    keys,
    reads,
  };
}

/**
 * NEAR_DUPLICATE between the decks, from the deck cache while their files and texts are the same
 * (cross-entry.ts); else compared, on whole cards, and stored.
 */
async function crossDuplicates(kept: HeadDeck[], waivers: WaiverUse[], bodies: Bodies | undefined, cache: DeckCache | undefined, keys: ReadonlyMap<string, string>): Promise<Diagnostic[]> {
  const named = kept.map((deck) => ({ file: deck.source, key: keys.get(deck.source) }));
  const key = cache?.getEncoded && named.every((d) => d.key !== undefined) ? crossKey(named as Array<{ file: string; key: string }>) : undefined;
  const stored = key !== undefined ? decodeCross(cache!.getEncoded!(key), new Set(named.map((d) => d.file))) : undefined;
  if (stored && markAgain(waivers, stored.waived)) return stored.diagnostics;
  const compared = await Promise.all(kept.map((deck) => wholeDeck(deck, bodies)));
  const entry = markedBy(waivers, () => crossDeckDuplicates(compared, waivers));
  if (key !== undefined) cache!.setEncoded?.(key, encodeCross(entry));
  return entry.diagnostics;
}

/** `deck` with whole cards: its heads made whole from the entry they came from (a body that fails
 *  its check: the deck linted again in process), or the deck itself when it was linted in this run. */
async function wholeDeck(deck: HeadDeck, bodies: Bodies | undefined): Promise<Deck> {
  const source = bodies?.find((b) => b.heads === deck.cards);
  if (source === undefined) return deck as Deck;
  if (source.untagged) {
    tagHeads(source.heads, source.untagged);
    source.untagged = undefined;
  }
  const cards = wholeCards(source.heads, source.hit);
  if (cards) return { ...deck, cards };
  return (await lintInProcess(deckText(source.bytes), source.file)).deck ?? { ...deck, cards: [] };
}

/**
 * What `recall deck lint` shows: every diagnostic and waiver of the files. Cards found in the deck
 * cache stay heads (their bodies are not parsed), except where decks are compared with each other:
 * a warm lint of the 10,000-card bench deck made all its cards whole for nothing (~190 ms).
 */
export async function lintDecks(args: string[], cwd: string, opts: LoadOptions = {}): Promise<Omit<LoadResult, 'decks'>> {
  const { diagnostics, files, waivers } = await lintWithDecks(args, cwd, opts);
  return { diagnostics, files, waivers };
}

/** lintDecks, with the decks that linted without errors (card heads): `deck lint` tells an answers
 *  file found beside them by their card ids (core/answers-shape.ts). The heads of decks from the
 *  cache hold their own tags only, not their deck's: ids are all that is read of them. */
export function lintWithDecks(args: string[], cwd: string, opts: LoadOptions = {}): Promise<Omit<LoadResult, 'decks'> & { decks: HeadDeck[] }> {
  return loadFiles(resolveDeckArgs(args, cwd), cwd, { ...opts, lintOnly: true }, [], true);
}

/** Resolves deck arguments (files, folders, bundled ids; none = bundled) and lints them all. */
export function loadDecks(args: string[], cwd: string, opts: LoadOptions = {}): Promise<LoadResult> {
  return loadDeckFiles(withoutNotDecks(resolveDeckArgs(args, cwd), args, cwd, opts.notDecks), cwd, opts);
}

/** The files but those in `notDecks` that only a folder walk found (see LoadOptions.notDecks). */
function withoutNotDecks(files: string[], args: readonly string[], cwd: string, notDecks: readonly string[] | undefined): string[] {
  if (notDecks === undefined || notDecks.length === 0) return files;
  const named = new Set(args.map((a) => path.resolve(cwd, a)));
  const drop = new Set(notDecks.filter((f) => !named.has(f)));
  const kept = files.filter((f) => !drop.has(path.resolve(cwd, f)));
  // Said as expandPaths says an empty folder, not as a quiz with no questions.
  if (kept.length === 0 && files.length > 0) throw new UsageError(`no deck files in ${args.map(neutralize).join(', ')}: the only one found is the answers file`, 'NOT_FOUND');
  return kept;
}

/** Like loadDecks, but any error diagnostic throws a DeckError that lists the errors. */
export async function loadDecksOrThrow(args: string[], cwd: string, opts: LoadOptions = {}): Promise<Deck[]> {
  const loaded = await loadDecks(args, cwd, opts);
  throwOnErrors(await withoutAnswersFiles(loaded, args, cwd, opts.notice));
  return loaded.decks;
}

/**
 * The diagnostics of a load but those of scripted answers files a folder walk found beside the
 * decks, as `deck lint` sets them aside (answers-beside-decks.ts), each said through `notice`: a
 * folder that lint passed must not be refused by study, quiz or export for the same file. Looked
 * at only when a file has errors, so a normal start reads nothing more.
 */
export async function withoutAnswersFiles(loaded: { files: string[]; diagnostics: Diagnostic[]; decks: HeadDeck[] }, args: readonly string[], cwd: string, notice?: (line: string) => void): Promise<Diagnostic[]> {
  if (!loaded.diagnostics.some((d) => d.severity === 'error')) return loaded.diagnostics;
  const { answersFilesBeside } = await import('./answers-beside-decks.js');
  const { skipped, notices } = await answersFilesBeside(loaded, args, cwd, false);
  for (const line of notices) notice?.(line);
  return skipped.size === 0 ? loaded.diagnostics : loaded.diagnostics.filter((d) => !skipped.has(d.file));
}

/** Decks whose cards may be heads only, and the way to a whole card. */
export interface LazyDecks {
  decks: HeadDeck[];
  /** Every deck file read, in order, with its deck-cache key (a hash of its bytes and the lint
   *  rules) when there is a cache: the study index is checked against them (study-index.ts). */
  reads: readonly DeckFileRead[];
  /** The whole card of a head from `decks`: its body read and checked at first use. */
  full(card: CardHead): Promise<Card>;
  /** The body texts of the heads of one of `decks`, as its deck-cache entry keeps them (by place,
   *  not checked); undefined when the deck was linted in this run (its cards are whole). */
  bodies(deck: HeadDeck): ((i: number) => string) | undefined;
}

/**
 * Like loadDecksOrThrow, but the cards of decks found in the deck cache stay heads until `full`
 * asks for one: `recall study` shows a few cards of a big deck, and parsing every card's body on
 * each start cost more than the rest of loading. A body that fails its check (a bug or another
 * build's entry: the file itself is signed and verified before anything is read) makes `full` lint
 * the deck's bytes again and take the card from that.
 */
export async function loadDecksLazily(args: string[], cwd: string, opts: LoadOptions = {}): Promise<LazyDecks> {
  const bodies: Bodies = [];
  const loaded = await loadFiles(resolveDeckArgs(args, cwd), cwd, opts, bodies);
  throwOnErrors(await withoutAnswersFiles(loaded, args, cwd, opts.notice));
  const { decks, reads } = loaded;
  const whole = new WeakMap<CardHead, Card>();
  const relinted = new Map<string, Promise<Deck | null>>();
  return {
    decks,
    reads,
    async full(head) {
      const known = whole.get(head);
      if (known) return known;
      let index = -1;
      const source = bodies.find((b) => (index = b.heads.indexOf(head)) >= 0);
      // Not from the cache: the deck was linted in this run, and its cards are whole.
      if (source === undefined) return head as Card;
      let card = fullCard(head, source.hit.body(index));
      if (card === undefined) {
        let again = relinted.get(source.file);
        if (again === undefined) relinted.set(source.file, (again = lintInProcess(deckText(source.bytes), source.file).then((r) => r.deck)));
        card = (await again)?.cards.find((c) => c.id === head.id);
        if (card === undefined) throw new DeckError(`${neutralize(source.file)}: card ${neutralize(head.id)} is no longer in the deck; run recall deck lint`);
      }
      whole.set(head, card);
      return card;
    },
    bodies(deck) {
      const source = bodies.find((b) => b.heads === deck.cards);
      return source && ((i) => source.hit.body(i));
    },
  };
}

function throwOnErrors(diagnostics: Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((d) => formatDiagnostic(d));
    if (errors.length > shown.length) shown.push(`… and ${errors.length - shown.length} more (run recall deck lint)`);
    throw new DeckError(`${errors.length === 1 ? 'a deck has an error' : `decks have ${errors.length} errors`}:\n${shown.join('\n')}`);
  }
}

/**
 * `path:line:col: error|warning CODE message`, with any control characters neutralised.
 * `paint` may colour the severity word (it receives the word and returns what to print).
 */
export function formatDiagnostic(d: Diagnostic, paint: (severity: string) => string = (s) => s): string {
  return `${neutralize(`${d.file}:${d.line}:${d.col}:`)} ${paint(d.severity)} ${neutralize(`${d.code} ${d.message}`)}`;
}
