// --tag ignores case; a tag no card carries exits 2 and names the closest tags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
beforeAll(() => {
  home = tempHome();
  env = { RECALL_HOME: home.dir, RECALL_NOW: '2025-03-01T10:00:00Z' };
});
afterAll(() => home.cleanup());

const quizJson = async (tag: string) => {
  // --pass 0: an empty answers file scores 0%, and only the tag matters here
  const r = await recall(['quiz', 'iam-exam-signals', '--tag', tag, '--seed', '1', '--pass', '0', '--answers', '-', '--reporter', 'json'], { env, stdin: '{}' });
  return { ...r, report: r.code === 0 || r.code === 1 ? JSON.parse(r.out) : undefined };
};

describe('--tag', () => {
  it('matches tags whatever their case, in quiz', async () => {
    const lower = await quizJson('trap');
    const upper = await quizJson('TRAP');
    expect(lower.err).toBe('');
    expect(upper.err).toBe('');
    expect(lower.report.total).toBeGreaterThan(0);
    expect(upper.report.total).toBe(lower.report.total);
  });

  it('matches tags whatever their case, in study', async () => {
    const r = await recall(['study', 'iam-exam-signals', '--tag', 'Trap', '--answers', '-', '--reporter', 'json'], { env, stdin: '{}' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).due).toBeGreaterThan(0);
  });

  it.each([['quiz'], ['study']])('in %s, a tag no card carries exits 2 and names the closest', async (cmd) => {
    const r = await recall([cmd, 'iam-exam-signals', '--tag', 'trapp', '--answers', '-'], { env, stdin: '{}' });
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: --tag trapp: no card has this tag (did you mean trap?)\n');
  });

  it('quotes an empty tag, as a script with an unset variable gives it', async () => {
    const r = await recall(['quiz', 'iam-exam-signals', '--tag', '', '--answers', '-'], { env, stdin: '{}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recall: --tag "": no card has this tag \(/);
  });

  it('lists the tags there are when none is close', async () => {
    const r = await recall(['quiz', 'iam-exam-signals', '--tag', 'kubernetes', '--answers', '-'], { env, stdin: '{}' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recall: --tag kubernetes: no card has this tag \(tags in these decks: [a-z-]+, /);
  });
});
