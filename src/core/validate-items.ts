// The item-writing rules (item-lint.ts, near-duplicate.ts) inside the validator: findings become
// warnings at the node that holds the cue, unless the card or the deck waives the rule; waivers are
// collected with what they silenced, for `deck lint --verbose`.
import type { Card, Deck, Diagnostic, Position, Waiver } from './model.js';
import { cardFindings, deckFindings, type ItemCode, type Where } from './item-lint.js';
import { similarPairs, stemText } from './near-duplicate.js';
import { getEntry, type PMap, type PNode } from './ptree.js';
import { neutralize } from './sanitize.js';
import { q, type Reporter } from './validate-fields.js';
import type { WaiverUse } from './waivers.js';

export class ItemChecks {
  readonly uses: WaiverUse[] = [];
  private readonly byCard = new Map<string, WaiverUse>();
  private deckUse: WaiverUse | undefined;

  constructor(
    private readonly r: Reporter,
    private readonly file: string,
  ) {}

  /** The deck's own waiver (read before its cards). */
  deckWaiver(deckId: string | undefined, waiver: Waiver, at: Position): void {
    this.deckUse = { file: this.file, line: at.line, col: at.col, ...(deckId !== undefined ? { deck: deckId } : {}), ignore: waiver.ignore as ItemCode[], why: waiver.why, suppressed: [] };
    this.uses.push(this.deckUse);
  }

  cardWaiver(cardId: string, waiver: Waiver, at: Position): void {
    const use: WaiverUse = { file: this.file, line: at.line, col: at.col, card: cardId, ignore: waiver.ignore as ItemCode[], why: waiver.why, suppressed: [] };
    this.uses.push(use);
    this.byCard.set(cardId, use);
  }

  /** The per-card rules of one valid card, positioned on its mapping. */
  card(card: Card, node: PMap): void {
    for (const f of cardFindings(card)) if (!this.waived(f.code, card)) this.r.warn(position(node, f.where), f.code, f.message);
  }

  /** The whole-deck rules and near duplicates inside the deck, once every card is read. */
  deck(cards: readonly Card[], at: Position): void {
    for (const f of deckFindings(cards)) if (!this.waived(f.code)) this.r.warn(at, f.code, f.message);
    const pairs = similarPairs(cards.map(stemText));
    const reported = new Set<number>();
    for (const { first, second, similarity } of pairs) {
      const a = cards[first]!;
      const b = cards[second]!;
      // Either card's waiver covers the pair: the author has said the two are meant to be alike.
      const waivedA = this.waived('NEAR_DUPLICATE', a);
      const waivedB = this.waived('NEAR_DUPLICATE', b);
      if (waivedA || waivedB || reported.has(second)) continue;
      reported.add(second);
      this.r.warn(b.pos, 'NEAR_DUPLICATE', nearMessage(b, a, `line ${a.pos.line}`, similarity));
    }
  }

  /** True, and noted on the waiver, when the card (or failing that, the deck) waives `code`. */
  private waived(code: ItemCode, card?: Card): boolean {
    const use = card && card.lint?.ignore.includes(code) ? this.byCard.get(card.id) : this.deckUse?.ignore.includes(code) ? this.deckUse : undefined;
    if (!use) return false;
    if (!use.suppressed.includes(code)) use.suppressed.push(code);
    return true;
  }
}

function nearMessage(card: Card, other: Card, where: string, similarity: number): string {
  return `card ${q(card.id, 40)} asks nearly the same as card ${q(other.id, 40)} (${where}): ${Math.round(similarity * 100)}% of their words are shared; merge them, or make each test something the other does not`;
}

/** Where a finding is written: the field's value, or the option's `text`, else the card. */
function position(card: PMap, where: Where): Position {
  let node: PNode | undefined;
  if ('field' in where) node = getEntry(card, where.field)?.value;
  else {
    const list = getEntry(card, 'choices')?.value;
    const option = list?.kind === 'seq' ? list.items[where.choice] : undefined;
    node = option?.kind === 'map' ? (getEntry(option, 'text')?.value ?? option) : option;
  }
  return node ? { line: node.line, col: node.col } : { line: card.line, col: card.col };
}

/**
 * NEAR_DUPLICATE between decks (within a deck the validator already reports them): each pair is
 * reported at the later card, naming the earlier by file and position. `uses` are the loaded decks'
 * waivers; the ones that silence a pair are noted.
 */
export function crossDeckDuplicates(decks: readonly Deck[], uses: readonly WaiverUse[]): Diagnostic[] {
  const cards: Array<{ deck: Deck; card: Card }> = decks.flatMap((deck) => deck.cards.map((card) => ({ deck, card })));
  const useOf = (deck: Deck, card: Card): WaiverUse | undefined => {
    const own = card.lint?.ignore.includes('NEAR_DUPLICATE') ? uses.find((u) => u.file === deck.source && u.card === card.id) : undefined;
    return own ?? (deck.lint?.ignore.includes('NEAR_DUPLICATE') ? uses.find((u) => u.file === deck.source && u.card === undefined) : undefined);
  };
  const out: Diagnostic[] = [];
  const reported = new Set<number>();
  for (const { first, second, similarity } of similarPairs(cards.map((c) => stemText(c.card)))) {
    const a = cards[first]!;
    const b = cards[second]!;
    if (a.deck === b.deck || reported.has(second)) continue;
    const waivers = [useOf(a.deck, a.card), useOf(b.deck, b.card)].filter((u): u is WaiverUse => u !== undefined);
    for (const u of waivers) if (!u.suppressed.includes('NEAR_DUPLICATE')) u.suppressed.push('NEAR_DUPLICATE');
    if (waivers.length > 0) continue;
    reported.add(second);
    const where = `deck ${q(a.deck.id, 40)}, ${neutralize(a.deck.source)}:${a.card.pos.line}:${a.card.pos.col}`;
    out.push({ file: b.deck.source, ...b.card.pos, severity: 'warning', code: 'NEAR_DUPLICATE', message: nearMessage(b.card, a.card, where, similarity) });
  }
  return out;
}
