// Item-writing lint: cues that let a test-wise student score without knowing the subject. Each rule
// reads validated cards (the model, not YAML) and says where on the card the cue sits; the validator
// turns that into a file position and applies waivers. Thresholds are exported and documented in the
// README ("Item-writing warnings"). Pure: no I/O.
import type { Card, CardType, ChoiceCard, Option, Position, Waiver } from './model.js';
import { upperTail } from './chance.js';
import { stemText } from './near-duplicate.js';
import { q } from './validate-fields.js';

/**
 * What the deck-wide rules (KEY_LONGEST, TRUEFALSE_BALANCE, NEAR_DUPLICATE, waivers) read of a valid
 * card, and nothing else. A re-lint of a big deck keeps this for each card in the card cache instead
 * of the whole card (adapters/card-store.ts): ~a third of a card's JSON to parse per re-lint.
 */
export interface RuleCard {
  id: string;
  type: CardType;
  pos: Position;
  lint?: Waiver;
  /** The question text NEAR_DUPLICATE compares (stemText). */
  stem: string;
  /** A choice card with two options or more: how many, and whether the key alone is the longest. */
  options?: number;
  keyLongest?: boolean;
  /** A true/false card's answer. */
  answer?: boolean;
}

/** The card's RuleCard: its fields in this order, optional ones only when set. */
export function ruleCard(card: Card): RuleCard {
  const rule: RuleCard = { id: card.id, type: card.type, pos: card.pos, stem: stemText(card) };
  if (card.lint) rule.lint = card.lint;
  if (card.type === 'choice' && card.choices.length >= 2) {
    rule.options = card.choices.length;
    const lengths = card.choices.map(optionLength);
    const k = card.choices.findIndex((o) => o.correct);
    rule.keyLongest = k >= 0 && lengths.every((len, i) => i === k || len < lengths[k]!);
  }
  if (card.type === 'truefalse') rule.answer = card.answer;
  return rule;
}

const asRule = (c: Card | RuleCard): RuleCard => ('stem' in c ? c : ruleCard(c));

/** Where a finding sits on its card: a field's value, or one option's text. */
export type Where = { field: 'prompt' | 'statement' | 'front' } | { choice: number };

export interface CardFinding {
  code: ItemCode;
  message: string;
  where: Where;
}

export interface DeckFinding {
  code: ItemCode;
  message: string;
}

export const ITEM_CODES = ['KEY_LONGEST', 'TRUEFALSE_BALANCE', 'ABSOLUTE_WORD', 'ALL_OF_THE_ABOVE', 'NEGATIVE_STEM', 'NEAR_DUPLICATE'] as const;
export type ItemCode = (typeof ITEM_CODES)[number];

// ---- thresholds (README: "Item-writing warnings") -------------------------------------------------

/** A card's key stands out when it is this many times the mean length of the other options... */
export const KEY_LENGTH_RATIO = 1.8;
/** ...and at least this many characters longer than that mean (so "Lambda" vs "S3" does not count). */
export const KEY_LENGTH_MIN_EXTRA = 12;
/** The deck test needs this many choice cards to say anything. */
export const KEY_LONGEST_MIN_CARDS = 8;
/** The deck test fires when P(this many longest keys or more, by chance) is below this... */
export const KEY_LONGEST_ALPHA = 0.05;
/** ...and the count is at least this many times what chance gives (big decks make tiny excesses significant). */
export const KEY_LONGEST_MIN_EXCESS = 1.25;
export const TRUEFALSE_MIN_CARDS = 6;
export const TRUEFALSE_MIN_SHARE = 0.3;
export const TRUEFALSE_MAX_SHARE = 0.7;

// ---- words ----------------------------------------------------------------------------------------

/**
 * Absolutes ("specific determiners"): they mostly mark false statements and wrong options. `only`
 * after a hyphen (read-only, append-only) is a compound adjective, not an absolute. Words like
 * "all", "every" or "no" are left out: they are too common in true statements to be a useful cue.
 */
const ABSOLUTE =
  /(?<![\p{L}\p{N}-])(always|never|completely|entirely|totally|absolutely|only|guarantee[ds]?|impossible|invariably|under no circumstances|without exception|in (?:all|every) cases?|at all times|no matter what)(?![\p{L}\p{N}])/iu;

/** "All of the above" and kin, as the whole option. */
const ABOVE =
  /^\s*(?:all|none|both|neither|any)\s+(?:of\s+)?(?:the\s+|these\s+|those\s+)?(?:above|these|those|(?:above\s+|other\s+|previous\s+)?(?:options|choices|answers))\s*[.!]?\s*$/i;

