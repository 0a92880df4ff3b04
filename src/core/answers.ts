// The scripted answers file (`--answers FILE|-`): card key -> raw YAML/JSON value -> Answer.
// Pure: the caller has already parsed the YAML or JSON into a plain object.
//
// Value forms, per card type (letters are deck-written order, `a` = first as written):
//   basic      again | hard | good | easy. A basic card with `accept` also takes any other string,
//              graded as typed text (in study the four rating words themselves are read as
//              ratings; in a quiz such a card is graded on its text alone, so `good` is an answer
//              like any other, and wrong unless accepted).
//   choice     a letter, or the exact text of an option (a single letter that is also the text of
//              another option is an error: the file must say which it means)
//   multi      a list of letters (or option texts); "a, c" or "a c" as one string also works
//   truefalse  true / false, as booleans or strings
//   typed      the text (a YAML number arrives as written, `1.10` as "1.10"; a JSON number as its
//              value, so 1.10 in JSON is "1.1": quote it)
//   cloze      a list of strings, one per blank; a single string when the card has one blank
//   order      the item letters in the order given, each item once; a list or "c, a, b"
import { cardKey, SELF_RATINGS, type Answer, type Card, type Option, type SelfRating } from './model.js';
import { letter } from './grade.js';
import { closest } from './suggest.js';
import { truncate } from './truncate.js';

type Parsed = Answer | { error: string };

/** What the file held, quoted for an error message and cut to 60 characters: a wrong answer can be
 *  a megabyte long, and the message is one line on a terminal. */
function show(raw: unknown): string {
  if (raw === null || raw === undefined) return 'nothing';
  if (typeof raw === 'string') return JSON.stringify(truncate(raw, 59));
  const json = JSON.stringify(raw);
  return json === undefined ? String(raw) : truncate(json, 60);
}

/** Strings, and numbers read as text (YAML turns `42` into a number). */
function asText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

function letterRange(count: number): string {
  return count <= 1 ? 'a' : `a-${letter(count - 1)}`;
}

/** Index of a letter within `count`, or undefined. */
function fromLetter(s: string, count: number): number | undefined {
  const t = s.trim().toLowerCase();
  if (!/^[a-z]$/.test(t)) return undefined;
  const index = t.charCodeAt(0) - 97;
  return index < count ? index : undefined;
}

/** An option by letter or by exact text; an error when the string is both, for different options. */
function optionIndex(raw: string, options: Option[]): number | { error: string } | undefined {
  const byLetter = fromLetter(raw, options.length);
  let byText = options.findIndex((o) => o.text === raw);
  if (byText < 0) byText = options.findIndex((o) => o.text.trim() === raw.trim());
  // "A" is the letter of the first option and the text of the DNS record type A, which may be
  // another option: read as a letter it graded an answer key's right answer wrong. Neither reading
  // is safe to pick, so the file must say which it means.
  if (byLetter !== undefined && byText >= 0 && byText !== byLetter) {
    return { error: `${show(raw)} is the letter of option ${letter(byLetter)} and the text of option ${letter(byText)}; write the letter of the one you mean` };
  }
  if (byLetter !== undefined) return byLetter;
  return byText >= 0 ? byText : undefined;
}

/** A list, or one string of letters separated by commas/spaces. */
function asList(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw.split(/[\s,]+/).filter((s) => s !== '');
  return undefined;
}

/** study: a basic card may be self-rated. quiz: every question is auto-graded, on its text. */
export type AnswersUse = 'study' | 'quiz';

