// Whether a parsed file is, beyond doubt, a scripted answers file (`--answers`) and not a deck: a
// folder of decks often holds one beside them (the answer key a CI quiz runs on), and `deck lint
// DIR` linted it as a deck and failed. Pure: the caller parsed the file and knows the cards.
//
// Only what is clearly an answers file may be set aside, since a deck skipped unchecked would let
// CI pass a broken deck. So the rule is the answers format's own shape, strictly: a non-empty
// mapping whose every value is an answer (a scalar, or a list of scalars) and whose every key names
// a card of the decks linted alongside (ID or DECK/ID). A deck has `cards:`, a list of mappings,
// and its other top-level keys (deck, title, tags...) are no card's id; a deck broken past
// recognition (keys misspelt, cards missing) fails the card-id test unless each of its keys is
// one of those card ids, which no deck would be by accident.

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const isAnswer = (v: unknown): boolean => isScalar(v) || (Array.isArray(v) && v.length > 0 && v.every(isScalar));

/**
 * 'answers' when `value` has the answers format's shape and every key is a known card (`isCard`);
 * 'unknown keys' (with them) when it has the shape and some keys are cards but others are not (an
 * answers file with a stale or mistyped card id: still linted as a deck, with a note); else 'deck'.
 */
export function answersFileKind(value: unknown, isCard: (key: string) => boolean): { kind: 'answers' } | { kind: 'unknown keys'; unknown: string[] } | { kind: 'deck' } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'deck' };
  const entries = Object.entries(value);
  if (entries.length === 0 || !entries.every(([, v]) => isAnswer(v))) return { kind: 'deck' };
  const unknown = entries.map(([key]) => key).filter((key) => !isCard(key));
  if (unknown.length === 0) return { kind: 'answers' };
  return unknown.length < entries.length ? { kind: 'unknown keys', unknown } : { kind: 'deck' };
}
