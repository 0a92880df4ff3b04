// recall cards to Anki notes: the fields Anki shows, by note type. Pure. Used by `deck export`.
import type { Card, Deck } from '../model.js';
import { fnv1a64 } from '../hash.js';

export type NoteType = 'Basic' | 'Basic (type in the answer)' | 'Cloze';

export interface AnkiNote {
  guid: string;
  notetype: NoteType;
  deck: string;
  /** Plain text (not HTML). Front/Back, Text/Back Extra for Cloze, and Front/Back/Back Extra for
   *  typed notes when the format has that field (`typedExtra`). */
  fields: string[];
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

/**
 * A recall tag as Anki stores it. Anki splits tags on spaces (and U+3000), drops control
 * characters and `"`, and names an empty `::` level "blank" (rslib tags: normalize_tag_name): spaces
 * inside a tag become `_` so the tag stays one tag, and the rest is done here so what the export
 * writes is what Anki keeps.
 */
export function ankiTag(tag: string): string {
  return tag
    .normalize('NFC')
    .split('::')
    .map((level) => level.replace(/[\u0000-\u001F\u007F"]/g, '').trim().replace(/[\s\u3000]+/g, '_') || 'blank')
    .join('::');
}

/** Anki tags of a card: normalised, each once (Anki compares tags without case). */
function ankiTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const a = ankiTag(t);
    if (seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    out.push(a);
  }
  return out;
}

/**
 * The Anki deck name of each recall deck: its title (Anki reads `::` as a subdeck, so it becomes
 * `:`), made unique without regard to case as Anki's deck names are, and never "Default" (Anki's
 * own deck 1) so an import does not pour the cards into the user's default deck.
 */
export function ankiDeckNames(decks: readonly Pick<Deck, 'id' | 'title'>[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>(['default']);
  for (const d of decks) {
    const base = d.title.replace(/[\u0000-\u001F\u007F]/g, '').replace(/::/g, ':').trim() || d.id;
    let name = used.has(base.toLowerCase()) ? `${base} (${d.id})` : base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base} (${d.id} ${i})`;
    used.add(name.toLowerCase());
    names.set(d.id, name);
  }
  return names;
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

/**
 * A colon inside a cloze deletion that Anki must not pair with the next one: Anki reads the first
 * "::" in `{{c1::...}}` as the start of the hint, so `{{arn:aws:iam::123:role/R}}` would show the
 * answer "arn:aws:iam" with the hint "123:role/R", a wrong fact. Each format writes this mark its
 * own way (apkg as the entity `&#58;`, Anki text as a zero-width space before the colon), and
 * import reads both back as a colon.
 */
export const LONE_COLON = '\uE000';

/** recall `{{a|b}}` blanks to Anki `{{c1::a|b}}`: all in c1, so Anki asks them on one card as recall does. */
export function recallClozeToAnki(text: string, hint: string | undefined): string {
  let first = true;
  const guard = (t: string) => t.replace(/::/g, `:${LONE_COLON}`);
  return text.replace(/\{\{([^{}]*)\}\}/g, (_, body: string) => {
    const h = first && hint ? `::${guard(hint.replace(/\}\}/g, '} }'))}` : '';
    first = false;
    return `{{c1::${guard(body)}${h}}}`;
  });
}

export interface NoteOptions {
  /** The Anki deck name (default: from the title, see ankiDeckNames). */
  deckName?: string;
  /** The typed note type has a third field, Back Extra, for the explanation (packages do). */
  typedExtra?: boolean;
}

export function deckToNotes(deck: Deck, opts: NoteOptions = {}): ExportResult {
  const notes: AnkiNote[] = [];
  const lost = new Map<string, number>();
  const lose = (what: string) => lost.set(what, (lost.get(what) ?? 0) + 1);
  const deckName = opts.deckName ?? ankiDeckNames([deck]).get(deck.id)!;
  for (const card of deck.cards) {
    const base = { guid: recallGuid(deck.id, card.id), deck: deckName, tags: ankiTags(card.tags) };
    let notetype: NoteType = 'Basic';
    let fields: string[];
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
        if (card.hint) lose('hints of basic and typed cards');
        if (opts.typedExtra) fields = [card.prompt, card.answer, card.explain ?? ''];
        else {
          if (card.explain) lose('explanations of typed cards (Anki compares the typed answer with the whole Back field)');
          fields = [card.prompt, card.answer];
        }
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
