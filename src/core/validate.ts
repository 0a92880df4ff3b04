// The deck linter: positioned tree in, validated Deck and diagnostics out. Pure and total: it
// never throws, whatever the tree holds, and every problem is reported at the node that has it.
import { CARD_TYPES, withDeckTags, type Card, type CardType, type Deck, type Diagnostic } from './model.js';
import { getEntry, type PMap, type PNode } from './ptree.js';
import { hasControlChars, neutralize } from './sanitize.js';
import { checkCardType, type CardCommon } from './validate-cards.js';
import { ItemChecks } from './validate-items.js';
import { readWaiver, type WaiverUse } from './waivers.js';
import {
  checkUnknownFields,
  closest,
  entryNode,
  KEBAB,
  CARD_ID,
  q,
  readBool,
  readList,
  readPositiveNumber,
  readText,
  readTextList,
  Reporter,
  type FieldOpts,
} from './validate-fields.js';

/** Bump whenever a rule or message changes: cached lint results of older rules are then ignored. */
export const LINT_RULES_VERSION = 4;

/** Tag limits. A tag is a short label for a topic; past these a deck is a mistake or an attack, and
 *  a deck with 60,000 deck-level tags once took 16 s and 1.8 GB to lint. */
export const MAX_DECK_TAGS = 64;
export const MAX_CARD_TAGS = 32;
export const MAX_TAG_LENGTH = 64;

export const DECK_FIELDS = ['deck', 'title', 'description', 'tags', 'typos', 'lint', 'cards'] as const;

export interface ValidateResult {
  /** The deck when it has no errors (warnings allowed), else null. */
  deck: Deck | null;
  diagnostics: Diagnostic[];
  /** The deck id and where it is written, when readable: checkDeckSet needs it even for broken decks. */
  header?: DeckHeader;
  /** Waivers of item-writing rules (`lint:`), with what each silenced. */
  waivers: WaiverUse[];
}

export interface DeckHeader {
  id: string;
  file: string;
  line: number;
  col: number;
}

/**
 * Validates a deck's tree. `cards`, when given, supplies the items of the `cards` list instead of the
 * tree (whose `cards` entry is then a placeholder): they are read one at a time, so a caller can
 * produce them lazily and let each go once it is checked. An error thrown while reading `cards` is
 * the caller's and passes through; any other is reported as INTERNAL.
 */
