// YAML answers files, parsed with positions for error messages. Its own module so that yaml is
// imported only when an answers file is not plain JSON.
import { LineCounter, parseDocument, visit } from 'yaml';
import { UsageError } from '../errors.js';

/** The YAML value of an answers file; nesting past what yaml can parse reads as deeper than `maxDepth`. */
export function parseAnswersYaml(text: string, name: string, maxDepth: number): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  // yaml reports its own stack overflow (thousands of nested brackets) as RESOURCE_EXHAUSTION:
  // said as the depth limit it is, not as "Maximum call stack size exceeded".
  if (first?.code === 'RESOURCE_EXHAUSTION') throw new UsageError(`${name}: invalid answers file: nested deeper than ${maxDepth} levels`, 'ANSWERS_INVALID');
  if (first) {
    const at = lineCounter.linePos(first.pos[0]);
    throw new UsageError(`${name}:${at.line}:${at.col}: invalid answers file: ${first.message.split('\n')[0]}`, 'ANSWERS_INVALID');
  }
  // A number is the answer as written: `version: 1.10` answers "1.10", not the 1.1 YAML reads
  // (which graded an answer key's right answer wrong), and `1.0`, `0x10` or `1e3` stay as typed.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.type === 'PLAIN' && node.source) node.value = node.source;
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`${name}: invalid answers file: ${(err as Error).message}`, 'ANSWERS_INVALID');
  }
  return value;
}
