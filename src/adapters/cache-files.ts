// Where recall keeps derived data that can be rebuilt at any time (deck lint results, compiled
// code): `$RECALL_HOME/cache`, else `$XDG_CACHE_HOME/recall`, else `~/.cache/recall`.
// Deleting it loses nothing but the next start's speed, so nothing here ever throws.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cacheDir(env: Record<string, string | undefined>): string {
  return env.RECALL_HOME
    ? path.join(path.resolve(env.RECALL_HOME), 'cache')
    : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'recall');
}

/** Writes a cache file whole or not at all (temp file, then rename). False when it could not. */
export function writeCacheFile(file: string, data: string | NodeJS.ArrayBufferView): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // No folder to write in (e.g. a file where it should be): there is no temp file either.
    }
    return false;
  }
}
