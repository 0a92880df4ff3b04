// Typed errors. Only src/cli.ts turns them into exit codes and messages; nothing else exits.

/** Exit codes (documented in the README): */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, interrupted: 130 } as const;

export class RecallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line use or bad input the user gave (exit 2). */
export class UsageError extends RecallError {
  constructor(message: string, code = 'USAGE') {
    super(message, code, EXIT.usage);
  }
}

/** A deck that cannot be loaded (exit 2); `file:line:col` where known. */
export class DeckError extends RecallError {
  constructor(message: string, code = 'DECK_INVALID') {
    super(message, code, EXIT.usage);
  }
}

/** The progress store cannot be read or written safely (exit 2). */
export class StoreError extends RecallError {
  constructor(message: string, code = 'STORE') {
    super(message, code, EXIT.usage);
  }
}

/**
 * Runs a store write made for one request (a setting, the exam) and, when it fails, says first that
 * the request did not happen: the store's message speaks of progress.json and of answers being safe,
 * and `config set` on a full disk read as if the new value might have been taken.
 */
export function notDone<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof StoreError) throw new StoreError(`${what}: ${err.message}`, err.code);
    throw err;
  }
}

/** A check that ran and failed: lint errors, a score below the pass mark (exit 1). */
export class CheckFailed extends RecallError {
  constructor(message: string, code = 'CHECK_FAILED') {
    super(message, code, EXIT.checkFailed);
  }
}

/** The user pressed Ctrl-C (exit 130); the command has already saved and summarised. */
export class Interrupted extends RecallError {
  constructor(message = 'interrupted') {
    super(message, 'INTERRUPTED', EXIT.interrupted);
  }
}
