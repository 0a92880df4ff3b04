// Deck text is untrusted: a card could carry terminal escape sequences that recolour, move the
// cursor, retitle the window or hide text. Everything that prints deck text passes it through
// neutralize(), which keeps the text readable but inert.

// C0 controls except \t and \n, DEL, C1 controls, and the bidi overrides/isolates that can make
// text display differently from what it says ("trojan source").
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Makes deck text safe to print: ESC becomes `\e`, other controls `\xNN` (or `\u{NNNN}`). */
export function neutralize(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x1b) return '\\e';
    if (code <= 0xff) return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    return `\\u{${code.toString(16).toUpperCase()}}`;
  });
}

/** True when the text holds a character neutralize() would rewrite. */
export function hasControlChars(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

/**
 * The same characters as neutralize(), for JSON text: written as `\uXXXX` escapes, so a JSON
 * reader gets exactly the original string while the bytes on a terminal stay inert.
 * JSON.stringify escapes only U+0000-U+001F; DEL, C1 controls and bidi controls pass through raw.
 * Use it on JSON output as a whole: every unsafe character there sits inside a string.
 */
export function neutralizeJson(json: string): string {
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Output-boundary form: JSON stays valid JSON; any other text is neutralised for display. */
export function neutralizeOutput(text: string, format: 'json' | 'text'): string {
  return format === 'json' ? neutralizeJson(text) : neutralize(text);
}
