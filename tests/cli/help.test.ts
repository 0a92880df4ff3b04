import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recall, repoRoot, tempHome } from '../helpers/cli.js';

const COMMANDS = ['', 'study', 'quiz', 'deck', 'deck lint', 'deck show', 'deck new', 'deck import', 'deck export', 'deck schema', 'decks', 'stats', 'exam', 'exam show', 'exam set', 'exam clear', 'analyze', 'optimize', 'config', 'config list', 'config get', 'config set', 'card', 'card unsuspend', 'progress', 'progress path', 'progress export', 'progress import', 'progress reset', 'completion'];

const helpOf = async (cmd: string): Promise<string> => (await recall([...cmd.split(' ').filter(Boolean), '--help'], { env: { RECALL_HOME: '/nonexistent' } })).out;
const examplesOf = (help: string): string[] => [...help.matchAll(/^ {2}\$ (.*)$/gm)].map((m) => m[1]!);

describe('help', () => {
  it.each(COMMANDS)('"recall %s --help" shows usage and at least one example, exit 0', async (cmd) => {
    const home = tempHome();
    try {
      const r = await recall([...cmd.split(' ').filter(Boolean), '--help'], { env: { RECALL_HOME: home.dir } });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: recall/m);
      expect(r.out).toMatch(/Examples:\n( {2}# .*\n)? {2}\$ (recall |echo 'source <\(recall )/);
    } finally {
      home.cleanup();
    }
  });

  it.each(COMMANDS)('"recall %s --help" fits 80 columns, and each example pastes into a shell as it reads', async (cmd) => {
    const help = await helpOf(cmd);
    // Only an example command itself may be longer: it cannot be wrapped and still paste.
    expect(help.split('\n').filter((l) => l.length > 80 && !/^ {2}\$ [^#]*$/.test(l))).toEqual([]);
    for (const ex of examplesOf(help)) {
      // A description after a command is a shell comment: words after a gap would run as arguments.
      expect(ex.replace(/"[^"]*"/g, '""'), ex).not.toMatch(/\S {2,}[^#\s]/);
    }
  });

  it.each(COMMANDS.filter((c) => c !== ''))('the options that "recall %s --help" examples use are in the help of the command they run', async (cmd) => {
    for (const ex of examplesOf(await helpOf(cmd))) {
      const words = ex.replace(/#.*/, '').trim().split(/\s+/);
      if (words[0] !== 'recall') continue;
      // The command an example runs: its leading words that name commands.
      let path: string[] = [];
      for (const w of words.slice(1)) {
        if (w.startsWith('-')) break;
        if (!new RegExp(`^ {2}${w}\\b`, 'm').test((await helpOf(path.join(' '))).split('Commands:')[1] ?? '')) break;
        path = [...path, w];
      }
      const help = await helpOf(path.join(' '));
      // A command that runs a default subcommand takes that subcommand's options.
      const entries = (help.split('Commands:')[1] ?? '').split(/\n(?= {2}\S)/);
      const fallback = /^ {2}(\S+)/.exec(entries.find((e) => e.replace(/\s+/g, ' ').includes('(the default command)')) ?? '')?.[1];
      const options = help + (fallback ? await helpOf([...path, fallback].join(' ')) : '');
      for (const flag of words.filter((w) => /^--?[a-z]/.test(w)).map((w) => w.replace(/=.*/, ''))) {
        expect(options, `${ex}: ${flag} is not in "recall ${path.join(' ')} --help"`).toMatch(new RegExp(`^ +(-\\w, )?${flag}\\b`, 'm'));
      }
    }
  });

  it.each(['quiz', 'deck export', 'progress export'])('"recall %s --help" examples write their output into a folder that exists, so they paste as they read', async (cmd) => {
    // These refuse an --output in a missing folder (exit 2, before the quiz starts): an example
    // writing to reports/ana.json failed when pasted into a fresh clone.
    for (const ex of examplesOf(await helpOf(cmd))) {
      const words = ex.replace(/#.*/, '').trim().split(/\s+/);
      const at = words.findIndex((w) => w === '--output' || w === '-o');
      const out = at >= 0 ? words[at + 1] : cmd === 'progress export' && words[3] && !words[3].startsWith('-') && words[3] !== '|' ? words[3] : undefined;
      if (out === undefined || out === '-') continue;
      expect(fs.existsSync(path.dirname(path.resolve(repoRoot, out))), `${ex}: ${path.dirname(out)}/ is not in a fresh clone`).toBe(true);
    }
  });

  it('documents the exit codes in the top-level help', async () => {
    const r = await recall(['--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.out).toMatch(/Exit codes: 0 ok, 1 check failed, 2 bad input or usage, 130 interrupted/);
  });

  it('rejects an unknown option with exit 2 and no stack trace', async () => {
    const r = await recall(['quiz', '--bogus'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--bogus'/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('rejects a non-numeric --count with exit 2', async () => {
    const r = await recall(['quiz', '--count', 'ten', '--answers', '-'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--count takes a whole number from 1 to 100000, got "ten"/);
  });

  it('the built binary answers --help and --version without commander, with the same text commander prints', async () => {
    const bin = path.join(repoRoot, 'bin/recall.cjs');
    expect(fs.existsSync(path.join(repoRoot, 'dist/cli.cjs')), 'run npm run build first').toBe(true);
    const built = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
    const live = await recall(['--help'], { env: { RECALL_HOME: '/nonexistent' } });
    expect(built).toBe(live.out);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    // and without the fast path the version is the same
    expect((await recall(['--version'], { env: { RECALL_HOME: '/nonexistent' } })).out.trim()).toBe(pkg.version);
  });
});
