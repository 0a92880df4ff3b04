// The command a message suggests running next pastes into a shell and runs as it reads: a path with
// a space or a quote in it is quoted ('My Deck.yaml' was two arguments).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWord } from '../../src/core/shell-word.js';
import { workFolder } from '../helpers/cli.js';

const work = workFolder();

/** The words a POSIX shell makes of a suggested command line. */
const shellWords = (line: string): string[] => execFileSync('sh', ['-c', `set -- ${line}; printf '%s\\n' "$@"`], { encoding: 'utf8' }).trimEnd().split('\n');
const suggested = (out: string, lead: string): string => out.split('\n').find((l) => l.startsWith(lead))!.slice(lead.length);

describe('suggested next commands', () => {
  it.each([['plain.yaml'], ['My Deck.yaml'], ["o'neil deck.yaml"], ['sub dir/x.yaml']])('deck new %s suggests a lint that names the file', async (file) => {
    const r = await work.run(['deck', 'new', file]);
    expect(r.code).toBe(0);
    const line = suggested(r.out, 'next: edit it, then run: ');
    expect(shellWords(line)).toEqual(['recall', 'deck', 'lint', '--strict', file]);
  });

  it('deck new of a file whose name starts with a dash suggests ./ before it, not an option', async () => {
    const r = await work.run(['deck', 'new', '--', '-dash.yaml']);
    expect(r.code).toBe(0);
    expect(shellWords(suggested(r.out, 'next: edit it, then run: '))).toEqual(['recall', 'deck', 'lint', '--strict', './-dash.yaml']);
    expect((await work.run(['deck', 'lint', './-dash.yaml'])).code).toBe(0);
  });

  it('deck import into a folder with a space suggests a lint that names the file it wrote', async () => {
    work.write('vocab.tsv', 'front\tback\nWhat is S3?\tObject storage\n');
    const r = await work.run(['deck', 'import', 'vocab.tsv', '-o', 'my decks/']);
    expect(r.code).toBe(0);
    expect(shellWords(suggested(r.out, 'next: '))).toEqual(['recall', 'deck', 'lint', 'my decks/vocab.yaml']);
  });

  it.each([['a-b_c.yaml', 'a-b_c.yaml'], ['a b', "'a b'"], ["it's", "'it'\\''s'"], ['$HOME', "'$HOME'"]])('shellWord(%j) is %s', (word, quoted) => {
    expect(shellWord(word)).toBe(quoted);
  });
});
