// The seal on progress.json: an HMAC of the text recall wrote, under the store's own key
// (cache-key.ts: 32 random bytes in the store folder, mode 0600), as its last field.
//
// Why: every card state in a checkpoint must pass the one validator (core/card-state.ts), but
// validating 10,000 states at start-up costs about as much as parsing the file (~40 ms, see the
// README). Every state recall puts in a checkpoint has already passed the validator (journal
// replay, import, and each append check it), so a file that is byte for byte what this store's
// recall wrote needs no second pass: the seal proves that in a few ms. Any other file is validated
// card by card: edited by hand, written by another tool or an older recall, damaged, restored from
// another machine or a backup without its key, or sealed by anyone who does not hold the key.
// An unkeyed checksum would not do: anyone could write bad states with a matching checksum, and
// study then failed with an internal error on them (a stability of -1 in a "sealed" file).
// Without a key (it could not be created, e.g. a read-only store) nothing is sealed and every
// load validates: only speed is lost.
import { createHmac } from 'node:crypto';

const FIELD = ',"seal":"';
const HEX = 64;
const LABEL = 'progress.json\0';

const encoder = new TextEncoder();

/**
 * The bytes recall writes for a checkpoint object: its JSON, with its seal appended as the last
 * field when there is a key. Bytes, not text: the file is written from the very buffer the HMAC
 * reads, so the 3 MB of a big store are encoded once (TextEncoder, a single pass; Buffer.from of
 * the string cost several times that, and writing a string encodes it a second time).
 */
export function sealedBytes(data: object, key: Buffer | undefined): Buffer {
  const json = JSON.stringify(data);
  const length = Buffer.byteLength(json);
  // One buffer with room for the seal: the body is encoded straight into it.
  const out = Buffer.allocUnsafe(key === undefined ? length : length + SEAL_ROOM);
  encoder.encodeInto(json, out);
  return key === undefined ? out : sealInto(out, length, key);
}

/** Bytes a seal adds to a body (it replaces the body's closing brace). */
export const SEAL_ROOM = FIELD.length + HEX + 1;

/**
 * Seals a checkpoint whose JSON body is the first `length` bytes of `out` (ending in its closing
 * brace), `out` being `length + SEAL_ROOM` long: the brace gives way to `,"seal":"…"}`.
 */
export function sealInto(out: Buffer, length: number, key: Buffer): Buffer {
  sealAfter([out.subarray(0, length - 1)], key).copy(out, length - 1);
  return out;
}

/**
 * What ends a checkpoint whose body, all but its closing brace, is `parts` in order:
 * `,"seal":"…"}`, the seal being the HMAC of the whole body (`parts` and that brace). The body is
 * hashed where it lies, so an appended checkpoint is written from its pieces without first being
 * copied into one buffer (checkpoint-append.ts).
 */
export function sealAfter(parts: readonly Uint8Array[], key: Buffer): Buffer {
  const hmac = createHmac('sha256', key).update(LABEL);
  for (const part of parts) hmac.update(part);
  return Buffer.from(`${FIELD}${hmac.update('}').digest('hex')}"}`, 'latin1');
}

/** sealedBytes as text (the bench's fixtures write it). */
export function sealedText(data: object, key: Buffer | undefined): string {
  return sealedBytes(data, key).toString('utf8');
}

/** True when the file's bytes are exactly what sealedBytes wrote with this key (its seal matches the
 *  rest). Bytes, not a string: hashing a 3 MB string would copy and re-encode it first. */
export function isSealed(bytes: Buffer, key: Buffer | undefined): boolean {
  return sealOf(bytes, key) !== undefined;
}

/** The seal of a checkpoint whose bytes are exactly what sealedBytes wrote with this key; else undefined. */
export function sealOf(bytes: Buffer, key: Buffer | undefined): string | undefined {
  if (key === undefined || bytes.length <= SEAL_ROOM + 1) return undefined;
  const seal = writtenSeal(bytes);
  if (seal === undefined) return undefined;
  const at = bytes.length - SEAL_ROOM - 1;
  return createHmac('sha256', key).update(LABEL).update(bytes.subarray(0, at)).update('}').digest('hex') === seal ? seal : undefined;
}

/** The seal written at the end of `bytes` (the whole file, or its last bytes), not checked. */
export function writtenSeal(bytes: Uint8Array): string | undefined {
  const tail = FIELD.length + HEX + 2;
  if (bytes.length < tail) return undefined;
  const end = Buffer.from(bytes.buffer, bytes.byteOffset + bytes.length - tail, tail).toString('latin1');
  if (!end.startsWith(FIELD) || !end.endsWith('"}')) return undefined;
  const seal = end.slice(FIELD.length, FIELD.length + HEX);
  return /^[0-9a-f]{64}$/.test(seal) ? seal : undefined;
}
