// A neutral, positioned tree of what YAML read. The validator works on this, never on the yaml
// library's AST, so core stays pure and the parser can change without touching the rules.

export interface PBase {
  /** 1-based position of the node's first character. */
  line: number;
  col: number;
  /** Explicit YAML tag, when the author wrote one (e.g. `!!js/function`). */
  tag?: string;
}

export interface PScalar extends PBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The raw text as written in the file, so messages can quote what YAML read (`1.10`, `nope`). */
  source: string;
}

export interface PEntry {
  key: string;
  keyLine: number;
  keyCol: number;
  value: PNode;
}

export interface PMap extends PBase {
  kind: 'map';
  entries: PEntry[];
}

export interface PSeq extends PBase {
  kind: 'seq';
  items: PNode[];
}

export type PNode = PScalar | PMap | PSeq;

export function getEntry(map: PMap, key: string): PEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** What kind of value a node holds, in words a deck author knows. */
export function describeNode(node: PNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'nothing (empty)';
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  return 'text';
}
