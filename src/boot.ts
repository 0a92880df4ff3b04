// The process entry: bin/recall.cjs loads dist/boot.cjs, built from this file (scripts/build.mjs).
// Start-up is most of what a terminal tool feels like, so this file answers `recall --version` and
// the top-level `recall --help` from constants baked in at build time, loading nothing, and
// otherwise runs the CLI bundle (dist/cli.cjs, from src/cli.ts) through a V8 code cache.
//
// Why CommonJS: on Node 20 the ES module loader alone costs ~10 ms (an empty .mjs file starts in
// 1.25x the time of `node -e 0`, an empty .cjs file in 1.0x).
// Why a code cache: compiling the bundle's JavaScript costs more than running it. `recall deck lint`
// of the bundled decks measured ~104 ms compiled from source and ~68 ms from the cache (`node -e 0`
// ~40 ms); a scripted quiz 124 ms and 82 ms. Node 22 has module.enableCompileCache() for this.
//
// The cache is derived data under cacheDir()/code: one file per command, so `recall stats` does not
// go without the functions that only `recall study` compiles. It is named after the bundle's build id
// and the Node version, and written once, atomically, after a run that exited 0 or 1 while the file
// was missing or rejected. V8 itself rejects a cache from another V8 version or other flags. Any
// failure to read or write it only costs speed, never an error.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { cacheDir, writeCacheFile } from './adapters/cache-files.js';

/** Set by scripts/build.mjs: the package version, `recall --help` as commander prints it at 80
 *  columns (undefined while the build captures it), and a hash of dist/cli.cjs. */
declare const RECALL_VERSION: string;
declare const RECALL_TOP_HELP: string | undefined;
declare const RECALL_BUILD_ID: string;

interface Cli {
  runMain(argv: string[]): Promise<void>;
}

// `recall deck lint | head`: when the reader goes away, the rest of the output has nowhere to go.
// Drop it quietly instead of dying on an unhandled EPIPE with a stack trace, and let the command
// finish, so its exit code (a failed lint is still 1) and its saved answers stay right.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
});

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-V') process.stdout.write(`${RECALL_VERSION}\n`);
else if ((only === '--help' || only === '-h') && RECALL_TOP_HELP !== undefined) process.stdout.write(RECALL_TOP_HELP);
else void loadCli().runMain(argv);

/** The cache file's name part for this command line: its leading words (`deck-lint`, `study`). */
function commandKey(args: string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (words.length === 2 || !/^[a-z][a-z-]{0,30}$/.test(arg)) break;
    words.push(arg);
  }
  return words.join('-') || 'default';
}

/** require('./cli.cjs'), compiled with the cached code of an earlier run of the same command. */
function loadCli(): Cli {
  const file = path.join(__dirname, 'cli.cjs');
  const dir = path.join(cacheDir(process.env), 'code');
  const prefix = `${RECALL_BUILD_ID}-${process.version}-${process.arch}-`;
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
      if (code === 0 || code === 1) saveCache(dir, prefix, cacheFile, script);
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
