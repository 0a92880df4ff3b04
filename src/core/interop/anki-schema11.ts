// The JSON a schema-11 Anki collection keeps in its `col` row (note types, decks, deck options,
// collection settings), as Anki 2.1 writes it in legacy exports. Pure. Anki reads these with serde
// when it opens the collection (rslib notetype/decks/deckconfig schema11.rs): every key it requires
// is written here, and nothing it would reject.
import type { NoteType } from './from-deck.js';

export interface ModelSpec {
  id: number;
  name: string;
  kind: 0 | 1;
  fields: string[];
  qfmt: string;
  afmt: string;
}

// Own note types, not Anki's stock "Basic" and "Cloze": a user who edited their stock types keeps
// them, and re-importing an updated export finds these by id. Their ids and mtime never change, so
// Anki matches them on every import (same id, same field and template names) and keeps a user's
// later edits to them (Anki only replaces a note type with a newer one).
const MODEL_MTIME = 1_735_689_600; // 2025-01-01T00:00:00Z
export const MODELS: Record<NoteType, ModelSpec> = {
  Basic: {
    id: 1_735_689_600_101,
    name: 'recall: Basic',
    kind: 0,
    fields: ['Front', 'Back'],
    qfmt: '{{Front}}',
    afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}',
  },
  'Basic (type in the answer)': {
    id: 1_735_689_600_102,
    name: 'recall: Type in the answer',
    kind: 0,
    fields: ['Front', 'Back', 'Back Extra'],
    qfmt: '{{Front}}\n\n{{type:Back}}',
    afmt: '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}\n{{#Back Extra}}<br><br>{{Back Extra}}{{/Back Extra}}',
  },
  Cloze: {
    id: 1_735_689_600_103,
    name: 'recall: Cloze',
    kind: 1,
    fields: ['Text', 'Back Extra'],
    qfmt: '{{cloze:Text}}',
    afmt: '{{cloze:Text}}<br>\n{{Back Extra}}',
  },
};

// Left-aligned: recall's backs are often several paragraphs (lettered options, whys, explanations).
const CSS = '.card {\n  font-family: arial;\n  font-size: 20px;\n  text-align: left;\n  color: black;\n  background-color: white;\n}\n';
const CLOZE_CSS = `${CSS}\n.cloze {\n  font-weight: bold;\n  color: blue;\n}\n.nightMode .cloze {\n  color: lightblue;\n}\n`;

export function modelJson(m: ModelSpec, deckId: number): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    type: m.kind,
    mod: MODEL_MTIME,
    usn: 0,
    sortf: 0,
    did: deckId,
    tmpls: [{ name: m.kind === 1 ? 'Cloze' : 'Card 1', ord: 0, qfmt: m.qfmt, afmt: m.afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 }],
    flds: m.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: m.kind === 1 ? CLOZE_CSS : CSS,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    // Which fields make a card: the front one (a cloze note type has no such list).
    ...(m.kind === 0 ? { req: [[0, 'any', [0]]] } : {}),
    tags: [],
    vers: [],
  };
}

export function deckJson(id: number, name: string, desc: string, mtimeSecs: number): Record<string, unknown> {
  return {
    id,
    mod: mtimeSecs,
    name,
    usn: 0,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc,
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

/** Anki's default options group (id 1), which every exported deck uses: Anki keeps the user's own. */
export function dconfJson(mtimeSecs: number): Record<string, unknown> {
  return {
    1: {
      id: 1,
      mod: mtimeSecs,
      name: 'Default',
      usn: 0,
      maxTaken: 60,
      autoplay: true,
      timer: 0,
      replayq: true,
      dyn: false,
      new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
      rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
      lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    },
  };
}

export function confJson(curModel: number, nextPos: number): Record<string, unknown> {
  return {
    activeDecks: [1],
    curDeck: 1,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel,
    nextPos,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true,
    schedVer: 2,
  };
}

/** The tables, columns and indexes of a schema-11 collection (rslib storage/schema11.sql). */
export const SCHEMA11_SQL = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`;