export function parseAnswerValue(card: Card, raw: unknown, use: AnswersUse = 'study'): Parsed {
  switch (card.type) {
    case 'basic': {
      const text = asText(raw);
      const graded = card.accept !== undefined && card.accept.length > 0;
      if (use === 'quiz' && graded) {
        // A quiz grades; a self-rating would let "good" pass as a right answer.
        return text === undefined ? { error: `expected the answer text, got ${show(raw)}` } : { type: 'basic', text };
      }
      const rating = text?.trim().toLowerCase();
      if (rating !== undefined && (SELF_RATINGS as readonly string[]).includes(rating)) {
        return { type: 'basic', rating: rating as SelfRating };
      }
      if (text !== undefined && graded) return { type: 'basic', text };
      return { error: `expected again, hard, good or easy, got ${show(raw)}` };
    }
    case 'choice': {
      const text = asText(raw);
      const index = text !== undefined ? optionIndex(text, card.choices) : undefined;
      if (index === undefined) {
        return { error: `expected a letter ${letterRange(card.choices.length)} or the exact text of an option, got ${show(raw)}` };
      }
      if (typeof index !== 'number') return index;
      return { type: 'choice', index };
    }
    case 'multi': {
      const expected = `expected a list of letters ${letterRange(card.choices.length)}, got ${show(raw)}`;
      const list = asList(raw);
      if (list === undefined) return { error: expected };
      const indices: number[] = [];
      for (const item of list) {
        const text = asText(item);
        const index = text !== undefined ? optionIndex(text, card.choices) : undefined;
        if (index === undefined) return { error: expected };
        if (typeof index !== 'number') return index;
        if (indices.includes(index)) return { error: `option ${letter(index)} is listed twice` };
        indices.push(index);
      }
      return { type: 'multi', indices };
    }
    case 'truefalse': {
      if (typeof raw === 'boolean') return { type: 'truefalse', value: raw };
      const t = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (t === 'true' || t === 'false') return { type: 'truefalse', value: t === 'true' };
      return { error: `expected true or false, got ${show(raw)}` };
    }
    case 'typed': {
      const text = asText(raw);
      return text === undefined ? { error: `expected the answer text, got ${show(raw)}` } : { type: 'typed', text };
    }
    case 'cloze': {
      const n = card.blanks.length;
      const expected = n === 1 ? `expected the text for its blank, got ${show(raw)}` : `expected a list of ${n} strings (one per blank), got ${show(raw)}`;
      const single = asText(raw);
      if (single !== undefined && n === 1) return { type: 'cloze', texts: [single] };
      if (!Array.isArray(raw)) return { error: expected };
      const texts = raw.map(asText);
      if (texts.length !== n || texts.some((t) => t === undefined)) return { error: expected };
      return { type: 'cloze', texts: texts as string[] };
    }
    case 'order': {
      const n = card.items.length;
      const expected = `expected the ${n} item letters ${letterRange(n)} in order, each once, got ${show(raw)}`;
      const list = asList(raw);
      if (list === undefined || list.length !== n) return { error: expected };
      const order: number[] = [];
      for (const item of list) {
        const index = typeof item === 'string' ? fromLetter(item, n) : undefined;
        if (index === undefined || order.includes(index)) return { error: expected };
        order.push(index);
      }
      return { type: 'order', order };
    }
  }
}

export interface ResolvedAnswers {
  /** Keyed by `deck/id`. */
  answers: Map<string, Answer>;
  /** One message per bad entry, each naming the key or card. Empty when the file is good. */
  errors: string[];
}

/**
 * "Did you mean" for the first few unknown keys only: a file answering another deck has hundreds
 * of them, and each suggestion compares the key with every loaded card id.
 */
const SUGGEST_FOR = 5;

/**
 * The loaded ids closest to a mistyped key (`role-definiton` -> `role-definition`). An id whose
 * length differs by more than `closest` allows, and that neither contains the key nor is contained
 * in it, cannot be suggested, so it is skipped before the edit distance is computed: 10,000 cards
 * stay cheap.
 */
function closestCard(key: string, ids: Iterable<string>): string[] {
  if (key.length > 200) return [];
  const w = key.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  const near: string[] = [];
  for (const id of ids) {
    const n = id.toLowerCase();
    if (Math.abs(n.length - w.length) <= limit || n.includes(w) || w.includes(n)) near.push(id);
  }
  return closest(key, near, 2);
}

/**
 * Matches answers-file keys to loaded cards. A key is `deck/id`, or a bare card id when that id is
 * in one loaded deck only. Every entry is checked; the caller fails on any error (exit 2).
 */
export function resolveAnswers(map: Record<string, unknown>, cards: Array<{ deck: string; card: Card }>, use: AnswersUse = 'study'): ResolvedAnswers {
  const byKey = new Map<string, { deck: string; card: Card }>();
  const byId = new Map<string, Array<{ deck: string; card: Card }>>();
  for (const entry of cards) {
    byKey.set(cardKey(entry.deck, entry.card.id), entry);
    const list = byId.get(entry.card.id) ?? [];
    list.push(entry);
    byId.set(entry.card.id, list);
  }
  const answers = new Map<string, Answer>();
  const errors: string[] = [];
  const seenFrom = new Map<string, string>();
  let unknownShown = 0;
  for (const [key, raw] of Object.entries(map)) {
    let entry = byKey.get(key);
    if (entry === undefined) {
      const matches = byId.get(key) ?? [];
      if (matches.length > 1) {
        const decks = matches.map((m) => m.deck).join(', ');
        errors.push(`answers file: card id "${key}" is in several decks (${decks}); write it as DECK/${key}`);
        continue;
      }
      entry = matches[0];
    }
    if (entry === undefined) {
      const near = unknownShown++ < SUGGEST_FOR ? closestCard(key, key.includes('/') ? byKey.keys() : byId.keys()) : [];
      const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
      errors.push(`answers file: unknown card "${key}" (no loaded deck has it${hint})`);
      continue;
    }
    const full = cardKey(entry.deck, entry.card.id);
    const earlier = seenFrom.get(full);
    if (earlier !== undefined) {
      errors.push(`answers file: card ${full} is answered twice ("${earlier}" and "${key}")`);
      continue;
    }
    seenFrom.set(full, key);
    const parsed = parseAnswerValue(entry.card, raw, use);
    if ('error' in parsed) errors.push(`answers file: ${full} (${entry.card.type}): ${parsed.error}`);
    else answers.set(full, parsed);
  }
  return { answers, errors };
}
