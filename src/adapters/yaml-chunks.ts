// Splits a deck's text into its header and groups of cards, by lines, so a big deck can be parsed a
// few cards at a time (see parseDeckInChunks in yaml-deck.ts). This only finds where the pieces would
// be; whether they really parse as they would in one piece is checked by parsing them: anything
// unusual (aliases, directives, a second document, odd indentation) makes the caller parse the whole.
//
// The layout it splits is the one every deck written by hand or by `recall deck new` has:
//
//   id: ...            <- header: every line outside the cards list, with the list's lines left blank
//   cards:                (so line numbers stay the same)
//     - id: a          <- an item starts with "- " at the list's indent
//       prompt: ...    <- its lines are indented deeper (or are blank, or comments)
//     - id: b
//   tags: ...          <- the list ends at the next top-level key

export interface CardGroup {
  /** Consecutive items of the cards list, as written (a YAML list on its own). */
  text: string;
  /** 1-based line of the whole file where `text` starts. */
  line: number;
  /** Where `text` starts in the whole file's text. */
  offset: number;
  /** How many items `text` holds. */
  items: number;
}

export interface CardSplit {
  /** The whole text without the lines of the cards list: `cards:` reads as empty. Its lines after
   *  line `seqLine - 1` sit `headerGap` lines further down in the file. (Left out rather than
   *  blanked: yaml takes ~1 s to read 180,000 blank lines.) */
  header: string;
  headerGap: number;
  groups: CardGroup[];
  /** Where the list itself starts (its first dash), 1-based. */
  seqLine: number;
  seqCol: number;
}

/** About this much text per group: small enough that parsing it needs little memory, big enough
 *  that the parser's per-document overhead does not show. */
const GROUP_CHARS = 4 * 1024;

const blankOrComment = (line: string) => /^[ \t]*(#.*)?\r?$/.test(line);

/** `groupChars`: roughly how much text per group (tests pass 1: one card per group). */
export function splitCards(src: string, groupChars = GROUP_CHARS): CardSplit | undefined {
  // Directives (%TAG) change how every piece reads.
  if (src.startsWith('%') || src.includes('\n%')) return undefined;
  // offsets[i]: where line i starts; offsets[lineCount] is one past the end. Lines are sliced out
  // only when a test needs their text: most of a big deck's 180,000 lines never are (a split('\n')
  // made a string of each, ~15% of the garbage of a re-lint).
  const offsets = [0];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) offsets.push(i + 1);
  const lineCount = offsets.length;
  offsets.push(src.length + 1);
  const line = (i: number) => src.slice(offsets[i], offsets[i + 1]! - 1);
  let cardsAt = -1;
  for (let i = 0; i < lineCount; i++) {
    if (!src.startsWith('cards:', offsets[i]) || !/^cards:[ \t]*(#.*)?\r?$/.test(line(i))) continue;
    if (cardsAt >= 0) return undefined;
    cardsAt = i;
  }
  if (cardsAt < 0) return undefined;

  let first = cardsAt + 1;
  while (first < lineCount && blankOrComment(line(first))) first++;
  const dash = /^( *)-( |\r?$)/.exec(first < lineCount ? line(first) : '');
  if (!dash) return undefined;
  const indent = dash[1]!.length;
  const itemStart = new RegExp(`^ {${indent}}-( |\\r?$)`);

  const starts: number[] = [];
  let end = lineCount;
  // Most lines of a deck are an item's own lines, indented past the dashes: tell them apart first.
  const pad = ' '.repeat(indent + 1);
  for (let i = first; i < lineCount; i++) {
    if (src.startsWith(pad, offsets[i])) continue; // spaces only: never past the line break
    const text = line(i);
    if (itemStart.test(text)) starts.push(i);
    else if (!blankOrComment(text) && !(text.length > indent && text.slice(0, indent + 1).trim() === '')) {
      end = i;
      break;
    }
  }
  // What follows the list must be the next top-level key.
  if (end < lineCount && !/^[^\s#-]/.test(line(end))) return undefined;

  // A group keeps the line break after its last line: a block scalar (`|`) ending there keeps it.
  const textOf = (from: number, to: number) => src.slice(offsets[from], Math.min(offsets[to]!, src.length));

  const groups: CardGroup[] = [];
  for (let k = 0; k < starts.length; ) {
    let k2 = k + 1;
    while (k2 < starts.length && offsets[starts[k2]!]! - offsets[starts[k]!]! < groupChars) k2++;
    groups.push({ text: textOf(starts[k]!, k2 < starts.length ? starts[k2]! : end), line: starts[k]! + 1, offset: offsets[starts[k]!]!, items: k2 - k });
    k = k2;
  }
  const s0 = starts[0]!;
  const header = src.slice(0, offsets[s0]) + (end < lineCount ? src.slice(offsets[end]) : '');
  return { header, headerGap: end - s0, groups, seqLine: s0 + 1, seqCol: indent + 1 };
}
