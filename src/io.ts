// What a command may touch of the process: streams, environment, working directory.
// Commands receive it as an argument so tests can run them in-process with fakes.

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}


/** Writes one line (a trailing newline is added). */
export function println(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(text + '\n');
}

/**
 * The callback for writes of a command's report to stdout. When the report is lost to a full disk
 * or a broken device, the process's stdout guard says so and exits 2 (src/boot.ts), but not that
 * what the command recorded is kept: a CI step would take the run as lost and run it again. This
 * says `message`, once, after the guard's line. A reader that left (EPIPE, `| head`) took what it
 * wanted, and is not told.
 */
export function whenStdoutLost(io: Io, message: string): (err?: Error | null) => void {
  let said = false;
  return (err) => {
    const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
    if (!err || said || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return;
    said = true;
    setImmediate(() => io.stderr.write(`recall: ${message}\n`));
  };
}

/**
 * The width to lay text out in: the terminal's, else $COLUMNS (a pipe, a test), else 80. Never below
 * 40, where no table reads anyway.
 */
export function outputWidth(io: Io): number {
  const fromEnv = Number(io.env.COLUMNS);
  const cols = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return Math.max(40, cols);
}
