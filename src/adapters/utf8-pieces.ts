// Text handed to a sink as UTF-8 pieces of one reused 64 KB buffer, for files too big to make whole
// first (the card cache, a deck-cache entry: written whole, a 10,000-card deck's made a few MB of
// strings and buffers, ~1,000-4,000 fresh pages each).

/** Bytes per piece. */
export const PIECE_BYTES = 64 * 1024;

export interface Utf8Pieces {
  /** Appends `text`'s UTF-8 bytes; a text longer than a piece goes a piece at a time. */
  put(text: string): void;
  /** Appends bytes (UTF-8 already): copied into the piece, or handed over as they are when long. */
  putBytes(bytes: Uint8Array): void;
  /** Hands over what is buffered. Call it once at the end. */
  flush(): void;
  /** How many bytes were put so far (handed over or buffered). */
  written(): number;
}

/**
 * Pieces for `write`, in order. Every piece is the same buffer refilled: `write` must be done with
 * it when it returns. A long text is never cut inside a surrogate pair, so each part encodes to
 * the bytes it has within the whole (the pieces joined are the text's UTF-8, byte for byte).
 */
export function utf8Pieces(write: (bytes: Uint8Array) => void): Utf8Pieces {
  const buf = Buffer.allocUnsafe(PIECE_BYTES);
  let used = 0;
  let handed = 0;
  const flush = () => {
    if (used > 0) write(buf.subarray(0, used));
    handed += used;
    used = 0;
  };
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a text of n units fits in 3n bytes.
  const put = (text: string) => {
    if (text.length * 3 > PIECE_BYTES - used) flush();
    if (text.length * 3 <= PIECE_BYTES) used += buf.write(text, used);
    else for (let from = 0; from < text.length; ) from = putPart(text, from);
  };
  const putPart = (text: string, from: number): number => {
    let to = Math.min(text.length, from + Math.floor(PIECE_BYTES / 3));
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
    flush();
    used += buf.write(text.slice(from, to), used);
    return to;
  };
  const putBytes = (bytes: Uint8Array) => {
    if (bytes.length > PIECE_BYTES - used) flush();
    if (bytes.length <= PIECE_BYTES) {
      buf.set(bytes, used);
      used += bytes.length;
    } else {
      write(bytes);
      handed += bytes.length;
    }
  };
  return { put, putBytes, flush, written: () => handed + used };
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
