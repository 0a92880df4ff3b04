// A user's deck that reuses a bundled deck id: naming decks replaces the bundled ones; loading both
// reports DUPLICATE_DECK, the same way in lint, decks and study.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
let work: string;
let env: Record<string, string>;
const MINE = `deck: iam-exam-signals
title: My own exam signals
cards:
  - id: mine
    type: truefalse
    statement: This card is the user's.
    answer: true
    why: It is written in the user's file.
`;

beforeAll(() => {
  home = tempHome();
  work = path.join(home.dir, 'work');
  fs.mkdirSync(path.join(work, 'my-decks'), { recursive: true });
  fs.writeFileSync(path.join(work, 'my-decks/signals.yaml'), MINE);
  env = { RECALL_HOME: path.join(home.dir, 'home'), RECALL_NOW: '2025-03-01T10:00:00Z' };
});
afterAll(() => home.cleanup());

describe('a user deck that reuses a bundled deck id', () => {
  it('recall decks my-decks/ lists the user file alone, with its own title and count', async () => {
    const r = await recall(['decks', 'my-decks/'], { env, cwd: work });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^iam-exam-signals +1 +1 +0 +My own exam signals$/m);
    expect(r.out).not.toContain('iam-users-vs-roles');
    expect(r.out).toContain('1 deck, 1 cards');
  });

  it('recall decks with no argument lists the bundled decks', async () => {
    const r = await recall(['decks'], { env, cwd: work });
    expect(r.code).toBe(0);
    expect(r.out).toContain('iam-users-vs-roles');
    expect(r.out).not.toContain('My own exam signals');
  });

  const both = ['my-decks/', path.join(repoRoot, 'decks/iam-exam-signals.yaml')];
  it.each([
    ['deck lint', ['deck', 'lint', ...both], 1],
    ['decks', ['decks', ...both], 2],
    ['study', ['study', ...both, '--answers', '-'], 2],
    ['quiz', ['quiz', ...both, '--answers', '-'], 2],
  ])('recall %s with both loaded reports DUPLICATE_DECK', async (_name, args, code) => {
    const r = await recall(args as string[], { env, cwd: work, stdin: '{}' });
    expect(r.out + r.err).toMatch(/error DUPLICATE_DECK deck id "iam-exam-signals" is already used by /);
    expect(r.code).toBe(code);
  });
});
