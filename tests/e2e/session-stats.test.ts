// Stats and progress through the built binary: one quiz is one session, export to stdout, reset of
// an unknown deck.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, FIXTURES, readJournal, recall, tempDir } from './helpers.js';
import path from 'node:path';

const KEY = path.join(FIXTURES, 'all-types.answers.yaml');

beforeAll(ensureBuilt);
afterAll(cleanTemps);

describe('sessions', () => {
  it('records one session id on every entry of a quiz, and stats counts each quiz once', () => {
    const home = tempDir();
    for (let i = 0; i < 2; i++) expect(recall(['quiz', ALL_TYPES, '--answers', KEY], { home }).code).toBe(0);
    const journal = readJournal(home) as Array<{ session?: unknown }>;
    expect(journal).toHaveLength(12);
    const sessions = [...new Set(journal.map((e) => e.session))];
    expect(sessions).toHaveLength(2);
    expect(sessions.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    const r = recall(['stats', ALL_TYPES, '--json'], { home });
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout) as { quizzes: Array<{ deck: string; sessions: Array<{ session: string; total: number }> }> };
    expect(stats.quizzes).toHaveLength(1);
    expect(stats.quizzes[0]!.deck).toBe(DECK_ID);
    expect(stats.quizzes[0]!.sessions.map((s) => [s.session, s.total])).toEqual(sessions.map((s) => [s, 6]));
  });
});
