// Seeded fixture generators for the benchmark: a big deck of mixed card types with its answer key,
// an answer key for the bundled decks, and a progress store (journal.jsonl + progress.json) written
// directly in the store's format, so building 100,000 journal entries takes seconds, not hours.
// Plain Node ESM. The PRNG, answer hashes and FSRS states come from the product's own pure core
// (src/core, bundled by esbuild into .bench/ on load), so fixtures can never drift from what the CLI
// computes; `run.mjs` still checks the result with the real CLI before measuring.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** Product files this module depends on (run.mjs folds them into the fixture stamp): the pure core,
 *  and the checkpoint seal, so the store is written as recall writes it. */
export const CORE_SOURCES = ['src/core/random.ts', 'src/core/hash.ts', 'src/core/schedule.ts', 'src/core/progress.ts', 'src/adapters/checkpoint-seal.ts'];
const coreOut = path.join(ROOT, '.bench', 'core.mjs');
await build({
  stdin: { contents: CORE_SOURCES.map((f) => `export * from './${f}';`).join('\n'), resolveDir: ROOT, loader: 'ts' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: coreOut,
  logLevel: 'warning',
});
const core = await import(coreOut);

/** The product's seeded PRNG with a few helpers; the same seed gives the same bytes. */
export function makeRng(seed) {
  const next = core.rng(seed);
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[next.int(list.length)];
  next.hex = (digits) => Array.from({ length: digits }, () => next.int(16).toString(16)).join('');
  return next;
}

/** The product's answer hash of a card as the loader models it: an option written without
 *  `correct` (as a deck author writes wrong ones) is read as `correct: false`. */
export const answerHash = (card) =>
  core.answerHash(card.choices ? { ...card, choices: card.choices.map((o) => ({ ...o, correct: o.correct === true })) } : card);

// ---- answers in the scripted-answers format (letters = deck-written order) ----------------------

const letter = (i) => String.fromCharCode(97 + i);

function blanksOf(text) {
  return [...text.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1].split('|').map((s) => s.trim()));
}

/** The right answer of one card; undefined for a basic card that only self-grades when `quizOnly`. */
export function keyAnswer(card, { quizOnly = false } = {}) {
  switch (card.type) {
    case 'basic':
      if (card.accept?.length) return card.accept[0];
      return quizOnly ? undefined : 'good';
    case 'choice':
      return letter(card.choices.findIndex((c) => c.correct === true));
    case 'multi':
      return card.choices.flatMap((c, i) => (c.correct === true ? [letter(i)] : []));
    case 'truefalse':
      return card.answer === true;
    case 'typed':
      return String(card.answer);
    case 'cloze':
      return (card.blanks ?? blanksOf(card.text)).map((alts) => alts[0]);
    case 'order':
      return card.items.map((_, i) => letter(i));
  }
  return undefined;
}

