// A stable fingerprint of what makes a card's answer right or wrong. Progress stores it so a card
// whose answer changed can be re-learned, while rewording a prompt, a `why` or an `explain` keeps
// the student's history.
import type { Card } from './model.js';

/** FNV-1a, 64 bit, over the UTF-8 bytes of the text; 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  // Two 32-bit halves instead of BigInt: the prime is 2^40 + 0x1b3, so h * prime is
  // (h * 0x1b3) + (lo << 40), computed with exact double and Math.imul arithmetic.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  // ASCII text is its own UTF-8: read the code units, without encoding (a 10,000-card deck hashes
  // every card on a cold lint); anything else is encoded first. Same bytes, same hash.
  const bytes = ASCII.test(text) ? text : encoder.encode(text);
  for (let i = 0; i < bytes.length; i++) {
    const byte = typeof bytes === 'string' ? bytes.charCodeAt(i) : bytes[i]!;
    lo = (lo ^ byte) >>> 0;
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = low >>> 0;
  }
  // One flat string of 16 digits: two padded halves joined made three strings (a join past 12
  // characters is a pair of pointers), ~50 bytes more in every card a lint keeps.
  const d = (word: number, shift: number) => HEX[(word >>> shift) & 15]!;
  return String.fromCharCode(
    d(hi, 28), d(hi, 24), d(hi, 20), d(hi, 16), d(hi, 12), d(hi, 8), d(hi, 4), d(hi, 0),
    d(lo, 28), d(lo, 24), d(lo, 20), d(lo, 16), d(lo, 12), d(lo, 8), d(lo, 4), d(lo, 0),
  );
}

/** Character codes of the lowercase hex digits. */
const HEX = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));

const encoder = new TextEncoder();
const ASCII = /^[\x00-\x7f]*$/;

/** The answer part of a card, with a fixed key order, so the JSON text is canonical. */
function answerPart(card: Card): unknown[] {
  switch (card.type) {
    case 'basic':
      return [card.type, card.back, card.accept ?? null];
    case 'choice':
    case 'multi':
      // Order matters: answer files and reports name options by their written position.
      return [card.type, card.choices.map((c) => [c.text, c.correct])];
    case 'truefalse':
      return [card.type, card.answer];
    case 'typed':
      return [card.type, card.answer, card.accept];
    case 'cloze':
      return [card.type, card.blanks];
    case 'order':
      return [card.type, card.items];
  }
}

/** Content hash of the card's answer only: type plus the fields that decide right or wrong. */
export function answerHash(card: Card): string {
  return fnv1a64(JSON.stringify(answerPart(card)));
}
