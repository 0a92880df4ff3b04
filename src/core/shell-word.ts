// Words recall suggests running ("next: recall deck lint 'My Deck.yaml'"): quoted for a POSIX shell
// where they need it, so a suggestion pastes and runs as it reads. Pure.

/** `w` as one shell word: as is when it holds only safe characters, else in single quotes. */
export function shellWord(w: string): string {
  return /^[\w./@:=+,%-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
