// Reading an open file whose size may change while it is read (a file the user names, a report in a
// shared folder): to its end, but never past a limit.
import fs from 'node:fs';

/** The bytes of an open file to its end, but never more than `max` (readFileSync reads a file whose
 *  size was 0 when it looked, or one that grows while it reads, to whatever end it finds). The
 *  buffer is a byte longer than `size`, the size seen: a file that did not change is one read, and
 *  the read that finds its end. */
export function readAtMost(fd: number, size: number, max: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(size + 1, max));
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      if (got >= max) break;
      const bigger = Buffer.allocUnsafe(Math.min(got * 2 + 64 * 1024, max));
      buf.copy(bigger, 0, 0, got);
      buf = bigger;
    }
    const n = fs.readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
