// Where the progress store lives. Its own small module because the code cache (src/code-cache.ts,
// on the start-up path) needs the folder for its key but must not load the store.
import os from 'node:os';
import path from 'node:path';

/** conf's own default folder for projectName 'recall' (env-paths, suffix 'nodejs'), or RECALL_HOME. */
export function storeDir(env: Record<string, string | undefined>): string {
  if (env.RECALL_HOME) return path.resolve(env.RECALL_HOME);
  const name = 'recall-nodejs';
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', name);
  if (process.platform === 'win32')
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), name, 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), name);
}

/** The checkpoint's file name in the store folder. */
export const PROGRESS_FILE = 'progress.json';
