// Per-type card rules. Each checker reads the type's own fields from a card mapping whose common
// fields (id, type, tags, explain, hint, timeLimit, typos) the caller has already read.
import type { Card, CardType, Option } from './model.js';
import { getEntry, type PMap, type PNode } from './ptree.js';
import { checkUnknownFields, describe, entryNode, q, readBool, readList, readText, readTextList, Reporter, type FieldOpts } from './validate-fields.js';

export const COMMON_FIELDS = ['id', 'type', 'tags', 'explain', 'hint', 'timeLimit', 'lint', 'typos'] as const;

export const TYPE_FIELDS: Record<CardType, readonly string[]> = {
  basic: ['front', 'back', 'accept'],
  choice: ['prompt', 'choices'],
  multi: ['prompt', 'choices'],
  truefalse: ['statement', 'answer'],
  typed: ['prompt', 'answer', 'accept'],
  cloze: ['text'],
  order: ['prompt', 'items'],
};

export const OPTION_FIELDS = ['text', 'correct', 'why'] as const;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 8;
export const MIN_ITEMS = 3;
export const MAX_ITEMS = 8;

/** `{{blank}}` or `{{a|b}}`; braces cannot nest. Shared with the schema's pattern. */
export const BLANK = /\{\{([^{}]*)\}\}/g;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
const CHOOSE_N = /\b(?:choose|select|pick)\s+(\d+|one|two|three|four|five|six|seven|eight)\b/i;
/** The same words where an instruction stands: at the start of the prompt, of a line or sentence,
 *  or after "(". "Which services let an admin select 3 Regions? (Choose two.)" asks for two: the
 *  first match anywhere read 3, an error on a right card and a prompt that refused its right answer. */
const CHOOSE_N_LEAD = /(?:^|[\n(.?!:;]\s*)(?:choose|select|pick)\s+(\d+|one|two|three|four|five|six|seven|eight)\b/i;

/** The N of "Choose two" / "(select 3)" in a prompt, if it says one: the instruction's, else the first. */
export function chooseN(prompt: string): number | undefined {
  const m = CHOOSE_N_LEAD.exec(prompt) ?? CHOOSE_N.exec(prompt);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  return /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word);
}

/** Alternatives per blank, in order; alternatives are trimmed. */
export function parseBlanks(text: string): string[][] {
  return [...text.matchAll(BLANK)].map((m) => m[1]!.split('|').map((a) => a.trim()));
}

/** Fields every type shares, present on the card before its type's own fields are read. */
export type CardCommon = Omit<Card, 'type' | 'front' | 'back' | 'accept' | 'prompt' | 'choices' | 'statement' | 'answer' | 'text' | 'blanks' | 'items'>;

function fieldOwners(type: CardType): Record<string, string> {
  const owners: Record<string, string> = {};
  for (const [t, fields] of Object.entries(TYPE_FIELDS)) {
    if (t === type) continue;
    for (const f of fields) owners[f] ??= `${t} cards`;
  }
  return owners;
}

/** Per type, built once: a 10,000-card deck would otherwise build them 10,000 times. */
const KNOWN_FIELDS = {} as Record<CardType, readonly string[]>;
const OWNERS = {} as Record<CardType, Record<string, string>>;
for (const t of Object.keys(TYPE_FIELDS) as CardType[]) {
  KNOWN_FIELDS[t] = [...COMMON_FIELDS, ...TYPE_FIELDS[t]];
  OWNERS[t] = fieldOwners(t);
}

/**
 * The card: `common` (made for this card alone) with its type's own fields added in place, in the
 * order `{ ...common, type, ... }` would give. Not that spread: on Node 20, V8 gives every object
 * made by spreading one object and adding keys it lacks a hidden class of its own, so 10,000 cards
 * made 10,000 classes (~3 MB of heap) and every later read of a card field (answer hash, item rules,
 * cache entries) missed V8's inline caches. About a tenth of a cold lint of a 10,000-card deck.
 */
