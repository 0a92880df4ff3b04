// What the journal takes back before stats counts anything: reviews undone, and where resets fall.
// Undo: a review taken back by an undo entry counts nowhere. Reset: reviews before a reset of their
// card or deck still count as activity, but not in retention, weak spots, confusions or (a deck
// reset) the deck's quiz history; see the definitions at the top of stats.ts.
import type { JournalEntry } from './progress.js';

export interface JournalMarks {
  /** Ids of review entries taken back by an undo. */
  undone: Set<string>;
  /** Index of the deck's last whole-deck reset in the journal, or -1. */
  deckResetAt(deck: string): number;
  /** Index of the card's last reset of its own in the journal, or -1. */
  cardResetAt(deck: string, card: string): number;
}

/** One pass over the journal. Card resets are nested by deck, so no `deck/card` key is built. */
export function journalMarks(entries: JournalEntry[]): JournalMarks {
  const undone = new Set<string>();
  const deckReset = new Map<string, number>();
  const cardReset = new Map<string, Map<string, number>>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.op === 'undo') undone.add(e.ref);
    else if (e.op === 'reset') {
      if (e.card === undefined) deckReset.set(e.deck, i);
      else {
        let m = cardReset.get(e.deck);
        if (!m) cardReset.set(e.deck, (m = new Map()));
        m.set(e.card, i);
      }
    }
  }
  return {
    undone,
    deckResetAt: (deck) => deckReset.get(deck) ?? -1,
    cardResetAt: (deck, card) => cardReset.get(deck)?.get(card) ?? -1,
  };
}