/** Negative words in a question; written in capitals (NOT, EXCEPT) they are emphasised and pass. */
const NEGATIVE = /(?<![\p{L}\p{N}'-])(not|except|false|cannot|\p{L}+n[’']t)(?![\p{L}\p{N}])/giu;
/** NEGATIVE without the g flag, for a test that keeps no lastIndex. */
const NEGATIVE_ANYWHERE = new RegExp(NEGATIVE.source, 'iu');

/** Code spans (`...`) are names and values, not prose: the word rules skip them. */
function prose(text: string): string {
  return text.replace(/`[^`]*`/g, ' ');
}

/** The absolute a text leans on, if any, as written. */
export function absoluteWord(text: string): string | undefined {
  return ABSOLUTE.exec(prose(text))?.[1];
}

export function isAllOfTheAbove(text: string): boolean {
  return ABOVE.test(text);
}

/**
 * The unemphasised negative of a question, if any. Only the question itself is read (the last
 * sentence that ends in "?", else the last sentence), so a scenario that mentions "not" in passing
 * does not count.
 */
export function negativeStem(prompt: string): string | undefined {
  const text = prose(prompt);
  // Most prompts have no negative word at all. A match in the question is a match in the whole
  // text (sentences are cut at spaces, which the word bounds see alike), so none here is none there.
  if (!NEGATIVE_ANYWHERE.test(text)) return undefined;
  const sentences = text
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  let question = sentences.at(-1) ?? '';
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (sentences[i]!.endsWith('?')) {
      question = sentences[i]!;
      break;
    }
  }
  for (const m of question.matchAll(NEGATIVE)) {
    const word = m[1]!;
    if (word !== word.toUpperCase()) return word;
  }
  return undefined;
}

// ---- card rules -------------------------------------------------------------------------------------

/** Option length as a reader sees it: trimmed, runs of spaces counted once. */
export function optionLength(o: Option): number {
  return o.text.trim().replace(/\s+/g, ' ').length;
}

/** The key's length over the mean length of the other options of a choice card. */
export function keyLengthRatio(card: ChoiceCard): { key: number; others: number } | undefined {
  const key = card.choices.find((o) => o.correct);
  const others = card.choices.filter((o) => !o.correct);
  if (!key || others.length === 0) return undefined;
  return { key: optionLength(key), others: others.reduce((sum, o) => sum + optionLength(o), 0) / others.length };
}

export function cardFindings(card: Card): CardFinding[] {
  const out: CardFinding[] = [];
  // Names for messages are made when a rule fires: most cards have no finding.
  const name = () => `card ${q(card.id, 40)}`;
  if (card.type === 'choice' || card.type === 'multi') {
    card.choices.forEach((o, i) => {
      const label = () => `choice ${i + 1} of ${name()}`;
      if (isAllOfTheAbove(o.text))
        out.push({
          code: 'ALL_OF_THE_ABOVE',
          where: { choice: i },
          message: `${label()} is ${q(o.text.trim(), 30)}: it rewards spotting two true options without knowing the rest, and it no longer refers to the right options once recall shuffles them; use a multi card instead`,
        });
      // Any option, right or wrong: test-wise students strike absolutes out, so one is a cue either
      // way. Where the fact itself is absolute ("grants only what it needs"), the card waives the rule.
      const word = absoluteWord(o.text);
      if (word)
        out.push({ code: 'ABSOLUTE_WORD', where: { choice: i }, message: `${o.correct ? 'right' : 'wrong'} ${label()} leans on ${q(word)}; absolutes are a cue for a test-wise student: state the real reason, or waive the rule where the fact itself is absolute` });
    });
  }
  if (card.type === 'choice') {
    const ratio = keyLengthRatio(card);
    if (ratio && ratio.key >= KEY_LENGTH_RATIO * ratio.others && ratio.key - ratio.others >= KEY_LENGTH_MIN_EXTRA) {
      const at = card.choices.findIndex((o) => o.correct);
      out.push({
        code: 'KEY_LONGEST',
        where: { choice: at },
        message: `the right option of ${name()} is ${(ratio.key / ratio.others).toFixed(1)}x the mean length of the others (${ratio.key} vs ${Math.round(ratio.others)} characters); a test-wise student picks the longest option: shorten it or give the distractors the same detail`,
      });
    }
  }
  if (card.type === 'truefalse') {
    // True and false statements alike, for the same reason as options.
    const word = absoluteWord(card.statement);
    if (word)
      out.push({
        code: 'ABSOLUTE_WORD',
        where: { field: 'statement' },
        message: `the ${card.answer ? 'true' : 'false'} statement of ${name()} leans on ${q(word)}; absolutes are a cue for a test-wise student: make it true or false for a reason a student must know, or waive the rule where the fact itself is absolute`,
      });
  }
  const stem = card.type === 'basic' ? card.front : card.type === 'choice' || card.type === 'multi' || card.type === 'typed' || card.type === 'order' ? card.prompt : undefined;
  const negative = stem === undefined ? undefined : negativeStem(stem);
  if (negative)
    out.push({
      code: 'NEGATIVE_STEM',
      where: { field: card.type === 'basic' ? 'front' : 'prompt' },
      message: `the question of ${name()} turns on ${q(negative)}, which students misread under time pressure: ask it positively, or write ${q(negative.toUpperCase())} in capitals`,
    });
  return out;
}

// ---- deck rules ---------------------------------------------------------------------------------------

export interface KeyLongestStats {
  /** Choice cards considered. */
  cards: number;
  /** Cards whose key is strictly the longest option. */
  longest: number;
  /** What chance gives: the sum of 1/options. */
  expected: number;
  /** P(at least `longest` by chance). */
  p: number;
}

/**
 * How often the key is strictly the longest option. If the key's length were no different from a
 * distractor's, it would be strictly longest with probability at most 1/n on a card of n options
 * (exactly 1/n without ties), so the count is compared with a Poisson binomial of those chances.
 */
export function keyLongestStats(cards: readonly (Card | RuleCard)[]): KeyLongestStats {
  const choice = cards.map(asRule).filter((c) => c.options !== undefined);
  let longest = 0;
  for (const c of choice) if (c.keyLongest) longest++;
  return keyLongestOf(choice.map((c) => c.options!), longest);
}

/** keyLongestStats from the option counts of the choice cards, in card order (the sums are taken
 *  in that order), and how many of them have the key alone longest. */
export function keyLongestOf(options: readonly number[], longest: number): KeyLongestStats {
  const chances = options.map((o) => 1 / o);
  const expected = chances.reduce((a, b) => a + b, 0);
  return { cards: options.length, longest, expected, p: upperTail(chances, longest) };
}

/** What the whole-deck rules read of a deck's valid cards (see deckFindings). */
export interface DeckFacts {
  /** Options of each choice card of two options or more, in card order. */
  options: number[];
  /** Those whose key alone is the longest option. */
  longest: number;
  /** True/false cards, and how many of them are true. */
  trueFalse: number;
  trueCount: number;
}

/** The whole-deck rules over valid cards (or their RuleCards). */
export function deckFindings(cards: readonly (Card | RuleCard)[]): DeckFinding[] {
  const facts: DeckFacts = { options: [], longest: 0, trueFalse: 0, trueCount: 0 };
  for (const c of cards.map(asRule)) {
    if (c.options !== undefined) {
      facts.options.push(c.options);
      if (c.keyLongest) facts.longest++;
    }
    if (c.type === 'truefalse') {
      facts.trueFalse++;
      if (c.answer) facts.trueCount++;
    }
  }
  return deckFindingsOf(facts);
}

/** deckFindings from the facts it reads (a re-lint keeps them per card: adapters/relint-delta.ts). */
export function deckFindingsOf(facts: DeckFacts): DeckFinding[] {
  const out: DeckFinding[] = [];
  const stats = keyLongestOf(facts.options, facts.longest);
  if (stats.cards >= KEY_LONGEST_MIN_CARDS && stats.p < KEY_LONGEST_ALPHA && stats.longest >= KEY_LONGEST_MIN_EXCESS * stats.expected)
    out.push({
      code: 'KEY_LONGEST',
      message: `the right option is the longest in ${stats.longest} of ${stats.cards} choice cards, where chance gives about ${stats.expected.toFixed(1)} (p = ${formatP(stats.p)}); a test-wise student picks the longest option: vary which option is longest`,
    });
  const tf = facts.trueFalse;
  if (tf >= TRUEFALSE_MIN_CARDS) {
    const share = facts.trueCount / tf;
    if (share < TRUEFALSE_MIN_SHARE || share > TRUEFALSE_MAX_SHARE) {
      out.push({
        code: 'TRUEFALSE_BALANCE',
        message: `${facts.trueCount} of ${tf} true/false cards are true (${Math.round(share * 100)}%); keep ${TRUEFALSE_MIN_SHARE * 100}-${TRUEFALSE_MAX_SHARE * 100}% true so that always answering "${share < 0.5 ? 'false' : 'true'}" does not pay`,
      });
    }
  }
  return out;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
