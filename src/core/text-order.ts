// Ties in sorted output (deck ids, card ids, tags) are broken in code-point order, not with
// localeCompare: the first localeCompare in a process builds ICU's collator, which cost 10-28 ms
// here under load (node -e 0 is ~48 ms idle), on the start-up path of `recall exam` and `recall
// analyze`. Code-point order is also the same on every machine, whatever its locale or ICU data.
// For the kebab-case ASCII ids and tags decks use, the two orders agree except in how they rank
// case and punctuation.

/** Compares two strings by UTF-16 code units: a stable, locale-free order for ties. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
