// wrap-ansi 6 ships no types (its @types package is a dev dependency of @inquirer/core only).
declare module 'wrap-ansi' {
  interface Options {
    /** Break words longer than the width (default false). */
    hard?: boolean;
    /** Wrap at word boundaries (default true). */
    wordWrap?: boolean;
    /** Trim whitespace at the ends of each line (default true). */
    trim?: boolean;
  }
  export default function wrapAnsi(input: string, columns: number, options?: Options): string;
}
