// Weak spots and confusions: answers tallied per card, then spread over the card's tags (accuracy
// by tag) and, for choice and multi cards, over the wrong options picked (confusions).
import type { Card } from './model.js';
import type { ReviewEntry } from './progress.js';
import type { Confusion, TagAccuracy } from './stats.js';

interface CardTally {
  deck: string;
  id: string;
  card: Card | undefined;
  /** The deck card's tags (none when its deck file is not loaded). */
  tags: readonly string[];
  correct: number;
  total: number;
  /** wrong option text → times picked (choice and multi cards only) */
  picks: Map<string, number> | null;
}

/** Text of an option as recorded in `given`/`expected` (option text; an index is tolerated). */
function optionText(card: Card | undefined, v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && card && (card.type === 'choice' || card.type === 'multi')) return card.choices[v]?.text ?? null;
  return null;
}

function notePicks(tally: CardTally, e: ReviewEntry, card: Card & { choices: { text: string; correct: boolean }[] }): void {
  const given = Array.isArray(e.given) ? e.given : [e.given];
  for (const g of given) {
    const text = optionText(card, g);
    if (text === null || card.choices.some((o) => o.correct && o.text === text)) continue;
    tally.picks ??= new Map();
    tally.picks.set(text, (tally.picks.get(text) ?? 0) + 1);
  }
}

function mostPicked(t: CardTally, picks: Map<string, number>): Confusion {
  let [picked, count] = ['', 0];
  for (const [text, n] of picks) if (n > count || (n === count && text < picked)) [picked, count] = [text, n];
  const right = t.card && 'choices' in t.card ? t.card.choices.filter((o) => o.correct).map((o) => o.text).join(' + ') : '';
  return { deck: t.deck, id: t.id, picked, right, count };
}

/** Feed it every answer that counts (`add`), then read the weak spots and confusions. */
export function answerTallies(cardIndex: Map<string, Map<string, Card>>) {
  // deck id → card id → tally: nested, so the journal pass needs no `deck/card` string per entry.
  const perCard = new Map<string, Map<string, CardTally>>();
  return {
    add(e: ReviewEntry, right: boolean): void {
      let tallies = perCard.get(e.deck);
      if (!tallies) perCard.set(e.deck, (tallies = new Map()));
      let tally = tallies.get(e.card);
      if (!tally) {
        const card = cardIndex.get(e.deck)?.get(e.card);
        tallies.set(e.card, (tally = { deck: e.deck, id: e.card, card, tags: card?.tags ?? [], correct: 0, total: 0, picks: null }));
      }
      tally.total++;
      if (right) tally.correct++;
      else if (tally.card?.type === 'choice' || tally.card?.type === 'multi') notePicks(tally, e, tally.card);
    },

    /** Every tag with answers, lowest accuracy first; and each card's most picked wrong option. */
    result(): { weakest: TagAccuracy[]; confusions: Confusion[] } {
      const tagAcc = new Map<string, { correct: number; total: number }>();
      const confusions: Confusion[] = [];
      for (const tallies of perCard.values()) {
        for (const t of tallies.values()) {
          for (const tag of t.tags) {
            let a = tagAcc.get(tag);
            if (!a) tagAcc.set(tag, (a = { correct: 0, total: 0 }));
            a.total += t.total;
            a.correct += t.correct;
          }
          if (t.picks) confusions.push(mostPicked(t, t.picks));
        }
      }
      const weakest = [...tagAcc]
        .map(([tag, t]) => ({ tag, correct: t.correct, total: t.total, accuracy: t.correct / t.total }))
        .sort((a, b) => a.accuracy - b.accuracy || b.total - a.total || (a.tag < b.tag ? -1 : 1));
      confusions.sort((a, b) => b.count - a.count || a.deck.localeCompare(b.deck) || a.id.localeCompare(b.id));
      return { weakest, confusions };
    },
  };
}
