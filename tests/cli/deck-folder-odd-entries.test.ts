// A deck folder whose *.yaml entry is not a regular file: a symbolic link to a deck that is gone (a
// link into a folder CI did not check out), a named pipe, a device. The folder walk left each out
// in silence, so `deck lint decks/` passed in CI ("1 file checked") without the deck. Each is now a
// deck file that cannot be read, with its reason at file:1:1, as when it is named; a FIFO is still
// never opened. A symbolic link to a folder stays unfollowed (a link loop must not hang the walk).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONE_CARD_DECK as DECK, workFolder } from '../helpers/cli.js';

const work = workFolder();

function decks(): string {
  const dir = path.join(work.dir, 'decks');
  fs.mkdirSync(dir);
  work.write('decks/geo.yaml', DECK);
  return dir;
}

describe('a deck folder holding a *.yaml that is not a regular file', () => {
  it('a symbolic link to a deck that is gone fails lint, and every command reading the folder', async () => {
    fs.symlinkSync('../moved-away/history.yaml', path.join(decks(), 'history.yaml'));
    const lint = await work.run(['deck', 'lint', 'decks']);
    expect(lint.out).toBe('decks/history.yaml:1:1: error FILE_UNREADABLE this is a symbolic link to a file that does not exist\n');
    expect(lint.err).toBe('2 files checked: 1 error, 0 warnings\n');
    expect(lint.code).toBe(1);
    const listed = await work.run(['decks', 'decks']);
    expect(listed.err).toMatch(/decks\/history\.yaml:1:1: error FILE_UNREADABLE/);
    expect(listed.code).toBe(2);
  });

  it('a named pipe is reported, not waited on, and not left out', async () => {
    execFileSync('mkfifo', [path.join(decks(), 'pipe.yaml')]);
    const lint = await work.run(['deck', 'lint', 'decks']);
    expect(lint.out).toBe('decks/pipe.yaml:1:1: error FILE_UNREADABLE this is not a regular file\n');
    expect(lint.code).toBe(1);
  });

  it('a link to a device is reported, not read', async () => {
    fs.symlinkSync('/dev/zero', path.join(decks(), 'zero.yaml'));
    const lint = await work.run(['deck', 'lint', 'decks']);
    expect(lint.out).toBe('decks/zero.yaml:1:1: error FILE_UNREADABLE this is not a regular file\n');
    expect(lint.code).toBe(1);
  });

  it('a link to a folder named like a deck is not followed, and a link to a deck is read', async () => {
    const dir = decks();
    fs.mkdirSync(path.join(work.dir, 'elsewhere'));
    fs.symlinkSync('../elsewhere', path.join(dir, 'loop.yaml'));
    fs.symlinkSync('..', path.join(dir, 'up.yml'));
    work.write('other.yaml', DECK.replace('deck: geo', 'deck: sky').replace('The earth is flat.', 'The sky is green at noon.'));
    fs.symlinkSync('../other.yaml', path.join(dir, 'two.yaml'));
    const lint = await work.run(['deck', 'lint', 'decks']);
    expect(lint.out).toBe('');
    expect(lint.err).toBe('2 files checked: 0 errors, 0 warnings\n');
    expect(lint.code).toBe(0);
  });
});
