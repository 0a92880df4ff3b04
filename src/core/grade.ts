// Grading: one answer to one card -> right or wrong, plus human strings for summaries and reports.
// Letters are always deck-written order ("a" = first option as written), whatever the display order.
import type { Answer, Card, Option } from './model.js';
import { matchTyped, type MatchOptions, type TypedMatch } from './text-match.js';

export interface GradeResult {
  correct: boolean;
  /** Wrong but close (typed text within twice the typo threshold): the UI may show a diff. */
  near?: boolean;
  /** Right only because a typo was forgiven: the UI shows the diff, and the answer rates Hard. */
  typo?: boolean;
  /** With typo or near: the accepted form the typed text was closest to, for the diff. */
  closest?: string;
  /** What the student gave, for people: "b) Paris", "a) x, c) z", "true", the typed text. */
  given: string;
  /** The right answer, for people, in the same form. */
  expected: string;
  /** Option indices picked (deck order), for choice and multi: lets stats find confused options. */
  picked?: number[];
}

/** `a`, `b`, ... for a 0-based index; past `z` it falls back to the number. */
export function letter(index: number): string {
  return index >= 0 && index < 26 ? String.fromCharCode(97 + index) : String(index + 1);
}

function optionLabel(options: Option[], index: number): string {
  const option = options[index];
  return option ? `${letter(index)}) ${option.text}` : `(no option ${letter(index)})`;
}

/** A cloze blank left empty, in `given`: a blank, as the question shows it. */
export const EMPTY_BLANK = '___';
/** A text answer that was empty (or only spaces), in `given`. */
export const EMPTY_ANSWER = '(empty)';

/**
 * How a typed text reads in `given` (reports, feedback, the journal): an empty blank joined as
 * it was showed as nothing between the bars (` | x` in every report format), and an empty answer
 * as nothing at all. The exact texts stay in the report's `picked`.
 */
function givenText(text: string, blank = false): string {
  return text.trim() !== '' ? text : blank ? EMPTY_BLANK : EMPTY_ANSWER;
}

function listOrNone(parts: string[]): string {
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

function correctIndices(options: Option[]): number[] {
  return options.flatMap((o, i) => (o.correct ? [i] : []));
}

/** What a typed answer to a basic card is graded against: its `accept` forms, and always its back,
 *  the answer the card itself shows (an author who wrote back: AWS STS, accept: [sts] meant "AWS
 *  STS" to be right too; typing it was graded wrong). The first is the one shown as expected. */
function basicAccepted(card: Extract<Card, { type: 'basic' }>): string[] {
  return card.accept && card.accept.length > 0 ? [...card.accept, card.back] : [card.back];
}

/** The right answer of a card as people read it (also used for questions left unanswered). */
export function expectedText(card: Card): string {
  switch (card.type) {
    case 'basic':
      return basicAccepted(card)[0] ?? card.back;
    case 'choice':
    case 'multi':
      return listOrNone(correctIndices(card.choices).map((i) => optionLabel(card.choices, i)));
    case 'truefalse':
      return String(card.answer);
    case 'typed':
      return card.answer;
    case 'cloze':
      return card.blanks.map((alts) => alts[0] ?? '').join(' | ');
    case 'order':
      return card.items.map((item, i) => `${letter(i)}) ${item}`).join(', ');
  }
}

/** The author's `typos: false` (on the card, or inherited from its deck) turns tolerance off. */
function tolerance(card: Card): MatchOptions {
  return card.typos === false ? { typos: false } : {};
}

function flags(m: TypedMatch): Pick<GradeResult, 'near' | 'typo' | 'closest'> {
  return { ...(m.near ? { near: true } : {}), ...(m.typo ? { typo: true } : {}), ...(m.near || m.typo ? { closest: m.best } : {}) };
}

function mismatch(card: Card, answer: Answer): GradeResult {
  return { correct: false, given: `(a ${answer.type} answer to a ${card.type} card)`, expected: expectedText(card) };
}

function sameSet(a: number[], b: number[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

export function grade(card: Card, answer: Answer): GradeResult {
  const expected = expectedText(card);
  switch (card.type) {
    case 'basic': {
      if (answer.type !== 'basic') return mismatch(card, answer);
      if ('rating' in answer) return { correct: answer.rating !== 'again', given: answer.rating, expected: card.back };
      const m = matchTyped(answer.text, basicAccepted(card), tolerance(card));
      return { correct: m.correct, ...flags(m), given: givenText(answer.text), expected };
    }
    case 'choice': {
      if (answer.type !== 'choice') return mismatch(card, answer);
      const picked = card.choices[answer.index];
      return {
        correct: picked?.correct === true,
        given: optionLabel(card.choices, answer.index),
        expected,
        picked: [answer.index],
      };
    }
    case 'multi': {
      if (answer.type !== 'multi') return mismatch(card, answer);
      const picked = [...new Set(answer.indices)].sort((a, b) => a - b);
      // Partial credit does not exist: the picked set must be exactly the right set.
      return {
        correct: sameSet(picked, correctIndices(card.choices)),
        given: listOrNone(picked.map((i) => optionLabel(card.choices, i))),
        expected,
        picked,
      };
    }
    case 'truefalse': {
      if (answer.type !== 'truefalse') return mismatch(card, answer);
      return { correct: answer.value === card.answer, given: String(answer.value), expected };
    }
    case 'typed': {
      if (answer.type !== 'typed') return mismatch(card, answer);
      const m = matchTyped(answer.text, [card.answer, ...card.accept], tolerance(card));
      return { correct: m.correct, ...flags(m), given: givenText(answer.text), expected };
    }
    case 'cloze': {
      if (answer.type !== 'cloze') return mismatch(card, answer);
      const matches = card.blanks.map((alts, i) => matchTyped(answer.texts[i] ?? '', alts, tolerance(card)));
      const correct = matches.length > 0 && answer.texts.length === card.blanks.length && matches.every((m) => m.correct);
      const near = !correct && matches.every((m) => m.correct || m.near) && matches.some((m) => m.near);
      const typo = correct && matches.some((m) => m.typo);
      return {
        correct,
        ...(near ? { near: true } : {}),
        ...(typo ? { typo: true } : {}),
        ...(typo || near ? { closest: matches.map((m) => m.best).join(' | ') } : {}),
        given: card.blanks.map((_, i) => givenText(answer.texts[i] ?? '', true)).join(' | '),
        expected,
      };
    }
    case 'order': {
      if (answer.type !== 'order') return mismatch(card, answer);
      const correct = answer.order.length === card.items.length && answer.order.every((itemIndex, pos) => itemIndex === pos);
      const given = answer.order.map((i) => (card.items[i] === undefined ? `(no item ${letter(i)})` : `${letter(i)}) ${card.items[i]}`));
      return { correct, given: listOrNone(given), expected };
    }
  }
}
