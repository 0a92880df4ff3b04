// Notes (from Anki text or, later, packages) to the cards of recall decks. Pure.
// Ids: a note guid gives `anki-<hash>` (recall's own exports carry `recall:<deck>/<card>` and get
// their id back), else a slug of the front plus its hash, so re-importing an updated export keeps
// every card's id and with it the student's progress.
import { fnv1a64 } from '../hash.js';
import { CARD_ID, KEBAB } from '../validate-fields.js';
import { MAX_CARD_TAGS, MAX_TAG_LENGTH } from '../validate.js';
import { fieldToText } from './field-text.js';

export interface Note {
  line?: number;
  fields: string[];
  tags: string[];
  guid?: string;
  notetype?: string;
  deck?: string;
}

export type CardType = 'basic' | 'typed';

/** A card as written to YAML, keys in the order they are written. */
export type OutCard = Record<string, unknown> & { id: string; type: string };

export interface Skipped {
  where: string;
  why: string;
}

export interface ConvertResult {
  /** Cards per Anki deck name ('' when the file names none), in file order. */
  decks: Map<string, OutCard[]>;
  skipped: Skipped[];
  /** Media files referenced by imported notes; not copied. */
  media: string[];
  notes: string[];
  /** Anki deck name to the recall deck id its notes' `recall:` guids all name (recall's own exports). */
  recallIds: Map<string, string>;
}

export interface ConvertOptions {
  html: boolean | undefined;
  /** --type: what plain two-field notes become (default basic). */
  type?: CardType;
}

const RECALL_GUID = /^recall:([a-z0-9]+(?:-[a-z0-9]+)*)\/([a-z0-9]+(?:[.-][a-z0-9]+)*)$/;
const CLOZE = /\{\{c(\d+)::([\s\S]*?)\}\}/g;
/** recall's exports put the explanation after the answer under this marker. */
const EXPLAIN_MARK = /\n\nExplain: ([\s\S]*)$/;

export function slug(text: string, max = 40): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '');
}

function cardIdFor(note: Note, front: string): string {
  if (note.guid) {
    const own = RECALL_GUID.exec(note.guid);
    if (own && CARD_ID.test(own[2]!)) return own[2]!;
    return `anki-${fnv1a64(note.guid).slice(0, 12)}`;
  }
  return `${slug(front, 32) || 'card'}-${fnv1a64(front).slice(0, 8)}`;
}

function kind(notetype: string | undefined): 'basic' | 'reversed' | 'optional-reversed' | 'typed' | 'cloze' | 'other' | undefined {
  if (notetype === undefined) return undefined;
  const n = notetype.toLowerCase();
  if (n.includes('cloze')) return 'cloze';
  if (n.includes('type in') || n.includes('typing') || n.includes('typed')) return 'typed';
  if (n.includes('optional reversed')) return 'optional-reversed';
  if (n.includes('reverse')) return 'reversed';
  if (n.startsWith('basic') || n === 'front/back') return 'basic';
  return 'other';
}

