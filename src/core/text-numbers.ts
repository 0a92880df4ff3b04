// The numbers of a typed answer, for grading. Normalisation folds punctuation and drops spaces, which
// is right for words ("Put Object" is "PutObject") but joins numbers: "3.5" became "35", the IP
// 192.168.1.10 became 192.168.11.0 and the CIDR 10.0.0.0/16 became 100.0.0/16, all graded right.
// A typed answer must also give the same numbers, in the same order, as the accepted one.
// Pure: used by text-match.ts, on texts prepared once each by numberText().

/**
 * A number: a minus sign when one stands before it on its own ("-1", not the hyphen of us-east-1
 * or of a range 5-10), then digits. Any dash (\p{Pd}) or U+2212 is a sign there: grading folds
 * every dash alike, and typeset text writes minus 40 with an en dash ('\u201340'), which must be
 * the -40 a student types and not 40. Separators between digits end the number, except a thousands
 * separator (see THOUSANDS).
 */
const NUMBER = /(?<![\p{L}\p{N}])[\p{Pd}\u2212](?=\p{Nd})|\p{Nd}+/gu;

/** A comma, space or apostrophe between a digit and a group of exactly three digits: 1,000 or 10 000. */
const THOUSANDS = /(?<=\p{Nd})[,'\u2019\s](?=\p{Nd}{3}(?!\p{Nd}))/gu;

/** Superscript and subscript digits and signs. NFKC makes them plain, so 2\u00B3\u00B2 (2 to the
 *  32nd) read as 232 and 10\u00B2 as 102: a run of them is an exponent (or index), a number of its own. */
const RAISED = /[\u00B2\u00B3\u00B9\u2070-\u207B\u2080-\u208B]+/g;

/** Vulgar fraction characters (U+00BC-00BE, U+2150-215F, U+2189). NFKC writes one as digits with a
 *  fraction slash, joined to the whole number before it: 1\u00BD became 11/2, so '11/2 hours' was
 *  graded right for one and a half and '1 1/2 hours' wrong. Each starts a number of its own. */
const FRACTION = /[\u00BC-\u00BE\u2150-\u215F\u2189]/g;

/** A text as its numbers are read: raised digits apart, compatibility forms plain (full-width
 *  digits, the fraction 1/2), invisible format characters gone. */
export function numberText(text: string): string {
  return text.replace(RAISED, ' ^$& ').replace(FRACTION, ' $&').normalize('NFKC').replace(/\p{Cf}/gu, '');
}

/** The numbers in order, each sign kept with its digits: "-1 to 10.5" -> ["-1", "10", "5"]. */
function numbersOf(text: string): string[] {
  const out: string[] = [];
  let sign = false;
  for (const m of text.matchAll(NUMBER)) {
    if (!/\p{Nd}/u.test(m[0])) {
      sign = true;
      continue;
    }
    out.push(sign ? `-${m[0]}` : m[0]);
    sign = false;
  }
  return out;
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * True when the typed text gives the accepted text's numbers (both prepared by numberText). A
 * thousands separator may be typed or left out on either side (1,000 = 1000), but only where both
 * can be read that way: a comma or space before three digits may also separate two numbers
 * ("80, 443"), so each side is read both ways and either reading may match. A decimal point always
 * separates: 3.5 is not 35.
 */
export function sameNumbers(typed: string, accepted: string): boolean {
  if (!/\p{Nd}/u.test(typed) && !/\p{Nd}/u.test(accepted)) return true;
  if (same(numbersOf(typed), numbersOf(accepted))) return true;
  return same(numbersOf(typed.replace(THOUSANDS, '')), numbersOf(accepted.replace(THOUSANDS, '')));
}
