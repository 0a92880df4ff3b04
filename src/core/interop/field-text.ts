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
const MEDIA_TAG = /<(?:img|audio|video|source)\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;
// C0 controls other than tab and line feed, DEL, C1, and the bidi embeddings, overrides and isolates
// (the set sanitize.ts neutralises: `&#x202E;` turns the rest of a line around on screen): never
// useful in a card, and a deck with them only lints with warnings and shows them as \u{202E}.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Text from an import (a field, an Anki deck name, a file name) without the characters above. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '');
}
const LOOKS_HTML = /<\/?[a-z][a-z0-9]*\b[^>]*>|&(?:#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/i;

/**
 * Field text as plain text. `html`: true converts HTML, false keeps the text as written,
 * undefined converts only when the field looks like HTML (a plain CSV may hold `a < b`).
 */
export function fieldToText(field: string, html: boolean | undefined): FieldText {
  const media: string[] = [];
  let t = field.replace(SOUND, (_, name: string) => {
    media.push(name);
    return '';
  });
  if (html ?? LOOKS_HTML.test(t)) {
    t = t
      .replace(MEDIA_TAG, (_, a?: string, b?: string, c?: string) => {
        media.push(decodeEntities(a ?? b ?? c ?? ''));
        return '';
      })
      // Line breaks in the HTML source are not line breaks on the card.
      .replace(/\r?\n/g, ' ')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?(?:div|p|li|ul|ol|tr|h[1-6]|blockquote|pre|table)\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, '');
    t = decodeEntities(t);
  }
  t = t
    .replace(CONTROL, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    // A soft hyphen (&shy;) only marks where a browser may break a word: kept, it would be an
    // invisible character inside an answer that no student types.
    .replace(/\u00ad/g, '')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, '').replace(/^[ \t]+/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: t, media };
}