function cleanTags(tags: string[]): { tags: string[]; dropped: number } {
  const seen = new Set<string>();
  const out: string[] = [];
  let dropped = 0;
  for (const t of tags) {
    if (t.length > MAX_TAG_LENGTH || /[\u0000-\u001F\u007F-\u009F]/.test(t)) {
      dropped++;
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  if (out.length > MAX_CARD_TAGS) {
    dropped += out.length - MAX_CARD_TAGS;
    out.length = MAX_CARD_TAGS;
  }
  return { tags: out, dropped };
}

/**
 * `{{c1::text::hint}}` to recall blanks; undefined with a reason when it cannot be expressed.
 * `pipes`: what a `|` inside a deletion means. In a note recall exported it separates accepted
 * answers (recall's `{{a|b}}`), 'or'. In Anki it is text, 'text': `{{c1::ps aux | grep node}}`
 * imported as "or" made "ps aux" alone a right answer, and recall blanks have no literal `|`.
 */
export function clozeToRecall(text: string, pipes: 'or' | 'text' = 'or'): { text: string; hints: string[] } | { error: string } {
  const hints: string[] = [];
  let error: string | undefined;
  // CLOZE only to the last `}}`, after which nothing can match: from each of many `{{c1::` with no
  // `}}` after it, the lazy scan ran on to the end of the field (120,000 of them took 14 s).
  const last = text.lastIndexOf('}}');
  const head = last < 0 ? '' : text.slice(0, last + 2);
  const out = head.replace(CLOZE, (_, _n: string, body: string) => {
    const cut = body.indexOf('::');
    const answer = (cut < 0 ? body : body.slice(0, cut)).trim();
    const hint = cut < 0 ? '' : body.slice(cut + 2).trim();
    if (answer === '') error ??= 'a cloze deletion has an empty answer';
    if (/[{}]/.test(answer)) error ??= 'a cloze deletion holds braces or a nested cloze, which recall blanks cannot';
    if (pipes === 'text' && answer.includes('|'))
      error ??= `the cloze deletion "${answer.slice(0, 40)}" holds "|", which recall reads as "or" between right answers (so part of it would pass): rewrite it`;
    // recall reads `|` as "or"; an empty alternative would be a blank nobody can fill.
    if (answer.split('|').some((a) => a.trim() === '')) error ??= `the cloze deletion "${answer.slice(0, 40)}" has an empty alternative around "|"`;
    if (hint) hints.push(hint);
    return `{{${answer}}}`;
  }) + text.slice(head.length);
  if (error) return { error };
  if (!/\{\{[^{}]*\}\}/.test(out)) return { error: 'a cloze note without any {{c1::...}} deletion' };
  // Any brace pair left outside a blank would read as a blank of its own.
  if (/\{\{/.test(out.replace(/\{\{[^{}]*\}\}/g, ''))) return { error: 'the text holds "{{" outside a cloze deletion' };
  return { text: out, hints };
}

/**
 * A cloze field as text, with the colons Anki does not read as a hint separator (`&#58;` and the
 * other colon entities in HTML, a colon after a zero-width space in text: see LONE_COLON in
 * from-deck.ts) kept apart until the deletions are split, then restored.
 */
function clozeSource(field: string, html: boolean | undefined): string {
  const marked = field.replace(/&#0*58;|&#x0*3a;|&colon;/gi, LONE).replace(/\u200B:/g, LONE);
  return fieldToText(marked, html).text;
}
const LONE = '\uE000';

/** Converts notes to cards, deck by deck. */
export function notesToCards(notes: readonly Note[], opts: ConvertOptions): ConvertResult {
  const decks = new Map<string, OutCard[]>();
  const ids = new Map<string, Map<string, string>>();
  const skipped: Skipped[] = [];
  const media = new Set<string>();
  const notesOut = new Set<string>();
  let droppedTags = 0;
  // Per Anki deck: the recall deck id all its guids name so far, or '' once they disagree.
  const recallIds = new Map<string, string>();

  for (const [index, note] of notes.entries()) {
    const where = note.line !== undefined ? `line ${note.line}` : `note ${index + 1}`;
    const deckName = note.deck ?? '';
    const own = note.guid ? RECALL_GUID.exec(note.guid)?.[1] ?? '' : '';
    const seen = recallIds.get(deckName);
    recallIds.set(deckName, seen === undefined || seen === own ? own : '');
    const fields = note.fields.map((f) => fieldToText(f, opts.html));
    for (const f of fields) for (const m of f.media) media.add(m);
    const text = fields.map((f) => f.text);
    const k = kind(note.notetype);
    const { tags, dropped } = cleanTags(note.tags);
    droppedTags += dropped;
    const base: Record<string, unknown> = {};
    const made: OutCard[] = [];
    const skip = (why: string) => skipped.push({ where, why });

    const looksCloze = k === undefined && /\{\{c\d+::/.test(text[0] ?? '');
    if (k === 'cloze' || looksCloze) {
      const c = clozeToRecall(clozeSource(note.fields[0] ?? '', opts.html), own ? 'or' : 'text');
      if ('error' in c) {
        skip(c.error);
        continue;
      }
      const extra = text.slice(1).filter((t) => t !== '').join('\n\n');
      const colons = (t: string) => t.replaceAll(LONE, ':');
      made.push({
        id: cardIdFor(note, text[0]!),
        type: 'cloze',
        text: colons(c.text),
        ...(c.hints.length > 0 ? { hint: colons(c.hints.join('; ')) } : {}),
        ...(extra ? { explain: extra } : {}),
      });
    } else {
      if (text.length < 2) {
        skip(text[0] ? 'only one field; a card needs a front and a back' : 'the row is empty');
        continue;
      }
      let front = text[0]!;
      let back = text[1]!;
      const mediaOnly = (i: number) => (fields[i]!.media.length > 0 ? ' (it holds only media, which recall does not import)' : '');
      if (front === '') {
        skip(`the front is empty${mediaOnly(0)}`);
        continue;
      }
      if (back === '') {
        skip(`the back is empty${mediaOnly(1)}`);
        continue;
      }
      let explain: string | undefined;
      const mark = EXPLAIN_MARK.exec(back);
      if (mark) {
        explain = mark[1]!.trim();
        back = back.slice(0, mark.index).trim();
      }
      const rest = text.slice(2).filter((t) => t !== '');
      if (k === 'other') notesOut.add(`note type "${note.notetype}" is not one recall knows: its notes became basic cards from their first two fields`);
      if (k === 'optional-reversed' && rest.length > 0) rest.shift();
      if (rest.length > 0 && k !== 'reversed') explain = [explain, ...rest].filter(Boolean).join('\n\n');
      const wantTyped = k === 'typed' || (opts.type === 'typed' && (k === undefined || k === 'basic'));
      const id = cardIdFor(note, front);
      if (wantTyped && /\n/.test(back)) {
        notesOut.add('answers on several lines cannot be typed: those notes became basic cards');
      }
      if (wantTyped && !/\n/.test(back)) {
        made.push({ id, type: 'typed', prompt: front, answer: back, ...(explain ? { explain } : {}) });
      } else {
        made.push({ id, type: 'basic', front, back, ...(explain ? { explain } : {}) });
      }
      if (k === 'reversed' || (k === 'optional-reversed' && text[2])) {
        [front, back] = [back, front];
        made.push({ id: `${id}-reverse`, type: 'basic', front, back });
      }
    }

    let taken = ids.get(deckName);
    if (!taken) ids.set(deckName, (taken = new Map()));
    let list = decks.get(deckName);
    for (const card of made) {
      const first = taken.get(card.id);
      if (first !== undefined) {
        skip(`the same ${note.guid ? 'guid' : 'front'} as ${first}`);
        continue;
      }
      taken.set(card.id, where);
      if (tags.length > 0) card.tags = tags;
      Object.assign(card, base);
      if (!list) decks.set(deckName, (list = []));
      list.push(card);
    }
  }
  if (droppedTags > 0) notesOut.add(`${droppedTags} tag${droppedTags === 1 ? ' was' : 's were'} dropped (longer than ${MAX_TAG_LENGTH} characters, control characters, or past ${MAX_CARD_TAGS} per card)`);
  for (const [name, id] of recallIds) if (id === '') recallIds.delete(name);
  return { decks, skipped, media: [...media], notes: [...notesOut], recallIds };
}

/** A deck id from an Anki deck name or a file name; `fallback` when nothing usable is left. */
export function deckIdFrom(name: string, fallback = 'imported'): string {
  const s = slug(name.replace(/::/g, '-'), 60);
  return KEBAB.test(s) ? s : fallback;
}
