// The deck cache folder is untrusted: entries are signed, shape-checked and bounded, and recall
// removes only its own files there.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, decodeEntry, encodeEntry, fileDeckCache, MAX_ENTRIES, MAX_AGE_MS, prune, type DeckEntry } from '../../src/adapters/deck-cache.js';
import { expandPaths } from '../../src/adapters/deck-files.js';
import { loadDeckFiles, loadDecksLazily } from '../../src/adapters/load-decks.js';
import { isCachedLint } from '../../src/core/cached-lint.js';
import pkg from '../../package.json' with { type: 'json' };
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

const KEY = Buffer.alloc(32, 9);
const BROKEN = 'tests/fixtures/decks/broken/missing-field.yaml';
const VALID = 'tests/fixtures/decks/valid/all-types.yaml';
let home: { dir: string; cleanup: () => void };
beforeEach(() => (home = tempHome('recall-deck-cache-')));
afterEach(() => home.cleanup());

const decksDir = () => path.join(home.dir, 'cache', 'decks');
const entryName = (file: string) => `${pkg.version}-${cacheKey(fs.readFileSync(path.join(repoRoot, file), 'utf8'), '')}.json`;
const sign = (key: Buffer, name: string, body: string | Buffer) => createHmac('sha256', key).update(name).update('\0').update(body).digest('hex');
/** Writes an entry as recall would, signed with `key` (the user's own key: a build or bug made it):
 *  an entry with card bodies in the entry format, anything else as a head with no bodies. */
function plant(name: string, value: unknown, key = fs.readFileSync(path.join(home.dir, 'cache.key'))): void {
  const entry = value as DeckEntry | null;
  const bytes = entry !== null && typeof entry === 'object' && Array.isArray(entry.bodies) ? encodeEntry(entry) : Buffer.from(`${JSON.stringify(value)}\n`);
  plantBytes(name, bytes, key);
}
function plantBytes(name: string, bytes: Buffer, key = fs.readFileSync(path.join(home.dir, 'cache.key'))): void {
  fs.mkdirSync(decksDir(), { recursive: true });
  fs.writeFileSync(path.join(decksDir(), name), Buffer.concat([Buffer.from(`${sign(key, name, bytes)}\n`), bytes]));
}
/** The entry in a cache file, every body decoded. */
function readEntry(file: string): DeckEntry & { deck: NonNullable<DeckEntry['deck']>; bodies: string[] } {
  const hit = decodeEntry(fs.readFileSync(file).subarray(65))!;
  const { body, ...lint } = hit;
  return { ...lint, deck: lint.deck!, bodies: lint.deck!.cards.map((_, i) => body(i)) };
}
const lint = (file: string) => recall(['deck', 'lint', file], { env: { RECALL_HOME: home.dir } });
const entryOf = (file: string) => readEntry(path.join(decksDir(), entryName(file)));

