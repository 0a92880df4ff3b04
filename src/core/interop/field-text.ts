// Anki field HTML to the plain text recall decks hold. Pure. Media is not carried over: its
// references are collected so the import summary can list them as skipped.

export interface FieldText {
  text: string;
  media: string[];
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®',
  trade: '™', deg: '°', times: '×', divide: '÷', middot: '·', bull: '•', euro: '€', pound: '£',
  yen: '¥', cent: '¢', sect: '§', para: '¶', plusmn: '±', larr: '←', rarr: '→', uarr: '↑',
  darr: '↓', harr: '↔', rArr: '⇒', lArr: '⇐', hArr: '⇔', le: '≤', ge: '≥', ne: '≠', asymp: '≈',
  infin: '∞', micro: 'µ', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', pi: 'π', sigma: 'σ',
  lambda: 'λ', mu: 'μ', theta: 'θ', omega: 'ω', shy: '', zwj: '\u200D', zwnj: '\u200C', thinsp: ' ',
  ensp: ' ', emsp: ' ',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[name] ?? NAMED[name.toLowerCase()] ?? whole;
  });
}

const SOUND = /\[sound:([^\]]*)\]/g;
const MEDIA_TAG = /<(?:img|audio|video|source)\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;
// C0 controls other than tab and line feed, DEL and C1: never useful in a card, and a deck with them
// only lints with warnings.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
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
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, '').replace(/^[ \t]+/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text: t, media };
}
