// Words recall suggests running ("next: recall deck lint 'My Deck.yaml'"): quoted for a POSIX shell
// where they need it, so a suggestion pastes and runs as it reads. Pure.

/** `w` as one shell word: as is when it holds only safe characters, else in single quotes. */
export function shellWord(w: string): string {
  return /^[\w./@:=+,%-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** A path as one shell word that no command reads as an option: "-x.yaml" is "./-x.yaml", since
 *  'recall deck lint -x.yaml' stops at an unknown option instead of linting the file. */
export function shellPath(p: string): string {
  return shellWord(p.startsWith('-') ? `./${p}` : p);
}
