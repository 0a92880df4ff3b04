// Loads dist/cli.cjs through a V8 code cache: Node 20's missing module.enableCompileCache().
//
// Why: compiling the bundle's JavaScript costs more than running it. `recall deck lint` of the
// bundled decks measured ~104 ms compiled from source and ~68 ms from the cache (`node -e 0`
// ~40 ms); a scripted quiz 124 ms and 82 ms.
//
// The cache is derived data under cacheDir()/code: one file per command, so `recall stats` does not
// go without the functions that only `recall study` compiles. It is named after the bundle's build
// id, the Node version and the command, and written once, atomically (temp file, fsync, rename),
// after a run that ended normally (exit 0, 1, or 130: a study session ended with Ctrl-C) while the
// file was missing or rejected.
//
// The cache folder is untrusted (CI caches and shared machines restore it), and V8 checks only the
// source length of a cache: a planted file compiled from other code of the same length would run
// as recall, and a damaged one can crash V8 (a zero-filled tail segfaults). So each file starts
// with an HMAC-SHA256 of its name and bytes under a per-user key kept in the store folder
// (adapters/cache-key.ts), and a file that does not verify is never handed to V8. The check costs
// ~1-2 ms (node:crypto, which every deck-loading command loads anyway, plus the HMAC of ~0.3 MB).
// Any failure to read, verify or write the cache only costs speed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { cacheDir, readCacheFile, removeOwn, writeCacheFile } from './adapters/cache-files.js';
import { MAC_BYTES, sign, signingKey, verify } from './adapters/cache-key.js';

export interface Cli {
  runMain(argv: string[]): Promise<void>;
}

/** Commands with subcommands: their cache is per subcommand (`deck-lint`, `progress-export`). */
const GROUPS = new Set(['deck', 'config', 'card', 'progress']);
// Every top-level command: one missing here shares study's file (the default command's), so it
// compiles its own code from source whenever study wrote that file, and a first run fills study's.
// `exam` is not a group: its default subcommand takes deck arguments, which must not name files.
const COMMANDS = new Set(['study', 'quiz', 'decks', 'stats', 'exam', 'analyze', 'optimize', 'completion', 'complete', ...GROUPS]);
const SUBCOMMAND = /^[a-z][a-z-]{0,30}$/;
/** A cache is a few hundred KB; anything much bigger is not one of ours. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;
/** Our cache files: `<build id>-<node version>-<arch>-<command>.bin`. */
const OWN_CACHE = /^[0-9a-f]{16}-v\d+\.\d+\.\d+-[a-z0-9]+-[a-z-]+\.bin$/;

/**
 * The cache file's name part for this command line: the command, and the subcommand of a group
 * (`deck-lint`, `study`). Deck arguments never make a name of their own: `recall study` (the
 * default command) and `recall some-deck.yaml` share one file.
 */
export function commandKey(args: string[]): string {
  const first = args[0];
  if (first === undefined || !COMMANDS.has(first)) return 'study';
  const second = args[1];
  return GROUPS.has(first) && second !== undefined && SUBCOMMAND.test(second) ? `${first}-${second}` : first;
}

/**
 * What require('./cli.cjs') would give (beside this bundle), compiled with the cached code of an
 * earlier run of the same command. `buildId` names the bundle (a hash of its text, from scripts/build.mjs).
 */
export function loadCli(argv: string[], buildId: string): Cli {
  const file = path.join(__dirname, 'cli.cjs');
  const dir = path.join(cacheDir(process.env), 'code');
  const prefix = `${buildId}-${process.version}-${process.arch}-`;
  const name = `${prefix}${commandKey(argv)}.bin`;
  const cacheFile = path.join(dir, name);
  const cachedData = verified(cacheFile, name);
  // The file is the bundle inside the wrapper Node's CommonJS loader puts around a module, put
  // there by the build (scripts/build.mjs), and ASCII only (the build refuses anything else), so
  // it is read as latin1: one byte per character, no UTF-8 decoding, and the very string V8
  // compiles. Wrapping it here instead made two more copies of the 600 KB text at every start
  // (the joined string, then its flattening): ~375 more pages touched, ~4 ms.
  const script = new vm.Script(fs.readFileSync(file, 'latin1'), { filename: file, cachedData });
  const module = { exports: {} as Cli };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code === 0 || code === 1 || code === 130) saveCache(dir, prefix, cacheFile, name, script);
    });
  }
  return module.exports;
}

/** The V8 data of a cache file whose signature checks out under this user's key; else undefined. */
function verified(cacheFile: string, name: string): Buffer | undefined {
  const read = readCacheFile(cacheFile, MAX_CACHE_BYTES);
  if (read === undefined || read.data.length <= MAC_BYTES) return undefined;
  const key = signingKey(process.env, false);
  if (key === undefined) return undefined;
  const data = read.data.subarray(MAC_BYTES);
  return verify(key, name, data, read.data.subarray(0, MAC_BYTES)) ? data : undefined;
}

function saveCache(dir: string, prefix: string, cacheFile: string, name: string, script: vm.Script): void {
  try {
    const key = signingKey(process.env, true);
    if (key === undefined) return;
    const data = script.createCachedData();
    if (!writeCacheFile(cacheFile, [sign(key, name, data), data])) return;
    // Caches of other builds or Node versions will never be read again; anything else is not ours.
    removeOwn(dir, (n) => OWN_CACHE.test(n) && !n.startsWith(prefix));
  } catch {
    // Only speed is lost.
  }
}
