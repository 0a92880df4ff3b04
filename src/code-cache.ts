// Loads dist/cli.cjs through a V8 code cache: Node 20's missing module.enableCompileCache().
//
// Why: compiling the bundle's JavaScript costs more than running it. `recall deck lint` of the
// bundled decks measured ~104 ms compiled from source and ~68 ms from the cache (`node -e 0`
// ~40 ms); a scripted quiz 124 ms and 82 ms.
//
// The cache is derived data under cacheDir()/code: one file per command, so `recall stats` does not
// go without the functions that only `recall study` compiles. It is named after the bundle's build
// id and the Node version, and written once, atomically, after a run that ended normally (exit 0,
// 1, or 130: a study session ended with Ctrl-C) while the file was missing or rejected. V8 itself
// rejects a cache from another V8 version or other flags, and checks its length; the build id in
// the name covers a different bundle. Any failure to read or write it only costs speed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { cacheDir, writeCacheFile } from './adapters/cache-files.js';

export interface Cli {
  runMain(argv: string[]): Promise<void>;
}

/** The cache file's name part for this command line: its leading words (`deck-lint`, `study`). */
function commandKey(args: string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (words.length === 2 || !/^[a-z][a-z-]{0,30}$/.test(arg)) break;
    words.push(arg);
  }
  return words.join('-') || 'default';
}

/**
 * require('./cli.cjs') (beside this bundle), compiled with the cached code of an earlier run of the
 * same command. `buildId` names the bundle (a hash of its text, from scripts/build.mjs).
 */
export function loadCli(argv: string[], buildId: string): Cli {
  const file = path.join(__dirname, 'cli.cjs');
  const dir = path.join(cacheDir(process.env), 'code');
  const prefix = `${buildId}-${process.version}-${process.arch}-`;
  const cacheFile = path.join(dir, `${prefix}${commandKey(argv)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // The first run of this command with this build: compile from source.
  }
  // The same wrapper Node's CommonJS loader puts around a module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} as Cli };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code === 0 || code === 1 || code === 130) saveCache(dir, prefix, cacheFile, script);
    });
  }
  return module.exports;
}

function saveCache(dir: string, prefix: string, cacheFile: string, script: vm.Script): void {
  if (!writeCacheFile(cacheFile, script.createCachedData())) return;
  try {
    // Caches of other builds or Node versions will never be read again.
    for (const name of fs.readdirSync(dir)) if (!name.startsWith(prefix)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // Left for the next write to clean up.
  }
}
