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
    // A non-blocking pipe that is full goes the slow way; a reader that left (EPIPE) gets nothing.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') guardStdout().write(bytes.subarray(done));
    else if (code !== 'EPIPE') outputLost(err as NodeJS.ErrnoException);
  }
}

const REASONS: Record<string, string> = { ENOSPC: 'no space left on device', EIO: 'input/output error', EDQUOT: 'disk quota exceeded', EFBIG: 'file too large', EBADF: 'not open for writing' };
let lost = false;

/**
 * `recall deck lint | head`: when the reader goes away, the rest of the output has nowhere to go.
 * Drop it quietly instead of dying on an unhandled EPIPE with a stack trace, and let the command
 * finish, so its exit code (a failed lint is still 1) and its saved answers stay right. Any other
 * write error (ENOSPC, EIO) is reported by outputLost().
 */
function guardStdout(): NodeJS.WriteStream {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') outputLost(err);
  });
  return process.stdout;
}

/**
 * The same for stderr, which shares the pipe in `recall deck lint 2>&1 | head`: the summary written
 * after the reader left must not end the process on an unhandled EPIPE (exit 1, with the stack trace
 * lost in the closed pipe). A stderr that cannot be written at all (`2> /dev/full`) has nowhere to
 * say so: exit 2 is all there is.
 */
function guardStderr(): void {
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    lost = true; // also silences outputLost(): its line would go to this same stderr
    process.exitCode = 2;
  });
}

/**
 * Output that cannot be written (a full disk, a broken device) must not pass for success: one line
 * on stderr, once, and exit 2, whatever the command's own result was. The command still runs to its
 * end, so its saved answers stay saved; what it prints after this goes nowhere.
 */
function outputLost(err: NodeJS.ErrnoException): void {
  process.exitCode = 2;
  if (lost) return;
  lost = true;
  const code = err.code ?? 'EIO';
  try {
    fs.writeSync(2, `recall: cannot write to standard output: ${REASONS[code] ?? err.message} (${code})\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left to say it.
  }
}

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === '--version' || only === '-V') print(`${RECALL_VERSION}\n`);
else if ((only === '--help' || only === '-h') && RECALL_TOP_HELP !== undefined) print(RECALL_TOP_HELP);
else void run();

async function run(): Promise<void> {
  guardStdout();
  guardStderr();
  const { loadCli, commandKey } = await import('./code-cache.js');
  // The command's first file reads start now, in the thread pool, and overlap loading the CLI.
  (await import('./adapters/first-reads.js')).prefetchFirstReads(commandKey(argv), argv, process.env, process.cwd());
  await loadCli(argv, RECALL_BUILD_ID).runMain(argv);
  // runMain set the command's exit code; a lost write (reported while it ran) overrides it.
  if (lost) process.exitCode = 2;
}
