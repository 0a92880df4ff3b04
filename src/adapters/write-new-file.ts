// Writing a file the user named for output (import and export): never over an existing file unless
// asked, and then only a regular file, replaced atomically (a half-written deck is worse than the old).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { neutralize } from '../core/sanitize.js';

export function writeNewFile(abs: string, shown: string, text: string, force: boolean, forceHint = 'pass --force to replace it'): void {
  const name = neutralize(shown);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (!force) {
      // 'wx' fails if the file exists, atomically.
      fs.writeFileSync(abs, text, { flag: 'wx' });
      return;
    }
    if (fs.existsSync(abs) && !fs.lstatSync(abs).isFile()) throw new UsageError(`${name} exists and is not a regular file; refusing to replace it`);
    const tmp = `${abs}.recall-${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, abs);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${name} already exists; ${forceHint}`, 'EXISTS');
    throw new UsageError(`cannot write ${name}: ${code ?? String(err)}`);
  }
}
