// A re-lint of a big deck after a small edit, worked out from the last lint instead of from every
// card (issue 17): the card cache (card-store.ts) keeps, beside each card's check, a section of
// what the deck-wide rules and the deck-cache entry need of every card as numbers (where its text
// and its JSON are, its line, what KEY_LONGEST and TRUEFALSE_BALANCE count, its words for
// NEAR_DUPLICATE), each card's head as JSON, the deck's own diagnostics and the pairs NEAR_DUPLICATE
// found. A re-lint then compares the new text's bytes with the stored text from both ends, reads
// and checks only the cards between (the edit), and makes the new deck-cache entry out of byte
// ranges of the stored heads and bodies, the edited cards' own, and the deck-wide diagnostics
// worked out again: no other card's JSON is parsed, no card object made.
//
// It is the lint of the whole text, byte for byte (tests/adapters/relint-delta.test.ts compares the
// entry with a cold lint's over seeded edits), or nothing: whenever it cannot be sure (the last lint
// had an error, a deck waiver, a cut NEAR_DUPLICATE search or keys after the cards list; the edit
// reaches the deck's own fields, breaks a card, makes a duplicate id, is more than a few cards, or
// is not plain UTF-8; anything in the section out of shape), it gives undefined and the lint goes
// the whole way (lint-source.ts lintToEntry), which also rewrites the cache when many cards changed.
import { isUtf8 } from 'node:buffer';
import { checkCard, type CardContext } from '../core/card-check.js';
import { cachedCard, headOf, isCardEntry, shiftEntry, type CachedCard, type CardEntry } from '../core/cached-card.js';
import { BASE, BODY_END, BODY_START, byteLength, columnsFit, COLS, END, FLAGS, HEAD_END, ID_HASH, idHash, ITEM_END, ITEM_START, KEY_LONGEST, OPTIONS, PARSE, POS_COL, POS_LINE, ranksIn, readSection, START, TRUE, TRUEFALSE, vocabularySize, WAIVES_NEAR, WORD_END, type Place, type Section } from './delta-section.js';
import { answerHash } from '../core/hash.js';
import { deckFindingsOf, type DeckFacts } from '../core/item-lint.js';
import type { Diagnostic, Position } from '../core/model.js';
import { nearAfterEdit, type KeptSets } from '../core/near-delta.js';
import { NEAR_DUPLICATE_BUDGET, NEAR_DUPLICATE_JACCARD } from '../core/near-duplicate.js';
import { nearMessage } from '../core/validate-items.js';
import type { WaiverUse } from '../core/waivers.js';
import { cardContext, commonEnds, shouldRewrite } from './card-store.js';
import { splitCards } from './yaml-chunks.js';
import { utf8Pieces } from './utf8-pieces.js';
import type { DeckHit } from './deck-entry.js';
import { isCachedLint, type CachedLint } from '../core/cached-lint.js';
import { ChunkDeclined, readCardGroup } from './yaml-deck.js';

/** The first i in 0..n-1 for which `test` holds (it holds for every i after it), or n. */
function firstWhere(n: number, test: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether the line at `at` starts an item of a cards list indented by `indent` (yaml-chunks.ts). */
function startsItem(bytes: Uint8Array, at: number, indent: number): boolean {
  for (let i = at; i < at + indent; i++) if (bytes[i] !== 0x20) return false;
  const next = bytes[at + indent + 1];
  return bytes[at + indent] === 0x2d && (next === 0x20 || next === 0x0a || (next === 0x0d && bytes[at + indent + 2] === 0x0a) || at + indent + 1 === bytes.length);
}

/** Lines (line breaks) in bytes from..to. */
function lines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a, from); at >= 0 && at < to; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** A changed card, read and checked as the whole lint does. */
interface Fresh {
  cached: CachedCard;
  check: ReturnType<typeof checkCard>;
  yaml: Diagnostic[];
}

/**
 * The deck-cache entry (encodeDeltaEntry gives deck-entry.ts encodeEntry's bytes) of the lint of `bytes` as file `file`,
 * from the card cache's `content` of an earlier lint of the same deck; undefined when it cannot be
 * made that way (see the top of this file).
 */
