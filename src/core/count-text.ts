// Whole numbers with thousands separators (`12,345`), as toLocaleString('en-US') writes them.
// By hand because the first toLocaleString in a process builds ICU's number formatter: 36-65 ms
// measured under load (node -e 0 is ~80 ms), paid by every `recall stats` for a few counts.

/** `1,234,567`; a number that is not a whole number (never a count) goes to toLocaleString. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `1 report`, `1,204 reports`: a count and its noun, plural with an s unless it is one. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
