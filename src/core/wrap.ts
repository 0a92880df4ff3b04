// Word wrapping for text screens, ANSI colour codes kept intact (wrap-ansi). Pure.
import wrapAnsi from 'wrap-ansi';

/** `text` wrapped at word boundaries to `width` columns, its later lines indented by `indent`. */
export function wrapWords(text: string, width: number, indent = 2): string {
  return wrapAnsi(text, Math.max(1, width - indent), { hard: true }).replace(/\n/g, `\n${' '.repeat(indent)}`);
}
