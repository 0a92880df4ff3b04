// Anki field HTML to the plain text recall decks hold. Pure. Media is not carried over: its
// references are collected so the import summary can list them as skipped.
import { decodeHTML, DecodingMode } from 'entities/decode';

export interface FieldText {
  text: string;
  media: string[];
}

/**
 * HTML entities as a browser decodes them in text, which is how Anki shows a field: all 2,231 named
 * references of HTML5 (`&vert;`, `&rarr;`, `&NotEqualTilde;`), the legacy ones a browser also reads
 * without a semicolon (`&copy 2024`), and numeric ones with the spec's repairs (`&#128;` is €,
 * `&#0;` U+FFFD). A hand-kept table of common names let the rest through as text: `&vert;` was
 * imported as written, and a card read "a &vert; b" for "a | b". `entities` (fb55) is the
 * decoder htmlparser2 and parse5 use.
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTML(text, DecodingMode.Legacy) : text;
}

const SOUND = /\[sound:([^\]]*)\]/g;
// [^<>] before src: an attempt stops at the next tag (with [^>] each of 40,000 `<img ` without a
// src scanned on to one far `>`, quadratic). An attribute holding `<` before src is not a tag here.
const MEDIA_TAG = /<(?:img|audio|video|source)\b[^<>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;
// C0 controls other than tab and line feed, DEL, C1, and the bidi embeddings, overrides and isolates
// (the set sanitize.ts neutralises: `&#x202E;` turns the rest of a line around on screen): never
// useful in a card, and a deck with them only lints with warnings and shows them as \u{202E}.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Text from an import (a field, an Anki deck name, a file name) without the characters above. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '');
}
const TAG_LIKE = /<\/?[a-z][a-z0-9]*\b[^>]*>/i;
const ENTITY_LIKE = /&(?:#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/i;
const BLOCK_TAG = /<\/?(?:div|p|li|ul|ol|tr|h[1-6]|blockquote|pre|table)\b[^>]*>/gi;

// Field text is untrusted, and a regular expression that scans to the end of the text from each of
// many starts is quadratic: a field of 200,000 `<` took 18 s to import. Each pattern here is applied
// so that an attempt ends at the next delimiter: a pattern that ends in `>` (or `]`) only to the text
// up to the last one (nothing after it can match), the spans (comments, script) by indexOf.

/** `replace` applied to `text` up to its last `end`, where every match of a pattern ending in `end` lies. */
function upToLast(text: string, end: string, replace: (head: string) => string): string {
  const k = text.lastIndexOf(end);
  return k < 0 ? text : replace(text.slice(0, k + 1)) + text.slice(k + 1);
}

/** `text` without the spans from each `open` to the first `close` after it (a lazy /open[\s\S]*?close/g). */
function withoutSpans(text: string, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const start = text.indexOf(open, at);
    const end = start < 0 ? -1 : text.indexOf(close, start + open.length);
    // No close after this open: none after any later open either.
    if (end < 0) return out + text.slice(at);
    out += text.slice(at, start);
    at = end + close.length;
  }
}

/** Without `<script ...>...</script>` and `<style>` elements (/<(script|style)\b[\s\S]*?<\/\1\s*>/gi). */
function withoutScripts(text: string): string {
  const OPEN = /<(script|style)\b/gi;
  const dead = new Set<string>();
  let out = '';
  let at = 0;
  for (OPEN.lastIndex = 0; ; ) {
    const m = OPEN.exec(text);
    if (m === null) return out + text.slice(at);
    const name = m[1]!.toLowerCase();
    if (dead.has(name)) continue;
    const CLOSE = new RegExp(`<\\/${name}\\s*>`, 'gi');
    CLOSE.lastIndex = m.index + m[0].length;
    const close = CLOSE.exec(text);
    if (close === null) {
      dead.add(name); // no close after this open: none after a later one either
      OPEN.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(at, m.index);
    at = OPEN.lastIndex = close.index + close[0].length;
  }
}

/** Without every `<...>` (/<[^>]*>/g): a `<` with no `>` after it ends the search. */
function withoutTags(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lt = text.indexOf('<', at);
    const gt = lt < 0 ? -1 : text.indexOf('>', lt + 1);
    if (gt < 0) return out + text.slice(at);
    out += text.slice(at, lt);
    at = gt + 1;
  }
}

/** Spaces and tabs off both ends (/^[ \t]+/ and /[ \t]+$/, which retries from every space of a long run). */
function trimSpaceTab(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && (line[a] === ' ' || line[a] === '\t')) a++;
  while (b > a && (line[b - 1] === ' ' || line[b - 1] === '\t')) b--;
  return line.slice(a, b);
}

const looksHtml = (t: string): boolean => ENTITY_LIKE.test(t) || TAG_LIKE.test(t.slice(0, t.lastIndexOf('>') + 1));

/**
 * Field text as plain text. `html`: true converts HTML, false keeps the text as written,
 * undefined converts only when the field looks like HTML (a plain CSV may hold `a < b`).
 */
export function fieldToText(field: string, html: boolean | undefined): FieldText {
  const media: string[] = [];
  let t = upToLast(field, ']', (head) =>
    head.replace(SOUND, (_, name: string) => {
      media.push(name);
      return '';
    }),
  );
  if (html ?? looksHtml(t)) {
    t = upToLast(t, '>', (head) =>
      head.replace(MEDIA_TAG, (_, a?: string, b?: string, c?: string) => {
        media.push(decodeEntities(a ?? b ?? c ?? ''));
        return '';
      }),
    );
    // Line breaks in the HTML source are not line breaks on the card.
    t = withoutSpans(withoutScripts(t.replace(/\r?\n/g, ' ')), '<!--', '-->');
    t = upToLast(t, '>', (head) => head.replace(/<br\s*\/?>/gi, '\n').replace(BLOCK_TAG, '\n'));
    t = decodeEntities(withoutTags(t));
  }
  t = t
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    // A soft hyphen (&shy;) only marks where a browser may break a word: kept, it would be an
    // invisible character inside an answer that no student types.
    .replace(/\u00ad/g, '')
    .split('\n')
    .map(trimSpaceTab)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: t, media };
}
