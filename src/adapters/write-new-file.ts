// Writing a file the user named for output (import and export): never over an existing file unless
// asked, and then only a regular file, replaced atomically (a half-written deck is worse than the old).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { neutralize } from '../core/sanitize.js';

export interface WriteOptions {
  /** Make missing parent folders (import's `-o decks/`); when false a missing folder is an error,
   *  as a mistyped path should be. Default true. */
  mkdirs?: boolean;
}

export function writeNewFile(abs: string, shown: string, text: string | Uint8Array, force: boolean, forceHint = 'pass --force to replace it', opts: WriteOptions = {}): void {
  const name = neutralize(shown);
  try {
    const dir = path.dirname(abs);
    if (opts.mkdirs === false) {
      if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${name}: the folder ${neutralize(path.dirname(shown) || '.')} does not exist`, 'NO_FOLDER');
      if (!fs.statSync(dir).isDirectory()) throw new UsageError(`cannot write ${name}: ${neutralize(path.dirname(shown))} is not a folder`, 'NO_FOLDER');
    } else fs.mkdirSync(dir, { recursive: true });
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
