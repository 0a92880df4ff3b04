import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/adapters/checkpoint-write.js';
import { CheckpointWriter } from '../../src/adapters/checkpoint.js';
import { leftoverTemps } from '../../src/adapters/store-files.js';

describe('writeFileAtomic (progress.json)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cpw-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    vi.restoreAllMocks();
    dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  it('replaces the file with a new one holding exactly the bytes, mode 0600, and leaves no temp file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.json');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    const before = fs.statSync(file).ino;
    const bytes = Buffer.from(JSON.stringify({ a: 'ü'.repeat(100_000) }));
    writeFileAtomic(file, [bytes]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).ino).not.toBe(before); // renamed over, never written in place
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['progress.json']);
  });

  it('names its temp file so the cleanup of a killed write recognises it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.json');
    let temp = '';
    // A copy instead of the rename: the temp file stays, as after a kill just before the rename.
    vi.spyOn(fs, 'renameSync').mockImplementationOnce((from, to) => {
      temp = String(from);
      fs.copyFileSync(from, to);
    });
    writeFileAtomic(file, [Buffer.from('{}')]);
    expect(path.dirname(temp)).toBe(dir);
    expect(leftoverTemps(dir)).toEqual([path.basename(temp)]);
  });

  it('on a failed write or rename, throws, removes its temp file and leaves the old file as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.json');
    fs.writeFileSync(file, 'old');
    vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    expect(() => writeFileAtomic(file, [Buffer.from('new')])).toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual(['progress.json']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');

    vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => 0); // a write that makes no progress
    expect(() => writeFileAtomic(file, [Buffer.from('new')])).toThrow(/short write/);
    expect(fs.readdirSync(dir)).toEqual(['progress.json']);

    const folder = path.join(dir, 'folder');
    fs.mkdirSync(path.join(folder, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(folder, [Buffer.from('new')])).toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['folder', 'progress.json']);
    expect(fs.readdirSync(folder)).toEqual(['inside']);
  });

  it('keeps the previous progress.json as progress.json.bak, unchanged by the write that replaced it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'progress.json');
    const writer = new CheckpointWriter(file, path.join(dir, 'journal.jsonl'));
    const [one, two, three] = ['{"n":1}', '{"n":22}', '{"n":333}'].map((t) => Buffer.from(t));
    writer.write([one!]);
    expect(fs.existsSync(`${file}.bak`)).toBe(false);
    writer.write([two!]);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"n":1}');
    writer.write([three!]);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"n":22}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":333}');
    expect(fs.statSync(`${file}.bak`).ino).not.toBe(fs.statSync(file).ino);
    // An appended checkpoint comes in pieces: the file is them in order, and its size checks out.
    writer.write([Buffer.from('{"n":'), Buffer.alloc(0), Buffer.from('4444'), Buffer.from('}')]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":4444}');
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"n":333}');
  });
});
