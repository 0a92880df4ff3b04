// One card of a deck, checked on its own: everything the validator says about a card that does not
// depend on the other cards. The deck-wide rules (duplicate ids, waivers, the item-writing rules over
// the whole deck) run over these checks in validate.ts. Because a check depends only on the card's
// node, its place in the list (when it has no id to be named by) and the deck's tags and `typos`,
// it can be computed apart (in a worker) or kept (the card cache of big decks). Pure.
import { CARD_TYPES, withDeckTags, type Card, type CardType, type Diagnostic, type Position, type Waiver } from './model.js';
import type { PMap, PNode } from './ptree.js';
import { hasControlChars, neutralize } from './sanitize.js';
import { checkCardType, type CardCommon } from './validate-cards.js';
import { placedFindings, type PlacedFinding } from './validate-items.js';
import { readWaiver } from './waivers.js';
import { closest, entryNode, CARD_ID, q, readBool, readPositiveNumber, readText, readTextList, Reporter, type FieldOpts } from './validate-fields.js';

/** Tag limits. A tag is a short label for a topic; past these a deck is a mistake or an attack, and
 *  a deck with 60,000 deck-level tags once took 16 s and 1.8 GB to lint. */
export const MAX_DECK_TAGS = 64;
export const MAX_CARD_TAGS = 32;
export const MAX_TAG_LENGTH = 64;

/** What a card's check depends on beyond its own node. */
export interface CardContext {
  /** The deck's tags, one array shared by the cards without tags of their own. */
  deckTags: string[];
  deckTagSet: ReadonlySet<string>;
  /** The deck's `typos`, the default of its cards. */
  typos: boolean;
}

export interface CardCheck<C = Card> {
  /** What the card's own rules report, in the order they report it. */
  diagnostics: Diagnostic[];
  /** The card's id where it is written (DUPLICATE_ID is decided over the whole deck). */
  id?: { id: string; line: number; col: number };
  /** The card's waiver, when it has an id: listed by --verbose even on a broken card. */
  waiver?: { waiver: Waiver; at: Position };
  /** The card, when its own rules found no error (a cached check may hold a stand-in for it: see
   *  validateDeck's `rule`). */
  card?: C;
  /** Item-writing findings of a valid card, before waivers. */
  findings: PlacedFinding[];
  /** The card's place in the list, when a message names it by that (it has no id to be named by). */
  index?: number;
}

/**
 * Checks one item of the cards list. `controlChars`: also warn about control characters in it (the
 * whole-tree path does that for the whole tree at once).
 */
export function checkCard(node: PNode, index: number, ctx: CardContext, file: string, controlChars: boolean): CardCheck {
  const r = new Reporter(file);
  if (controlChars) checkControlChars(r, node);
  if (node.kind !== 'map') {
    r.error(node, 'WRONG_TYPE', `card ${index + 1} should be a mapping with id, type and its fields`);
    return { diagnostics: r.diagnostics, findings: [], index };
  }
  const idText = entryNode(node, 'id');
  const shownId = idText?.kind === 'scalar' && typeof idText.value === 'string' && idText.value.trim() ? idText.value : undefined;
  const owner = shownId ? `card ${q(shownId, 40)}` : `card ${index + 1}`;
  const req: FieldOpts = { required: true, owner };
  const opt: FieldOpts = { required: false, owner };
  const check: CardCheck = { diagnostics: r.diagnostics, findings: [], ...(shownId ? {} : { index }) };

  const id = readText(r, node, 'id', req);
  if (id !== undefined && idText) {
    if (!CARD_ID.test(id)) r.error(idText, 'BAD_ID', `card id ${q(id)} should be lowercase kebab-case (dots allowed), like ${q(kebab(id) || 'my-card')}`);
    check.id = { id, line: idText.line, col: idText.col };
  }
  const type = readCardType(r, node, owner);
  const tags = checkTags(r, node, 'tags', readTextList(r, node, 'tags', opt) ?? [], MAX_CARD_TAGS, owner);
  const explain = readText(r, node, 'explain', opt);
  const hint = readText(r, node, 'hint', opt);
  const timeLimit = readPositiveNumber(r, node, 'timeLimit', opt);
  const waiver = readWaiver(r, node, owner, 'card');
  if (waiver && id !== undefined) check.waiver = waiver;
  const typos = readBool(r, node, 'typos', opt) ?? ctx.typos;
  if (type === undefined) return check;

  // Field by field, in this order, rather than with a spread per optional field: five spreads
  // made five objects per card that were thrown away at once.
  const common: CardCommon = { id: id ?? '', tags: withDeckTags(ctx.deckTags, ownCardTags(tags, ctx.deckTagSet)) } as CardCommon;
  if (explain !== undefined) common.explain = explain;
  if (hint !== undefined) common.hint = hint;
  if (timeLimit !== undefined) common.timeLimit = timeLimit;
  if (waiver) common.lint = waiver.waiver;
  if (!typos) common.typos = false;
  common.pos = { line: node.line, col: node.col };
  const card = checkCardType(r, node, type, common, owner);
  if (r.errorCount > 0 || !card) return check;
  check.card = card;
  check.findings = placedFindings(card, node);
  return check;
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
export function checkControlChars(r: Reporter, node: PNode): void {
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
      for (let i = n.entries.length - 1; i >= 0; i--) stack.push(n.entries[i]!.value);
      for (const e of n.entries) if (hasControlChars(e.key)) flag(e.key, { line: e.keyLine, col: e.keyCol });
    }
  }
}

/**
 * Enforces the tag limits, reporting at the list (too many) or at the tag (too long). Returns the
 * tags to keep: none when there are too many, so that nothing is built from a hostile list.
 */
export function checkTags(r: Reporter, map: PMap, key: string, tags: string[], max: number, owner: string): string[] {
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

/** The card's tags beyond its deck's, each once, in order. A card has a few (at most
 *  MAX_CARD_TAGS): compared with each other rather than through a Set and two arrays per card. */
function ownCardTags(tags: string[], deckTagSet: ReadonlySet<string>): string[] {
  const own: string[] = [];
  for (const t of tags) if (!deckTagSet.has(t) && !own.includes(t)) own.push(t);
  return own;
}

export function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

