// The card cache of big decks: for each deck (by the text of its `deck:` line), the checked cards of
// its last lint, each card's body, and the text of that lint (see card-store.ts for the content,
// lintToEntry in lint-source.ts for its use). After an edit, the deck cache (deck-cache.ts, keyed by
// the whole text) misses, but all cards but the edited one come from here: a re-lint of a
// 10,000-card deck parses and checks one card, runs the deck-wide rules over what is stored of all
// of them, and makes the new deck-cache entry from the stored heads and bodies.
//
// Trust: as for the deck cache. A file is `<MAC hex>\n<content>`, the MAC an HMAC-SHA256 of its name
// and content under the per-user key (cache-key.ts); each entry is checked (core/cached-card.ts)
// before use, and anything that fails is a miss. Size: one file per deck id, holding only that
// deck's current cards and text (the 10,000-card bench deck makes ~7.1 MB); at most MAX_FILES
// files, none over MAX_FILE_BYTES, none older than MAX_AGE_MS. Any failure is a miss, never an error.
import path from 'node:path';
import { createHash } from 'node:crypto';
import pkg from '../../package.json' with { type: 'json' };
import { cacheDir } from './cache-files.js';
import { sign, signer, signingKey, verify } from './cache-key.js';
import { pruneSigned, readSigned, readSignedFrom, writeSigned, writeSignedStreamed } from './signed-files.js';
import { tailOf, trailerOf, TRAILER_BYTES, type TailMac, type Trailer } from './delta-section.js';
import type { Hmac } from 'node:crypto';
import { writeStore, type CardStore } from './card-store.js';

export const MAX_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_FILES = 32;
export const MAX_AGE_MS = 60 * 86_400_000;
const OWN_FILE = /^[0-9A-Za-z.+-]{1,40}-[0-9a-f]{40}\.json$/;

export interface CardCache {
  /** Mixed into every entry's key: the package version, so an upgrade never reads older checks. */
  salt: string;
  /** The stored content for a deck (its text, or the file's bytes), verified (see readCardMemo), or undefined. */
  open(deck: string | Uint8Array): Uint8Array | undefined;
  /** Stores `memo.store` for the deck (as bytes, unless they are what was read; or the lint's
   *  CardStore, written a piece at a time). */
  save(deck: string | Uint8Array, store: Uint8Array | CardStore): void;
  /** For a re-lint from the section (relint-delta.ts): the stored content with only its tail read
   *  (the deck text, the bodies and the section: the bytes before are not read) and checked by the
   *  tail's own MAC; `whole()` reads the rest and gives the content once the file's MAC verifies,
   *  as `open` gives it. Undefined when the file has no section or its tail does not verify. */
  openTail?(deck: string | Uint8Array): { content: Uint8Array; whole(): Uint8Array | undefined } | undefined;
}

const view = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length);

/** The label of a section tail's MAC: the file's name, and what part of it is signed. */
const tailLabel = (name: string) => `${name}#tail`;

const DECK_LINE = /^deck:.*$/m;

/** Which file holds a deck's cards: named after its `deck:` line (only a hint: entries are keyed by
 *  content). From the file's bytes, the line is found without decoding the rest: the same line as
 *  in the text (after a byte order mark, which the text leaves out). */
function fileName(deck: string | Uint8Array): string {
  const deckLine = (typeof deck === 'string' ? DECK_LINE.exec(deck)?.[0] : deckLineOf(deck)) ?? '';
  return `${pkg.version}-${createHash('sha1').update(`recall-cards\u0000${deckLine}`).digest('hex')}.json`;
}

function deckLineOf(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const from = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  // `^` of the multiline pattern: the start, or after a line break (\n, \r, U+2028, U+2029).
  const lineStart = (at: number) => at === from || b[at - 1] === 0x0a || b[at - 1] === 0x0d || (at - 3 >= from && b[at - 3] === 0xe2 && b[at - 2] === 0x80 && (b[at - 1] === 0xa8 || b[at - 1] === 0xa9));
  for (let at = b.indexOf('deck:', from); at >= 0; at = b.indexOf('deck:', at + 1)) {
    if (!lineStart(at)) continue;
    const nl = b.indexOf(0x0a, at);
    return DECK_LINE.exec(b.toString('utf8', at, nl < 0 ? b.length : nl))?.[0];
  }
  return undefined;
}

export function fileCardCache(dir: string, key: (create: boolean) => Buffer | undefined, now: () => number = Date.now): CardCache {
  const lastRead = new Map<string, Uint8Array>();
  return {
    salt: pkg.version,
    open(deck) {
      const name = fileName(deck);
      const file = readSigned(dir, name, () => key(false), MAX_FILE_BYTES);
      if (file === undefined) return undefined;
      lastRead.set(name, file.body);
      return file.body;
    },
    openTail(deck) {
      const name = fileName(deck);
      const k = key(false);
      if (k === undefined) return undefined;
      let t: Trailer | undefined;
      const read = readSignedFrom(dir, name, () => k, MAX_FILE_BYTES, TRAILER_BYTES, (last, length) => (t = trailerOf(last, length))?.textAt);
      if (read === undefined || t === undefined || read.body.length < TRAILER_BYTES) return undefined;
      if (!verify(k, tailLabel(name), view(tailOf(read.body, t)), Buffer.from(t.mac, 'hex'))) return undefined;
      let checked: Buffer | null | undefined;
      return {
        content: read.body,
        // The same buffer, its first bytes read now (once).
        whole() {
          if (checked === undefined) {
            checked = read.whole() ?? null;
            if (checked !== null) lastRead.set(name, checked);
          }
          return checked ?? undefined;
        },
      };
    },
    save(deck, store) {
      const name = fileName(deck);
      if (!(store instanceof Uint8Array)) {
        // A lint's store is never what was read: it is made only when cards were not in the cache.
        const k = key(true);
        if (k === undefined) return;
        // The section's tail is signed on its own as it is written (delta-section.ts TailMac).
        let tail: Hmac | undefined;
        const mac: TailMac = {
          start: () => void (tail = signer(k, tailLabel(name))),
          digest: () => {
            const hex = tail?.digest('hex') ?? '0'.repeat(64);
            tail = undefined; // the trailer is not in it
            return hex;
          },
        };
        if (writeSignedStreamed(dir, name, k, (write) => writeStore(store, (bytes) => (tail?.update(bytes), write(bytes)), mac), MAX_FILE_BYTES)) prune();
        return;
      }
      if (store.length > MAX_FILE_BYTES) return;
      const last = lastRead.get(name);
      const bytes = Buffer.from(store.buffer, store.byteOffset, store.byteLength);
      if (last !== undefined && bytes.equals(last)) return;
      const k = key(true);
      if (k === undefined || bytes.length > MAX_FILE_BYTES) return;
      // Made elsewhere (the lint worker), without the key: its section's tail is signed here.
      const t = trailerOf(bytes, bytes.length);
      if (t !== undefined) bytes.write(sign(k, tailLabel(name), view(tailOf(bytes, t))).toString('hex'), t.macAt, 'latin1');
      if (writeSigned(dir, name, k, bytes)) prune();
    },
  };
  function prune(): void {
    pruneSigned(dir, OWN_FILE, { maxAgeMs: MAX_AGE_MS, maxFiles: MAX_FILES }, now());
  }
}

/** The default: `<cache folder>/cards`, signed with the key in the store folder (as the deck cache). */
export function cardCache(env: Record<string, string | undefined>): CardCache {
  return fileCardCache(path.join(cacheDir(env), 'cards'), (create) => signingKey(env, create));
}
