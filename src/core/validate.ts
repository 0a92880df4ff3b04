// The deck linter: positioned tree in, validated Deck and diagnostics out. Pure and total: it
// never throws, whatever the tree holds, and every problem is reported at the node that has it.
import type { Card, Deck, Diagnostic } from './model.js';
import { getEntry, type PNode } from './ptree.js';
import { neutralize } from './sanitize.js';
import { checkCard, checkControlChars, checkTags, kebab, MAX_DECK_TAGS, unique, type CardCheck, type CardContext } from './card-check.js';
import { ItemChecks } from './validate-items.js';
import { ruleCard, type RuleCard } from './item-lint.js';
import type { NearDuplicateResult } from './near-duplicate.js';
import { readWaiver, type WaiverUse } from './waivers.js';
import { checkUnknownFields, entryNode, KEBAB, q, readBool, readList, readText, readTextList, Reporter, type FieldOpts } from './validate-fields.js';

export { MAX_CARD_TAGS, MAX_DECK_TAGS, MAX_TAG_LENGTH } from './card-check.js';

/** Bump whenever a rule or message changes: cached lint results of older rules are then ignored. */
export const LINT_RULES_VERSION = 9;

export const DECK_FIELDS = ['deck', 'title', 'description', 'tags', 'typos', 'lint', 'cards'] as const;

/** A deck whose cards are `C`: whole cards, or what a cached check holds instead (see validateDeck). */
export type DeckOf<C> = Omit<Deck, 'cards'> & { cards: C[] };

export interface ValidateResult<C = Card> {
  /** The deck when it has no errors (warnings allowed), else null. */
  deck: DeckOf<C> | null;
  diagnostics: Diagnostic[];
  /** The deck id and where it is written, when readable: checkDeckSet needs it even for broken decks. */
  header?: DeckHeader;
  /** Waivers of item-writing rules (`lint:`), with what each silenced. */
  waivers: WaiverUse[];
  /** With `keep` (validateDeck): what a re-lint after a small edit starts from (adapters/relint-delta.ts). */
  kept?: KeptLint;
}

/** What validateDeck found besides its result, for a re-lint to work the deck-wide rules out again
 *  for a few changed cards: the diagnostics of the deck's own fields (made before any card's, in
 *  that order), whether the deck waives a rule, and what NEAR_DUPLICATE compared and found. */
export interface KeptLint {
  headerDiagnostics: Diagnostic[];
  deckWaiver: boolean;
  near?: NearDuplicateResult;
}

export interface DeckHeader {
  id: string;
  file: string;
  line: number;
  col: number;
}

/**
 * Validates a deck's tree. `cards`, when given, supplies the checks of the `cards` list's items
 * instead of the tree (whose `cards` entry is then a placeholder): it is called with what the checks
 * depend on once the deck's own fields are read, and its checks are consumed one at a time, so a
 * caller can parse and check each card lazily (see card-check.ts) or take it from a cache. An error
 * thrown while reading `cards` is the caller's and passes through; any other is reported as INTERNAL.
 */
export function validateDeck(tree: PNode | null, file: string, cards?: (ctx: CardContext) => Iterable<CardCheck>): ValidateResult;
/**
 * With checks whose `card` is not a whole card but what a cache keeps of it (the card cache of big
 * decks keeps each card's RuleCard, its head and its body's JSON): `rule` gives what the deck-wide
 * rules read of it. The deck's cards are then those stand-ins, in the same order.
 */
export function validateDeck<C>(tree: PNode | null, file: string, cards: (ctx: CardContext) => Iterable<CardCheck<C>>, rule: (card: C) => RuleCard, keep?: boolean): ValidateResult<C>;
export function validateDeck<C>(tree: PNode | null, file: string, cards?: (ctx: CardContext) => Iterable<CardCheck<C>>, rule = ruleCard as unknown as (card: C) => RuleCard, keep = false): ValidateResult<C> {
  const r = new Reporter(file);
  try {
    const result = run(r, tree, file, cards && ((ctx) => fromSource(cards(ctx))), rule, keep);
    // Stable order by position (sort is stable), so output reads top to bottom.
    result.diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
    return result;
  } catch (err) {
    if (err instanceof SourceFailure) throw err.error;
    // A bug here must not take the whole lint run down: report it against the file instead.
    r.error({ line: 1, col: 1 }, 'INTERNAL', `the linter failed on this file: ${err instanceof Error ? err.message : String(err)}`);
    return { deck: null, diagnostics: r.diagnostics, waivers: [] };
  }
}

class SourceFailure {
  constructor(readonly error: unknown) {}
}

function* fromSource<C>(cards: Iterable<CardCheck<C>>): Generator<CardCheck<C>> {
  try {
    yield* cards;
  } catch (err) {
    throw new SourceFailure(err);
  }
}

