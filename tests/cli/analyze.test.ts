// `recall analyze` in-process: folders searched recursively, files that are not reports skipped
// with one line each, the three formats, the filters, and hostile deck text in the output.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs/item-analysis.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);

let home: { dir: string; cleanup: () => void };
let env: Record<string, string>;
beforeEach(() => {
  home = tempHome();
  env = { RECALL_HOME: path.join(home.dir, 'store') };
});
afterEach(() => home.cleanup());

const OPTIONS = [
  { text: 'An IAM role', correct: true },
  { text: 'An IAM user', correct: false },
  { text: 'Evil \u001b]52;c;aGk=\u0007 option', correct: false },
];

function write(rel: string, student: string, picks: number[], at = '2026-11-01T10:00:00.000Z'): void {
  const items = picks.map((p, i) => ({ deck: 'd', id: `q${i}`, type: 'choice', tags: [], correct: p === 0, given: '', expected: '', hash: `h${i}`, picked: p, options: OPTIONS }));
  const correct = items.filter((i) => i.correct).length;
  const report = { version: 2, recall: '0.1.0', student, seed: 1, at, total: items.length, correct, score: (100 * correct) / items.length, passed: true, byTag: {}, items };
  const file = path.join(home.dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report));
}

describe('recall analyze', () => {
  beforeEach(() => {
    write('class/a.json', 'alice', [0, 0, 1]);
    write('class/deeper/b.json', 'bob', [0, 1, 2]);
    write('class/c.json', 'carol', [1, 0, 0]);
    fs.writeFileSync(path.join(home.dir, 'class/notes.json'), '{"hello": "world"}');
    fs.writeFileSync(path.join(home.dir, 'class/broken.json'), '{"items": [');
    fs.writeFileSync(path.join(home.dir, 'class/readme.txt'), 'not json at all');
  });

  it('searches folders recursively, skips what is not a report with one line each, and exits 0', async () => {
    const r = await recall(['analyze', path.join(home.dir, 'class'), '--json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out).toMatchObject({ reports: 3, students: 3, test: { students: 3, items: 3 } });
    expect(r.err.trim().split('\n')).toEqual([
      expect.stringMatching(/skipped .*broken\.json: not JSON/),
      expect.stringMatching(/skipped .*notes\.json: not a recall quiz report/),
    ]);
    expect(out.items.map((i: { id: string }) => i.id)).toEqual(['q0', 'q1', 'q2']);
    expect(out.items[0].options.map((o: { count: number }) => o.count)).toEqual([2, 1, 0]);
  });

  it('prints worst items first with a bar per option and the key marked, and neutralises deck text', async () => {
    const r = await recall(['analyze', path.join(home.dir, 'class')], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 reports, 3 students, 3 items/);
    expect(r.out).toMatch(/✓ a\) .*An IAM role/);
    expect(r.out).not.toMatch(/[\u001b\u0007]/);
    expect(r.out).toContain('\\e]52');
    expect(r.out).toContain('small-sample');
  });

  it.each([40, 60, 80])('fits %i columns: phrases break between phrases, option text under its bar when narrow', async (columns) => {
    const r = await recall(['analyze', path.join(home.dir, 'class')], { env: { ...env, COLUMNS: String(columns) } });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => [...l].length > columns)).toEqual([]);
    // an item's flags continue under its name, indented; the flag help under its flag
    expect(lines.filter((l) => /^\S/.test(l) && !/^(d\/q\d|\d+ reports|Scores|Flags)/.test(l))).toEqual([]);
    expect(r.out.replace(/\s+/g, ' ')).toContain('small-sample: fewer than 30 students: read the numbers as rough');
    expect(r.out.replace(/\s+/g, ' ')).toMatch(/✓ a\) [█·]+ +\d+% +pb \S+ An IAM role/);
  });

  it('counts one report, one student and one skipped file in the singular', async () => {
    write('one/a.json', 'alice', [0, 1, 0]);
    fs.writeFileSync(path.join(home.dir, 'one/broken.json'), '{');
    const r = await recall(['analyze', path.join(home.dir, 'one')], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^1 report, 1 student, 3 items {2}\(1 file skipped\)$/m);
  });

  it('writes Markdown tables for an issue or a wiki', async () => {
    const r = await recall(['analyze', path.join(home.dir, 'class'), '--format', 'md'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## Item analysis/);
    expect(r.out).toContain('| item | type | n | facility | discrimination | upper-lower | flags |');
    expect(r.out).not.toMatch(/[\u001b\u0007]/);
  });

  it('counts a student once per item, using the latest report', async () => {
    write('class/a-retake.json', 'alice', [1, 1, 1], '2026-11-05T10:00:00.000Z');
    const out = JSON.parse((await recall(['analyze', path.join(home.dir, 'class'), '--json'], { env })).out);
    expect(out).toMatchObject({ reports: 4, students: 3 });
    expect(out.items[0].facility).toBeCloseTo(1 / 3, 4); // alice's retake picked b
  });

  it('filters by deck and by minimum n', async () => {
    write('class/e.json', 'eve', [0, 0, 0]);
    const mixed = JSON.parse(fs.readFileSync(path.join(home.dir, 'class/e.json'), 'utf8'));
    mixed.items[2].deck = 'other';
    fs.writeFileSync(path.join(home.dir, 'class/e.json'), JSON.stringify(mixed));
    const other = await recall(['analyze', path.join(home.dir, 'class'), '--json', '--deck', 'other'], { env });
    expect(other.code).toBe(0);
    expect(JSON.parse(other.out).items.map((i: { deck: string; id: string }) => `${i.deck}/${i.id}`)).toEqual(['other/q2']);
    const big = await recall(['analyze', path.join(home.dir, 'class'), '--json', '--min-n', '5'], { env });
    expect(big.code).toBe(0);
    expect(JSON.parse(big.out).items).toEqual([]);
    // Reports full of items, none shown: the line says it was --min-n, not empty reports.
    expect(big.err).toMatch(/^recall: all 4 items were answered by fewer than 5 students \(--min-n 5\)$/m);
  });

  it('a --deck no report holds is exit 2 naming the closest deck id, not an empty analysis', async () => {
    // It printed "0 items", "No items to analyse." and exited 0: a mistyped deck id read as an empty class.
    const typo = await recall(['analyze', path.join(home.dir, 'class'), '--deck', 'dd'], { env });
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toMatch(/^recall: --deck dd: no item of this deck in the reports \(did you mean d\?\); decks in them: d$/m);
    const json = await recall(['analyze', path.join(home.dir, 'class'), '--json', '--deck', 'd', '--deck', 'nowhere'], { env });
    expect(json.code).toBe(2);
    expect(json.out).toBe('');
    expect(json.err).toMatch(/--deck nowhere: no item of this deck in the reports; decks in them: d/);
  });

  it.each([
    [[], /missing required argument|name the quiz reports/],
    [['no-such-folder'], /no-such-folder: no such file or folder/],
    [['--format', 'xml', 'x'], /Allowed choices are text, json, md/],
  ])('recall analyze %j is a usage error (exit 2)', async (args, message) => {
    const r = await recall(['analyze', ...args], { env, cwd: home.dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('exits 2 when no file is a usable report', async () => {
    const r = await recall(['analyze', path.join(home.dir, 'class/notes.json')], { env });
    expect(r.code).toBe(2);
    expect(r.err).toContain('no usable quiz reports');
  });

  it('reads only regular files: a FIFO or device named on the command line is refused', async () => {
    const r = await recall(['analyze', '/dev/zero'], { env });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a regular file or folder/);
  });
});

describe('recall analyze: a true/false item nobody answered', () => {
  it('still marks its key, from the reports (a quiz submitted blank, a deadline)', async () => {
    // Real reports: the quiz asks credentials-expire (its statement is true), nobody answers it.
    const answers = path.join(home.dir, 'answers.yaml');
    fs.writeFileSync(answers, 'role-no-standing-keys: false\n');
    fs.mkdirSync(path.join(home.dir, 'reports'));
    for (const student of ['ann', 'bob']) {
      const r = await recall(['quiz', 'iam-users-vs-roles', '--answers', answers, '--student', student, '--reporter', 'json', '--output', path.join(home.dir, `reports/${student}.json`)], { env });
      expect(r.code).toBe(1);
    }
    const r = await recall(['analyze', path.join(home.dir, 'reports'), '--json'], { env });
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out).items as Array<{ id: string; options: Array<{ text: string; correct: boolean }> }>;
    const key = (id: string) => items.find((i) => i.id === id)!.options.filter((o) => o.correct).map((o) => o.text);
    expect(key('credentials-expire')).toEqual(['true']);
    expect(key('users-not-obsolete')).toEqual(['false']);
    expect(key('role-no-standing-keys')).toEqual(['false']);
    const text = await recall(['analyze', path.join(home.dir, 'reports')], { env: { ...env, NO_COLOR: '1' } });
    const block = text.out.slice(text.out.indexOf('iam-users-vs-roles/credentials-expire'));
    expect(block).toMatch(/✓ a\) [^\n]*true\n/);
  });
});
