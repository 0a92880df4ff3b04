// The process entry: bin/recall.cjs loads dist/boot.cjs, built from this file (scripts/build.mjs).
// Start-up is most of what a terminal tool feels like, so this file answers `recall --version` and
// the top-level `recall --help` from constants baked in at build time, loading nothing, and
// otherwise runs the CLI bundle (dist/cli.cjs, from src/cli.ts) through a V8 code cache
// (src/code-cache.ts).
//
// Why CommonJS: on Node 20 the ES module loader alone costs ~10 ms (an empty .mjs file starts in
// 1.25x the time of `node -e 0`, an empty .cjs file in 1.0x).
import fs from 'node:fs';

/** Set by scripts/build.mjs: the package version, `recall --help` as commander prints it at 80
 *  columns (undefined while the build captures it), and a hash of dist/cli.cjs. */
declare const RECALL_VERSION: string;
declare const RECALL_TOP_HELP: string | undefined;
declare const RECALL_BUILD_ID: string;

/** The fast answers: one write, no stream (creating process.stdout loads Node's stream modules). */
function print(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += fs.writeSync(1, bytes, done);
  } catch (err) {
    // A reader that left (EPIPE) gets nothing; a non-blocking pipe that is full goes the slow way.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(bytes.subarray(done));
  }
}

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-V') print(`${RECALL_VERSION}\n`);
else if ((only === '--help' || only === '-h') && RECALL_TOP_HELP !== undefined) print(RECALL_TOP_HELP);
else void run();

async function run(): Promise<void> {
  // `recall deck lint | head`: when the reader goes away, the rest of the output has nowhere to go.
  // Drop it quietly instead of dying on an unhandled EPIPE with a stack trace, and let the command
  // finish, so its exit code (a failed lint is still 1) and its saved answers stay right.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
  const { loadCli } = await import('./code-cache.js');
  await loadCli(argv, RECALL_BUILD_ID).runMain(argv);
}
