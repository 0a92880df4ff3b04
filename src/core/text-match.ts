// Comparison of typed answers. Normalisation forgives case, spacing, punctuation, accents and
// full-width forms everywhere. A typo is forgiven only inside a long word of the accepted answer,
// and never where it makes a different answer: another first letter, another known word (an AWS
// verb, Allow for Deny), a different number, or any change at all to a short word (Role vs Root).
// Numbers must be the same numbers, whatever the folding joins (3.5 is not 35: text-numbers.ts).
// Pure: used by grading (typed, cloze, basic-with-accept) and by the UI's near-miss diff.
import { numberText, sameNumbers } from './text-numbers.js';

/**
 * Punctuation folded to spaces. Deliberately a fixed list rather than \p{P}: `#`, `+`, `&`, `%`, `@`
 * and `$` carry meaning in answers such as "C#", "C++" or "50%", so they must still be typed. Every
 * dash, bracket and quotation mark of any script is in it (\p{Pd}, \p{Ps}/\p{Pe}, \p{Pi}/\p{Pf}): a deck
 * answer quoted „Deny“ or ranged 1‒5 graded Deny and 1-5 wrong when only the common ones were.
 * `^` is folded too: "2^32" is how 2 to the 32nd is typed (text-numbers.ts keeps it apart from 232).
 * Written with \u escapes (… − ⁄): one non-ASCII character in the bundle makes
 * dist/cli.cjs a UTF-8 text to decode and a two-byte string for V8, at every command's start.
 */