function run<C>(r: Reporter, tree: PNode | null, file: string, lazyCards: ((ctx: CardContext) => Iterable<CardCheck<C>>) | undefined, rule: (card: C) => RuleCard, keep: boolean): ValidateResult<C> {
  if (tree === null || (tree.kind === 'scalar' && tree.value === null)) {
    r.error({ line: 1, col: 1 }, 'EMPTY_FILE', 'the file is empty; a deck needs deck, title and cards');
    return { deck: null, diagnostics: r.diagnostics, waivers: [] };
  }
  checkControlChars(r, tree);
  if (tree.kind !== 'map') {
    r.error(tree, 'WRONG_TYPE', `a deck file should be a mapping with deck, title and cards, but YAML read ${tree.kind === 'seq' ? 'a list' : 'a single value'}`);
    return { deck: null, diagnostics: r.diagnostics, waivers: [] };
  }
  checkUnknownFields(r, tree, DECK_FIELDS, 'the deck');
  const owner = 'the deck';
  const req: FieldOpts = { required: true, owner };
  const opt: FieldOpts = { required: false, owner };

  const id = readText(r, tree, 'deck', req);
  const idNode = entryNode(tree, 'deck');
  if (id !== undefined && idNode && !KEBAB.test(id)) r.error(idNode, 'BAD_ID', `deck id ${q(id)} should be lowercase kebab-case, like ${q(kebab(id) || 'my-deck')}`);
  const header = id !== undefined && idNode ? { id, file, line: idNode.line, col: idNode.col } : undefined;
  const title = readText(r, tree, 'title', req);
  const description = readText(r, tree, 'description', opt);
  const tags = checkTags(r, tree, 'tags', readTextList(r, tree, 'tags', opt) ?? [], MAX_DECK_TAGS, 'the deck');
  // One array for the whole deck: cards without tags of their own share it (see checkCard).
  const deckTags = unique(tags);
  const items = new ItemChecks(r, file);
  const deckWaiver = readWaiver(r, tree, owner, 'deck');
  if (deckWaiver) items.deckWaiver(id, deckWaiver.waiver, deckWaiver.at);
  // The deck's `typos` is the default of its cards; a card's own `typos` wins.
  const typos = readBool(r, tree, 'typos', opt) ?? true;

  const ctx: CardContext = { deckTags, deckTagSet: new Set(deckTags), typos };

  const cards: C[] = [];
  const rules: RuleCard[] = [];
  const cardsEntry = getEntry(tree, 'cards');
  const cardsValue = cardsEntry?.value;
  let checks: Iterable<CardCheck<C>> | undefined;
  if (lazyCards) checks = lazyCards(ctx); // a non-empty list; the tree was checked without it
  else if (cardsEntry && cardsValue && ((cardsValue.kind === 'scalar' && cardsValue.value === null) || (cardsValue.kind === 'seq' && cardsValue.items.length === 0)))
    r.error({ line: cardsEntry.keyLine, col: cardsEntry.keyCol }, 'EMPTY_DECK', 'the deck has no cards');
  // Without lazyCards, C is Card (the first overload of validateDeck).
  else checks = (readList(r, tree, 'cards', { required: true, owner }) ?? []).map((node, i) => checkCard(node, i, ctx, file, false)) as unknown as Array<CardCheck<C>>;
  const kept: KeptLint | undefined = keep ? { headerDiagnostics: r.diagnostics.slice(), deckWaiver: deckWaiver !== undefined } : undefined;
  // The deck-wide part of each card's rules, in card order.
  const seen = new Map<string, number>();
  for (const check of checks ?? []) {
    for (const d of check.diagnostics) r.add(d, d.severity, d.code, d.message);
    let duplicate = false;
    if (check.id) {
      const { id: cardId, line } = check.id;
      const firstLine = seen.get(cardId);
      duplicate = firstLine !== undefined;
      if (duplicate) r.error(check.id, 'DUPLICATE_ID', `card id ${q(cardId)} is already used on line ${firstLine}; ids must be unique in a deck`);
      else seen.set(cardId, line);
      if (check.waiver) items.cardWaiver(cardId, check.waiver.waiver, check.waiver.at);
    }
    if (check.card !== undefined && !duplicate) {
      const view = rule(check.card);
      cards.push(check.card);
      rules.push(view);
      items.card(view, check.findings);
    }
  }
  // Item-writing rules over the whole deck, reported at the deck id (or the top of the file).
  const near = items.deck(rules, idNode ?? { line: tree.line, col: tree.col }, keep);
  if (kept) kept.near = near;

  const waivers = items.uses;
  const extra = { ...(header ? { header } : {}), ...(kept ? { kept } : {}) };
  if (r.errorCount > 0 || id === undefined || title === undefined) return { deck: null, diagnostics: r.diagnostics, waivers, ...extra };
  const deck: DeckOf<C> = {
    id,
    title,
    ...(description !== undefined ? { description } : {}),
    tags: deckTags,
    ...(deckWaiver ? { lint: deckWaiver.waiver } : {}),
    cards,
    source: file,
  };
  return { deck, diagnostics: r.diagnostics, waivers, ...extra };
}

/** DUPLICATE_DECK across files: reported at the later file's `deck:` value, naming the first. */
export function checkDeckSet(headers: DeckHeader[]): Diagnostic[] {
  const first = new Map<string, DeckHeader>();
  const out: Diagnostic[] = [];
  for (const h of headers) {
    const prev = first.get(h.id);
    if (prev)
      out.push({
        file: h.file,
        line: h.line,
        col: h.col,
        severity: 'error',
        code: 'DUPLICATE_DECK',
        message: `deck id ${q(h.id)} is already used by ${neutralize(prev.file)}:${prev.line}:${prev.col}; deck ids must be unique`,
      });
    else first.set(h.id, h);
  }
  return out;
}
