// One way to shorten text for a fixed-width place: cut it and end it with one mark, `…`.

/** `text` shortened to at most `max` characters, ending in `…` when it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 0 ? '' : text.slice(0, max - 1) + '…';
}
