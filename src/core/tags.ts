// `--tag` as users type it: any case (`TRAP`, `Trap`), matched against the tags the decks use.
import { closest } from './suggest.js';
import { appendAll } from './arrays.js';

export interface TagMatch {
  /** The deck tags the request names, spelt as the decks spell them. */
  tags: string[];
  /** Requested tags no card carries, each with the nearest tags that exist. */
  unknown: Array<{ tag: string; closest: string[] }>;
}

export function matchTags(requested: string[], known: Iterable<string>): TagMatch {
  const byLower = new Map<string, string[]>();
  for (const tag of known) {
    const key = tag.toLowerCase();
    const list = byLower.get(key) ?? [];
    if (!list.includes(tag)) list.push(tag);
    byLower.set(key, list);
  }
  const tags: string[] = [];
  const unknown: TagMatch['unknown'] = [];
  for (const want of requested) {
    const found = byLower.get(want.toLowerCase());
    if (found) appendAll(tags, found.filter((t) => !tags.includes(t)));
    else unknown.push({ tag: want, closest: closest(want, [...byLower.values()].flat()) });
  }
  return { tags, unknown };
}
