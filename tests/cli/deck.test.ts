// The built binary, run as a user would: exit codes and output of `recall deck ...`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const root = path.resolve(__dirname, '../..');
const BROKEN = 'tests/fixtures/decks/broken';
let home: string;
let work: string;

let buildWarnings = '';
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  buildWarnings = build.stderr;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-home-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-work-'));
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

it('builds without warnings (an import.meta in boot.cjs would be empty: esbuild warns of it)', () => {
  expect(buildWarnings).toBe('');
});

function recall(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/recall.cjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', RECALL_HOME: home },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('recall', () => {
  it('prints help with examples and exits 0', () => {
    const r = recall(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: recall');
    expect(r.stdout).toContain('deck');
    expect(r.stdout).toContain('Examples:');
  });
  it('prints its version', () => {
    const r = recall(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
  it('shows an example in deck lint --help', () => {
    const r = recall(['deck', 'lint', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('recall deck lint --strict');
  });
});

describe('recall deck lint', () => {
  it('passes the bundled decks with --strict', () => {
    const r = recall(['deck', 'lint', '--strict']);
    expect(r.stderr).toMatch(/\d+ files checked: 0 errors, 0 warnings/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
  it('exits 0 on a valid fixture folder', () => {
    const r = recall(['deck', 'lint', 'tests/fixtures/decks/valid']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('4 files checked: 0 errors, 0 warnings');
  });
  it('exits 1 and prints path:line:col: error CODE message for errors', () => {
    const r = recall(['deck', 'lint', `${BROKEN}/wrong-type-number.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${BROKEN}/wrong-type-number.yaml:7:13: error WRONG_TYPE "answer" should be text, but YAML read 1.10 as the number 1.1; put it in quotes: "1.10"\n`,
    );
    expect(r.stderr).toBe('1 file checked: 1 error, 0 warnings\n');
  });
  it('exits 0 on warnings, and 1 with --strict', () => {
    const file = `${BROKEN}/missing-why.yaml`;
    const plain = recall(['deck', 'lint', file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`^${file}:11:9: warning MISSING_WHY `));
    const strict = recall(['deck', 'lint', '--strict', file]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('--strict fails on warnings');
  });
  it('exits 2 with a one-line message, no stack trace, for a missing path', () => {
    const r = recall(['deck', 'lint', 'no/such/deck.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('recall: no such file, folder or bundled deck: no/such/deck.yaml (bundled decks: ' + bundledIds().join(', ') + ')\n');
  });
  it('exits 2 for an unknown option', () => {
    expect(recall(['deck', 'lint', '--frobnicate']).code).toBe(2);
  });
  it('prints JSON with --format json', () => {
    const r = recall(['deck', 'lint', '--format', 'json', `${BROKEN}/duplicate-id.yaml`, `${BROKEN}/missing-why.yaml`]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ errors: 1, warnings: 1, files: 2 });
    expect(out.diagnostics[0]).toEqual({
      file: `${BROKEN}/duplicate-id.yaml`,
      line: 12,
      col: 9,
      severity: 'error',
      code: 'DUPLICATE_ID',
      message: expect.stringContaining('already used on line 4'),
    });
  });
  it('reports every broken fixture at its line, hostile ones included, without crashing', () => {
    const r = recall(['deck', 'lint', 'tests/fixtures/decks']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.stdout).toContain('tests/fixtures/decks/hostile/alias-bomb.yaml:7:10: error ALIAS_LIMIT');
    expect(r.stdout).toContain('tests/fixtures/decks/duplicate-deck/b.yaml:2:7: error DUPLICATE_DECK');
    expect(r.stdout).not.toContain('\x1b');
  });
});

describe('recall deck show', () => {
  it('renders every card of a bundled deck by id', () => {
    const id = bundledIds()[0];
    if (!id) return;
    const r = recall(['deck', 'show', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓');
    expect(r.stdout).toContain('why: ');
  });
  it('marks right and wrong options and prints answers, why and explain', () => {
    const r = recall(['deck', 'show', 'tests/fixtures/decks/valid/all-types.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  ✓ a) Temporary credentials from STS\n       why: Assuming a role returns short-lived keys and a session token.');
    expect(r.stdout).toContain('  ✗ b) A long-term access key');
    expect(r.stdout).toContain('Explain: Roles never have long-term credentials.');
    expect(r.stdout).toContain('Answer: false');
    expect(r.stdout).toContain('  Blank 1: session token | token');
    expect(r.stdout).toContain('  3. STS returns temporary credentials');
    expect(r.stdout).toContain('9/9');
  });
  it('still renders a card with control characters, neutralised', () => {
    const r = recall(['deck', 'show', `${BROKEN}/control-char.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Escape \\e[31mred\\e[0m');
    expect(r.stdout).toContain('Ring \\x07 the bell');
    expect(r.stdout + r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('warning CONTROL_CHAR');
  });
  it('exits 2 and lists the errors for a deck that does not lint', () => {
    const r = recall(['deck', 'show', `${BROKEN}/unknown-type.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${BROKEN}/unknown-type.yaml:5:11: error UNKNOWN_TYPE`);
  });
});

describe('recall deck new', () => {
  it('writes a starter deck with all seven types that lints clean with --strict', () => {
    const r = recall(['deck', 'new', 'sub/my-topic.yaml'], work);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(work, 'sub/my-topic.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toContain('deck: my-topic');
    for (const t of ['basic', 'choice', 'multi', 'truefalse', 'typed', 'cloze', 'order']) expect(text).toContain(`type: ${t}\n`);
    const lint = recall(['deck', 'lint', '--strict', 'sub/my-topic.yaml'], work);
    expect(lint.code).toBe(0);
    expect(lint.stderr).toContain('1 file checked: 0 errors, 0 warnings');
  });
  it.each([
    ['decks/', 'recall: decks/ is a folder; deck new takes the file to write in it (e.g. recall deck new decks/my-topic.yaml)'],
    ['existing', 'recall: existing is a folder; deck new takes the file to write in it (e.g. recall deck new existing/my-topic.yaml)'],
    ['notes.txt', 'recall: deck files end in .yaml or .yml: notes.txt (e.g. recall deck new notes.yaml)'],
    ['my-topic', 'recall: deck files end in .yaml or .yml: my-topic (e.g. recall deck new my-topic.yaml)'],
  ])('refuses %s with exit 2 and the command that works', (name, message) => {
    fs.mkdirSync(path.join(work, 'existing'), { recursive: true });
    const r = recall(['deck', 'new', name], work);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(message);
  });
  it('refuses to overwrite an existing file', () => {
    fs.writeFileSync(path.join(work, 'mine.yaml'), 'precious\n');
    const r = recall(['deck', 'new', 'mine.yaml'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(fs.readFileSync(path.join(work, 'mine.yaml'), 'utf8')).toBe('precious\n');
  });
  it('echoes the file name it wrote neutralised (it came to stdout raw, an OSC 52 in a pasted name)', () => {
    const name = 'x\u001b]52;c;QQ==\u0007\u202e.yaml';
    const r = recall(['deck', 'new', name], work);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(work, name))).toBe(true);
    expect(r.stdout).toContain('wrote x\\e]52;c;QQ==\\x07\\u{202E}.yaml');
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/);
  });
});

describe('recall deck schema', () => {
  it('prints the JSON Schema that docs/deck.schema.json holds', () => {
    const r = recall(['deck', 'schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema).toEqual(JSON.parse(fs.readFileSync(path.join(root, 'docs/deck.schema.json'), 'utf8')));
  });
});

function bundledIds(): string[] {
  const dir = path.join(root, 'decks');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort() : [];
}
