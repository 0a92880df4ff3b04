// Notes as Anki text: the headers Anki's importer reads (File > Import), then one tab-separated row
// per note. Pure.
import { formatField } from './csv.js';
import { LONE_COLON, type AnkiNote } from './from-deck.js';

export function notesToAnkiText(notes: readonly AnkiNote[]): string {
  const sep = '\t';
  const lines = [
    '#separator:tab',
    // Plain text: Anki escapes it and keeps line breaks, so `<b>` in a card stays literally `<b>`.
    '#html:false',
    '#guid column:1',
    '#notetype column:2',
    '#deck column:3',
    '#tags column:6',
    '#columns:GUID\tNotetype\tDeck\tFront\tBack\tTags',
  ];
  // Plain text has no entity for a colon Anki must not pair: a zero-width space goes before it.
  const colon = (f: string) => f.replaceAll(LONE_COLON, '\u200B:');
  for (const n of notes) lines.push([n.guid, n.notetype, n.deck, colon(n.fields[0] ?? ''), colon(n.fields[1] ?? ''), n.tags.join(' ')].map((f) => formatField(f, sep)).join(sep));
  return `${lines.join('\n')}\n`;
}
