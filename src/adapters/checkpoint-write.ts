// The atomic write of progress.json (whole-file.ts), with temp files named as conf named them.
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
import { writeWhole } from './whole-file.js';

function tempName(file: string): string {
  return `${file}.tmp-${String(Date.now()).slice(-10).padStart(10, '0')}${randomBytes(3).toString('hex')}`;
}

/** Writes `parts`, in order, to `file` atomically (mode 0600 for the temp file); throws on any
 *  failure, with the temp file removed and `file` untouched. */
export function writeFileAtomic(file: string, parts: readonly Buffer[]): void {
  writeWhole(tempName(file), file, parts);
}
