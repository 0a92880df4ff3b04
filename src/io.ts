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
 * The width to lay text out in: the terminal's, else $COLUMNS (a pipe, a test), else 80. Never below
 * 40, where no table reads anyway.
 */
export function outputWidth(io: Io): number {
  const fromEnv = Number(io.env.COLUMNS);
  const cols = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return Math.max(40, cols);
}
