// The CLI behind bin/recall.cjs (see src/boot.ts, which answers --version and the top-level
// --help by itself): the one place that turns errors into exit codes (see README "Exit codes").
// Every command loads its own modules, so a command pays only for what it uses.
import type { Io } from './io.js';
import { stderrAfterStdout } from './adapters/stderr-after-stdout.js';

function processIo(): Io {
  return {
    stdout: process.stdout,
    // A summary or an error on stderr must not overtake the stdout lines before it in a shared pipe
    // (`recall deck lint 2>&1 | cat`): see src/adapters/stderr-after-stdout.ts.
    stderr: stderrAfterStdout(process.stdout, process.stderr),
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
  const debug = argv.includes('--debug');
  try {
    const { buildProgram, nestedHelp, rejectMistypedCommand } = await import('./program.js');
    const exit = { code: 0 };
    const program = buildProgram(io, exit);
    const args = nestedHelp(argv);
    await rejectMistypedCommand(program, args, io.cwd);
    await program.parseAsync(args, { from: 'user' });
    return exit.code;
  } catch (err) {
    const { EXIT, RecallError } = await import('./errors.js');
    // Messages quote what the user typed and what files hold: this is where they meet the terminal.
    const { neutralize } = await import('./core/sanitize.js');
    if (isCommanderError(err)) {
      // --help and --version arrive here too, with exitCode 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof RecallError) {
      if (err.message) io.stderr.write(`recall: ${neutralize(err.message)}\n`);
      if (debug) io.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    if (err instanceof Error && err.name === 'ExitPromptError') return EXIT.interrupted;
    io.stderr.write(`recall: internal error: ${neutralize(err instanceof Error ? err.message : String(err))}\n`);
    io.stderr.write(debug && err instanceof Error ? `${err.stack}\n` : 'Run again with --debug for details, and please report it.\n');
    return 70;
  }
}

/** Entry point used by src/boot.ts. */
export async function runMain(argv: string[]): Promise<void> {
  process.exitCode = await main(argv);
}
