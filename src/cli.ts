// The entry point: the one place that turns errors into exit codes (see README "Exit codes").
// Start-up is most of what a terminal tool feels like, so nothing heavy is imported here:
// `--version` and the top-level `--help` answer without loading commander (whose import costs
// about as much as node's own start-up), and every command loads its own modules.
// This module imports nothing at start: each extra module file costs about a millisecond.
import type { Io } from './io.js';

/** Set by scripts/build.mjs: the package version, and `recall --help` as commander prints it at
 *  80 columns. Unbundled (under vitest) they are undefined and the slow paths answer. */
declare const RECALL_VERSION: string | undefined;
declare const RECALL_TOP_HELP: string | undefined;
const topHelp = typeof RECALL_TOP_HELP === 'string' ? RECALL_TOP_HELP : undefined;

async function version(): Promise<string> {
  if (typeof RECALL_VERSION === 'string') return RECALL_VERSION;
  return (await import('../package.json', { with: { type: 'json' } })).default.version;
}

function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin sets up a TTY or pipe stream (~7 ms), which only interactive
    // commands and `--answers -` need.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

function isCommanderError(err: unknown): err is Error & { code: string; exitCode: number } {
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('commander.');
}

/** Runs the CLI with argv (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${await version()}\n`);
    return 0;
  }
  if (topHelp !== undefined && argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    io.stdout.write(topHelp);
    return 0;
  }
  const debug = argv.includes('--debug');
  try {
    const { buildProgram } = await import('./program.js');
    const exit = { code: 0 };
    await buildProgram(io, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (err) {
    const { EXIT, RecallError } = await import('./errors.js');
    if (isCommanderError(err)) {
      // --help and --version arrive here too, with exitCode 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof RecallError) {
      if (err.message) io.stderr.write(`recall: ${err.message}\n`);
      if (debug) io.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    if (err instanceof Error && err.name === 'ExitPromptError') return EXIT.interrupted;
    io.stderr.write(`recall: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    io.stderr.write(debug && err instanceof Error ? `${err.stack}\n` : 'Run again with --debug for details, and please report it.\n');
    return 70;
  }
}

/** Entry point used by bin/recall.js. */
export async function runMain(argv: string[]): Promise<void> {
  // `recall deck lint | head`: when the reader goes away, the rest of the output has nowhere to go.
  // Drop it quietly instead of dying on an unhandled EPIPE with a stack trace, and let the command
  // finish, so its exit code (a failed lint is still 1) and its saved answers stay right.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
  process.exitCode = await main(argv);
}
