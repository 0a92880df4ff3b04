// Helpers for arrays whose length the input decides. `target.push(...items)` and
// `Math.max(...items)` pass every element as an argument, and V8 overflows the stack at around
// 100,000 arguments: a 40,000-card `deck show` crashed that way.

/** Appends `items` to `target` in place, however many there are. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when there is none larger. */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
