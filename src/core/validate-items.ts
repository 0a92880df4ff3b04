// The item-writing rules (item-lint.ts, near-duplicate.ts) inside the validator: findings become
// warnings at the node that holds the cue, unless the card or the deck waives the rule; waivers are
// collected with what they silenced, for `deck lint --verbose`.
import type { Card, Deck, Diagnostic, Position, Waiver } from './model.js';
import { cardFindings, deckFindings, type ItemCode, type RuleCard, type Where } from './item-lint.js';
import { NEAR_DUPLICATE_BUDGET, nearDuplicates, stemText, type NearDuplicateResult } from './near-duplicate.js';
import { getEntry, type PMap, type PNode } from './ptree.js';
import { neutralize } from './sanitize.js';
import { q, type Reporter } from './validate-fields.js';
import type { WaiverUse } from './waivers.js';
import { formatCount } from './count-text.js';

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

  /** The per-card findings of one valid card (see placedFindings), less what a waiver silences. */
  card(card: RuleCard, findings: readonly PlacedFinding[]): void {
    for (const f of findings) if (!this.waived(f.code, card)) this.r.warn(f, f.code, f.message);
  }

  /** The whole-deck rules and near duplicates inside the deck, once every card is read. */
  deck(cards: readonly RuleCard[], at: Position, keep = false): NearDuplicateResult {
    for (const f of deckFindings(cards)) if (!this.waived(f.code)) this.r.warn(at, f.code, f.message);
    // Either card's waiver covers a pair: the author has said the two are meant to be alike.
    const waives = (i: number) => this.waives('NEAR_DUPLICATE', cards[i]!) !== undefined;
    const found = nearDuplicates(cards.map((c) => c.stem), { waives, keep });
    for (const i of found.waiversUsed) this.waived('NEAR_DUPLICATE', cards[i]!);
    for (const { index, match, similarity } of found.matches) {
      const a = cards[match]!;
      const b = cards[index]!;
      this.r.warn(b.pos, 'NEAR_DUPLICATE', nearMessage(b, a, `line ${a.pos.line}`, similarity));
    }
    if (found.truncated) this.r.warn(at, 'NEAR_DUPLICATE', truncatedMessage('this deck', found.matches.length));
    return found;
  }

  /** The waiver that covers `code` for the card (its own, else the deck's), if any. */
  private waives(code: ItemCode, card?: RuleCard): WaiverUse | undefined {
    return card && card.lint?.ignore.includes(code) ? this.byCard.get(card.id) : this.deckUse?.ignore.includes(code) ? this.deckUse : undefined;
  }

  /** True, and noted on the waiver, when the card (or failing that, the deck) waives `code`. */
  private waived(code: ItemCode, card?: RuleCard): boolean {
    const use = this.waives(code, card);
    if (!use) return false;
    if (!use.suppressed.includes(code)) use.suppressed.push(code);
    return true;
  }
}

/**
 * The search gave up at its budget: say so, and what that leaves out. Questions written from one
 * template share most of their words, so it can stop before finding a single pair: then saying
 * "the cards reported" (as it did) pointed at nothing, and a real near duplicate went unreported.
 */
function truncatedMessage(where: 'this deck' | 'these decks', found: number): string {
  const stopped = `the search for near duplicates stopped after ${formatCount(NEAR_DUPLICATE_BUDGET)} candidate pairs`;
  const why = `many questions in ${where} share most of their words (one template?)`;
  return found === 0
    ? `${stopped} without finding one: ${why}, so near duplicates among them were not checked`
    : `${stopped}: ${why}, so the ${found === 1 ? 'one pair' : `${formatCount(found)} pairs`} reported may not be all`;
}

export function nearMessage(card: Pick<Card, 'id'>, other: Pick<Card, 'id'>, where: string, similarity: number): string {
  return `card ${q(card.id, 40)} asks nearly the same as card ${q(other.id, 40)} (${where}): ${Math.round(similarity * 100)}% of their words are shared; merge them, or make each test something the other does not`;
}

/** A per-card finding at its place in the file, before waivers. */
export interface PlacedFinding extends Position {
  code: ItemCode;
  message: string;
}

/** The per-card rules of one valid card, positioned on its mapping. */
export function placedFindings(card: Card, node: PMap): PlacedFinding[] {
  return cardFindings(card).map((f) => ({ code: f.code, message: f.message, ...position(node, f.where) }));
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
  const found = nearDuplicates(
    cards.map((c) => stemText(c.card)),
    { waives: (i) => useOf(cards[i]!.deck, cards[i]!.card) !== undefined, consider: (a, b) => cards[a]!.deck !== cards[b]!.deck },
  );
  for (const i of found.waiversUsed) {
    const use = useOf(cards[i]!.deck, cards[i]!.card)!;
    if (!use.suppressed.includes('NEAR_DUPLICATE')) use.suppressed.push('NEAR_DUPLICATE');
  }
  const out: Diagnostic[] = found.matches.map(({ index, match, similarity }) => {
    const a = cards[match]!;
    const b = cards[index]!;
    const where = `deck ${q(a.deck.id, 40)}, ${neutralize(a.deck.source)}:${a.card.pos.line}:${a.card.pos.col}`;
    return { file: b.deck.source, ...b.card.pos, severity: 'warning', code: 'NEAR_DUPLICATE', message: nearMessage(b.card, a.card, where, similarity) };
  });
  if (found.truncated) {
    const first = decks[0]!;
    out.push({ file: first.source, line: 1, col: 1, severity: 'warning', code: 'NEAR_DUPLICATE', message: truncatedMessage('these decks', found.matches.length) });
  }
  return out;
}
