// `recall completion bash|zsh|fish` and the `recall complete -- <words>` calls its script makes on
// every Tab, through the built binary; and the bash script run by bash itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/helpers.js';
import { repoRoot, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
let binDir: string;
beforeAll(async () => {
  await ensureBuilt();
  home = tempHome();
  // `recall` on PATH, as the scripts call it by name.
  binDir = path.join(home.dir, 'bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'recall'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(repoRoot, 'bin/recall.cjs'))} "$@"\n`, { mode: 0o755 });
}, 120_000);
afterAll(() => home?.cleanup());

const env = () => ({ ...process.env, RECALL_HOME: path.join(home.dir, 'store'), NO_COLOR: '1', PATH: `${binDir}:${process.env.PATH}` });
function recall(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/recall.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: env() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** The candidates `recall complete` prints (value TAB description lines, then :directive). */
function complete(...words: string[]) {
  const r = recall(['complete', '--', ...words]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return r.out.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => l.split('\t')[0]);
}

describe('recall completion', () => {
  it.each([
    ['bash', /complete -F __recall_complete recall/],
    ['zsh', /^#compdef recall/],
    ['fish', /complete -c recall /],
  ])('prints a %s script that asks recall complete for candidates', (shell, marker) => {
    const r = recall(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(marker);
    expect(r.out).toContain('recall complete -- ');
  });

  it('refuses a shell it has no script for, with exit 2', () => {
    const r = recall(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^recall: .*'tcsh' is invalid.* bash, zsh, fish/);
  });

  it('completes commands, subcommands and options', () => {
    expect(complete('st')).toEqual(['study', 'stats']);
    expect(complete('deck', '')).toEqual(expect.arrayContaining(['lint', 'show', 'new', 'schema']));
    expect(complete('quiz', '--t')).toEqual(['--tag', '--time']);
    expect(complete('quiz', '--reporter', '')).toEqual(['text', 'json', 'junit', 'tap']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('config', 'set', 'ret')).toEqual(['retention']);
  });

  it('completes bundled deck ids and deck folders where decks go', () => {
    const ids = fs.readdirSync(path.join(repoRoot, 'decks')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(complete('deck', 'show', 'iam-')).toEqual(ids.filter((id) => id.startsWith('iam-')));
    expect(complete('study', '')).toEqual(expect.arrayContaining([...ids, 'decks/', 'tests/']));
    expect(complete('deck', 'lint', 'tests/fix')).toEqual(['tests/fixtures/']);
    expect(complete('')).toEqual(expect.arrayContaining(['study', 'quiz', ...ids]));
  });

  it('completes the tags of the bundled decks after --tag', () => {
    expect(complete('quiz', '--tag', 'tr')).toEqual(['trap', 'trust-policy']);
    expect(complete('study', '--tag', '')).toContain('iam-role');
    expect(complete('exam', 'set', '2026-12-20', '--tag', 'iam-r')).toEqual(['iam-role']);
  });

  it('is not in the bundle the other commands load', () => {
    expect(fs.readFileSync(path.join(repoRoot, 'dist/cli.cjs'), 'utf8')).not.toContain('ShellCompDirective');
  });

  // bash's completion goes through bash-completion's _get_comp_words_by_ref (the README says so).
  const bashCompletion = '/usr/share/bash-completion/bash_completion';
  it.runIf(fs.existsSync(bashCompletion))('completes in bash itself', () => {
    const script = `
      source ${bashCompletion}
      source <(recall completion bash)
      try() {
        COMP_LINE="$1"; COMP_POINT=\${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"
        [[ "$1" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
        __recall_complete 2>/dev/null
        echo "$1|\${COMPREPLY[*]}"
      }
      try "recall stu"
      try "recall quiz --ta"
      try "recall quiz --tag tr"
      try "recall deck show iam-u"
    `;
    const r = spawnSync('bash', ['--norc', '-c', script], { cwd: repoRoot, encoding: 'utf8', env: env() });
    expect(r.stdout.trim().split('\n')).toEqual(['recall stu|study', 'recall quiz --ta|--tag', 'recall quiz --tag tr|trap trust-policy', 'recall deck show iam-u|iam-users-vs-roles']);
  });

  it.runIf(fs.existsSync(bashCompletion))('never offers a file name that bash would run as a command', () => {
    const dir = path.join(home.dir, 'hostile');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '$(touch PWNED).yaml'), '');
    fs.writeFileSync(path.join(dir, '`touch PWNED2`.yaml'), '');
    fs.writeFileSync(path.join(dir, 'ok.yaml'), '');
    const script = `
      source ${bashCompletion}
      source <(recall completion bash)
      COMP_LINE="recall deck lint "; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(recall deck lint ""); COMP_CWORD=3
      __recall_complete 2>/dev/null
      echo "\${COMPREPLY[*]}"
    `;
    const r = spawnSync('bash', ['--norc', '-c', script], { cwd: dir, encoding: 'utf8', env: env() });
    expect(r.stdout.trim()).toBe('ok.yaml');
    expect(fs.readdirSync(dir).sort()).toEqual(['$(touch PWNED).yaml', '`touch PWNED2`.yaml', 'ok.yaml']);
  });

  const fish = spawnSync('fish', ['--version']).status === 0;
  it.runIf(fish)('completes in fish itself', () => {
    const script = 'recall completion fish | source; complete -C "recall quiz --tag tr"; complete -C "recall deck show iam-u"';
    const r = spawnSync('fish', ['--no-config', '-c', script], { cwd: repoRoot, encoding: 'utf8', env: env() });
    expect(r.stdout.trim().split('\n')).toEqual(['trap\ttag', 'trust-policy\ttag', 'iam-users-vs-roles\tbundled deck']);
  });
});
