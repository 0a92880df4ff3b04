import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledDecksDir, expandPaths, resolveDeckArgs } from '../../src/adapters/deck-files.js';
import { formatDiagnostic, lintDecks, loadDeckFiles, loadDecks, loadDecksOrThrow } from '../../src/adapters/load-decks.js';
import { cacheKey, encodeEntry, fileDeckCache, memoryDeckCache } from '../../src/adapters/deck-cache.js';
import { colorLevel, makeStyle } from '../../src/adapters/style.js';
import { DeckError, UsageError } from '../../src/errors.js';
import type { Io } from '../../src/io.js';

const root = path.resolve(__dirname, '../..');
const KEY = Buffer.alloc(32, 7);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-files-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const write = (rel: string, text = 'x: 1\n') => {
  fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
  fs.writeFileSync(path.join(tmp, rel), text);
};

describe('expandPaths', () => {
  write('decks/b.yaml');
  write('decks/a.yml');
  write('decks/sub/c.yaml');
  write('decks/notes.txt');
  write('decks/.hidden/d.yaml');
  write('decks/node_modules/e.yaml');

  it('walks folders recursively for *.yaml and *.yml, sorted, skipping hidden folders and node_modules', async () => {
    expect(expandPaths(['decks'], tmp)).toEqual(['decks/a.yml', 'decks/b.yaml', 'decks/sub/c.yaml']);
  });
  it('keeps an explicitly named file whatever its extension, without repeats', async () => {
    expect(expandPaths(['decks/notes.txt', 'decks/b.yaml', 'decks'], tmp)).toEqual(['decks/a.yml', 'decks/b.yaml', 'decks/notes.txt', 'decks/sub/c.yaml']);
  });
  it('lists a file once however it is spelt', async () => {
    expect(expandPaths(['./decks/b.yaml', 'decks/b.yaml', path.join(tmp, 'decks/b.yaml')], tmp)).toEqual([path.join(tmp, 'decks/b.yaml')]);
    expect(resolveDeckArgs(['decks/sub/../b.yaml', 'decks/b.yaml'], tmp)).toEqual(['decks/b.yaml']);
  });
  it('names a missing path in a UsageError', async () => {
    expect(() => expandPaths(['nope.yaml'], tmp)).toThrow(UsageError);
    expect(() => expandPaths(['nope.yaml'], tmp)).toThrow(/nope\.yaml/);
  });
  it('refuses a folder without deck files', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'), { recursive: true });
    expect(() => expandPaths(['empty'], tmp)).toThrow(/no deck files/);
  });
});

