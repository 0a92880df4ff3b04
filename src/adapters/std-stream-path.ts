// Paths that name the process's own standard output or error (/dev/stdout, /dev/fd/1,
// /proc/self/fd/1...). Each is a symbolic link, and recall never writes through one (it is not
// recall's to follow), so an output option given one is refused like any link; but the user meant
// a stream, and the message points to `-`, the spelling for standard output in every command that
// writes a file (quiz --output, deck export -o, progress export).
import path from 'node:path';
import { UsageError } from '../errors.js';
import { neutralize } from '../core/sanitize.js';

const STREAMS: Record<string, 'stdout' | 'stderr'> = {
  '/dev/stdout': 'stdout',
  '/dev/fd/1': 'stdout',
  '/proc/self/fd/1': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/2': 'stderr',
};

/** Which standard stream `abs` (an absolute path, as given) names, if any. */
export function standardStreamOf(abs: string): 'stdout' | 'stderr' | undefined {
  return STREAMS[path.posix.normalize(abs)];
}

/**
 * Exit 2 when `abs` names a standard stream: `dash` is how the command spells standard output
 * (`--output -`), `alsoStdout` another way to get there, `after` what the message ends with.
 */
export function refuseStreamPath(abs: string, shown: string, how: { dash: string; alsoStdout?: string; after?: string }): void {
  const stream = standardStreamOf(abs);
  if (stream === undefined) return;
  const what = neutralize(shown);
  const fix =
    stream === 'stdout'
      ? `for standard output, give ${how.dash}${how.alsoStdout ? ` (${how.alsoStdout})` : ''}`
      : `recall writes to a file or to standard output (${how.dash}); for standard error, give ${how.dash} and redirect it (1>&2)`;
  throw new UsageError(`cannot write ${what}: it is a symbolic link to standard ${stream === 'stdout' ? 'output' : 'error'}, and recall never writes through a symbolic link; ${fix}${how.after ?? ''}`, 'OUTPUT_UNWRITABLE');
}
