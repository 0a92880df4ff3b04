// Two scripted studies on one RECALL_HOME at the same time lose no review; a corrupt progress.json
// is moved aside and rebuilt from the journal, through the built binary.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, exportProgress, FIXTURES, finished, readJournal, recall, recallAsync, tempDir, writeGeneratedDeck } from './helpers.js';

beforeAll(ensureBuilt);
afterAll(cleanTemps);

/** Runs two studies at once on one home; both must exit 0. */
async function together(home: string, a: string[], b: string[]): Promise<void> {
  const runs = await Promise.all([finished(recallAsync(a, { home })), finished(recallAsync(b, { home }))]);
  for (const r of runs) {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
}

function reviewKeys(home: string): { journal: string[]; exported: string[]; cards: string[] } {
  const { run, data } = exportProgress(home);
  expect(run.stderr).toBe('');
  return {
    journal: readJournal(home)
      .filter((e) => e.op === 'review')
      .map((e) => `${e.deck}/${e.card}`)
      .sort(),
    exported: data.reviews.map((r) => `${r.deck}/${r.card}`).sort(),
    cards: data.cards.map((c) => `${c.deck}/${c.card}`).sort(),
  };
}

describe('two sessions on one RECALL_HOME', () => {
  it('keeps every review of two studies of different decks run at the same time', async () => {
    const home = tempDir();
    const dir = tempDir();
    const a = writeGeneratedDeck(dir, 'gen-a', 150, { wrong: (i) => i % 3 === 0 });
    const b = writeGeneratedDeck(dir, 'gen-b', 150, { from: 1000 });
    await together(
      home,
      ['study', a.deckPath, '--answers', a.answersPath, '--new', '1000'],
      ['study', b.deckPath, '--answers', b.answersPath, '--new', '1000'],
    );
    const want = [...a.ids.map((id) => `gen-a/${id}`), ...b.ids.map((id) => `gen-b/${id}`)].sort();
    const got = reviewKeys(home);
    expect(got.journal).toEqual(want);
    expect(got.exported).toEqual(want);
    expect(got.cards).toEqual(want);
  });

  it('keeps every review of two studies of disjoint card subsets of one deck', async () => {
    const home = tempDir();
    const dir = tempDir();
    const deck = writeGeneratedDeck(dir, 'gen-shared', 200);
    const lines = fs.readFileSync(deck.answersPath, 'utf8').trim().split('\n');
    const even = path.join(dir, 'even.yaml');
    const odd = path.join(dir, 'odd.yaml');
    fs.writeFileSync(even, lines.filter((_, i) => i % 2 === 0).join('\n') + '\n');
    fs.writeFileSync(odd, lines.filter((_, i) => i % 2 === 1).join('\n') + '\n');
    await together(
      home,
      ['study', deck.deckPath, '--answers', even, '--new', '1000'],
      ['study', deck.deckPath, '--answers', odd, '--new', '1000'],
    );
    const want = deck.ids.map((id) => `gen-shared/${id}`).sort();
    const got = reviewKeys(home);
    expect(got.journal).toEqual(want); // each card exactly once
    expect(got.exported).toEqual(want);
    expect(got.cards).toEqual(want);
  });
});

describe('a corrupt progress.json', () => {
  it('is read around by read-only commands, then moved aside and rebuilt from the journal by the next command that writes, keeping every review', () => {
    const home = tempDir();
    const key = path.join(FIXTURES, 'all-types.answers.yaml');
    expect(recall(['study', ALL_TYPES, '--answers', key], { home }).code).toBe(0);
    const before = exportProgress(home).data;
    expect(before.reviews).toHaveLength(7);

    const file = path.join(home, 'progress.json');
    fs.writeFileSync(file, '{"version":1,"cards":{\u0000 garbage');
    // Read-only commands never write (issue 11): export says what it found and works from the journal.
    const { run, data } = exportProgress(home);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/progress\.json is damaged .*used the journal instead/);
    expect(fs.readFileSync(file, 'utf8')).toContain('garbage');
    expect(fs.readdirSync(home).filter((f) => f.startsWith('progress.json.corrupt-'))).toHaveLength(0);
    expect(data.reviews.map((r) => r.id)).toEqual(before.reviews.map((r) => r.id));
    expect(data.cards).toEqual(before.cards);
    expect(data.cards.every((c) => c.deck === DECK_ID)).toBe(true);

    // The next command that writes moves it aside (kept, never deleted) and rebuilds from the journal.
    const write = recall(['config', 'set', 'retention', '0.9'], { home });
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/progress\.json was unreadable .*moved it to .*progress\.json\.corrupt-/);
    const aside = fs.readdirSync(home).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, aside[0]!), 'utf8')).toContain('garbage');
    const after = exportProgress(home);
    expect(after.data.reviews.map((r) => r.id)).toEqual(before.reviews.map((r) => r.id));
    expect(after.data.cards).toEqual(before.cards);
    // The rebuilt store is good again: the next start has nothing to repair.
    expect(after.run.stderr).toBe('');
  });
});
