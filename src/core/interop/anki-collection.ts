// recall decks as the rows of a schema-11 Anki collection (`deck export --format apkg`). Pure: the
// adapter (adapters/anki-package-write.ts) puts these rows in SQLite and zips it. SHA-1 arrives as an
// argument, since core has no crypto of its own.
import type { Deck } from '../model.js';
import { fnv1a64 } from '../hash.js';
import { decodeEntities } from './field-text.js';
import { ankiDeckNames, deckToNotes, LONE_COLON, type AnkiNote } from './from-deck.js';
import { confJson, dconfJson, deckJson, MODELS, modelJson } from './anki-schema11.js';

export type Sql = string | number;

export interface CollectionRows {
  /** The one row of `col`, in column order. */
  col: Sql[];
  notes: Sql[][];
  cards: Sql[][];
  /** What Anki cannot hold, per recall deck, for the summary. */
  lost: string[];
  noteCount: number;
}

/** Plain deck text as an Anki field (HTML): escaped, line breaks as <br>, runs of spaces kept. */
export function textToField(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r\n?/g, '\n')
    .replace(/ {2,}/g, (run) => ` ${'&nbsp;'.repeat(run.length - 1)}`)
    .replace(/\n/g, '<br>')
    .replaceAll(LONE_COLON, '&#58;');
}

/**
 * What Anki sorts and checksums a field by (rslib text.rs strip_html_preserving_media_filenames):
 * tags, comments, style and script removed, entities decoded, no-break spaces as spaces.
 */
export function stripHtml(html: string): string {
  const bare = html.replace(/<!--[\s\S]*?-->|<style[\s\S]*?>[\s\S]*?<\/style>|<script[\s\S]*?>[\s\S]*?<\/script>|<[\s\S]*?>/gi, '');
  return bare.includes('&') ? decodeEntities(bare).replace(/\u00a0/g, ' ') : bare;
}

/** Anki's field checksum: the first 8 hex digits of the SHA-1 of the stripped first field. */
export function fieldChecksum(firstField: string, sha1Hex: (text: string) => string): number {
  return parseInt(sha1Hex(stripHtml(firstField)).slice(0, 8), 16);
}

// Ids are Anki's "milliseconds since 1970" integers. A deck's notes take consecutive ids from a
// start derived from the deck id, in card order, so the same deck gives the same ids on every
// export and Anki's browser (and recall's import, which reads notes by id) keeps the deck's order.
// Anki matches notes by guid, not id, and renumbers an id already in use. They lie in 2017-2020: in
// the past (Anki's database check moves ids from the future), and far from notes made by hand today.
const ID_BASE = 1_500_000_000_000;
const ID_SPAN = 100_000_000_000;

function idFrom(start: number, used: Set<number>): number {
  let id = start;
  while (used.has(id) || id === 1) id++;
  used.add(id);
  return id;
}

const hashStart = (key: string) => ID_BASE + (parseInt(fnv1a64(key).slice(0, 12), 16) % ID_SPAN);

export interface CollectionOptions {
  nowMs: number;
  sha1Hex: (text: string) => string;
}

export function buildCollection(decks: readonly Deck[], opts: CollectionOptions): CollectionRows {
  const mtime = Math.floor(opts.nowMs / 1000);
  const names = ankiDeckNames(decks);
  const deckIds = new Set<number>();
  const decksJson: Record<string, unknown> = { 1: deckJson(1, 'Default', '', mtime) };
  const noteIds = new Set<number>();
  const cardIds = new Set<number>();
  const notes: Sql[][] = [];
  const cards: Sql[][] = [];
  const lost: string[] = [];
  const tags = new Set<string>();
  const usedModels = new Set<AnkiNote['notetype']>();
  let firstDeck = 1;
  for (const deck of decks) {
    const did = idFrom(hashStart(`deck\u0000${deck.id}`), deckIds);
    let nextNote = hashStart(`notes\u0000${deck.id}`);
    let nextCard = nextNote;
    if (firstDeck === 1) firstDeck = did;
    decksJson[did] = deckJson(did, names.get(deck.id)!, textToField(deck.description ?? ''), mtime);
    const r = deckToNotes(deck, { deckName: names.get(deck.id)!, typedExtra: true });
    lost.push(...r.lost.map((l) => `${deck.id}: ${l}`));
    for (const note of r.notes) {
      const model = MODELS[note.notetype];
      usedModels.add(note.notetype);
      const fields = note.fields.map(textToField);
      while (fields.length < model.fields.length) fields.push('');
      const sortField = stripHtml(fields[0]!);
      const nid = idFrom(nextNote, noteIds);
      nextNote = nid + 1;
      for (const t of note.tags) tags.add(t);
      const tagText = note.tags.length ? ` ${note.tags.join(' ')} ` : '';
      notes.push([nid, note.guid, model.id, mtime, 0, tagText, fields.join('\x1f'), sortField, fieldChecksum(fields[0]!, opts.sha1Hex), 0, '']);
      // One card per note: Basic and typed have one template, and a cloze note one ordinal (every
      // blank is c1). New cards come in the order of the deck: due is the position.
      const cid = idFrom(nextCard, cardIds);
      nextCard = cid + 1;
      cards.push([cid, nid, did, 0, mtime, 0, 0, 0, notes.length, 0, 0, 0, 0, 0, 0, 0, 0, '']);
    }
  }
  const models: Record<string, unknown> = {};
  // All three go in; Anki takes only those its imported notes use.
  for (const m of Object.values(MODELS)) models[m.id] = modelJson(m, firstDeck);
  const curModel = MODELS[[...usedModels][0] ?? 'Basic'].id;
  const dayStart = Math.floor(mtime / 86_400) * 86_400;
  const col: Sql[] = [
    1,
    dayStart,
    opts.nowMs,
    opts.nowMs,
    11,
    0,
    0,
    0,
    JSON.stringify(confJson(curModel, notes.length + 1)),
    JSON.stringify(models),
    JSON.stringify(decksJson),
    JSON.stringify(dconfJson(mtime)),
    JSON.stringify(Object.fromEntries([...tags].map((t) => [t, 0]))),
  ];
  return { col, notes, cards, lost, noteCount: notes.length };
}
