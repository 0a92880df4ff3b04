// `recall deck show` on a terminal wraps long lines under their own text (the terminal cut them
// mid-word back to column 0); piped, as to `less -R` or a file, each line stays whole.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run, renderDeck } from '../../src/commands/deck-show.js';
import { Chalk } from 'chalk';
import type { Io } from '../../src/io.js';
import { repoRoot } from '../helpers/cli.js';

async function show(columns: number | undefined, deck = 'iam-users-vs-roles'): Promise<string[]> {
  const stdout = Object.assign(new PassThrough(), columns === undefined ? {} : { isTTY: true, columns });
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.resume();
  const io: Io = { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1', RECALL_HOME: '/nonexistent' }, cwd: repoRoot };
  expect(await run({ deck }, io)).toBe(0);
  return out.split('\n');
}

describe('deck show and the terminal width', () => {
  it('wraps options, whys and explanations within 40 columns, each under its own text', async () => {
    const lines = await show(40);
    // Card headers ("── 1/27  id  [type]  tags: ...") are one line to find; everything else fits.
    expect(lines.filter((l) => l.length > 40 && !l.startsWith('── '))).toEqual([]);
    const pick = lines.findIndex((l) => /^ {2}[✓✗] a\) /.test(l));
    expect(lines[pick + 1]).toMatch(/^ {7}\S/); // under the option's text, after "  ✓ a) "
    const why = lines.findIndex((l) => l.startsWith('       why: '));
    expect(lines[why + 1]).toMatch(/^ {12}\S/);
    const explain = lines.findIndex((l) => l.startsWith('Explain: '));
    expect(lines[explain + 1]).toMatch(/^ {9}\S/);
  });

  it('breaks a title wider than the terminal between its words (the terminal cut it mid-word)', async () => {
    const lines = await show(40, 'iam-exam-deep-dive');
    expect(lines.slice(0, 2)).toEqual(['iam-exam-deep-dive: IAM roles: exam', '  deep dive']);
    expect((await show(undefined, 'iam-exam-deep-dive'))[0]).toBe('iam-exam-deep-dive: IAM roles: exam deep dive');
  });

  it('keeps each line whole when piped', async () => {
    const lines = await show(undefined);
    expect(lines.some((l) => l.length > 100)).toBe(true);
    expect(lines.filter((l) => /^\s+\S/.test(l) && !/^ {2}([✓✗] [a-z]\)|\d+\.|Blank)|^ {7}(why|\(no why\))/.test(l))).toEqual([]);
  });

  it('keeps the indentation of a policy in a question at 40 columns, on its wrapped lines too', () => {
    const statement = ['This policy allows reading objects:', '{', '  "Effect": "Allow",', '  "Action": ["s3:GetObject", "s3:ListBucket"]', '}'].join('\n');
    const card = { id: 'pol', type: 'truefalse', statement, answer: true, tags: [] };
    const deck = { id: 'json', title: 'Json', source: 'json.yaml', tags: [], cards: [card] } as unknown as Parameters<typeof renderDeck>[0];
    const lines = renderDeck(deck, new Chalk({ level: 0 }), 40).join('\n').split('\n');
    const at = lines.indexOf('           {');
    expect(at, lines.join('\n')).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual(['             "Effect": "Allow",', '             "Action": ["s3:GetObject",', '             "s3:ListBucket"]']);
  });
});