describe('deck cache entries are verified before use', () => {
  it('a hit gives the same lint result as a cold run', async () => {
    const cold = await lint(BROKEN);
    expect(cold.code).toBe(1);
    expect(fs.existsSync(path.join(decksDir(), entryName(BROKEN)))).toBe(true);
    expect(await lint(BROKEN)).toEqual(cold);
  });

  it('an entry edited without the key ("diagnostics": []) is a miss: lint of a broken deck still fails', async () => {
    const cold = await lint(BROKEN);
    const file = path.join(decksDir(), entryName(BROKEN));
    const [mac] = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${mac}\n${JSON.stringify({ deck: { id: 'x', title: 'x', tags: [], cards: [] }, diagnostics: [] })}`);
    expect(await lint(BROKEN)).toEqual(cold);
  });

  it('an entry signed with another key is a miss', async () => {
    const cold = await lint(BROKEN);
    plant(entryName(BROKEN), { deck: { id: 'x', title: 'x', tags: [], cards: [] }, diagnostics: [] }, Buffer.alloc(32, 1));
    expect(await lint(BROKEN)).toEqual(cold);
  });

  it('a validly signed entry of another deck, copied to this deck\'s name, is a miss', async () => {
    await lint(VALID);
    const cold = await lint(BROKEN);
    fs.copyFileSync(path.join(decksDir(), entryName(VALID)), path.join(decksDir(), entryName(BROKEN)));
    expect(await lint(BROKEN)).toEqual(cold);
  });

  it('a signed entry of the wrong shape is a miss, never a crash or a pass', async () => {
    const cold = await lint(VALID);
    expect(cold.code).toBe(0);
    const good = entryOf(VALID);
    const choice = good.deck.cards.findIndex((c: { type: string }) => c.type === 'choice');
    const bad = structuredClone(good);
    bad.bodies[choice] = JSON.stringify({ ...JSON.parse(bad.bodies[choice]!), choices: null });
    plant(entryName(VALID), bad);
    expect(await lint(VALID)).toEqual(cold);
    // quiz reads the deck's cards: it must not crash either
    const quiz = await recall(['quiz', VALID, '--answers', '-'], { env: { RECALL_HOME: home.dir }, stdin: '{}' });
    expect(quiz.code).not.toBe(70);

    const brokenCold = await lint(BROKEN);
    plant(entryName(BROKEN), { deck: null, diagnostics: [] });
    expect(await lint(BROKEN)).toEqual(brokenCold);
    for (const shape of [null, [], { deck: null }, { deck: null, diagnostics: [{ line: 'x' }] }, { deck: 5, diagnostics: [] }]) {
      plant(entryName(BROKEN), shape);
      expect(await lint(BROKEN)).toEqual(brokenCold);
    }
  });

  it('a FIFO, a folder or a symlink in place of an entry is a miss, not a hang', async () => {
    const cold = await lint(BROKEN);
    const file = path.join(decksDir(), entryName(BROKEN));
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(await lint(BROKEN)).toEqual(cold);
    fs.rmSync(file);
    fs.symlinkSync('/dev/zero', file);
    expect(await lint(BROKEN)).toEqual(cold);
    // the name is replaced by a real entry; the link's target is never written
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.statSync('/dev/zero').isCharacterDevice()).toBe(true);
  });

  it('a cache folder that is a symlink is neither written through nor pruned', async () => {
    const target = fs.mkdtempSync(path.join(home.dir, 'elsewhere-'));
    fs.mkdirSync(path.join(target, 'decks'));
    // Named like an entry of ours, and old enough to be pruned.
    const victim = path.join(target, 'decks', `0.0.1-${'a'.repeat(40)}.json`);
    fs.writeFileSync(victim, 'not recall');
    fs.utimesSync(victim, new Date('2020-01-01'), new Date('2020-01-01'));
    fs.rmSync(path.join(home.dir, 'cache'), { recursive: true, force: true });
    fs.symlinkSync(target, path.join(home.dir, 'cache'));
    const r = await lint(BROKEN);
    expect(r.code).toBe(1);
    expect(fs.readdirSync(path.join(target, 'decks'))).toEqual([path.basename(victim)]);
    expect(fs.readFileSync(victim, 'utf8')).toBe('not recall');
    expect(fs.readdirSync(target).sort()).toEqual(['decks']);
  });

  it('every lint result of the fixtures and bundled decks has the shape the check accepts', async () => {
    const files = expandPaths(['tests/fixtures/decks', 'decks'], repoRoot);
    const seen: string[] = [];
    const cache = { get: () => undefined, set: (_k: string, v: unknown) => void seen.push(isCachedLint(v) ? 'ok' : JSON.stringify(v).slice(0, 200)) };
    await loadDeckFiles(files, repoRoot, { cache });
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((s) => s !== 'ok')).toEqual([]);
  });
});

describe('card heads and bodies (what recall study reads of a cached deck)', () => {
  const options = () => ({ cache: fileDeckCache(decksDir(), () => KEY) });
  const nameIn = (file: string) => cacheKey(fs.readFileSync(path.join(repoRoot, file)));
  const stored = (file: string) => readEntry(path.join(decksDir(), `${nameIn(file)}.json`));
  const plantKeyed = (file: string, value: unknown) => plant(`${nameIn(file)}.json`, value, KEY);

  it('keeps each card as a head (id, type, tags, answer hash) and its body apart', async () => {
    const cold = await loadDeckFiles([VALID], repoRoot, options());
    const entry = stored(VALID);
    expect(entry.deck.cards).toHaveLength(cold.decks[0]!.cards.length);
    for (const head of entry.deck.cards) expect(Object.keys(head).sort()).toEqual(['hash', 'id', 'tags', 'type']);
    expect(entry.bodies).toHaveLength(entry.deck.cards.length);
    expect(JSON.parse(entry.bodies[0]!)).not.toHaveProperty('id');
  });

  it('encodes an entry as its head, a newline and its bodies, byte for byte, in any script', () => {
    // Bodies of every width of UTF-8, an astral character, a lone surrogate (written as U+FFFD, as
    // Buffer.from writes it), an empty body; the offsets count bytes, not characters.
    const bodies = ['{"front":"plain"}', '{"front":"rôle ロール 角色"}', '{"front":"𝐀 😀"}', '{"front":"\ud800"}', ''];
    const deck = { id: 'd', title: 'D', tags: [], cards: bodies.map((_, i) => ({ id: `c${i}`, type: 'basic' as const, tags: [], hash: 'h' })) };
    const bytes = encodeEntry({ deck, diagnostics: [], bodies });
    const texts = bodies.map((b) => Buffer.from(b));
    let at = 0;
    const bodyEnds = texts.map((t) => (at += t.length));
    expect(bytes.equals(Buffer.concat([Buffer.from(JSON.stringify({ deck, diagnostics: [], bodyEnds })), Buffer.from('\n'), ...texts]))).toBe(true);
    const hit = decodeEntry(bytes)!;
    expect(bodies.map((_, i) => hit.body(i))).toEqual(texts.map((t) => t.toString('utf8')));
    // Without a deck (a broken deck's entry): the head alone.
    expect(encodeEntry({ deck: null, diagnostics: [] }).toString()).toBe('{"deck":null,"diagnostics":[]}\n');
  });

  it('writes a big entry to its file a piece at a time: the same bytes as the entry in one piece', () => {
    // A head and bodies of many 64 KB pieces, a body bigger than a piece, every width of UTF-8.
    const bodies = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ front: `card ${i}: rôle ロール 😀`, back: i === 7 ? 'x'.repeat(100_000) : `b${i}` }));
    const deck = { id: 'd', title: 'Déck 😀', tags: ['t'], cards: bodies.map((_, i) => ({ id: `c${i}`, type: 'basic' as const, tags: i % 2 ? ['ö'] : [], hash: `h${i}` })) };
    const diagnostics = Array.from({ length: 500 }, (_, i) => ({ line: i + 1, col: 3, severity: 'warning' as const, code: 'UNKNOWN_FIELD', message: `field "x${i}" ist unbekannt ✓` }));
    const waivers = [{ line: 2, col: 3, card: 'c1', ignore: ['KEY_LONGEST' as const], why: 'ok', suppressed: [] }];
    const entry = { deck, diagnostics, waivers, header: { id: 'd', line: 1, col: 7 }, bodies };
    let at = 0;
    const bodyEnds = bodies.map((b) => (at += Buffer.byteLength(b)));
    const whole = Buffer.from(`${JSON.stringify({ deck, diagnostics, waivers, header: entry.header, bodyEnds })}\n${bodies.join('')}`);
    expect(encodeEntry(entry).equals(whole)).toBe(true);
    const dir = path.join(home.dir, 'c');
    fileDeckCache(dir, () => KEY).set('0.1.0-' + 'b'.repeat(40), entry);
    const file = fs.readFileSync(path.join(dir, `0.1.0-${'b'.repeat(40)}.json`));
    expect(file.subarray(65).equals(whole)).toBe(true);
    expect(file.subarray(0, 65).toString()).toBe(`${sign(KEY, `0.1.0-${'b'.repeat(40)}.json`, whole)}\n`);
  });

  it('a lazy load gives heads that become the very cards a cold lint gives', async () => {
    const cold = await loadDeckFiles([VALID], repoRoot);
    await loadDeckFiles([VALID], repoRoot, options()); // fills the cache
    const lazy = await loadDecksLazily([VALID], repoRoot, options());
    const heads = lazy.decks[0]!.cards;
    expect(heads.map((h) => h.id)).toEqual(cold.decks[0]!.cards.map((c) => c.id));
    expect(heads.some((h) => 'prompt' in h || 'front' in h)).toBe(false); // bodies not read yet
    for (const [i, head] of heads.entries()) expect(await lazy.full(head)).toEqual(cold.decks[0]!.cards[i]);
    expect(await lazy.full(heads[0]!)).toBe(await lazy.full(heads[0]!)); // read once
    // An eager load of the same entry makes every card whole.
    expect(await loadDeckFiles([VALID], repoRoot, options())).toEqual(cold);
  });

  it('a signed body that fails the card check is re-linted on use (lazy) and a miss (eager), never a crash', async () => {
    const cold = await loadDeckFiles([VALID], repoRoot);
    await loadDeckFiles([VALID], repoRoot, options());
    const good = stored(VALID);
    const choice = good.deck.cards.findIndex((c: { type: string }) => c.type === 'choice');
    for (const body of ['{"prompt": "x", "choices": null}', 'not json', '[1]', JSON.stringify({ ...JSON.parse(good.bodies[choice]!), id: 'other' })]) {
      const bad = structuredClone(good);
      bad.bodies[choice] = body;
      plantKeyed(VALID, bad);
      const lazy = await loadDecksLazily([VALID], repoRoot, options());
      expect(await lazy.full(lazy.decks[0]!.cards[choice]!), body).toEqual(cold.decks[0]!.cards[choice]);
      plantKeyed(VALID, bad);
      expect(await loadDeckFiles([VALID], repoRoot, options()), body).toEqual(cold);
    }
  });

  it('an entry whose heads lack an answer hash, or with a body per card missing, is a miss', async () => {
    const cold = await loadDeckFiles([VALID], repoRoot);
    await loadDeckFiles([VALID], repoRoot, options());
    const good = stored(VALID);
    const noHash = structuredClone(good);
    delete noHash.deck.cards[1]!.hash;
    const short = structuredClone(good);
    short.bodies.pop();
    const { bodies: _bodies, ...noBodies } = structuredClone(good);
    for (const bad of [noHash, short, noBodies]) {
      plantKeyed(VALID, bad);
      const lazy = await loadDecksLazily([VALID], repoRoot, options());
      // A miss lints the deck: whole cards, nothing left to read.
      expect(lazy.decks[0]!.cards).toEqual(cold.decks[0]!.cards);
    }
    // Body offsets that do not fit the bodies (signed, as a bug could write them) make a miss too.
    const bytes = encodeEntry(good);
    const nl = bytes.indexOf(0x0a);
    const head = JSON.parse(bytes.subarray(0, nl).toString());
    const region = bytes.subarray(nl + 1);
    const n = head.bodyEnds.length;
    for (const ends of [head.bodyEnds.slice(1), [...head.bodyEnds.slice(0, -1), region.length + 1], [...head.bodyEnds].reverse(), head.bodyEnds.map((e: number) => e + 0.5), null]) {
      plantBytes(`${nameIn(VALID)}.json`, Buffer.concat([Buffer.from(JSON.stringify({ ...head, bodyEnds: ends })), Buffer.from('\n'), region]), KEY);
      const lazy = await loadDecksLazily([VALID], repoRoot, options());
      expect(lazy.decks[0]!.cards, JSON.stringify(ends)).toEqual(cold.decks[0]!.cards);
    }
    expect(n).toBe(cold.decks[0]!.cards.length);
    // Offsets inside the list are checked when a body is read: one out of order or outside the
    // entry makes that card's body fail, so it is linted again (lazy) or the entry missed (eager).
    for (const bad of [-1, region.length + 5, 1.5, 'x']) {
      const ends = [...head.bodyEnds];
      ends[2] = bad;
      const planted = Buffer.concat([Buffer.from(JSON.stringify({ ...head, bodyEnds: ends })), Buffer.from('\n'), region]);
      plantBytes(`${nameIn(VALID)}.json`, planted, KEY);
      const lazy = await loadDecksLazily([VALID], repoRoot, options());
      for (const [i, h] of lazy.decks[0]!.cards.entries()) expect(await lazy.full(h), `${bad}`).toEqual(cold.decks[0]!.cards[i]);
      plantBytes(`${nameIn(VALID)}.json`, planted, KEY);
      expect(await loadDeckFiles([VALID], repoRoot, options())).toEqual(cold);
    }
  });

  it('a body edited without the key makes the entry a miss', async () => {
    const cold = await loadDeckFiles([VALID], repoRoot);
    await loadDeckFiles([VALID], repoRoot, options());
    const file = path.join(decksDir(), `${nameIn(VALID)}.json`);
    const text = fs.readFileSync(file, 'utf8');
    const edited = text.replace('Temporary', 'Permanent');
    expect(edited).not.toBe(text);
    fs.writeFileSync(file, edited);
    const lazy = await loadDecksLazily([VALID], repoRoot, options());
    expect(lazy.decks[0]!.cards).toEqual(cold.decks[0]!.cards);
  });
});

describe('deck cache stays bounded', () => {
  it('does not write an entry over the size cap', () => {
    const dir = path.join(home.dir, 'c');
    const cache = fileDeckCache(dir, () => KEY);
    const huge = { deck: null, diagnostics: [{ line: 1, col: 1, severity: 'error', code: 'X', message: 'm'.repeat(33 * 1024 * 1024) }] };
    cache.set('0.1.0-' + 'a'.repeat(40), huge as never);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it('prunes old entries and the oldest beyond the count, and nothing that is not its own', () => {
    const dir = path.join(home.dir, 'c');
    fs.mkdirSync(dir);
    const now = Date.now();
    const names: string[] = [];
    for (let i = 0; i < MAX_ENTRIES + 20; i++) {
      const name = `0.1.0-${i.toString(16).padStart(40, '0')}.json`;
      fs.writeFileSync(path.join(dir, name), 'x');
      const t = new Date(now - i * 1000);
      fs.utimesSync(path.join(dir, name), t, t);
      names.push(name);
    }
    const old = `0.0.9-${'b'.repeat(40)}.json`;
    fs.writeFileSync(path.join(dir, old), 'x');
    const ancient = new Date(now - MAX_AGE_MS - 1000);
    fs.utimesSync(path.join(dir, old), ancient, ancient);
    const user = ['notes.json', 'thesis.tmp-backup.docx', 'a.recall-tmp'];
    for (const u of user) fs.writeFileSync(path.join(dir, u), 'mine');
    fs.utimesSync(path.join(dir, 'notes.json'), ancient, ancient);
    const staleTemp = `0.1.0-${'c'.repeat(40)}.json.123.0badc0de.recall-tmp`;
    const freshTemp = `0.1.0-${'d'.repeat(40)}.json.124.0badc0df.recall-tmp`;
    fs.writeFileSync(path.join(dir, staleTemp), '');
    fs.utimesSync(path.join(dir, staleTemp), ancient, ancient);
    fs.writeFileSync(path.join(dir, freshTemp), '');
    fs.mkdirSync(path.join(dir, `0.1.0-${'e'.repeat(40)}.json`)); // a folder named like an entry

    prune(dir, now);
    const left = new Set(fs.readdirSync(dir));
    expect(names.filter((n) => left.has(n))).toEqual(names.slice(0, MAX_ENTRIES));
    expect(left.has(old)).toBe(false);
    for (const u of user) expect(left.has(u)).toBe(true);
    expect(left.has(staleTemp)).toBe(false);
    expect(left.has(freshTemp)).toBe(true);
    expect(left.has(`0.1.0-${'e'.repeat(40)}.json`)).toBe(true);
  });

  it('a write prunes: 300 decks leave at most MAX_ENTRIES entries', () => {
    const dir = path.join(home.dir, 'c');
    const cache = fileDeckCache(dir, () => KEY);
    for (let i = 0; i < 300; i++) cache.set(`0.1.0-${i.toString(16).padStart(40, '0')}`, { deck: null, diagnostics: [{ line: 1, col: 1, severity: 'error', code: 'X', message: `${i}` }] });
    expect(fs.readdirSync(dir).length).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(cache.get(`0.1.0-${(299).toString(16).padStart(40, '0')}`)?.diagnostics[0]?.message).toBe('299');
  });
});
