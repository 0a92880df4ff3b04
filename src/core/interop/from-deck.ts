// recall cards to Anki notes: the fields Anki shows, by note type. Pure. Used by `deck export`.
import type { Card, Deck } from '../model.js';
import { fnv1a64 } from '../hash.js';

export type NoteType = 'Basic' | 'Basic (type in the answer)' | 'Cloze';

export interface AnkiNote {
  guid: string;
  notetype: NoteType;
  deck: string;
  /** Front/Back, or Text/Back Extra for Cloze. */
  fields: [string, string];
  tags: string[];
}

export interface ExportResult {
  notes: AnkiNote[];
  /** What Anki cannot hold, for the summary (counted per kind). */
  lost: string[];
}

const letter = (i: number) => String.fromCharCode(65 + i);

/** The guid of an exported card: recall's import reads its deck and card id back from it. */
export function recallGuid(deckId: string, cardId: string): string {
  return `recall:${deckId}/${cardId}`;
}

/** Anki tags cannot hold spaces. */
function ankiTag(tag: string): string {
  return tag.replace(/\s+/g, '_');
}

function withExplain(back: string, card: Card): string {
  // Import reads a trailing "Explain:" paragraph back into explain (see to-deck.ts).
  return card.explain ? `${back}\n\nExplain: ${card.explain}` : back;
}

/** Items shown in an order other than the written (correct) one, the same on every export. */
function scrambled(items: string[], seed: string): string[] {
  const keyed = items.map((text, i) => ({ text, i, k: fnv1a64(`${seed}\u0000${i}\u0000${text}`) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  if (keyed.every((x, i) => x.i === i)) keyed.push(keyed.shift()!);
  return keyed.map((x) => x.text);
}

/** recall `{{a|b}}` blanks to Anki `{{c1::a|b}}`: all in c1, so Anki asks them on one card as recall does. */
export function recallClozeToAnki(text: string, hint: string | undefined): string {
  let first = true;
  return text.replace(/\{\{([^{}]*)\}\}/g, (_, body: string) => {
    const h = first && hint ? `::${hint.replace(/\}\}/g, '} }')}` : '';
    first = false;
    return `{{c1::${body}${h}}}`;
  });
}

export function deckToNotes(deck: Deck): ExportResult {
  const notes: AnkiNote[] = [];
  const lost = new Map<string, number>();
  const lose = (what: string) => lost.set(what, (lost.get(what) ?? 0) + 1);
  const deckName = deck.title.replace(/::/g, ':').trim() || deck.id;
  for (const card of deck.cards) {
    const base = { guid: recallGuid(deck.id, card.id), deck: deckName, tags: card.tags.map(ankiTag) };
    let notetype: NoteType = 'Basic';
    let fields: [string, string];
    switch (card.type) {
      case 'basic':
        if (card.accept?.length) lose('accepted answers of auto-graded basic cards');
        if (card.hint) lose('hints of basic and typed cards');
        fields = [card.front, withExplain(card.back, card)];
        break;
      case 'typed':
        notetype = 'Basic (type in the answer)';
        // Anki compares the typed answer with the whole Back field: nothing else may go there.
        if (card.accept.length) lose('accepted alternatives of typed cards (Anki compares with the one answer)');
        if (card.explain) lose('explanations of typed cards (Anki compares the typed answer with the whole Back field)');
        if (card.hint) lose('hints of basic and typed cards');
        fields = [card.prompt, card.answer];
        break;
      case 'cloze':
        notetype = 'Cloze';
        fields = [recallClozeToAnki(card.text, card.hint), card.explain ?? ''];
        break;
      case 'choice':
      case 'multi': {
        const options = card.choices.map((c, i) => `${letter(i)}. ${c.text}`).join('\n');
        const right = card.choices.flatMap((c, i) => (c.correct ? [`${letter(i)}. ${c.text}`] : [])).join('\n');
        const whys = card.choices.flatMap((c, i) => (c.why ? [`${letter(i)}: ${c.why}`] : [])).join('\n');
        fields = [`${card.prompt}\n\n${options}`, withExplain(whys ? `${right}\n\n${whys}` : right, card)];
        break;
      }
      case 'truefalse':
        fields = [`${card.statement}\n\nTRUE or FALSE?`, withExplain(card.answer ? 'True' : 'False', card)];
        break;
      case 'order': {
        const shown = scrambled(card.items, card.id);
        fields = [`${card.prompt}\n\n${shown.map((t, i) => `${letter(i)}. ${t}`).join('\n')}`, withExplain(card.items.map((t, i) => `${i + 1}. ${t}`).join('\n'), card)];
        break;
      }
    }
    notes.push({ ...base, notetype, fields });
  }
  return { notes, lost: [...lost].map(([what, n]) => `${n} × ${what}`) };
}