export function validateDeck(tree: PNode | null, file: string, cards?: Iterable<PNode>): ValidateResult {
  const r = new Reporter(file);
  try {
    const result = run(r, tree, file, cards && fromSource(cards));
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

function* fromSource(cards: Iterable<PNode>): Generator<PNode> {
  try {
    yield* cards;
  } catch (err) {
    throw new SourceFailure(err);
  }
}

function run(r: Reporter, tree: PNode | null, file: string, lazyCards: Iterable<PNode> | undefined): ValidateResult {
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
  // One array for the whole deck: cards without tags of their own share it (see readCard).
  const deckTags = unique(tags);
  const deckTagSet = new Set(deckTags);
  const items = new ItemChecks(r, file);
  const deckWaiver = readWaiver(r, tree, owner, 'deck');
  if (deckWaiver) items.deckWaiver(id, deckWaiver.waiver, deckWaiver.at);
  // The deck's `typos` is the default of its cards; a card's own `typos` wins.
  const typos = readBool(r, tree, 'typos', opt) ?? true;

  const cards: Card[] = [];
  const cardsEntry = getEntry(tree, 'cards');
  const cardsValue = cardsEntry?.value;
  let nodes: Iterable<PNode> | undefined = lazyCards;
  if (lazyCards) {
    // The caller supplies a non-empty list; the tree was checked without it.
  } else if (cardsEntry && cardsValue && ((cardsValue.kind === 'scalar' && cardsValue.value === null) || (cardsValue.kind === 'seq' && cardsValue.items.length === 0)))
    r.error({ line: cardsEntry.keyLine, col: cardsEntry.keyCol }, 'EMPTY_DECK', 'the deck has no cards');
  else nodes = readList(r, tree, 'cards', { required: true, owner });
  const seen = new Map<string, number>();
  let index = 0;
  for (const node of nodes ?? []) {
    if (lazyCards) checkControlChars(r, node);
    const card = readCard(r, node, index++, deckTags, deckTagSet, typos, seen, items);
    if (card) cards.push(card);
  }
  // Item-writing rules over the whole deck, reported at the deck id (or the top of the file).
  items.deck(cards, idNode ?? { line: tree.line, col: tree.col });

  const waivers = items.uses;
  if (r.errorCount > 0 || id === undefined || title === undefined) return { deck: null, diagnostics: r.diagnostics, waivers, ...(header ? { header } : {}) };
  const deck: Deck = {
    id,
    title,
    ...(description !== undefined ? { description } : {}),
    tags: deckTags,
    ...(deckWaiver ? { lint: deckWaiver.waiver } : {}),
    cards,
    source: file,
  };
  return { deck, diagnostics: r.diagnostics, waivers, ...(header ? { header } : {}) };
}

function readCard(r: Reporter, node: PNode, index: number, deckTags: string[], deckTagSet: ReadonlySet<string>, deckTypos: boolean, seen: Map<string, number>, items: ItemChecks): Card | undefined {
  if (node.kind !== 'map') {
    r.error(node, 'WRONG_TYPE', `card ${index + 1} should be a mapping with id, type and its fields`);
    return undefined;
  }
  const before = r.errorCount;
  const idText = entryNode(node, 'id');
  const shownId = idText?.kind === 'scalar' && typeof idText.value === 'string' && idText.value.trim() ? idText.value : undefined;
  const owner = shownId ? `card ${q(shownId, 40)}` : `card ${index + 1}`;
  const req: FieldOpts = { required: true, owner };
  const opt: FieldOpts = { required: false, owner };

  const id = readText(r, node, 'id', req);
  if (id !== undefined && idText) {
    if (!CARD_ID.test(id)) r.error(idText, 'BAD_ID', `card id ${q(id)} should be lowercase kebab-case (dots allowed), like ${q(kebab(id) || 'my-card')}`);
    const firstLine = seen.get(id);
    if (firstLine !== undefined) r.error(idText, 'DUPLICATE_ID', `card id ${q(id)} is already used on line ${firstLine}; ids must be unique in a deck`);
    else seen.set(id, idText.line);
  }
  const type = readCardType(r, node, owner);
  const tags = checkTags(r, node, 'tags', readTextList(r, node, 'tags', opt) ?? [], MAX_CARD_TAGS, owner);
  const explain = readText(r, node, 'explain', opt);
  const hint = readText(r, node, 'hint', opt);
  const timeLimit = readPositiveNumber(r, node, 'timeLimit', opt);
  const waiver = readWaiver(r, node, owner, 'card');
  if (waiver && id !== undefined) items.cardWaiver(id, waiver.waiver, waiver.at);
  const typos = readBool(r, node, 'typos', opt) ?? deckTypos;
  if (type === undefined) return undefined;

  const common: CardCommon = {
    id: id ?? '',
    tags: withDeckTags(deckTags, unique(tags).filter((t) => !deckTagSet.has(t))),
    ...(explain !== undefined ? { explain } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    ...(waiver ? { lint: waiver.waiver } : {}),
    ...(typos ? {} : { typos: false as const }),
    pos: { line: node.line, col: node.col },
  };
  const card = checkCardType(r, node, type, common, owner);
  if (r.errorCount !== before || !card) return undefined;
  items.card(card, node);
  return card;
}

function readCardType(r: Reporter, map: PMap, owner: string): CardType | undefined {
  const type = readText(r, map, 'type', { required: true, owner });
  if (type === undefined) return undefined;
  if ((CARD_TYPES as readonly string[]).includes(type)) return type as CardType;
  const near = closest(type, CARD_TYPES);
  r.error(entryNode(map, 'type')!, 'UNKNOWN_TYPE', `unknown card type ${q(type)}${near ? `; did you mean "${near}"?` : ''} (types: ${CARD_TYPES.join(', ')})`);
  return undefined;
}

/** Warns once per string (keys included) that holds a control character or escape sequence. */
function checkControlChars(r: Reporter, node: PNode): void {
  const flag = (text: string, pos: { line: number; col: number }) => {
    if (hasControlChars(text))
      r.warn(pos, 'CONTROL_CHAR', `text contains a control character or terminal escape: ${q(neutralize(text))}; it is shown neutralised`);
  };
  const stack: PNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string') flag(n.value, n);
    } else if (n.kind === 'seq') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!);
    }
    else {
      for (const e of [...n.entries].reverse()) stack.push(e.value);
      for (const e of n.entries) flag(e.key, { line: e.keyLine, col: e.keyCol });
    }
  }
}

/**
 * Enforces the tag limits, reporting at the list (too many) or at the tag (too long). Returns the
 * tags to keep: none when there are too many, so that nothing is built from a hostile list.
 */
function checkTags(r: Reporter, map: PMap, key: string, tags: string[], max: number, owner: string): string[] {
  const node = entryNode(map, key);
  if (tags.length > max) {
    if (node) r.error(node, 'TOO_MANY_TAGS', `${owner} has ${tags.length} tags; at most ${max} are allowed`);
    return [];
  }
  const items = node?.kind === 'seq' ? node.items : [];
  let long = 0;
  tags.forEach((tag, i) => {
    if (tag.length <= MAX_TAG_LENGTH) return;
    long++;
    const at = items[i] ?? node;
    if (at) r.error(at, 'TAG_TOO_LONG', `tag ${q(tag, 40)} of ${owner} is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`);
  });
  return long > 0 ? tags.filter((t) => t.length <= MAX_TAG_LENGTH) : tags;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
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