/** Answer key for every auto-gradable card of the bundled decks (what `recall quiz` asks). */
export function bundledKey(decksDir) {
  const key = {};
  for (const name of fs.readdirSync(decksDir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const deck = parseYaml(fs.readFileSync(path.join(decksDir, name), 'utf8'));
    for (const card of deck.cards) {
      const answer = keyAnswer(card, { quizOnly: true });
      if (answer !== undefined) key[`${deck.deck}/${card.id}`] = answer;
    }
  }
  return key;
}

// ---- the big deck ----------------------------------------------------------------------------

const TOPICS = Array.from({ length: 24 }, (_, i) => `topic-${i + 1}`);
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey', 'xray', 'yankee', 'zulu'];
// Weights per card type, roughly what an instructor's collection looks like.
const TYPE_MIX = [['choice', 28], ['truefalse', 16], ['typed', 14], ['basic', 12], ['multi', 10], ['cloze', 10], ['order', 10]];

function pickType(rng) {
  let r = rng() * 100;
  for (const [type, w] of TYPE_MIX) if ((r -= w) < 0) return type;
  return 'choice';
}

/** Every shown text carries "Qnnnnn:" so the benchmark can spot a card on screen. */
export const CARD_MARK = /Q\d{5}:/;

function makeCard(n, rng) {
  const q = `Q${String(n).padStart(5, '0')}:`;
  const w = () => rng.pick(WORDS);
  const num = () => 1 + rng.int(999);
  const base = { id: `card-${String(n).padStart(5, '0')}`, type: pickType(rng), tags: [rng.pick(TOPICS)] };
  const distinct = (count, make) => {
    const out = new Set();
    while (out.size < count) out.add(make());
    return [...out];
  };
  switch (base.type) {
    case 'basic':
      return { ...base, front: `${q} What is the code word for ${num()}?`, back: `${w()} ${num()}` };
    case 'choice': {
      const texts = distinct(3 + rng.int(2), () => `${w()}-${num()}`);
      const right = rng.int(texts.length);
      return {
        ...base,
        prompt: `${q} Which label belongs to service ${num()}?`,
        choices: texts.map((text, i) => ({ text, ...(i === right ? { correct: true } : {}), why: i === right ? 'On record.' : 'Other one.' })),
      };
    }
    case 'multi': {
      const texts = distinct(4 + rng.int(2), () => `${w()}-${num()}`);
      const rights = new Set(distinct(2 + rng.int(2), () => rng.int(texts.length)));
      return {
        ...base,
        prompt: `${q} Which labels are in group ${num()}? (Choose ${rights.size}.)`,
        choices: texts.map((text, i) => ({ text, ...(rights.has(i) ? { correct: true } : {}), why: rights.has(i) ? 'In it.' : 'Not in it.' })),
      };
    }
    case 'truefalse':
      return { ...base, statement: `${q} Service ${num()} runs in zone ${w()}.`, answer: rng() < 0.5 };
    case 'typed': {
      const word = w();
      return { ...base, prompt: `${q} Type the code word for ${num()}.`, answer: `${word} ${num()}`, accept: [word.toUpperCase()] };
    }
    case 'cloze': {
      const [a, b] = distinct(2, w);
      const text = `${q} Zone {{${a}|${a}-zone}} backs up to zone {{${b}}} every ${num()} hours.`;
      return { ...base, text, blanks: blanksOf(text) };
    }
    case 'order': {
      const items = distinct(3 + rng.int(3), () => `step ${w()} ${num()}`);
      return { ...base, prompt: `${q} Put the steps of runbook ${num()} in order.`, items };
    }
  }
  throw new Error('unreachable');
}

const y = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

function cardYaml(c) {
  const out = [`  - id: ${c.id}`, `    type: ${c.type}`, `    tags: [${c.tags.join(', ')}]`];
  switch (c.type) {
    case 'basic':
      out.push(`    front: ${y(c.front)}`, `    back: ${y(c.back)}`);
      break;
    case 'choice':
    case 'multi':
      out.push(`    prompt: ${y(c.prompt)}`, '    choices:');
      for (const o of c.choices) out.push(`      - text: ${y(o.text)}`, ...(o.correct ? ['        correct: true'] : []), `        why: ${y(o.why)}`);
      break;
    case 'truefalse':
      out.push(`    statement: ${y(c.statement)}`, `    answer: ${c.answer}`);
      break;
    case 'typed':
      out.push(`    prompt: ${y(c.prompt)}`, `    answer: ${y(c.answer)}`, `    accept: [${c.accept.map(y).join(', ')}]`);
      break;
    case 'cloze':
      out.push(`    text: ${y(c.text)}`);
      break;
    case 'order':
      out.push(`    prompt: ${y(c.prompt)}`, '    items:', ...c.items.map((i) => `      - ${y(i)}`));
      break;
  }
  return out.join('\n');
}

/**
 * A deck of `count` generated cards. Returns the YAML text, the answer key (`deck/id` -> answer,
 * every card), and the cards with their answer hashes (for the store generator).
 */
export function makeDeck({ id, title, count, seed }) {
  const rng = makeRng(seed);
  const cards = Array.from({ length: count }, (_, i) => makeCard(i + 1, rng));
  const yaml = [`deck: ${id}`, `title: ${y(title)}`, 'description: Generated by bench/fixtures.mjs (seeded).', 'tags: [bench]', 'cards:', ...cards.map(cardYaml), ''].join('\n');
  const key = Object.fromEntries(cards.map((c) => [`${id}/${c.id}`, keyAnswer(c)]));
  for (const c of cards) c.hash = answerHash(c);
  return { id, yaml, key, cards };
}

// ---- the store -------------------------------------------------------------------------------

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();


function gradeTexts(card, right) {
  const expected = String(keyAnswer(card) ?? '');
  if (right) return { given: expected, expected };
  if (card.type === 'choice') {
    const wrong = card.choices.findIndex((c) => c.correct !== true);
    const r = card.choices.findIndex((c) => c.correct === true);
    return { given: `${letter(wrong)}) ${card.choices[wrong].text}`, expected: `${letter(r)}) ${card.choices[r].text}` };
  }
  return { given: '(wrong)', expected };
}

/**
 * Writes RECALL_HOME `dir` with one state per card of `deck` and `entries` review entries spread
 * over the two years before `now`: every card is studied at least once (its first entry is a study
 * review), later entries are mostly study, some quiz; ratings mostly good, some again.
 */
export function makeStore({ dir, deck, entries, now, seed }) {
  if (entries < deck.cards.length) throw new Error('need at least one journal entry per card');
  const rng = makeRng(seed);
  const nowMs = Date.parse(now);
  const start = nowMs - 730 * DAY;
  const sched = core.makeScheduler(core.DEFAULT_SETTINGS);
  // Which card each entry reviews, and when: each card once, the rest at random, times sorted.
  const who = new Int32Array(entries);
  for (let i = 0; i < entries; i++) who[i] = i < deck.cards.length ? i : rng.int(deck.cards.length);
  const when = Array.from({ length: entries }, () => start + Math.floor(rng() * (nowMs - start - 3_600_000)));
  when.sort((a, b) => a - b);
  for (let i = entries - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [who[i], who[j]] = [who[j], who[i]];
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const journal = path.join(dir, 'journal.jsonl');
  const fd = fs.openSync(journal, 'w', 0o600);
  const states = new Map();
  let chunk = [];
  let bytes = 0;
  const flush = () => {
    const buf = Buffer.from(chunk.join(''));
    fs.writeSync(fd, buf);
    bytes += buf.length;
    chunk = [];
  };
  for (let i = 0; i < entries; i++) {
    const card = deck.cards[who[i]];
    const key = `${deck.id}/${card.id}`;
    const prev = states.get(key) ?? null;
    const atMs = Math.max(when[i], prev ? Date.parse(prev.last_review) : 0);
    const kind = prev !== null && rng() < 0.15 ? 'quiz' : 'study';
    const roll = rng();
    const rating = roll < 0.12 ? 'again' : roll < 0.16 && kind === 'study' ? 'hard' : roll < 0.19 && kind === 'study' ? 'easy' : 'good';
    let state = prev;
    const moves = kind === 'study' || rating === 'again';
    if (moves) {
      state = core.review(sched, prev, rating, new Date(atMs), { deck: deck.id, card: card.id, hash: card.hash });
    }
    states.set(key, state);
    const selfGraded = card.type === 'basic' && !card.accept;
    const entry = {
      id: `${atMs.toString(36)}-${rng.hex(16)}`,
      op: 'review',
      at: iso(atMs),
      deck: deck.id,
      card: card.id,
      kind,
      rating,
      correct: selfGraded ? null : rating !== 'again',
      ms: 1500 + rng.int(25_000),
      // The journal format of src/commands/common.ts reviewEntry(): given/expected only for wrong
      // answers, the state before as a number, and state null when a right quiz answer moved nothing.
      ...(selfGraded || rating !== 'again' ? {} : gradeTexts(card, false)),
      ...(prev && prev.state !== 0 ? { before: prev.state } : {}),
      state: moves ? state : null,
    };
    chunk.push(JSON.stringify(entry) + '\n');
    if (chunk.length >= 5000) flush();
  }
  flush();
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const checkpoint = { version: 1, settings: {}, journal: { offset: bytes }, cards: Object.fromEntries(states) };
  // Sealed as recall writes it, with a store key of its own, so a start measures what users get
  // (no second validation pass).
  const key = randomBytes(32);
  fs.writeFileSync(path.join(dir, 'cache.key'), key, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'progress.json'), core.sealedText(checkpoint, key), { mode: 0o600 });
  const due = [...states.values()].filter((s) => !s.leech && Date.parse(s.due) <= nowMs).length;
  return { cards: states.size, entries, journalBytes: bytes, dueNow: due };
}

/**
 * Copies a store folder's files (flat: journal.jsonl, progress.json) into `to`, made if missing,
 * fsync'd: otherwise the measured process's first fsync of the journal would also flush the 78 MB
 * this copy left dirty. Other entries of `to` stay: a bench home keeps its cache/ between runs.
 */
export function copyStore(from, to) {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(from)) {
    fs.copyFileSync(path.join(from, name), path.join(to, name));
    const fd = fs.openSync(path.join(to, name), 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const dir = fs.openSync(to, 'r');
  fs.fsyncSync(dir);
  fs.closeSync(dir);
}

/** Names, sizes and mtimes of a store's files: equal before and after means the run wrote nothing. */
export function storeFingerprint(dir, include = () => true) {
  return fs
    .readdirSync(dir)
    .filter(include)
    .sort()
    .map((n) => {
      const s = fs.statSync(path.join(dir, n));
      return `${n}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}
