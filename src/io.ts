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
