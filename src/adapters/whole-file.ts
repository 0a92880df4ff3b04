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
  const fd = fs.openSync(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0), 0o600);
  let renamed = false;
  try {
    try {
      for (const part of parts) {
        const buf = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        for (let at = 0; at < buf.length; ) {
          const n = fs.writeSync(fd, buf, at, buf.length - at);
          // write() returns less than asked only when the disk is full (or at a quota).
          if (n <= 0) throw Object.assign(new Error(`ENOSPC: short write to ${temp}`), { code: 'ENOSPC' });
          at += n;
        }
      }
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
