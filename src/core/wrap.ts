// Word wrapping for text screens, ANSI colour codes kept intact (wrap-ansi). Pure.
import wrapAnsi from 'wrap-ansi';

/** `text` wrapped at word boundaries to `width` columns, its later lines indented by `indent`. */
export function wrapWords(text: string, width: number, indent = 2): string {
  return wrapAnsi(text, Math.max(1, width - indent), { hard: true }).replace(/\n/g, `\n${' '.repeat(indent)}`);
}

/**
 * `text` wrapped to `width` columns, every line after the first indented by `indent`, each line of
 * its own keeping its own leading spaces: a policy in a question ("{", '  "Effect": "Allow"', "}")
 * keeps its nesting, where wrapping the whole text trimmed every line flush. A line whose own
 * indentation would leave under 20 columns loses it rather than wrap a few characters a line.
 */
export function wrapLines(text: string, width: number, indent = 2): string {
  return text
    .split('\n')
    .map((line, i) => {
      // Our own colour codes may open the line; its spaces come after them.
      const m = /^((?:\u001B\[[0-9;]*m)*)( *)/.exec(line)!;
      const lead = i === 0 ? 0 : Math.min(m[2]!.length, Math.max(0, width - indent - 20));
      const rest = m[1]! + line.slice(m[0].length);
      const wrapped = wrapAnsi(rest, Math.max(1, width - indent - lead), { hard: true });
      return ' '.repeat(lead) + wrapped.replace(/\n/g, `\n${' '.repeat(indent + lead)}`);
    })
    .join(`\n${' '.repeat(indent)}`);
}

/**
 * Short parts ("↑↓ move", "Enter confirm") joined by `sep`, a new line started where the next part
 * would pass `width`, so no part is split across lines (the terminal would cut "1-4 move to
 * position" after "move"). No width (not a terminal): one line.
 */
export function joinFitting(parts: string[], width: number | undefined, sep = ' · '): string {
  if (!width) return parts.join(sep);
  // Parts may be coloured: only what shows counts (deck text is neutralised before it gets here,
  // so the only escapes are our own colours).
  const shown = (s: string): number => s.replace(/\u001B\[[0-9;]*m/g, '').length;
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line === '' ? part : `${line}${sep}${part}`;
    if (line !== '' && shown(next) > width) {
      lines.push(line);
      line = part;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n');
}
