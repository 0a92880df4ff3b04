// Standard error that waits for standard output, so that a line on stderr never overtakes the
// stdout lines written before it (`recall deck lint big.yaml 2>&1 | cat > log` must end with the
// lint's summary, the line CI users read).
//
// Why it is needed: on Linux, process.stdout into a pipe is asynchronous. Node tries each write at
// once, and when the pipe is full (its reader is slower than a lint printing 10,000 warnings) it
// queues the rest in libuv. process.stderr is a second stream with a queue of its own, so a line
// written to it after the warnings went into the pipe as soon as there was room, while most of
// the warnings still waited in stdout's queue: with both on one pipe (`2>&1`) the summary landed
// in the middle of the log. Files and terminals are written synchronously and never queue.
//
// Only a write made while stdout still holds bytes waits, and it waits for exactly those bytes
// (a marker write on stdout calls back once everything before it went to the OS); every other
// write goes straight to stderr, as before, so nothing is made synchronous and start-up pays
// nothing but this object. The order is kept one way only: stdout written after a waiting stderr
// line may pass it (keeping both ways would mean wrapping stdout, which the prompts use as their
// terminal); recall's stderr lines come first (notices) or last (summaries, errors), where it holds.
import { Writable } from 'node:stream';
import type { Io } from '../io.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; writableLength?: number };

export function stderrAfterStdout(stdout: Stream, stderr: Stream): Io['stderr'] {
  const ordered = new Writable({
    decodeStrings: false,
    write(chunk: string | Uint8Array, encoding: BufferEncoding, done: () => void) {
      const pass = (): void => {
        if (typeof chunk === 'string') stderr.write(chunk, encoding);
        else stderr.write(chunk);
        done();
      };
      // The marker's callback runs once every earlier stdout write was handed to the OS, or failed
      // (a reader that left, a full disk: stdout's own guard in src/boot.ts deals with those), and
      // this line must be written then all the same: it may go to a terminal that is still there.
      if ((stdout.writableLength ?? 0) > 0) stdout.write('', pass);
      else pass();
    },
  });
  // Colour and progress lines ask whether stderr is a terminal.
  Object.defineProperty(ordered, 'isTTY', { get: () => stderr.isTTY, enumerable: true });
  return ordered;
}