describe('bundled decks', () => {
  it('finds decks/ next to package.json from the source tree', async () => {
    expect(bundledDecksDir()).toBe(path.join(root, 'decks'));
  });
  it('resolves a bundled deck id when no such path exists', async () => {
    const ids = fs.existsSync(path.join(root, 'decks')) ? fs.readdirSync(path.join(root, 'decks')).filter((f) => f.endsWith('.yaml')) : [];
    if (ids.length === 0) return; // the bundled decks are written separately; nothing to resolve yet
    const id = ids[0]!.replace(/\.yaml$/, '');
    expect(resolveDeckArgs([id], root)).toEqual([`decks/${id}.yaml`]);
    expect(resolveDeckArgs([id], tmp)).toEqual([path.join(root, 'decks', `${id}.yaml`)]);
  });
  it('names an argument that is neither a path nor a bundled deck', async () => {
    expect(() => resolveDeckArgs(['no-such-deck'], tmp)).toThrow(/no such file, folder or bundled deck: no-such-deck/);
  });
  it.each([
    ['mistyped/my-topc.yaml', '(did you mean mistyped/my-topic.yaml?)'],
    ['mistyped/my-topic.yml', '(did you mean mistyped/my-topic.yaml?)'],
    ['mistypd/', '(did you mean mistyped?)'],
    ['iam-exam-signal', '(did you mean iam-exam-signals?)'],
    ['iam-users-vs-role', '(did you mean iam-users-vs-roles?)'],
  ])('suggests the deck file, folder or bundled id %s was probably meant to be', async (arg, hint) => {
    write('mistyped/my-topic.yaml');
    write('mistyped/notes.txt');
    expect(() => resolveDeckArgs([arg], tmp)).toThrow(`no such file, folder or bundled deck: ${arg} ${hint}`);
  });
  it('lists the bundled decks when nothing is close', async () => {
    expect(() => resolveDeckArgs(['zzz/nothing-like-it.yaml'], tmp)).toThrow(/: zzz\/nothing-like-it\.yaml \(bundled decks: iam-/);
  });
  it('prefers a path over a bundled id of the same name', async () => {
    write('iam-users-vs-roles/x.yaml');
    expect(resolveDeckArgs(['iam-users-vs-roles'], tmp)).toEqual(['iam-users-vs-roles/x.yaml']);
  });
});

describe('loadDecksOrThrow', () => {
  it('returns the decks when there are only warnings', async () => {
    const decks = await loadDecksOrThrow(['tests/fixtures/decks/broken/missing-why.yaml'], root);
    expect(decks.map((d) => d.id)).toEqual(['missing-why']);
  });
  it('throws a DeckError listing every error as path:line:col: error CODE message', async () => {
    const file = 'tests/fixtures/decks/broken/choice-correct-count.yaml';
    let error: unknown;
    try {
      await loadDecksOrThrow([file], root);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DeckError);
    const lines = (error as DeckError).message.split('\n');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${file}:8:7: error CHOICE_CORRECT_COUNT `)),
      expect.stringMatching(new RegExp(`^${file}:18:7: error CHOICE_CORRECT_COUNT `)),
    ]);
  });
  it('loadDecks lints every file of a folder', async () => {
    const { files, diagnostics } = await loadDecks(['tests/fixtures/decks/valid'], root);
    expect(files).toHaveLength(4);
    expect(diagnostics).toEqual([]);
  });
});

describe('formatDiagnostic', () => {
  it('neutralises control characters in paths and messages', async () => {
    const line = formatDiagnostic({ file: 'a\x1b.yaml', line: 2, col: 3, severity: 'warning', code: 'X', message: 'm\x07' });
    expect(line).toBe('a\\e.yaml:2:3: warning X m\\x07');
  });
});

describe('makeStyle', () => {
  const io = (env: Record<string, string>, isTTY: boolean) => ({ env, stdout: { isTTY } }) as unknown as Io;
  it.each([
    [{}, true, 1],
    [{}, false, 0],
    [{ NO_COLOR: '1' }, true, 0],
    [{ NO_COLOR: '0' }, true, 0],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, false, 1],
    [{ FORCE_COLOR: '0' }, true, 0],
    [{ TERM: 'dumb' }, true, 0],
    [{ COLORTERM: 'truecolor' }, true, 3],
  ] as const)('env %j on a TTY=%s gives colour level %i', (env, isTTY, level) => {
    expect(colorLevel(env, { isTTY })).toBe(level);
    expect(makeStyle(io({ ...env }, isTTY)).level).toBe(level);
  });
  it('prints plain text at level 0', async () => {
    expect(makeStyle(io({ NO_COLOR: '1' }, true)).red('x')).toBe('x');
  });
});

describe('deck cache', () => {
  const all = () => expandPaths(['tests/fixtures/decks', ...(fs.existsSync(path.join(root, 'decks')) ? ['decks'] : [])], root);

  it('never changes lint results, cold or warm', async () => {
    const files = all();
    const plain = await loadDeckFiles(files, root);
    const cache = memoryDeckCache();
    expect(await loadDeckFiles(files, root, { cache })).toEqual(plain);
    expect(await loadDeckFiles(files, root, { cache })).toEqual(plain);
  });

  it('re-attaches the path of the file being loaded on a hit', async () => {
    const cache = fileDeckCache(path.join(tmp, 'cache'), () => KEY);
    const text = fs.readFileSync(path.join(root, 'tests/fixtures/decks/broken/missing-why.yaml'), 'utf8');
    write('copy-one.yaml', text);
    write('copy-two.yaml', text);
    const one = await loadDeckFiles(['copy-one.yaml'], tmp, { cache });
    const two = await loadDeckFiles(['copy-two.yaml'], tmp, { cache });
    expect(fs.readdirSync(path.join(tmp, 'cache'))).toHaveLength(1);
    expect(two.diagnostics.map((d) => d.file)).toEqual(['copy-two.yaml']);
    expect(two.decks[0]!.source).toBe('copy-two.yaml');
    expect({ ...two.decks[0], source: 'copy-one.yaml' }).toEqual(one.decks[0]);
  });

  it('keys entries by the file\'s bytes: a deck with a byte order mark and non-ASCII text hits, with the same result', async () => {
    const text = fs.readFileSync(path.join(root, 'tests/fixtures/decks/valid/minimal.yaml'), 'utf8').replace(/title: .*/, 'title: "Überblick — café"');
    write('bom.yaml', `\uFEFF${text}`);
    write('no-bom.yaml', text);
    const files = memoryDeckCache();
    const asked: string[] = [];
    const cache = { get: (k: string) => (asked.push(k), files.get(k)), set: files.set };
    const cold = await loadDeckFiles(['bom.yaml'], tmp);
    expect(cold.decks[0]!.title).toBe('Überblick — café');
    expect(await loadDeckFiles(['bom.yaml'], tmp, { cache })).toEqual(cold);
    expect(await loadDeckFiles(['bom.yaml'], tmp, { cache })).toEqual(cold); // a hit
    await loadDeckFiles(['no-bom.yaml'], tmp, { cache });
    expect(asked[0]).toBe(cacheKey(fs.readFileSync(path.join(tmp, 'bom.yaml'))));
    expect(asked[1]).toBe(asked[0]);
    expect(asked[2]).not.toBe(asked[0]); // other bytes, another entry
  });

  it('lint (lintDecks) takes diagnostics from a hit without parsing card bodies; loading whole cards checks them', async () => {
    const file = 'tests/fixtures/decks/valid/minimal.yaml';
    const cache = memoryDeckCache();
    const whole = await loadDeckFiles([file], root, { cache });
    const key = cacheKey(fs.readFileSync(path.join(root, file)));
    const hit = cache.get(key)!;
    // The same head with every body unreadable: only a use of the cards can tell.
    const cards = whole.decks[0]!.cards.length;
    const broken = encodeEntry({ deck: hit.deck, diagnostics: [{ line: 1, col: 1, severity: 'warning', code: 'FROM_CACHE', message: 'read from the entry' }], bodies: Array.from({ length: cards }, () => 'not json') });
    cache.setEncoded!(key, broken);
    expect((await lintDecks([file], root, { cache })).diagnostics.map((d) => d.code)).toEqual(['FROM_CACHE']);
    // Whole cards: a body that fails its check makes the entry a miss, and the file is linted again.
    expect((await loadDeckFiles([file], root, { cache: { get: cache.get, set: () => undefined } })).diagnostics).toEqual(whole.diagnostics);
  });

  it('lint compares decks with whole cards: a cached deck whose bodies fail their check is linted again for it', async () => {
    const deck = (id: string) => `deck: ${id}\ntitle: ${id}\ncards:\n  - id: q1\n    type: basic\n    front: Which AWS identity has long-term credentials such as access keys?\n    back: An IAM user\n`;
    write('one.yaml', deck('one'));
    write('two.yaml', deck('two'));
    const want = await lintDecks(['one.yaml', 'two.yaml'], tmp, { crossDeck: true });
    expect(want.diagnostics.map((d) => d.code)).toContain('NEAR_DUPLICATE');
    const cache = memoryDeckCache();
    await lintDecks(['one.yaml', 'two.yaml'], tmp, { cache, crossDeck: true });
    const key = cacheKey(fs.readFileSync(path.join(tmp, 'one.yaml')));
    const hit = cache.get(key)!;
    cache.setEncoded!(key, encodeEntry({ deck: hit.deck, diagnostics: hit.diagnostics, bodies: ['not json'] }));
    // Without the stored comparison (cross-entry.ts), which would spare the whole cards.
    const noCross = { get: cache.get, set: cache.set, setEncoded: cache.setEncoded };
    expect(await lintDecks(['one.yaml', 'two.yaml'], tmp, { cache: noCross, crossDeck: true })).toEqual(want);
  });

  it('lint keeps the comparison of unchanged decks in the cache: the same diagnostics and waivers, until a deck changes', async () => {
    const card = (id: string, front: string, waive = '') => `  - id: ${id}\n    type: basic\n    front: ${front}\n    back: An IAM user\n${waive}`;
    const q = 'Which AWS identity has long-term credentials such as access keys?';
    const waiver = '    lint: { ignore: [NEAR_DUPLICATE], why: asked on purpose in both decks }\n';
    write('x-one.yaml', `deck: x-one\ntitle: One\ncards:\n${card('q1', q)}`);
    write('x-two.yaml', `deck: x-two\ntitle: Two\ncards:\n${card('q1', q)}`);
    write('x-three.yaml', `deck: x-three\ntitle: Three\ncards:\n${card('q9', q, waiver)}`);
    const files = ['x-one.yaml', 'x-two.yaml', 'x-three.yaml'];
    const want = await lintDecks(files, tmp, { crossDeck: true });
    expect(want.diagnostics.map((d) => `${path.basename(d.file)} ${d.code}`)).toEqual(['x-two.yaml NEAR_DUPLICATE']);
    expect(want.waivers.map((w) => w.suppressed)).toEqual([['NEAR_DUPLICATE']]);
    const mem = memoryDeckCache();
    const cross: string[] = [];
    const cache = { ...mem, setEncoded: (key: string, bytes: Buffer) => (bytes.toString().startsWith('{"cross":1') && cross.push(key), mem.setEncoded!(key, bytes)) };
    expect(await lintDecks(files, tmp, { cache, crossDeck: true })).toEqual(want);
    expect(cross).toHaveLength(1);
    expect(await lintDecks(files, tmp, { cache, crossDeck: true })).toEqual(want); // from the stored comparison
    expect(cross).toHaveLength(1);
    // It is what the lint shows while the decks stay the same...
    const planted = { cross: 1, diagnostics: [{ ...want.diagnostics[0]!, message: 'from the stored comparison' }], waived: [] };
    mem.setEncoded!(cross[0]!, Buffer.from(JSON.stringify(planted)));
    expect((await lintDecks(files, tmp, { cache, crossDeck: true })).diagnostics.map((d) => d.message)).toEqual(['from the stored comparison']);
    // ...one of another shape is a miss, and compared again...
    mem.setEncoded!(cross[0]!, Buffer.from(JSON.stringify({ ...planted, diagnostics: [{ ...planted.diagnostics[0], file: '/elsewhere.yaml' }] })));
    expect(await lintDecks(files, tmp, { cache, crossDeck: true })).toEqual(want);
    // ...and a changed deck or another order of the files is another comparison.
    write('x-two.yaml', `deck: x-two\ntitle: Two\ncards:\n${card('q1', 'Which AWS service issues temporary credentials for a role?')}`);
    expect((await lintDecks(files, tmp, { cache, crossDeck: true })).diagnostics).toEqual([]);
    expect((await lintDecks(['x-three.yaml', 'x-one.yaml'], tmp, { cache, crossDeck: true })).waivers.map((w) => w.suppressed)).toEqual([['NEAR_DUPLICATE']]);
  });

  it('treats a corrupt entry as a miss', async () => {
    const dir = path.join(tmp, 'cache-corrupt');
    const cache = fileDeckCache(dir, () => KEY);
    const file = 'tests/fixtures/decks/valid/minimal.yaml';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${cacheKey(text, 'v1')}.json`), '{"diagnostics": nope');
    expect(await loadDeckFiles([file], root, { cache, cacheSalt: 'v1' })).toEqual(await loadDeckFiles([file], root));
  });
});
