// writeOutput: how a quiz report reaches its file at the end of a quiz. The destination was checked
// before the quiz; a symlink put there since is refused by the open itself (O_NOFOLLOW).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeOutput } from '../../src/adapters/write-new-file.js';

describe('writeOutput', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-write-output-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a symlink, leaving it and its target as they were', () => {
    fs.writeFileSync(path.join(dir, 'target'), 'not yours\n');
    fs.symlinkSync('target', path.join(dir, 'report.xml'));
    expect(writeOutput(path.join(dir, 'report.xml'), 'report.xml', '<x/>\n')).toMatch(/report\.xml is now a symbolic link/);
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('not yours\n');
    expect(fs.lstatSync(path.join(dir, 'report.xml')).isSymbolicLink()).toBe(true);
  });

  it('replaces an old report in place, keeping its mode, and writes a new one', () => {
    const old = path.join(dir, 'old.xml');
    fs.writeFileSync(old, 'a much longer old report\n', { mode: 0o640 });
    fs.chmodSync(old, 0o640);
    expect(writeOutput(old, 'old.xml', 'new\n')).toBeUndefined();
    expect(fs.readFileSync(old, 'utf8')).toBe('new\n');
    expect(fs.statSync(old).mode & 0o777).toBe(0o640);
    expect(writeOutput(path.join(dir, 'fresh.xml'), 'fresh.xml', 'x\n')).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'fresh.xml'), 'utf8')).toBe('x\n');
  });

  it('writes to a device such as /dev/null', () => {
    expect(writeOutput('/dev/null', '/dev/null', 'x\n')).toBeUndefined();
  });

  it('a write that fails (a full disk) removes a report it made, and leaves an old one in place', () => {
    const enospc = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation(enospc);
    try {
      const fresh = path.join(dir, 'fresh.xml');
      expect(() => writeOutput(fresh, 'fresh.xml', '<x/>\n')).toThrow(/ENOSPC/);
      expect(fs.existsSync(fresh)).toBe(false);
      spy.mockRestore();
      const old = path.join(dir, 'old.xml');
      fs.writeFileSync(old, 'old report\n');
      vi.spyOn(fs, 'writeFileSync').mockImplementation(enospc);
      expect(() => writeOutput(old, 'old.xml', '<x/>\n')).toThrow(/ENOSPC/);
      expect(fs.existsSync(old)).toBe(true); // overwritten in place: not recall's to remove
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('refuses a dangling symlink, making nothing at its target', () => {
    fs.symlinkSync('nowhere.xml', path.join(dir, 'dangling.xml'));
    expect(writeOutput(path.join(dir, 'dangling.xml'), 'dangling.xml', '<x/>\n')).toMatch(/dangling\.xml is now a symbolic link/);
    expect(fs.existsSync(path.join(dir, 'nowhere.xml'))).toBe(false);
  });
});
