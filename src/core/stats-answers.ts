// Weak spots and confusions: answers tallied per card, then spread over the card's tags (accuracy
// by tag) and, for choice and multi cards, over the wrong options picked (confusions).
import { letter } from './grade.js';
import type { Card, Option } from './model.js';
import type { ReviewEntry } from './progress.js';
import type { PickedAnswer } from './stats-history.js';
import type { Confusion, StatsCard, TagAccuracy } from './stats-types.js';
import { appendAll } from './arrays.js';

interface CardTally {
  deck: string;
  id: string;
  card: StatsCard | undefined;
  /** The deck card's tags (none when its deck file is not loaded). */
  tags: readonly string[];
  correct: number;
  total: number;
  /** wrong option text → times picked (choice and multi cards only) */
  picks: Map<string, number> | null;
}

/**
 * The options an answer picked, as deck-order indices. From `picked` when the entry has it; older
 * entries only have `given`, as grading wrote it: "b) Paris" or "a) x, c) z" with deck-order
 * letters (matched against the card's own labels, never split on commas), an index, or bare text.
 * Anything that names no option of the card (say, from an older version of it) is left out.
 */
export function pickedOptions(choices: readonly Option[], e: Pick<ReviewEntry, 'picked' | 'given'>): number[] {
  const valid = (i: unknown): i is number => Number.isInteger(i) && (i as number) >= 0 && (i as number) < choices.length;
  if (Array.isArray(e.picked)) return e.picked.filter(valid);
  const out: number[] = [];
  for (const g of Array.isArray(e.given) ? e.given : [e.given]) {
    if (valid(g)) out.push(g);
    else if (typeof g === 'string') appendAll(out, fromLabels(choices, g));
  }
  return out;
}

function fromLabels(choices: readonly Option[], given: string): number[] {
  const out: number[] = [];
  let at = 0;
  // Labels are written in deck order, so one walk over the options reads them.
  for (let i = 0; i < choices.length && at < given.length; i++) {
    const label = `${letter(i)}) ${choices[i]!.text}`;
    const end = at + label.length;
    if (given.startsWith(label, at) && (end === given.length || given.startsWith(', ', end))) {
      out.push(i);
      at = end + 2;
    }
  }
  if (at >= given.length) return out;
  const bare = choices.findIndex((o) => o.text === given);
  return bare >= 0 ? [bare] : [];
}

function notePicks(tally: CardTally, e: PickedAnswer, card: Card & { choices: Option[] }): void {
  for (const i of pickedOptions(card.choices, e)) {
    const option = card.choices[i]!;
    if (option.correct) continue;
    tally.picks ??= new Map();
    tally.picks.set(option.text, (tally.picks.get(option.text) ?? 0) + 1);
  }
}

function mostPicked(t: CardTally, picks: Map<string, number>): Confusion {
  let [picked, count] = ['', 0];
  for (const [text, n] of picks) if (n > count || (n === count && text < picked)) [picked, count] = [text, n];
  const right = t.card && 'choices' in t.card ? t.card.choices.filter((o) => o.correct).map((o) => o.text).join(' + ') : '';
  return { deck: t.deck, id: t.id, picked, right, count };
}

/** Feed it every answer that counts (`add`), then read the weak spots and confusions. */
export function answerTallies(cardIndex: Map<string, Map<string, StatsCard>>) {
  // By the card's number in the journal (stats-history.ts): an array index per answer, not two
  // string-keyed lookups.
  const perCard: (CardTally | undefined)[] = [];
  return {
    /** An answer to `deck`/`card`, numbered `key`; `answer`: what a wrong one picked (none: it named nothing). */
    add(key: number, deck: string, card: string, right: boolean, answer?: PickedAnswer): void {
      let tally = perCard[key];
      if (!tally) {
        const found = cardIndex.get(deck)?.get(card);
        perCard[key] = tally = { deck, id: card, card: found, tags: found?.tags ?? [], correct: 0, total: 0, picks: null };
      }
      tally.total++;
      if (right) tally.correct++;
      else if (answer !== undefined && tally.card !== undefined && 'choices' in tally.card && (tally.card.type === 'choice' || tally.card.type === 'multi')) notePicks(tally, answer, tally.card);
    },

    /** Every tag with answers, lowest accuracy first; and each card's most picked wrong option. */
    result(): { weakest: TagAccuracy[]; confusions: Confusion[] } {
      const tagAcc = new Map<string, { correct: number; total: number }>();
      const confusions: Confusion[] = [];
      for (const t of perCard) {
        if (t === undefined) continue;
        for (const tag of t.tags) {
          let a = tagAcc.get(tag);
          if (!a) tagAcc.set(tag, (a = { correct: 0, total: 0 }));
          a.total += t.total;
          a.correct += t.correct;
        }
        if (t.picks) confusions.push(mostPicked(t, t.picks));
      }
      const weakest = [...tagAcc]
        .map(([tag, t]) => ({ tag, correct: t.correct, total: t.total, accuracy: t.correct / t.total }))
        .sort((a, b) => a.accuracy - b.accuracy || b.total - a.total || (a.tag < b.tag ? -1 : 1));
      confusions.sort((a, b) => b.count - a.count || a.deck.localeCompare(b.deck) || a.id.localeCompare(b.id));
      return { weakest, confusions };
    },
  };
}
