// Appending to journal.jsonl: the one open file descriptor of a store, and whether an append failed
// (then the disk is full, and close() must not hide that behind a failing checkpoint).
import fs from 'node:fs';
import { appendLines, type JournalWrite } from './store-fs.js';
import { openStoreFile } from './store-files.js';

export class JournalAppender {
  private fd: number | undefined;
  /** An append failed (disk full, a short write, the file not writable). */
  failed = false;

  constructor(
    readonly file: string,
    /** Tests inject a short write or an ENOSPC here. */
    private readonly write?: JournalWrite,
  ) {}

  /** Appends whole lines with one write, fsync'd (see appendLines); StoreError DISK_FULL when not saved. */
  append(buf: Buffer, fullMessage?: string): void {
    try {
      appendLines(this.open(), buf, this.write, fullMessage);
    } catch (err) {
      this.failed = true;
      throw err;
    }
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  /** Opened on the first append: no symlink, a regular file, created 0600, a mode its owner gave kept. */
  private open(): number {
    this.fd ??= openStoreFile(this.file, 'append')!;
    return this.fd;
  }
}
