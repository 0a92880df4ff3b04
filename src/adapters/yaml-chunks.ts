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
  // Lines are walked by offset (`at`: where a line starts; past the text once it is > src.length),
  // and sliced out only when a test needs their text: most of a big deck's 180,000 lines never are.
  // Neither a string per line (split('\n'), ~15% of a re-lint's garbage) nor an array of every
  // line's offset (~2 MB grown in steps for the bench deck) is made.
  const next = (at: number) => {
    const nl = src.indexOf('\n', at);
    return nl < 0 ? src.length + 1 : nl + 1;
  };
  const line = (at: number) => src.slice(at, next(at) - 1);
  // The one `cards:` line, found by searching for it rather than testing every line's start.
  let cardsAt = -1;
  let twice = false;
  const candidate = (at: number) => {
    if (!/^cards:[ \t]*(#.*)?\r?$/.test(line(at))) return;
    twice ||= cardsAt >= 0;
    cardsAt = at;
  };
  if (src.startsWith('cards:')) candidate(0);
  for (let nl = src.indexOf('\ncards:'); nl !== -1; nl = src.indexOf('\ncards:', nl + 1)) candidate(nl + 1);
  if (cardsAt < 0 || twice) return undefined;
  let lineNo = 0; // of the line at `at` below, 0-based
  for (let nl = src.indexOf('\n'); nl !== -1 && nl < cardsAt; nl = src.indexOf('\n', nl + 1)) lineNo++;

  let at = next(cardsAt);
  lineNo++;
  while (at <= src.length && blankOrComment(line(at))) {
    at = next(at);
    lineNo++;
  }
  const dash = /^( *)-( |\r?$)/.exec(at <= src.length ? line(at) : '');
  if (!dash) return undefined;
  const indent = dash[1]!.length;
  const itemStart = new RegExp(`^ {${indent}}-( |\\r?$)`);

  // Where each item starts, and its 0-based line.
  const starts: number[] = [];
  const startLines: number[] = [];
  let endAt = -1; // where the next top-level key starts, if anything follows the list
  // Most lines of a deck are an item's own lines, indented past the dashes: tell them apart first.
  const pad = ' '.repeat(indent + 1);
  for (; at <= src.length; at = next(at), lineNo++) {
    if (src.startsWith(pad, at)) continue; // spaces only: never past the line break
    const text = line(at);
    if (itemStart.test(text)) {
      starts.push(at);
      startLines.push(lineNo);
    } else if (!blankOrComment(text) && !(text.length > indent && text.slice(0, indent + 1).trim() === '')) {
      endAt = at;
      break;
    }
  }
  // What follows the list must be the next top-level key.
  if (endAt >= 0 && !/^[^\s#-]/.test(line(endAt))) return undefined;
  const listEnd = endAt >= 0 ? endAt : src.length;

  // A group keeps the line break after its last line: a block scalar (`|`) ending there keeps it.
  const groups: CardGroup[] = [];
  for (let k = 0; k < starts.length; ) {
    let k2 = k + 1;
    while (k2 < starts.length && starts[k2]! - starts[k]! < groupChars) k2++;
    groups.push({ text: src.slice(starts[k], k2 < starts.length ? starts[k2] : listEnd), line: startLines[k]! + 1, offset: starts[k]!, items: k2 - k });
    k = k2;
  }
  const s0 = startLines[0]!;
  const header = src.slice(0, starts[0]) + (endAt >= 0 ? src.slice(endAt) : '');
  // lineNo: the line the list ended at (the next key), or the line count when it ran to the end.
  return { header, headerGap: lineNo - s0, groups, seqLine: s0 + 1, seqCol: indent + 1 };
}
