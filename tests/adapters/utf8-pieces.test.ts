import { describe, expect, it } from 'vitest';
import { PIECE_BYTES, utf8Pieces } from '../../src/adapters/utf8-pieces.js';

/** The pieces `texts` make, each copied (the buffer is reused), and the joined bytes. */
function pieces(texts: string[]): { sizes: number[]; bytes: Buffer } {
  const got: Buffer[] = [];
  const { put, flush } = utf8Pieces((b) => got.push(Buffer.from(b)));
  for (const t of texts) put(t);
  flush();
  return { sizes: got.map((b) => b.length), bytes: Buffer.concat(got) };
}

describe('utf8Pieces', () => {
  const emoji = '\u{1F600}'; // a surrogate pair, 4 bytes of UTF-8
  it.each([
    ['nothing', []],
    ['small texts', ['{"a":1}', ',', 'é', '\n']],
    ['a text longer than a piece', ['x'.repeat(PIECE_BYTES * 2 + 17)]],
    ['surrogate pairs across every cut of a long text', [emoji.repeat(PIECE_BYTES)]],
    ['a pair right at a part edge', ['a'.repeat(Math.floor(PIECE_BYTES / 3) - 1) + emoji + 'b'.repeat(PIECE_BYTES)]],
    ['many texts that fill pieces', Array.from({ length: 5000 }, (_, i) => `{"id":"card-${i}","é":"${emoji}"},`)],
  ])('%s: the pieces joined are the UTF-8 of the texts joined, none over a piece', (_name, texts) => {
    const { sizes, bytes } = pieces(texts as string[]);
    expect(bytes.equals(Buffer.from((texts as string[]).join('')))).toBe(true);
    expect(sizes.every((n) => n > 0 && n <= PIECE_BYTES)).toBe(true);
  });
});
