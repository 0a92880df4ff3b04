// What an error code of a failed file operation means, in words, for the messages that name the
// file: the store's (store-files.ts) and the files a user names for output (write-new-file.ts).
// Each keeps its own order ("EACCES (permission denied)" for the store, "permission denied (EACCES)"
// for output files) and adds its own words where the context says more (a link in the store).
const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large',
  EIO: 'input/output error',
  // Opening /dev/tty with no controlling terminal (a CI job), or a FIFO with no reader.
  ENXIO: 'no such device or address',
};

/** The words for `code`, or undefined for a code without any. */
export function errnoWords(code: string): string | undefined {
  return WORDS[code];
}
