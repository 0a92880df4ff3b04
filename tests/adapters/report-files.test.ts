// `recall analyze` reads quiz reports from a folder students may write to. reportFiles() keeps only
// regular files, but a file can be swapped between that walk and the read: readReports() must not
// follow a link put there since, nor wait on a FIFO, nor read past its size limit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReports } from '../../src/adapters/report-files.js';

let dir: string;
let writer: ChildProcess | undefined;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-reports-'))));
afterEach(() => {
  writer?.kill();
  writer = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const REPORT = JSON.stringify({ version: 2, score: 100, at: '2026-03-10T10:00:00Z', items: [{ deck: 'd', id: 'c', hash: 'h', type: 'truefalse', correct: true, picked: true }] });

function read(files: string[]) {
  const skipped: Array<[string, string]> = [];
  const reports = [...readReports(files, (file, why) => skipped.push([path.basename(file), why]))];
  return { reports: reports.map((r) => path.basename(r.source)), skipped };
}

describe('readReports', () => {
  it('reads a regular report', () => {
    fs.writeFileSync(path.join(dir, 'ok.json'), REPORT);
    expect(read([path.join(dir, 'ok.json')])).toEqual({ reports: ['ok.json'], skipped: [] });
  });

  it('does not follow a symlink put where a report was', () => {
    fs.writeFileSync(path.join(dir, 'elsewhere'), REPORT);
    fs.symlinkSync('elsewhere', path.join(dir, 'swapped.json'));
    expect(read([path.join(dir, 'swapped.json')])).toEqual({ reports: [], skipped: [['swapped.json', 'a symbolic link, not followed']] });
  });

  it('does not read a FIFO put where a report was, even one with a writer', async () => {
    const fifo = path.join(dir, 'pipe.json');
    spawnSync('mkfifo', [fifo]);
    fs.writeFileSync(path.join(dir, 'src'), REPORT);
    writer = spawn('sh', ['-c', `cat "${path.join(dir, 'src')}" > "${fifo}"`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 100));
    expect(read([fifo])).toEqual({ reports: [], skipped: [['pipe.json', 'not a regular file']] });
  });

  it('skips a report over 16 MiB', () => {
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 16 * 1024 * 1024 + 1);
    expect(read([big]).skipped).toEqual([['big.json', 'larger than 16 MiB']]);
  });
});
