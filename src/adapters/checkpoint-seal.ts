// The seal on progress.json: a SHA-1 of the text recall wrote, as its last field.
//
// Why: every card state in a checkpoint must pass the one validator (core/card-state.ts), but
// validating 10,000 states at start-up cost about as much as parsing the file (~30-45 ms of the
// 300 ms first-card budget). Every state recall puts in a checkpoint has already passed the
// validator (journal replay, import, and each append check it), so a file that is byte for byte
// what recall wrote needs no second pass: the seal proves that in ~5 ms. Any other file (edited by
// hand, written by another tool or an older recall, damaged) is validated card by card.
// It is a checksum, not a signature: it guards against accidents, not against the file's owner.
import { createHash } from 'node:crypto';

const FIELD = ',"seal":"';
const HEX = 40;

// Hashing the UTF-8 bytes, not the string: update(string) of a 3 MB checkpoint cost several times
// the encoding plus hashing of a Buffer (same digest).
const sha1 = (text: string) => createHash('sha1').update(Buffer.from(text, 'utf8')).digest('hex');

/** The JSON text of a checkpoint object, with its seal appended as the last field. */
export function sealedText(data: object): string {
  const body = JSON.stringify(data);
  return `${body.slice(0, -1)}${FIELD}${sha1(body)}"}`;
}

/** True when the file's bytes are exactly what sealedText wrote (its seal matches the rest).
 *  Bytes, not a string: hashing a 3 MB string would copy and re-encode it first. */
export function isSealed(bytes: Buffer): boolean {
  const tail = FIELD.length + HEX + 2;
  if (bytes.length <= tail) return false;
  const at = bytes.length - tail;
  const end = bytes.toString('latin1', at);
  if (!end.startsWith(FIELD) || !end.endsWith('"}')) return false;
  const seal = end.slice(FIELD.length, FIELD.length + HEX);
  return /^[0-9a-f]{40}$/.test(seal) && createHash('sha1').update(bytes.subarray(0, at)).update('}').digest('hex') === seal;
}
