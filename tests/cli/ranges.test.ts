// The numeric options take a documented range; anything else is a usage error (exit 2) that names
// the option and the range, before any deck is read or any timer is set.
import { describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

const rejected: Array<[string, string[], RegExp]> = [
  ['--time 0', ['quiz', '--time', '0'], /--time takes whole minutes from 1 to 600, got "0"/],
  // 40000 minutes overflowed setTimeout (2^31-1 ms) and ended the quiz at once
  ['--time 40000', ['quiz', '--time', '40000'], /--time takes whole minutes from 1 to 600, got "40000"/],
  ['--time 0.5', ['quiz', '--time', '0.5'], /--time takes whole minutes from 1 to 600/],
  ['--time -5', ['quiz', '--time=-5'], /--time takes whole minutes from 1 to 600/],
  ['--count 0', ['quiz', '--count', '0'], /--count takes a whole number from 1 to 100000, got "0"/],
  ['--count ten', ['quiz', '--count', 'ten'], /--count takes a whole number from 1 to 100000, got "ten"/],
  ['--count 1e3', ['quiz', '--count', '1e3'], /--count takes a whole number from 1 to 100000/],
  ['--limit 0', ['study', '--limit', '0'], /--limit takes a whole number from 1 to 100000, got "0"/],
  ['--limit 100001', ['study', '--limit', '100001'], /--limit takes a whole number from 1 to 100000/],
  ['--new 2.5', ['study', '--new', '2.5'], /--new takes a whole number from 0 to 100000, got "2.5"/],
  ['--new 100001', ['study', '--new', '100001'], /--new takes a whole number from 0 to 100000/],
  ['--pass 101', ['quiz', '--pass', '101'], /--pass takes a percentage from 0 to 100, got "101"/],
  ['--pass abc', ['quiz', '--pass', 'abc'], /--pass takes a percentage from 0 to 100/],
  ['--min-score 120', ['quiz', '--min-score', '120'], /--min-score takes a percentage from 0 to 100, got "120"/],
  // Past 2^53 the seed read back as another number, which the report then named.
  ['--seed 99999999999999999999', ['quiz', '--seed', '99999999999999999999'], /--seed takes a whole number from 0 to 9007199254740991, got "99999999999999999999"/],
  ['--seed abc', ['quiz', '--seed', 'abc'], /--seed takes a whole number from 0 to 9007199254740991, got "abc"/],
];

describe('numeric option ranges', () => {
  it.each(rejected)('%s exits 2 naming the option and its range', async (_name, args, message) => {
    const home = tempHome();
    try {
      // --answers: a scripted run, so a terminal is not what stops it
      const r = await recall([...args, '--answers', '-'], { env: { RECALL_HOME: home.dir }, stdin: 'x: y\n' });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/^recall: /);
      expect(r.err).not.toMatch(/no auto-gradable cards/);
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      home.cleanup();
    }
  });

  it.each([
    ['--time 1 and --time 600', ['quiz', '--time', '1', '--pass', '0'], ['quiz', '--time', '600', '--pass', '100']],
    ['--new 0 (reviews only) and --limit 1', ['study', '--new', '0'], ['study', '--limit', '1']],
    ['--count 1 and --pass 72.5', ['quiz', '--count', '1', '--pass', '72.5'], ['quiz', '--count', '100000']],
    ['--seed 0 and --seed 9007199254740991', ['quiz', '--seed', '0'], ['quiz', '--seed', '9007199254740991']],
  ])('accepts the ends of the range: %s', async (_name, a, b) => {
    for (const args of [a, b]) {
      const home = tempHome();
      try {
        const r = await recall([...args, 'iam-users-vs-roles', '--answers', '-'], { env: { RECALL_HOME: home.dir }, stdin: '{}\n' });
        expect(r.err, args.join(' ')).not.toMatch(/takes/);
        expect(r.code, `${args.join(' ')}: ${r.err}`).not.toBe(2);
      } finally {
        home.cleanup();
      }
    }
  });

  it('states the ranges in the help', async () => {
    const quiz = await recall(['quiz', '--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(quiz.out).toMatch(/--time <minutes>\s+time limit in whole minutes, 1-600/);
    expect(quiz.out).toMatch(/--count <n>\s+number of questions, 1-100000/);
    expect(quiz.out).toMatch(/--pass <pct>\s+pass mark in percent, 0-100/);
    const study = await recall(['study', '--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(study.out).toMatch(/--limit <n>\s+at most N cards this session \(1-100000\)/);
    expect(study.out).toMatch(/--new <n>[\s\S]*\(0-100000\)/);
  });
});
