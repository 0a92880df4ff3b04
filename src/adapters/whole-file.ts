// Writing a file whole or not at all: a temp file of ours beside it, written in full and fsync'd,
// then renamed over the name, so a crash leaves the old file or the new one, never a part. The
// checkpoint (checkpoint-write.ts) and the caches (cache-files.ts) both write this way; each names
// its own temp files, so cleanup recognises what is its own.
import fs from 'node:fs';

const C = fs.constants;

/**
 * Writes `parts` to `temp` (created here: O_EXCL, never through a symlink, mode 0600), fsyncs it and
 * renames it to `file`. Throws on any failure, with the temp file removed and `file` untouched. A
 * write that makes no progress is a full disk (ENOSPC), not a loop.
 */
export function writeWhole(temp: string, file: string, parts: ReadonlyArray<string | NodeJS.ArrayBufferView>): void {
  viaTemp(temp, file, (fd) => {
    let at = 0;
    for (const part of parts) {
      const buf = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      writeAt(fd, temp, buf, at);
      at += buf.length;
    }
  });
}

/**
 * writeWhole of content made while it is written, so that it is never in memory whole: `fill`
 * passes its pieces to `write` in order (each is written at once: its memory may be reused for the
 * next), then `head()` gives the `headBytes` bytes that go before them (a signature of the content).
 * Whatever `fill` or `head` throws aborts the write as a failure would.
 */
export function writeWholeStreamed(temp: string, file: string, headBytes: number, fill: (write: (bytes: Uint8Array) => void) => void, head: () => Uint8Array): void {
  viaTemp(temp, file, (fd) => {
    let at = headBytes;
    fill((bytes) => {
      writeAt(fd, temp, bytes, at);
      at += bytes.length;
    });
    const h = head();
    if (h.length !== headBytes) throw new Error(`${temp}: a head of ${h.length} bytes where ${headBytes} were kept`);
    writeAt(fd, temp, h, 0);
  });
}

/** Creates `temp`, lets `write` fill it, fsyncs it and renames it to `file` (see writeWhole). */
function viaTemp(temp: string, file: string, write: (fd: number) => void): void {
  const fd = fs.openSync(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0), 0o600);
  let renamed = false;
  try {
    try {
      write(fd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    renamed = true;
  } finally {
    if (!renamed) fs.rmSync(temp, { force: true });
  }
}

/** All of `bytes` at `position` of the file. */
function writeAt(fd: number, temp: string, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    const n = fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    // write() returns less than asked only when the disk is full (or at a quota).
    if (n <= 0) throw Object.assign(new Error(`ENOSPC: short write to ${temp}`), { code: 'ENOSPC' });
    done += n;
  }
}