function cardOf(common: CardCommon, fields: TypeFields): Card {
  return Object.assign(common, fields) as Card;
}

/** A card type's own fields (`type` and those after it), one shape per type. */
type TypeFields = Card extends infer C ? (C extends Card ? Omit<C, keyof CardCommon> : never) : never;

export function checkCardType(r: Reporter, map: PMap, type: CardType, common: CardCommon, owner: string): Card | undefined {
  checkUnknownFields(r, map, KNOWN_FIELDS[type], `a ${type} card`, OWNERS[type]);
  const req: FieldOpts = { required: true, owner };
  const opt: FieldOpts = { required: false, owner };
  const before = r.errorCount;
  let card: Card | undefined;
  switch (type) {
    case 'basic': {
      const front = readText(r, map, 'front', req);
      const back = readText(r, map, 'back', req);
      const accept = readTextList(r, map, 'accept', opt);
      if (front !== undefined && back !== undefined) card = cardOf(common, { type, front, back, ...(accept ? { accept } : {}) });
      break;
    }
    case 'choice':
    case 'multi': {
      const prompt = readText(r, map, 'prompt', req);
      const choices = readChoices(r, map, type, owner, prompt);
      if (prompt !== undefined && choices) card = cardOf(common, { type, prompt, choices });
      break;
    }
    case 'truefalse': {
      const statement = readText(r, map, 'statement', req);
      const answer = readBool(r, map, 'answer', req);
      if (statement !== undefined && answer !== undefined) card = cardOf(common, { type, statement, answer });
      break;
    }
    case 'typed': {
      const prompt = readText(r, map, 'prompt', req);
      const answer = readText(r, map, 'answer', req);
      const accept = readTextList(r, map, 'accept', opt) ?? [];
      if (prompt !== undefined && answer !== undefined) card = cardOf(common, { type, prompt, answer, accept });
      break;
    }
    case 'cloze': {
      const text = readText(r, map, 'text', req);
      if (text === undefined) break;
      const at = entryNode(map, 'text')!;
      const blanks = parseBlanks(text);
      if (blanks.length === 0) r.error(at, 'CLOZE_NO_BLANK', `${owner} has no blank; mark one like {{answer}} or {{answer|alternative}}`);
      blanks.forEach((alts, i) => {
        if (alts.some((a) => a === '')) r.error(at, 'CLOZE_EMPTY_BLANK', `blank ${i + 1} of ${owner} has an empty answer`);
      });
      card = cardOf(common, { type, text, blanks });
      break;
    }
    case 'order': {
      const prompt = readText(r, map, 'prompt', req);
      const itemsNode = entryNode(map, 'items');
      const items = readTextList(r, map, 'items', req);
      if (items && itemsNode) checkItems(r, itemsNode, owner);
      if (prompt !== undefined && items) card = cardOf(common, { type, prompt, items });
      break;
    }
  }
  return r.errorCount === before ? card : undefined;
}

/** A text as the student sees it: invisible format characters (zero-width space, soft hyphen...)
 *  dropped, outer spaces trimmed, runs of spaces one. Two options or items alike here look alike. */
function asShown(text: string): string {
  return text.replace(/\p{Cf}/gu, '').trim().replace(/\s+/g, ' ');
}

function checkItems(r: Reporter, node: PNode, owner: string): void {
  if (node.kind !== 'seq') return;
  const n = node.items.length;
  if (n < MIN_ITEMS) r.error(node, 'ORDER_TOO_FEW', `${owner} needs at least ${MIN_ITEMS} items to put in order, it has ${n}`);
  if (n > MAX_ITEMS) r.error(node, 'ORDER_TOO_MANY', `${owner} has ${n} items; at most ${MAX_ITEMS} fit on a screen to order`);
  const seen = new Map<string, number>();
  node.items.forEach((item, i) => {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return;
    // "second" and "second " are one item on screen, in either order.
    const shown = asShown(item.value);
    const first = seen.get(shown);
    if (first !== undefined)
      r.error(item, 'ORDER_DUPLICATE_ITEM', `item ${i + 1} of ${owner} repeats item ${first + 1} (${q(item.value)}); the order would be ambiguous`);
    else seen.set(shown, i);
  });
}

