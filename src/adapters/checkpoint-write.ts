// The atomic write of progress.json: a temp file beside it, written in full and fsync'd, then
// renamed over it, so a crash leaves either the old file or the new one, never a part.
//
// Why not conf (which wrote it until 2026-11-29): conf costs ~130 ms to import (more than node's
// own start-up), its constructor reads the whole old file (3 MB on a big store) although recall
// reads progress.json itself, it takes a string and so encodes the 3 MB a second time after the
// seal had, and its writer ignores a short write (FINDINGS). With a 10,000-card store that made the
// checkpoint every 2,000 answers the largest part of a scripted answer's cost (the bench's
// per-answer row: 1.54× the empty store's). What conf gave beyond the write (schema, migrations,
// dot paths) recall never used. The temp files keep conf's names, `progress.json.tmp-` + 10
// digits + 6 hex (store-files.ts), so leftovers of either are recognised and cleaned the same way.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

const C = fs.constants;

function tempName(file: string): string {
  return `${file}.tmp-${String(Date.now()).slice(-10).padStart(10, '0')}${randomBytes(3).toString('hex')}`;
}

/** Writes `bytes` to `file` atomically (mode 0600 for the temp file); throws on any failure, with
 *  the temp file removed and `file` untouched. */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const temp = tempName(file);
  // O_EXCL and O_NOFOLLOW: never through something already there, a symlink least of all.
  const fd = fs.openSync(temp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW ?? 0), 0o600);
  let renamed = false;
  try {
    try {
      for (let at = 0; at < bytes.length; ) {
        const n = fs.writeSync(fd, bytes, at, bytes.length - at);
        // write() returns less than asked only when the disk is full (or at a quota).
        if (n <= 0) throw Object.assign(new Error(`ENOSPC: short write to ${temp}`), { code: 'ENOSPC' });
        at += n;
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