export function relintDelta(bytes: Uint8Array, content: Uint8Array, file: string, salt: string, rewriteAfter?: number, whole?: () => Uint8Array | undefined): DeltaEntry | undefined {
  const s = readSection(content);
  if (s === undefined) return undefined;
  const { meta, cols } = s;
  const deckTagSet = new Set(meta.ctx.deckTags);
  const ctx: CardContext = { deckTags: meta.ctx.deckTags, deckTagSet, typos: meta.ctx.typos };
  if (cardContext(ctx, salt) !== meta.context || !columnsFit(s)) return undefined;
  // Places are UTF-8 bytes of the text the last lint read; a text that does not decode as it is
  // (a byte order mark, bytes that are not UTF-8) goes the whole way.
  if (!isUtf8(bytes) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return undefined;
  const old = content.subarray(meta.textAt, meta.textAt + meta.textBytes);
  const n = meta.n;
  const ends = commonEnds(old, bytes);
  const head = ends.head;
  const tail = Math.min(ends.tail, Math.min(old.length, bytes.length) - head);
  const moved = bytes.length - old.length;
  const at = (i: number, col: number) => cols[i * COLS + col]!;
  // The deck's own fields come before the first card: an edit there goes the whole way.
  if (head < at(0, START)) return undefined;
  // Cards a..b-1 are replaced: those before lie in the common start, those from b in the common end.
  // (Ends and starts are in order: columnsFit.)
  let a = firstWhere(n, (i) => at(i, END) > head);
  // Lines added at the end of the card before: its text ends in the common start, but the new
  // text goes on with its lines, not with the next card. Then it is read again too.
  if (a > 0 && !startsItem(bytes, a < n ? at(a, START) : old.length, meta.listIndent)) a--;
  const b = a + firstWhere(n - a, (i) => at(a + i, START) >= old.length - tail);
  const from = a < n ? at(a, START) : old.length;
  const oldTo = b < n ? at(b, START) : old.length;
  const to = oldTo + moved;
  // The edit starts and ends on a line of its own (else the cards around it read differently).
  if ((from > 0 && bytes[from - 1] !== 0x0a) || (to > from && b < n && bytes[to - 1] !== 0x0a) || to < from) return undefined;
  const firstLine = a < n ? at(a, BASE) : at(n - 1, BASE) + lines(old, at(n - 1, START), old.length);
  const shift = lines(bytes, from, to) - lines(old, from, oldTo);

  const fresh = readChanged(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8', from, to), firstLine, meta.listIndent, a, ctx, file);
  if (fresh === undefined || shouldRewrite(fresh.length, n - (b - a) + fresh.length, rewriteAfter)) return undefined;
  const m = n - (b - a) + fresh.length;
  // Card i of the new text: stored card i, a fresh one, or stored card i - moved cards.
  const storedOf = (i: number) => (i < a ? i : i >= a + fresh.length ? i - fresh.length + (b - a) : -1);
  const by = (k: number) => (k >= b ? shift : 0);
  const entries = new Map<number, CardEntry>();
  // The cards' entries are in the content's first line, which a re-lint from the file's tail has
  // not read (card-cache.ts openTail): read and checked when a card's entry is first needed.
  let first: Uint8Array | undefined;
  const entryOf = (k: number): CardEntry | undefined => {
    let e = entries.get(k);
    if (e !== undefined) return e;
    if ((first ??= whole ? whole() : content) === undefined) return undefined;
    let item: unknown;
    try {
      item = JSON.parse(Buffer.from(first.buffer, first.byteOffset + at(k, ITEM_START), at(k, ITEM_END) - at(k, ITEM_START)).toString('utf8'));
    } catch {
      return undefined;
    }
    const stored = Array.isArray(item) && item[0] === at(k, START) && item[1] === at(k, END) ? item[2] : undefined;
    if (!isCardEntry(stored) || stored.check.card === undefined || stored.base !== at(k, BASE) || stored.check.card.pos.line !== at(k, POS_LINE)) return undefined;
    e = shiftEntry(stored, by(k));
    entries.set(k, e);
    return e;
  };

  // A stored card's id, from its head's JSON in the section (the entries need not be read for it).
  const headStart = (k: number) => (k === 0 ? 0 : at(k - 1, HEAD_END) + 1);
  const idOf = (k: number): string | undefined => {
    try {
      const head = JSON.parse(Buffer.from(s.heads.buffer, s.heads.byteOffset + headStart(k), at(k, HEAD_END) - headStart(k)).toString('utf8')) as { id?: unknown };
      return typeof head?.id === 'string' ? head.id : undefined;
    } catch {
      return undefined;
    }
  };

  // Duplicate ids: a fresh card's id against every other card's (equal hashes compared whole).
  const ids = new Map<string, number>();
  for (const [j, f] of fresh.entries()) {
    const id = f.cached.card.id;
    if (ids.has(id)) return undefined;
    ids.set(id, a + j);
  }
  const hashes = new Set(fresh.map((f) => idHash(f.cached.card.id)));
  for (let k = 0; k < n; k++) {
    if (k >= a && k < b) continue;
    if (!hashes.has(at(k, ID_HASH))) continue;
    const id = idOf(k);
    if (id === undefined || ids.has(id)) return undefined;
  }

  // The deck's diagnostics in the order the whole lint makes them (see validate.ts and
  // lint-source.ts merge): YAML's (the deck's own, then each card's), then the validator's (the
  // deck's fields, each card's, the deck-wide rules), sorted by place, equal places kept in order.
  // Made as the validator's Reporter makes them: these keys, in this order.
  const withFile = (d: Place): Diagnostic => ({ file, line: d.line, col: d.col, severity: d.severity, code: d.code, message: d.message });
  const yaml: Diagnostic[] = meta.headerYaml.map(withFile);
  const found: Diagnostic[] = meta.headerDiagnostics.map(withFile);
  const waivers: WaiverUse[] = [];
  const facts: DeckFacts = { options: [], longest: 0, trueFalse: 0, trueCount: 0 };
  const waivesNear: boolean[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const k = storedOf(i);
    const f = k < 0 ? fresh[i - a]! : undefined;
    const flags = f ? 0 : at(k, FLAGS);
    const card = f?.cached.card;
    const options = f ? (card!.options ?? 0) : at(k, OPTIONS);
    if (options > 0) {
      facts.options.push(options);
      if (f ? card!.keyLongest : flags & KEY_LONGEST) facts.longest++;
    }
    if (f ? card!.type === 'truefalse' : flags & TRUEFALSE) {
      facts.trueFalse++;
      if (f ? card!.answer === true : flags & TRUE) facts.trueCount++;
    }
    waivesNear[i] = f ? card!.lint?.ignore.includes('NEAR_DUPLICATE') === true : (flags & WAIVES_NEAR) !== 0;
    if (!f && !(flags & PARSE)) continue;
    const e = f ? undefined : entryOf(k);
    if (!f && e === undefined) return undefined;
    const check = f ? f.check : e!.check;
    for (const d of f ? f.yaml : (e!.yaml ?? [])) yaml.push(withFile(d));
    for (const d of check.diagnostics ?? []) found.push(withFile(d));
    const use = check.waiver && check.id ? { file, line: check.waiver.at.line, col: check.waiver.at.col, card: check.id.id, ignore: check.waiver.waiver.ignore, why: check.waiver.waiver.why, suppressed: [] as string[] } : undefined;
    if (use) waivers.push(use as WaiverUse);
    for (const finding of check.findings ?? []) {
      if (use && use.ignore.includes(finding.code)) {
        if (!use.suppressed.includes(finding.code)) use.suppressed.push(finding.code);
      } else found.push({ file, line: finding.line, col: finding.col, severity: 'warning', code: finding.code, message: finding.message });
    }
  }
  for (const d of deckFindingsOf(facts)) found.push({ file, line: meta.header.line, col: meta.header.col, severity: 'warning', code: d.code, message: d.message });

  const near = nearAfterEdit(wordsOf(s), a, b, fresh.map((f) => f.cached.card.stem), (i) => waivesNear[i]!, NEAR_DUPLICATE_JACCARD, NEAR_DUPLICATE_BUDGET);
  if (near === undefined) return undefined;
  const placeOf = (i: number): Position & { id: string } | undefined => {
    const k = storedOf(i);
    if (k < 0) return { id: fresh[i - a]!.cached.card.id, ...fresh[i - a]!.cached.card.pos };
    const id = idOf(k);
    return id === undefined ? undefined : { id, line: at(k, POS_LINE) + by(k), col: at(k, POS_COL) };
  };
  for (const i of near.waiversUsed) {
    const id = placeOf(i)?.id;
    const use = waivers.find((w) => w.card === id);
    if (use === undefined) return undefined;
    if (!use.suppressed.includes('NEAR_DUPLICATE')) use.suppressed.push('NEAR_DUPLICATE');
  }
  for (const { index, match, similarity } of near.matches) {
    const second = placeOf(index);
    const first = placeOf(match);
    if (!second || !first) return undefined;
    found.push({ file, line: second.line, col: second.col, severity: 'warning', code: 'NEAR_DUPLICATE', message: nearMessage(second, first, `line ${first.line}`, similarity) });
  }
  const diagnostics = [...yaml, ...found].sort((p, q) => p.line - q.line || p.col - q.col);
  if (diagnostics.some((d) => d.severity === 'error')) return undefined;
  return deltaEntryOf(s, { a, b, fresh, shift }, diagnostics, waivers);
}

/** The stored word sets, as near-delta.ts reads them. */
function wordsOf(s: Section): KeptSets {
  const { meta, cols } = s;
  const ends = new Int32Array(meta.n);
  for (let i = 0; i < meta.n; i++) ends[i] = cols[i * COLS + WORD_END]!;
  const ids = new Int32Array(cols.buffer, cols.byteOffset + meta.n * COLS * 4, meta.words);
  return { ids, ends, pairs: meta.pairs, words: vocabularySize(meta.vocabulary), ranksOf: (words) => ranksIn(meta.vocabulary, words), bound: meta.nearBound };
}

/**
 * The cards of the edited part (from..to of the new text, starting on line `firstLine`): split as
 * the whole text splits there (yaml-chunks.ts, on the part with a `cards:` line before it), read
 * and checked. Undefined when the part does not split into whole items of the list, or a card has
 * an error (the whole lint says what).
 */
function readChanged(text: string, firstLine: number, indent: number, a: number, ctx: CardContext, file: string): Fresh[] | undefined {
  if (text === '') return [];
  const split = splitCards(`cards:\n${text}`, 1);
  if (split === undefined || split.header !== 'cards:\n' || split.seqCol !== indent + 1 || split.groups[0]?.offset !== 7) return undefined;
  const out: Fresh[] = [];
  try {
    for (const group of split.groups) {
      const part = readCardGroup({ ...group, line: group.line - 2 + firstLine }, file);
      for (const node of part.items) {
        const check = checkCard(node, a + out.length, ctx, file, true);
        if (check.card === undefined || check.diagnostics.some((d) => d.severity === 'error') || part.diagnostics.some((d) => d.severity === 'error')) return undefined;
        check.card.hash = answerHash(check.card);
        out.push({ cached: cachedCard(check.card, ctx.deckTags, ctx.deckTagSet), check, yaml: part.diagnostics });
      }
    }
  } catch (err) {
    if (err instanceof ChunkDeclined) return undefined;
    throw err;
  }
  return out;
}

/**
 * A deck-cache entry made by a re-lint, in pieces: its head's JSON (deck-entry.ts: the lint result
 * with card heads and where each body ends) and its bodies, stored bytes copied as ranges and the
 * edited cards' own. Written to the cache a piece at a time (writeDeltaEntry) and read as a hit
 * (deltaHit) without ever being one 2.8 MB buffer.
 */
export interface DeltaEntry {
  head: string;
  bodyEnds: number[];
  /** The bodies, in order, in pieces: each piece one or more whole bodies. */
  pieces: Array<string | Uint8Array>;
}

/**
 * The entry: the deck's fields as stored, each card's head (stored bytes, or a fresh card's JSON),
 * the diagnostics, waivers and header, where each body ends, and the bodies (stored bytes with the
 * card's line moved by the edit's line change, or a fresh card's JSON). The stored cards before the
 * edit and after it are each one range of heads and one of bodies, copied whole unless their lines
 * moved (then the moved bodies are written into one new buffer, each with its new line).
 */
function deltaEntryOf(s: Section, edit: { a: number; b: number; fresh: Fresh[]; shift: number }, diagnostics: Diagnostic[], waivers: WaiverUse[]): DeltaEntry | undefined {
  const { meta, cols, heads, content } = s;
  const { a, b, fresh, shift } = edit;
  const n = meta.n;
  const at = (i: number, col: number) => cols[i * COLS + col]!;
  const headStart = (k: number) => (k === 0 ? 0 : at(k - 1, HEAD_END) + 1);
  const bodies = (from: number, to: number) => content.subarray(meta.bodiesAt + at(from, BODY_START), meta.bodiesAt + at(to - 1, BODY_END));
  const utf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  const headRuns: string[] = [];
  if (a > 0) headRuns.push(utf8(heads.subarray(0, at(a - 1, HEAD_END))));
  for (const f of fresh) headRuns.push(JSON.stringify(headOf(f.cached.card)));
  if (b < n) headRuns.push(utf8(heads.subarray(headStart(b), at(n - 1, HEAD_END))));
  // Where each body ends, and where the line to move sits in each moved body (after the edit).
  const bodyEnds: number[] = [];
  let bodyAt = 0;
  for (let k = 0; k < a; k++) bodyEnds.push((bodyAt += at(k, BODY_END) - at(k, BODY_START)));
  for (const f of fresh) bodyEnds.push((bodyAt += byteLength(f.cached.body)));
  const movedFrom = bodyAt;
  const lineAt = shift !== 0 && b < n ? new Int32Array(n - b) : undefined;
  for (let k = b; k < n; k++) {
    let size = at(k, BODY_END) - at(k, BODY_START);
    if (lineAt) {
      const place = linePlace(bodies(k, k + 1), at(k, POS_LINE));
      if (place < 0) return undefined;
      lineAt[k - b] = place;
      size += String(at(k, POS_LINE) + shift).length - String(at(k, POS_LINE)).length;
    }
    bodyEnds.push((bodyAt += size));
  }
  const strip = ({ file: _file, ...rest }: { file: string }) => rest;
  const waived = waivers.length > 0 ? `,"waivers":${JSON.stringify(waivers.map(strip))}` : '';
  const head = `{"deck":${meta.deckPrefix}${headRuns.join(',')}]},"diagnostics":${JSON.stringify(diagnostics.map(strip))}${waived},"header":${JSON.stringify(meta.header)},"bodyEnds":[${bodyEnds.join(',')}]}`;
  const pieces: Array<string | Uint8Array> = [];
  if (a > 0) pieces.push(bodies(0, a));
  for (const f of fresh) pieces.push(f.cached.body);
  if (b < n && !lineAt) pieces.push(bodies(b, n));
  if (lineAt) {
    const out = Buffer.allocUnsafe(bodyAt - movedFrom);
    let pos = 0;
    for (let k = b; k < n; k++) {
      const body = bodies(k, k + 1);
      const place = lineAt[k - b]!;
      out.set(body.subarray(0, place), pos);
      pos += place;
      pos += out.write(String(at(k, POS_LINE) + shift), pos, 'latin1');
      const rest = body.subarray(place + String(at(k, POS_LINE)).length);
      out.set(rest, pos);
      pos += rest.length;
    }
    if (pos !== out.length) return undefined;
    pieces.push(out);
  }
  return { head, bodyEnds, pieces };
}

/** The entry's bytes (deck-entry.ts encodeEntry's) a piece at a time, as deck-entry.ts writeEntry passes them. */
export function writeDeltaEntry(entry: DeltaEntry, write: (bytes: Uint8Array) => void): void {
  const { put, putBytes, flush } = utf8Pieces(write);
  put(entry.head);
  put('\n');
  for (const piece of entry.pieces) typeof piece === 'string' ? put(piece) : putBytes(piece);
  flush();
}

/** The entry's bytes in one buffer (tests; a deck cache that cannot take pieces). */
export function encodeDeltaEntry(entry: DeltaEntry): Buffer {
  const parts: Buffer[] = [];
  writeDeltaEntry(entry, (bytes) => parts.push(Buffer.from(bytes)));
  return Buffer.concat(parts);
}

/**
 * The entry read as a hit, as decodeEntry reads its bytes (the same checks of the head), each body
 * decoded from its piece when asked; undefined when the head is not a whole lint result.
 */
export function deltaHit(entry: DeltaEntry): DeckHit | undefined {
  let head: unknown;
  try {
    head = JSON.parse(entry.head);
  } catch {
    return undefined;
  }
  if (!isCachedLint(head)) return undefined;
  const { bodyEnds: _ends, ...lint } = head as CachedLint & { bodyEnds?: unknown };
  if (lint.deck?.cards.length !== entry.bodyEnds.length) return undefined;
  // Where each piece starts among the bodies, to find a body's piece.
  const starts: number[] = [];
  let at = 0;
  for (const piece of entry.pieces) {
    starts.push(at);
    at += byteLength(piece);
  }
  return {
    ...lint,
    body(i) {
      const from = i === 0 ? 0 : entry.bodyEnds[i - 1];
      const to = entry.bodyEnds[i];
      if (from === undefined || to === undefined) return '';
      let k = starts.length - 1;
      while (k > 0 && starts[k]! > from) k--;
      const piece = entry.pieces[k]!;
      if (typeof piece === 'string') return piece;
      return Buffer.from(piece.buffer, piece.byteOffset, piece.length).toString('utf8', from - starts[k]!, to - starts[k]!);
    },
  };
}

const POS_KEY = Buffer.from('"pos":{"line":');

/**
 * Where a stored body (splitCard's JSON of a card) holds its card's line, `line`: after the first
 * `"pos":{"line":`, which is the card's own (no key before it holds an object with that key, and a
 * string cannot hold an unescaped quote); -1 when the body does not hold that line there. Writing
 * the moved line there gives what JSON.stringify gives for the card at its new place.
 */
export function linePlace(body: Uint8Array, line: number): number {
  const b = Buffer.from(body.buffer, body.byteOffset, body.length);
  const key = b.indexOf(POS_KEY);
  if (key < 0) return -1;
  const from = key + POS_KEY.length;
  const old = String(line);
  return b.toString('latin1', from, from + old.length) === old && b[from + old.length] === 0x2c ? from : -1;
}