function readChoices(r: Reporter, map: PMap, type: 'choice' | 'multi', owner: string, prompt: string | undefined): Option[] | undefined {
  const items = readList(r, map, 'choices', { required: true, owner });
  if (!items) return undefined;
  const listNode = getEntry(map, 'choices')!.value;
  if (items.length < MIN_CHOICES || items.length > MAX_CHOICES)
    r.error(listNode, 'CHOICE_COUNT', `${owner} needs ${MIN_CHOICES} to ${MAX_CHOICES} choices, it has ${items.length}`);

  const options: Option[] = [];
  let complete = true;
  // Options as a student reads them (spacing collapsed), to the first one with that text.
  const texts = new Map<string, { index: number; correct: boolean }>();
  items.forEach((node, i) => {
    const label = `choice ${i + 1} of ${owner}`;
    if (node.kind !== 'map') {
      r.error(node, 'WRONG_TYPE', `${label} should be a mapping like {text: ..., correct: true, why: ...}, but YAML read ${describe(node)}`);
      complete = false;
      return;
    }
    checkUnknownFields(r, node, OPTION_FIELDS, 'a choice');
    const text = readText(r, node, 'text', { required: true, owner: label });
    const correct = readBool(r, node, 'correct', { required: false, owner: label });
    const why = readText(r, node, 'why', { required: false, owner: label });
    if (!getEntry(node, 'why')) r.warn(node, 'MISSING_WHY', `${label}${text ? ` (${q(text, 40)})` : ''} has no "why"; say why it is right or wrong`);
    if (text === undefined || (getEntry(node, 'correct') && correct === undefined)) {
      complete = false;
      return;
    }
    const shown = asShown(text);
    const first = texts.get(shown);
    // Two wrong twins grade alike. A right one and a wrong one do not: the student picks one of two
    // identical options and is graded on which of them it was; nor do two right ones in a multi,
    // where the right set needs both of what reads as one option.
    const ambiguous = first !== undefined && (first.correct !== (correct ?? false) || (type === 'multi' && first.correct));
    if (ambiguous)
      r.error(
        node,
        'AMBIGUOUS_CHOICE',
        first.correct && correct
          ? `${label} reads the same as choice ${first.index + 1}, and both are marked correct: the right answer needs both of what a student reads as one option`
          : `${label} reads the same as choice ${first.index + 1}, but only one of them is marked correct: a student who picks that text is graded right or wrong by chance`,
      );
    else if (first !== undefined) r.warn(node, 'DUPLICATE_CHOICE', `${label} has the same text as choice ${first.index + 1}`);
    else texts.set(shown, { index: i, correct: correct ?? false });
    options.push({ text, correct: correct ?? false, ...(why !== undefined ? { why } : {}) });
  });
  if (!complete) return undefined;

  const right = options.filter((o) => o.correct).length;
  if (type === 'choice' && right !== 1)
    r.error(listNode, 'CHOICE_CORRECT_COUNT', `${owner} needs exactly one correct choice, it has ${right}${right > 1 ? '; use type: multi for several' : ''}`);
  if (type === 'multi' && right < 2)
    r.error(listNode, 'MULTI_CORRECT_COUNT', `${owner} needs at least two correct choices, it has ${right}${right === 1 ? '; use type: choice for one' : ''}`);
  const n = prompt === undefined ? undefined : chooseN(prompt);
  if (n !== undefined && n !== right) {
    const promptNode = entryNode(map, 'prompt')!;
    r.error(promptNode, 'CHOOSE_N_MISMATCH', `the prompt of ${owner} says choose ${n}, but ${right} choice${right === 1 ? ' is' : 's are'} marked correct`);
  }
  return options;
}
