// The deck model: what a validated deck looks like once it has left YAML behind.
// Pure data: no I/O here, and nothing that depends on the terminal.

export const CARD_TYPES = ['basic', 'choice', 'multi', 'truefalse', 'typed', 'cloze', 'order'] as const;
export type CardType = (typeof CARD_TYPES)[number];

/** Where a node sits in its source file (1-based). */
export interface Position {
  line: number;
  col: number;
}

export interface Option {
  text: string;
  correct: boolean;
  why?: string;
}

interface CardBase {
  /** kebab-case, unique in its deck; progress is keyed by deck id + card id. */
  id: string;
  /** The deck's tags followed by the card's own, without duplicates. A card with no tags of its
   *  own holds the deck's array itself, not a copy (see withDeckTags). */
  tags: string[];
  explain?: string;
  /** Optional hint (extension to v1): using it rates a right answer Hard. */
  hint?: string;
  /** Optional per-card time budget in seconds (extension to v1); default 30. */
  timeLimit?: number;
  /** Item-writing rules this card waives, with the author's reason (`lint:` in YAML). */
  lint?: Waiver;
  /** false: typed answers must match exactly after normalisation, no typo forgiven (the card's own
   *  `typos`, else its deck's). Absent means tolerance is on. */
  typos?: false;
  /** Position of the card's `- id:` mapping in the source file. */
  pos: Position;
  /** answerHash() of the card, filled in by the deck loader (and so cached with the deck): a warm
   *  start with 10,000 cards need not hash them all again. */
  hash?: string;
}

export interface BasicCard extends CardBase {
  type: 'basic';
  front: string;
  back: string;
  /** When present, the card is auto-gradable (typed answer compared like a `typed` card). */
  accept?: string[];
}
export interface ChoiceCard extends CardBase {
  type: 'choice';
  prompt: string;
  choices: Option[];
}
export interface MultiCard extends CardBase {
  type: 'multi';
  prompt: string;
  choices: Option[];
}
export interface TrueFalseCard extends CardBase {
  type: 'truefalse';
  statement: string;
  answer: boolean;
}
export interface TypedCard extends CardBase {
  type: 'typed';
  prompt: string;
  answer: string;
  accept: string[];
}
export interface ClozeCard extends CardBase {
  type: 'cloze';
  /** The source text, with `{{blank}}` / `{{a|b}}` markers. */
  text: string;
  /** Accepted answers per blank, in order of appearance; the first is the canonical answer. */
  blanks: string[][];
}
export interface OrderCard extends CardBase {
  type: 'order';
  prompt: string;
  /** Written in the correct order. */
  items: string[];
}

export type Card = BasicCard | ChoiceCard | MultiCard | TrueFalseCard | TypedCard | ClozeCard | OrderCard;

/** What the study queue needs of a card (which cards, in what order): the deck cache keeps these
 *  apart from each card's body, so a start reads the body only of the cards it shows. */
export type CardHead = Pick<Card, 'id' | 'type' | 'tags' | 'hash'>;
/** The fields a CardHead has: a cached card body never holds them. */
export const HEAD_FIELDS: readonly string[] = ['id', 'type', 'tags', 'hash'];

/** `lint: { ignore: [CODE...], why }`: item-writing rules switched off, with the author's reason. */
export interface Waiver {
  ignore: string[];
  why: string;
}

export interface Deck {
  id: string;
  title: string;
  description?: string;
  tags: string[];
  /** Item-writing rules the whole deck waives. */
  lint?: Waiver;
  cards: Card[];
  /** The file the deck came from (as given by the user, or relative for bundled decks). */
  source: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  /** Stable, upper snake case: YAML_SYNTAX, UNKNOWN_TYPE, MISSING_FIELD, WRONG_TYPE, DUPLICATE_ID ... */
  code: string;
  message: string;
}

/**
 * A card's tags: the deck's, then its own that the deck does not have. With none of its own the
 * card shares the deck's array: 64 deck tags on 10,000 cards stay one array, not 10,000 copies.
 * The deck cache stores only a card's own tags (ownTags) for the same reason.
 */
export function withDeckTags(deckTags: string[], own: string[]): string[] {
  // concat, not a spread: a spread runs the iterator protocol, ~7x slower over 10,000 cards at start.
  return own.length === 0 ? deckTags : deckTags.concat(own);
}

/** The tags a card has beyond its deck's (the inverse of withDeckTags). */
export function ownTags(deckTags: readonly string[], cardTags: string[]): string[] {
  const deck = new Set(deckTags);
  return cardTags.filter((t) => !deck.has(t));
}

/** True when the card can be graded without the student's own judgement. */
export function isAutoGradable(card: Card): boolean {
  return card.type !== 'basic' || (card.accept !== undefined && card.accept.length > 0);
}

/** `deck/id`: how a card is named to users, in answer files and reports. */
export function cardKey(deckId: string, cardId: string): string {
  return `${deckId}/${cardId}`;
}

// ---------------------------------------------------------------------------------------------
// Answers: what a student (or an answers file) gave for one card, in deck-written terms.
// Letters and indices always refer to the order written in the deck, never the display order.

export type SelfRating = 'again' | 'hard' | 'good' | 'easy';
export const SELF_RATINGS: readonly SelfRating[] = ['again', 'hard', 'good', 'easy'];

export type Answer =
  | { type: 'basic'; rating: SelfRating }
  | { type: 'basic'; text: string }
  | { type: 'choice'; index: number }
  | { type: 'multi'; indices: number[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'typed'; text: string }
  | { type: 'cloze'; texts: string[] }
  | { type: 'order'; order: number[] };
