// One truncation mark, `…`, wherever recall shortens text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/model.js';
import { truncate } from '../../src/core/truncate.js';
import { q } from '../../src/core/validate-fields.js';
import { resolveAnswers } from '../../src/core/answers.js';

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven ch…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
  ])('%j in %i is %j', (text, max, want) => expect(truncate(text, max)).toBe(want));
});

describe('where recall shortens text', () => {
  it('quotes long deck text in diagnostics with …', () => {
    expect(q('x'.repeat(100))).toBe(`"${'x'.repeat(59)}…"`);
  });
  it('quotes a long answer in an answers-file error with …', () => {
    const card: Card = { type: 'truefalse', id: 't', tags: [], pos: { line: 1, col: 1 }, statement: 's', answer: true };
    const { errors } = resolveAnswers({ t: { nested: 'y'.repeat(100) } }, [{ deck: 'd', card }]);
    expect(errors.join('\n')).toMatch(/y…/);
    expect(errors.join('\n')).not.toContain('...');
  });
  it('has no source that shortens with three dots', () => {
    const root = path.resolve(__dirname, '../../src');
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    // How text was cut before: `+ '...'`, `+= '...'`, `${...}...` at the end of a template, or a
    // template starting `... and N more`. A '...' placeholder in a message (why: "...") is not a cut.
    const code = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');
    const offenders = walk(root).filter((f) => /\+=?\s*(['"`])\.\.\.\1|\}\.\.\.`|`\.\.\. /.test(code(f)));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
