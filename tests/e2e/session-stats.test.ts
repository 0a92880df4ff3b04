// Stats and progress through the built binary: one quiz is one session, export to stdout, reset of
// an unknown deck.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES, cleanTemps, DECK_ID, ensureBuilt, FIXTURES, readJournal, recall, tempDir } from './helpers.js';
import fs from 'node:fs';
import path from 'node:path';

const KEY = path.join(FIXTURES, 'all-types.answers.yaml');
const MIXED = path.join(FIXTURES, 'all-types.mixed.yaml');

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

describe('quiz history', () => {
  it('scores a partly answered quiz out of every question it asked, as the quiz itself does', () => {
    const home = tempDir();
    // Two of the six questions answered, both right: the quiz scores 33.3% (2/6), and so must stats.
    const partial = path.join(home, 'partial.yaml');
    fs.writeFileSync(partial, 'role-creds: a\nrole-password: false\n');
    const quiz = recall(['quiz', ALL_TYPES, '--answers', partial, '--pass', '0'], { home });
    expect(quiz.code).toBe(0);
    expect(quiz.stdout).toMatch(/Score: 33\.3% \(2\/6 correct, 4 unanswered\)/);
    const json = JSON.parse(recall(['stats', ALL_TYPES, '--json'], { home }).stdout) as { quizzes: Array<{ sessions: Array<{ correct: number; total: number; score: number }>; last: number }> };
    expect(json.quizzes[0]!.sessions.map((s) => [s.correct, s.total])).toEqual([[2, 6]]);
    expect(json.quizzes[0]!.last).toBeCloseTo(2 / 6);
    expect(recall(['stats', ALL_TYPES], { home }).stdout).toMatch(/last\s+33\.3% \(2\/6\)/);
  });
});

describe('quizzes with unanswered decks', () => {
  const MINIMAL = path.join(FIXTURES, '..', 'decks', 'valid', 'minimal.yaml');

  it('a quiz with nothing answered stays in stats, scored 0, and moves no card', () => {
    const home = tempDir();
    const empty = path.join(home, 'empty.json');
    fs.writeFileSync(empty, '{}');
    const quiz = recall(['quiz', ALL_TYPES, '--answers', empty], { home });
    expect(quiz.code).toBe(1); // below the pass mark
    expect(quiz.stdout).toMatch(/Score: 0\.0% \(0\/6 correct, 6 unanswered\)/);
    // One entry saying what the quiz asked; no review, so no card state.
    expect(readJournal(home)).toEqual([expect.objectContaining({ op: 'quiz', deck: DECK_ID, questions: 6, session: expect.any(String) })]);
    const exported = JSON.parse(recall(['progress', 'export'], { home }).stdout) as { cards: unknown[]; reviews: unknown[] };
    expect([exported.cards.length, exported.reviews.length]).toEqual([0, 0]);
    const json = JSON.parse(recall(['stats', ALL_TYPES, '--json'], { home }).stdout) as { quizzes: Array<{ deck: string; sessions: Array<{ correct: number; total: number }>; last: number }>; reviews: { total: number } };
    expect(json.quizzes.map((q) => [q.deck, q.sessions.map((s) => [s.correct, s.total]), q.last])).toEqual([[DECK_ID, [[0, 6]], 0]]);
    expect(json.reviews.total).toBe(0);
    expect(recall(['stats', ALL_TYPES], { home }).stdout).toMatch(/last\s+0\.0% \(0\/6\)/);
  });

  it('a deck of the quiz with no answer given keeps its part of the quiz in stats', () => {
    const home = tempDir();
    // Two of ALL_TYPES's six questions answered, right; the minimal deck's one question not.
    const partial = path.join(home, 'partial.yaml');
    fs.writeFileSync(partial, 'role-creds: a\nrole-password: false\n');
    const quiz = recall(['quiz', ALL_TYPES, MINIMAL, '--answers', partial, '--pass', '0'], { home });
    expect(quiz.code).toBe(0);
    expect(quiz.stdout).toMatch(/Score: 28\.5% \(2\/7 correct, 5 unanswered\)/);
    const json = JSON.parse(recall(['stats', ALL_TYPES, MINIMAL, '--json'], { home }).stdout) as { quizzes: Array<{ deck: string; sessions: Array<{ session: string; correct: number; total: number }> }> };
    const rows = json.quizzes.map((q) => [q.deck, q.sessions.map((s) => [s.correct, s.total])]);
    expect(new Map(rows as Array<[string, number[][]]>)).toEqual(
      new Map([
        [DECK_ID, [[2, 6]]],
        ['fixture-minimal', [[0, 1]]],
      ]),
    );
    // Both parts are the one quiz: the same session.
    expect(new Set(json.quizzes.map((q) => q.sessions[0]!.session)).size).toBe(1);
  });
});

describe('confusions', () => {
  it('name the option picked by its text, not by a letter', () => {
    const home = tempDir();
    // role-creds: b is "A long-term access key" (deck order); seed 5 shows the options shuffled.
    expect(recall(['quiz', ALL_TYPES, '--answers', MIXED, '--seed', '5', '--pass', '0'], { home }).code).toBe(0);
    const wrong = (readJournal(home) as Array<{ card: string; picked?: number[] }>).find((e) => e.card === 'role-creds');
    expect(wrong?.picked).toEqual([1]);
    const json = JSON.parse(recall(['stats', ALL_TYPES, '--json'], { home }).stdout) as { confusions: Array<{ id: string; picked: string; right: string }> };
    expect(json.confusions).toEqual([{ deck: DECK_ID, id: 'role-creds', picked: 'A long-term access key', right: 'Temporary credentials from STS', count: 1 }]);
    const text = recall(['stats', ALL_TYPES], { home }).stdout;
    expect(text).toMatch(/picked A long-term access key\n\s+right\s+Temporary credentials from STS/);
  });
});
