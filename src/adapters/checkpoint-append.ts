// The bytes of a new progress.json: written in full, or appended to the last one.
//
// A checkpoint used to serialise every card state each time: with 10,000 cards that is ~3 MB of
// JSON, written every 2,000 answers, and it made a scripted answer in a big store cost 1.5× what it
// costs in an empty one (the bench's per-answer row; issue 17 allows 1.2×). Most states have not
// changed since the last checkpoint, and this process holds that checkpoint's bytes when it read
// or wrote it itself. So a new checkpoint copies the last one's card members as they are and
// appends the states that changed since, as repeated keys of the same `cards` object:
//
//   {"version":1,"settings":{…},"journal":{"offset":N},"cards":{ <last file's members>,"d/c":{…} },"seal":"…"}
//
// JSON.parse keeps the last value of a repeated key, so every reader (this recall, older ones, the
// card-by-card validation of an unsealed file) sees the current state; the file is sealed as a
// whole as before. What it trades: the file holds up to APPEND_SLACK more members than cards, so a
// start parses up to that much more (at most a quarter); past that, or when a card left the store
// (a reset), the next checkpoint is written in full again, which bounds the file and keeps the
// cost per answer flat (a full write every ~N/4 changed states of an N-card store).
import type { CardState, Settings } from '../core/progress.js';
import { SEAL_ROOM, sealAfter, sealedBytes } from './checkpoint-seal.js';

/** Repeated members allowed, as a share of the cards: past it the checkpoint is written in full. */
export const APPEND_SLACK = 0.25;

/** The last checkpoint this process read (sealed: exactly as recall wrote it) or wrote. */
export interface CheckpointBase {
  /** The bytes between the braces of its `cards` object, in order: the members of the file read or
   *  written in full, then those each later checkpoint appended. Slices, never copies: a 3 MB base
   *  is not copied again at each checkpoint (see checkpointFile). */
  pieces: Buffer[];
  /** Members in it, a repeated key counted each time (counted when first needed: -1 until then). */
  members: number;
}

/**
 * The fold's card states (Store), remembering which keys were set since the last checkpoint and
 * whether any was deleted. Kept as the states change rather than found by comparing every card
 * with the last checkpoint's: that pass over 10,000 cards, once per checkpoint, cost more than
 * the rest of an appended checkpoint.
 */
export class CardStates extends Map<string, CardState> {
  readonly changed = new Set<string>();
  removed = false;

  override set(key: string, state: CardState): this {
    this.changed.add(key);
    return super.set(key, state);
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.removed = true;
    return had;
  }

  override clear(): void {
    if (this.size > 0) this.removed = true;
    super.clear();
  }

  /** The states of a checkpoint just read, as settled (not changes). */
  static of(record: Record<string, CardState>): CardStates {
    const cards = new CardStates();
    // for-in, not Object.entries: no [key, value] pair per card to collect (10,000 on a big store).
    for (const key in record) Map.prototype.set.call(cards, key, record[key]!);
    return cards;
  }

  /** Forgets the changes: a checkpoint holding every state was just read or written. */
  settle(): void {
    this.changed.clear();
    this.removed = false;
  }
}

export interface CheckpointHead {
  settings: Partial<Settings>;
  offset: number;
}

/** Everything before the card members: `{"version":1,"settings":…,"journal":{"offset":N},"cards":{`. */
function headText(head: CheckpointHead): string {
  return `${JSON.stringify({ version: 1, settings: head.settings, journal: { offset: head.offset } }).slice(0, -1)},"cards":{`;
}

const member = (key: string, state: CardState): string => `${JSON.stringify(key)}:${JSON.stringify(state)}`;

/**
 * The base a sealed progress.json gives, when it has the layout recall writes (its head is what
 * the parsed file re-serialises to); undefined otherwise.
 */
export function baseOf(bytes: Buffer, head: CheckpointHead): CheckpointBase | undefined {
  const start = Buffer.from(headText(head));
  const end = bytes.length - SEAL_ROOM - 2; // the cards' brace; the body's own, after it, gave way to the seal
  if (end < start.length || bytes[end] !== 0x7d || !bytes.subarray(0, start.length).equals(start)) return undefined;
  return { pieces: [bytes.subarray(start.length, end)], members: -1 };
}

/** Members of a base, counted by their opening braces (a state is a flat object): a guess is
 *  enough, it only decides when to write in full again. Counted at the first checkpoint, not at
 *  start-up, which most runs end without reaching. */
function membersOf(base: CheckpointBase): number {
  if (base.members < 0) {
    base.members = 0;
    for (const piece of base.pieces) for (let i = piece.indexOf(0x7b); i >= 0; i = piece.indexOf(0x7b, i + 1)) base.members++;
  }
  return base.members;
}

const CLOSE = Buffer.from('}');

/**
 * The sealed bytes of a checkpoint of `cards`, in pieces to write in order, and the base they make
 * for the next one: appended to `base` (the checkpoint `cards` last settled on) when no card was
 * deleted since and the repeats stay under APPEND_SLACK, else in full. An appended checkpoint is
 * written from the base's own pieces and sealed where they lie: with 10,000 cards, copying the
 * 3 MB base into a new buffer was about a third of the checkpoint a big store's session ends with
 * (the bench's per-answer row). Without a key nothing is sealed, and every checkpoint is written in
 * full. The caller settles `cards` once the pieces are written.
 */
export function checkpointFile(head: CheckpointHead, cards: CardStates, base: CheckpointBase | undefined, key: Buffer | undefined): { parts: Buffer[]; base: CheckpointBase | undefined } {
  const headBytes = Buffer.from(headText(head));
  if (base !== undefined && key !== undefined && !cards.removed && membersOf(base) + cards.changed.size <= cards.size * (1 + APPEND_SLACK)) {
    const changed: string[] = [];
    for (const k of cards.changed) changed.push(member(k, cards.get(k)!));
    const kept = base.pieces.some((p) => p.length > 0);
    const pieces = changed.length === 0 ? base.pieces : [...base.pieces, Buffer.from(`${kept ? ',' : ''}${changed.join(',')}`)];
    const body = [headBytes, ...pieces, CLOSE];
    return { parts: [...body, sealAfter(body, key)], base: { pieces, members: base.members + changed.length } };
  }
  const bytes = sealedBytes({ version: 1, settings: head.settings, journal: { offset: head.offset }, cards: Object.fromEntries(cards) }, key);
  if (key === undefined) return { parts: [bytes], base: undefined };
  // The cards' closing brace sits just before the seal (which replaced the body's own).
  return { parts: [bytes], base: { pieces: [bytes.subarray(headBytes.length, bytes.length - SEAL_ROOM - 2)], members: cards.size } };
}
