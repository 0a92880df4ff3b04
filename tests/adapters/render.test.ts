// Feedback text fits the terminal: why and explain wrap at word boundaries with a hanging indent.
import { describe, expect, it } from 'vitest';
import { hang, renderFeedback, sessionHeader } from '../../src/adapters/render.js';
import { wrapLabel } from '../../src/adapters/prompts/frame.js';
import type { Card } from '../../src/core/model.js';
import type { ChalkInstance } from 'chalk';

// Colour is decoration; the plain identity style keeps the assertions about layout.
const plain = new Proxy(() => undefined, {
  get: () => plain,
  apply: (_t, _this, args: unknown[]) => args.join(' '),
}) as unknown as ChalkInstance;

const LONG = 'Rotated keys are still long-term credentials; rotation only narrows the window in which a leaked key works.';

describe('hang', () => {
  it('wraps the text under where it began, every line within the width, no word cut', () => {
    const out = hang('      why: ', LONG, 50).split('\n');
    expect(out.length).toBeGreaterThan(2);
    expect(out[0]!.startsWith('      why: Rotated')).toBe(true);
    for (const line of out) expect(line.length).toBeLessThanOrEqual(50);
    for (const line of out.slice(1)) expect(line).toMatch(/^ {11}\S/);
    expect(out.map((l) => l.trim()).join(' ').replace('why: ', '')).toBe(LONG);
  });

  // The lead's own indentation was trimmed here: "why:" and "✗ your pick:" started at column 0.
  it('falls back to a 2-space hanging indent under the lead, keeping the lead\'s own indentation, when the lead leaves too little room', () => {
    const out = hang('  ✗ your pick, a very long label: ', LONG, 40).split('\n');
    for (const line of out) expect(line.length).toBeLessThanOrEqual(40);
    expect(out[0]).toMatch(/^ {2}✗ your pick/);
    for (const line of out.slice(1)) expect(line).toMatch(/^ {4}\S/);
    const why = hang('      why: ', LONG, 30).split('\n');
    expect(why[0]).toMatch(/^ {6}why: Rotated/);
    for (const line of why) expect(line.length).toBeLessThanOrEqual(30);
    for (const line of why.slice(1)) expect(line).toMatch(/^ {8}\S/);
  });

  it('keeps one line when there is no terminal width', () => {
    expect(hang('  explain: ', LONG, undefined)).toBe(`  explain: ${LONG}`);
  });

  it('breaks a word longer than the line rather than overflow', () => {
    const url = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html';
    for (const line of hang('  explain: ', url, 40).split('\n')) expect(line.length).toBeLessThanOrEqual(40);
  });
});

describe('renderFeedback at a width', () => {
  const card: Card = {
    id: 'c',
    type: 'choice',
    tags: [],
    pos: { line: 1, col: 1 },
    prompt: 'Which approach avoids long-term credentials?',
    choices: [
      { text: 'IAM users for every workload, with their access keys rotated every 90 days', correct: false, why: LONG },
      { text: 'Roles and federation', correct: true, why: 'This wording points straight at roles, federation or temporary credentials.' },
    ],
    explain: 'Temporary credentials expire on their own; long-term ones must be rotated, guarded and eventually revoked by hand.',
  };

  it('wraps the options, their whys and the explanation within the width, each under its own column', () => {
    const text = renderFeedback(plain, card, { correct: false, given: 'a', expected: 'b', picked: [0] }, { width: 50 });
    const lines = text.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(50);
    const explain = lines.findIndex((l) => l.startsWith('  explain: '));
    expect(explain).toBeGreaterThan(0);
    expect(lines[explain + 1]).toMatch(/^ {11}\S/);
    const why = lines.findIndex((l) => l.startsWith('      why: Rotated'));
    expect(lines[why + 1]).toMatch(/^ {11}\S/);
    // The option's own text continues under itself, after "✗ your pick: a) ".
    const pick = lines.findIndex((l) => l.startsWith('  ✗ your pick: a) IAM users'));
    expect(lines[pick + 1]).toMatch(new RegExp(`^ {${'  ✗ your pick: a) '.length}}\\S`));
  });

  it.each([40, 30])('at %i columns every option and why keeps its indentation', (width) => {
    const lines = renderFeedback(plain, card, { correct: false, given: 'a', expected: 'b', picked: [0] }, { width }).split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
    // Only the verdict starts at column 0; options at 2, whys at 6, their wrapped lines deeper.
    expect(lines.slice(1).filter((l) => !/^ {2}/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\s*why:/.test(l)).every((l) => l.startsWith('      why: '))).toBe(true);
    expect(lines.slice(1).filter((l) => /^\s*[✓✗] /.test(l)).every((l) => /^ {2}[✓✗] /.test(l))).toBe(true);
  });
});

describe('wrapLabel (menu options)', () => {
  it('keeps a long option under its own first word', () => {
    const label = 'IAM users for each workload, with their access keys rotated on a 90-day schedule';
    const lines = `> a) ${wrapLabel(label, 5, 50)}`.split('\n');
    expect(lines.length).toBe(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines[1]).toMatch(/^ {5}\S/);
  });

  it('only indents its own line breaks without a terminal width', () => {
    expect(wrapLabel('one\ntwo', 5, undefined)).toBe('one\n     two');
  });
});

describe('sessionHeader in a narrow terminal', () => {
  const plain = new Proxy({}, { get: () => (t: string) => t }) as unknown as ChalkInstance;
  const progress = { done: 3, left: 20, learning: 7 };
  const title = 'Identity and Access Management: users versus roles';

  it('is one line where it fits, as before', () => {
    expect(sessionHeader(plain, 'IAM', progress, 100)).toBe(`IAM  [###${'-'.repeat(17)}] 20 left (7 in learning)`);
    expect(sessionHeader(plain, 'IAM', progress).split('\n')).toHaveLength(1);
  });

  it.each([40, 30])('breaks between its parts and between words at %i columns, cutting none', (width) => {
    const out = sessionHeader(plain, title, progress, width, 'exam in 12 days: on track');
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words(out)).toEqual(words(sessionHeader(plain, title, progress, undefined, 'exam in 12 days: on track')));
  });
});

describe('renderFeedback: options in screen order', () => {
  const multi: Card = {
    id: 'm',
    type: 'multi',
    tags: [],
    pos: { line: 1, col: 1 },
    prompt: 'Which can assume a role? (Choose three.)',
    choices: [
      { text: 'A user in another account', correct: true },
      { text: 'An S3 bucket', correct: false },
      { text: 'An EC2 instance', correct: true },
      { text: 'A security group', correct: false },
      { text: 'A Lambda function', correct: true },
    ],
  };

  it('lists the picked and the right options in the order they were on screen, with their screen letters', () => {
    // On screen: a) EC2 (deck 2), b) S3 (1), c) user (0), d) SG (3), e) Lambda (4); picked b) and c).
    const text = renderFeedback(plain, multi, { correct: false, given: '', expected: '', picked: [1, 0] }, { order: [2, 1, 0, 3, 4] });
    const options = text.split('\n').filter((l) => /\) /.test(l)).map((l) => l.trim());
    expect(options).toEqual([
      '✓ right: a) An EC2 instance',
      '✗ your pick: b) An S3 bucket',
      '✓ your pick, right: c) A user in another account',
      '✓ right: e) A Lambda function',
    ]);
  });
});
