// Key help under a prompt, and other lines of short phrases, break between phrases in a narrow
// terminal: the terminal itself would cut "1-4 move to position" after "move". And an answered
// question, left above its feedback, wraps under itself.
import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { frame, helpLine } from '../../src/adapters/prompts/frame.js';
import { joinFitting } from '../../src/core/wrap.js';

describe('joinFitting', () => {
  it.each([
    [['a b', 'c d', 'e f'], 9, 'a b · c d\ne f'],
    [['a b', 'c d', 'e f'], 100, 'a b · c d · e f'],
    [['a b', 'c d', 'e f'], undefined, 'a b · c d · e f'],
    // a part longer than the width keeps its own line, whole
    [['a very long part', 'x'], 5, 'a very long part\nx'],
    // colour codes take no room on screen
    [['\u001B[31ma b\u001B[39m', '\u001B[1mc d\u001B[22m'], 9, '\u001B[31ma b\u001B[39m · \u001B[1mc d\u001B[22m'],
  ] as const)('%j in %s columns', (parts, width, out) => {
    expect(joinFitting([...parts], width)).toBe(out);
  });
});

describe('the key help under a prompt', () => {
  const order = {
    keys: ['↑↓ move', 'space pick up/drop', '1-4 move to position', 'Enter submit'],
    opts: { nav: ['flag', 'skip', 'back', 'review'] as const, hint: 'a hint' },
    hintShown: false,
  };

  it('breaks between keys at 40 columns, every key whole', () => {
    const lines = helpLine({ ...order, opts: { ...order.opts, nav: [...order.opts.nav] } }, 40).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines.join(' · ').split(' · ')).toEqual(['↑↓ move', 'space pick up/drop', '1-4 move to position', 'Enter submit', '? hint', '^F flag', '^N skip', '^P back', '^R review']);
  });

  it('stays one line without a terminal width', () => {
    expect(helpLine({ ...order, opts: { ...order.opts, nav: [...order.opts.nav] } }, undefined)).not.toContain('\n');
  });
});

describe('an answered question', () => {
  const done = {
    status: 'done' as const,
    opts: {},
    title: 'Which of these is an IAM role?',
    body: [],
    hintShown: false,
    noHintShown: false,
    keys: [],
    summary: 'b) An identity holding a console password and access keys that one person keeps for years',
  };

  it('wraps within the terminal with its later lines indented, as the feedback under it is', () => {
    const [content] = frame(done, '›', 40);
    const lines = stripVTControlCharacters(content).split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]).toMatch(/^› Which of these is an IAM role\? b\)/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
  });

  it('stays one line for the screen manager without a terminal width', () => {
    expect(stripVTControlCharacters(frame(done, '›', undefined)[0])).not.toContain('\n');
  });
});

describe('a question with a policy in it', () => {
  const policy = ['This policy allows reading objects:', '{', '  "Effect": "Allow",', '  "Action": ["s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion"]', '}'].join('\n');
  const base = { opts: {}, title: policy, hintShown: false, noHintShown: false, keys: ['Enter confirm'] };

  it.each([
    ['on screen', '?', { ...base, status: 'idle' as const, body: ['> t) True'], summary: '' }],
    ['answered', '›', { ...base, status: 'done' as const, body: [], summary: 't) True' }],
  ])('keeps the nesting of its lines %s, wrapped under their own indentation', (_what, prefix, f) => {
    const lines = stripVTControlCharacters(frame(f, prefix, 40)[0]).split('\n');
    expect(lines.slice(0, 3)).toEqual([`${prefix} This policy allows reading objects:`, '  {', '    "Effect": "Allow",']);
    expect(lines[3]).toBe('    "Action": ["s3:GetObject",');
    expect(lines[4]).toMatch(/^ {4}"s3:ListBucket",/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
  });

  it('puts the answer after its last line, though a YAML block scalar ends the text with a line break', () => {
    const f = { ...base, title: `${policy}\n`, status: 'done' as const, body: [], summary: 't) True' };
    expect(stripVTControlCharacters(frame(f, '›', 40)[0]).split('\n').at(-1)).toBe('  } t) True');
  });
});

describe('a question on screen', () => {
  it('wraps within the terminal with its later lines indented under it', () => {
    const asking = {
      status: 'idle' as const,
      opts: {},
      title: 'A Lambda function must publish messages to an SNS topic. Where should the permission to publish be granted?',
      body: ['> a) In the execution role'],
      hintShown: false,
      noHintShown: false,
      keys: ['Enter confirm'],
      summary: '',
    };
    const lines = stripVTControlCharacters(frame(asking, '?', 40)[0]).split('\n');
    const question = lines.slice(0, lines.indexOf('> a) In the execution role'));
    expect(question.length).toBeGreaterThan(2);
    expect(question[0]).toMatch(/^\? A Lambda function/);
    for (const line of question) expect(line.length, line).toBeLessThanOrEqual(40);
    for (const line of question.slice(1)) expect(line).toMatch(/^ {2}\S/);
  });
});