const FOLDED = /[.,;:!?'"`()[\]{}\-_/\\\u2026^\u2212\u2044\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}]/gu;

/** Latin, Greek and Cyrillic accents left apart by NFD. Only this block: the vowel signs of Indic
 *  scripts are combining marks too, and removing them would change the word. */
const ACCENTS = /[\u0300-\u036f]/g;

/** Invisible format characters (Unicode Cf): zero-width space and joiners, soft hyphen, word joiner,
 *  byte order mark, direction marks. Text copied from web pages, PDFs and word processors carries
 *  them unseen: a deck answer holding one graded the same answer, typed without it, wrong (and one
 *  typed by the student counted as a typo). They change no word, so they are dropped before comparing. */
const INVISIBLE = /\p{Cf}/gu;

/** Full-width and compatibility forms to plain ones, accents and invisible characters dropped: "Ｐａｒｉｓ", "Café" -> "Paris", "Cafe". */
function fold(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').normalize('NFD').replace(ACCENTS, '').normalize('NFC');
}

/** Lower case; Greek final sigma is the same letter as sigma wherever a word happens to end. */
function lower(s: string): string {
  return s.toLowerCase().replace(/\u03C2/g, '\u03C3'); // ς -> σ
}

/** Lower case, NFKC, no accents, folded punctuation, collapsed whitespace. "  Héllo,  World! " -> "hello world". */
export function normalizeText(s: string): string {
  return lower(fold(s)).replace(FOLDED, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The words of an accepted answer, normalised: split at spaces, punctuation, camelCase humps and
 * between letters and digits. "sts:AssumeRole" -> sts, assume, role; "t3.micro" -> t, 3, micro.
 * Splitting finer than a person would only makes tolerance stricter (shorter words), never looser.
 */
export function answerWords(s: string): string[] {
  const spaced = fold(s)
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2');
  return lower(spaced).replace(FOLDED, ' ').split(/\s+/).filter((w) => w !== '');
}

/** Typos forgiven in one word: none up to 5 letters, one up to 9, two from 10; none in a word that is not all letters. */
export function wordTypoLimit(word: string): number {
  const n = Array.from(word).length;
  if (n <= 5 || !/^\p{L}+$/u.test(word)) return 0;
  return n <= 9 ? 1 : 2;
}

/**
 * Words a typo must never turn into: each is a different answer, not a misspelling. AWS API verbs
 * (GetObject vs PutObject is another call), and real words one or two edits from common exam
 * answers (subnet vs subset). Only words of 5+ letters matter: a shorter word must match exactly.
 */
const KNOWN_WORDS = new Set([
  // verbs of AWS API actions
  'allow', 'assume', 'associate', 'attach', 'batch', 'cancel', 'create', 'decrypt', 'delete', 'deny', 'deregister',
  'describe', 'detach', 'disable', 'disassociate', 'download', 'enable', 'encrypt', 'export', 'grant', 'import',
  'invoke', 'lookup', 'modify', 'publish', 'query', 'reboot', 'receive', 'register', 'reject', 'remove', 'replicate',
  'reset', 'restore', 'retry', 'revoke', 'start', 'subscribe', 'terminate', 'unsubscribe', 'untag', 'update', 'upload',
  'write', 'accept', 'search', 'resume', 'restart', 'rotate', 'replace', 'release', 'request', 'retrieve', 'return',
  // real words next to exam answers
  'subset', 'subnet', 'police', 'policy', 'principle', 'principal', 'principles', 'principals', 'assure', 'massage',
  'message', 'provisional', 'provisioned', 'intranet', 'internet', 'internal', 'external', 'ingress', 'egress',
  'inbound', 'outbound', 'public', 'private', 'primary', 'replica', 'stateful', 'stateless', 'minimum', 'maximum',
  'horizontal', 'vertical', 'regional', 'global', 'synchronous', 'asynchronous', 'standard', 'reserved', 'dedicated',
  // numbers in words are never typos, as numbers in digits are not (eighty vs eighth)
  'three', 'seven', 'eight', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
  'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand',
  'million', 'billion', 'third', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
  'twentieth', 'hundredth', 'thousandth', 'millionth', 'billionth',
]);

export interface DistanceMeter {
  /** Table cells computed so far: lets tests check that no distance was computed at all. */
  cells: number;
}

/**
 * Damerau (optimal string alignment) distance over code points, computed only within `max` of the
 * diagonal: returns max + 1 as soon as the distance must exceed `max`. Cost O(length * max).
 */
export function boundedDistance(x: readonly string[], y: readonly string[], max: number, meter?: DistanceMeter): number {
  if (Math.abs(x.length - y.length) > max) return max + 1;
  if (x.length === 0 || y.length === 0) return Math.max(x.length, y.length);
  const FAR = max + 1;
  const band = Number.isFinite(max) ? max : Math.max(x.length, y.length);
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: y.length + 1 }, (_, j) => (j <= band ? j : FAR));
  for (let i = 1; i <= x.length; i++) {
    const cur: number[] = new Array<number>(y.length + 1).fill(FAR);
    if (i <= band) cur[0] = i;
    const from = Math.max(1, i - band);
    const to = Math.min(y.length, i + band);
    let rowMin = cur[0]!;
    for (let j = from; j <= to; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (meter) meter.cells += to - from + 1;
    if (rowMin > max) return FAR;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[y.length]!, FAR);
}

/** Full Damerau (optimal string alignment) distance: a swapped pair costs one edit. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(Array.from(a), Array.from(b), Infinity);
}

/** How far a wrong answer may be from the accepted one and still be shown as a near miss (a diff). */
export function typoThreshold(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  if (length <= 12) return 2;
  return Math.max(2, Math.round(length * 0.15));
}

/** Typo tolerance applies to accepted answers up to this many letters; longer ones must match exactly
 *  (a typed answer that long is a sentence, and the word alignment below would cost more than it helps). */
const MAX_TOLERANT = 200;
/** Near misses (and their diff) only for answers this short: past it a diff is no help to a reader. */
const MAX_NEAR = 500;

interface Word {
  chars: string[];
  limit: number;
}

/** A typed piece may stand for an accepted long word: same first letter, no digits, not another known word, few edits. */
function forgivable(piece: string[], word: Word, meter: DistanceMeter | undefined): boolean {
  if (piece[0] !== word.chars[0]) return false;
  const text = piece.join('');
  if (KNOWN_WORDS.has(text) || /\p{N}/u.test(text)) return false;
  return boundedDistance(piece, word.chars, word.limit, meter) <= word.limit;
}

/**
 * True when the typed letters (spaces removed) split into one piece per accepted word, each piece
 * equal to its word or a forgivable typo of it. The student's own spacing is ignored, as it is
 * for an exact match: "putobject" and "Put Object" both answer "PutObject".
 */
function typoMatch(typed: string[], words: Word[], meter: DistanceMeter | undefined): boolean {
  let reach = new Set<number>([0]);
  for (const word of words) {
    const next = new Set<number>();
    const n = word.chars.length;
    for (const at of reach) {
      for (let len = Math.max(1, n - word.limit); len <= n + word.limit && at + len <= typed.length; len++) {
        const piece = typed.slice(at, at + len);
        if (len === n && piece.every((ch, i) => ch === word.chars[i])) next.add(at + len);
        else if (word.limit > 0 && forgivable(piece, word, meter)) next.add(at + len);
      }
    }
    if (next.size === 0) return false;
    reach = next;
  }
  return reach.has(typed.length);
}

export interface TypedMatch {
  /** Right: equal after normalisation, or a forgiven typo. */
  correct: boolean;
  /** Equal after normalisation (no typo forgiven). */
  exact: boolean;
  /** Right only because a typo was forgiven: show the diff, rate Hard. */
  typo: boolean;
  /** Wrong, but close: worth showing a diff. */
  near: boolean;
  /** The accepted answer that matched, or the closest one. */
  best: string;
}

export interface MatchOptions {
  /** false: no typo is forgiven (the card's or deck's `typos: false`). Default true. */
  typos?: boolean;
  meter?: DistanceMeter;
}

type Candidate = { answer: string; rank: number; distance: number };

/** One accepted answer against the compacted typed text (normalised, no spaces). `digits`: the typed
 *  text as numberText() reads it, for the check that it gives this answer's numbers. */
function compare(given: string, typed: string, digits: string, answer: string, opts: MatchOptions): Candidate {
  const spaced = normalizeText(answer);
  let expected = spaced.replace(/ /g, '');
  let mine = typed;
  // An answer made only of punctuation ("...", "?") would normalise to nothing: compare it raw.
  if (expected === '') {
    expected = answer.trim();
    mine = given.trim();
    return { answer, rank: mine !== '' && mine === expected ? 3 : 0, distance: Infinity };
  }
  if (mine === '') return { answer, rank: 0, distance: Infinity };
  // Compacting drops what separates numbers: "35" and "3.5" compact alike but are not the same
  // answer. Other numbers are at best a near miss, shown with the diff.
  const numbersFit = sameNumbers(digits, numberText(answer));
  if (mine === expected) return numbersFit ? { answer, rank: 3, distance: 0 } : { answer, rank: 1, distance: 1 };
  // Cheap bounds first, on UTF-16 lengths (at most twice the code points): a typed answer far
  // longer or shorter than this one is wrong, and no distance is computed for it.
  const slack = Math.max(1, 2 * typoThreshold(spaced.length), 4);
  if (mine.length > 2 * (expected.length + slack) || expected.length > 2 * (mine.length + slack)) return { answer, rank: 0, distance: Infinity };
  const x = Array.from(mine);
  const y = Array.from(expected);
  if (numbersFit && opts.typos !== false && y.length <= MAX_TOLERANT) {
    const words = answerWords(answer).map((w) => ({ chars: Array.from(w), limit: wordTypoLimit(w) }));
    const total = words.reduce((sum, w) => sum + w.limit, 0);
    if (total > 0 && Math.abs(x.length - y.length) <= total && typoMatch(x, words, opts.meter)) return { answer, rank: 2, distance: 0 };
  }
  if (x.length > MAX_NEAR || y.length > MAX_NEAR) return { answer, rank: 0, distance: Infinity };
  const nearLimit = Math.max(1, 2 * typoThreshold(Array.from(spaced).length));
  const distance = boundedDistance(x, y, nearLimit, opts.meter);
  return { answer, rank: distance <= nearLimit ? 1 : 0, distance };
}

/**
 * An answer this much longer than every accepted form is wrong as typed, before any work: no honest
 * answer pads itself fourfold, and a megabyte pasted into a prompt must not cost seconds to normalise.
 */
function farTooLong(given: string, accepted: string[]): boolean {
  const longest = accepted.reduce((max, a) => Math.max(max, a.length), 0);
  return given.length > 4 * longest + 64;
}

export function matchTyped(given: string, accepted: string[], opts: MatchOptions = {}): TypedMatch {
  if (farTooLong(given, accepted)) return { correct: false, exact: false, typo: false, near: false, best: accepted[0] ?? '' };
  const typed = normalizeText(given).replace(/ /g, '');
  const digits = numberText(given);
  let best: Candidate | undefined;
  for (const answer of accepted) {
    const c = compare(given, typed, digits, answer, opts);
    if (best === undefined || c.rank > best.rank || (c.rank === best.rank && c.distance < best.distance)) best = c;
    if (c.rank === 3) break; // nothing ranks above an exact match, and ties keep the first
  }
  if (best === undefined) return { correct: false, exact: false, typo: false, near: false, best: accepted[0] ?? '' };
  return { correct: best.rank >= 2, exact: best.rank === 3, typo: best.rank === 2, near: best.rank === 1, best: best.answer };
}

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

/**
 * Character diff of what was typed against what was expected, compared case-insensitively.
 * `same` carries the expected spelling, `add` what the student left out (expected only), `del` what
 * the student typed that is not in the answer. same+add spells `expected`.
 */
export function diffText(given: string, expected: string): DiffOp[] {
  const g = Array.from(given);
  const e = Array.from(expected);
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], ch: string): void => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += ch;
    else if (ch !== '') ops.push({ op, text: ch });
  };
  // Quadratic LCS table; beyond that size a diff is no help to a reader anyway.
  if (g.length * e.length > 250_000) {
    push('del', given);
    push('add', expected);
    return ops;
  }
  const eq = (i: number, j: number): boolean => g[i]!.toLowerCase() === e[j]!.toLowerCase();
  const n = g.length;
  const m = e.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = eq(i, j) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(i, j)) {
      push('same', e[j]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      push('del', g[i++]!);
    } else {
      push('add', e[j++]!);
    }
  }
  while (i < n) push('del', g[i++]!);
  while (j < m) push('add', e[j++]!);
  return ops;
}
