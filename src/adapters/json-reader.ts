// Strict JSON for untrusted files (answers files, progress imports). JSON.parse keeps the last of
// two equal keys without a word, builds any depth (and the code that walks the value later then
// overflows the stack), and needs the whole text in memory. This reader takes tokens from
// @streamparser/json's tokenizer and assembles values itself, so that:
// - a duplicate key is an error, as it is in YAML answers files;
// - nesting deeper than a limit is an error, found before anything deep is built;
// - the elements of chosen top-level arrays are handed over one at a time and not kept, so a
//   progress export of a million reviews is read in bounded memory.
import Tokenizer, { TokenizerError } from '@streamparser/json/tokenizer.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';

/** Invalid or over-limit JSON; `offset` is the byte offset in the input where it was found. */
export class JsonInputError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

export interface StrictJsonOptions {
  /** Containers (objects and arrays) nested deeper than this are refused. */
  maxDepth: number;
  /** Keys of the root object whose array elements go to `onElement` instead of into the result;
   *  the result then holds the number of elements under that key. */
  streamKeys?: readonly string[];
  onElement?: (key: string, index: number, value: unknown) => void;
}

interface ObjectFrame {
  kind: 'object';
  value: Record<string, unknown>;
  /** 'key' (or '}' when empty), ':' , 'value', ',' (or '}') */
  expect: 'key' | ':' | 'value' | ',';
  key: string;
  empty: boolean;
}

interface ArrayFrame {
  kind: 'array';
  /** undefined: a streamed array whose elements are handed to onElement */
  value: unknown[] | undefined;
  expect: 'value' | ',';
  empty: boolean;
  streamKey: string | undefined;
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

const NAMES: Record<number, string> = {
  [TokenType.LEFT_BRACE]: '"{"',
  [TokenType.RIGHT_BRACE]: '"}"',
  [TokenType.LEFT_BRACKET]: '"["',
  [TokenType.RIGHT_BRACKET]: '"]"',
  [TokenType.COLON]: '":"',
  [TokenType.COMMA]: '","',
  [TokenType.STRING]: 'a string',
  [TokenType.NUMBER]: 'a number',
  [TokenType.TRUE]: 'true',
  [TokenType.FALSE]: 'false',
  [TokenType.NULL]: 'null',
};

/** Builds one JSON value from tokens, enforcing the limits above. */
export class StrictJsonAssembler {
  private readonly stack: Frame[] = [];
  private root: unknown;
  private done = false;
  private readonly streamKeys: ReadonlySet<string>;

  constructor(private readonly opts: StrictJsonOptions) {
    this.streamKeys = new Set(opts.streamKeys ?? []);
  }

  token(token: TokenType, value: unknown, offset: number): void {
    const fail = (why: string): never => {
      throw new JsonInputError(why, offset);
    };
    if (this.done) fail(`unexpected ${NAMES[token] ?? 'text'} after the end of the JSON value`);
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object' && top.expect !== 'value') {
      if (top.expect === 'key') {
        if (token === TokenType.RIGHT_BRACE && top.empty) return this.close();
        if (token !== TokenType.STRING) fail(`expected a key in double quotes, found ${NAMES[token]}`);
        const key = value as string;
        if (Object.hasOwn(top.value, key)) fail(`duplicate key "${printable(key)}"`);
        top.key = key;
        top.expect = ':';
        return;
      }
      if (top.expect === ':') {
        if (token !== TokenType.COLON) fail(`expected ":" after a key, found ${NAMES[token]}`);
        top.expect = 'value';
        return;
      }
      if (token === TokenType.COMMA) {
        top.expect = 'key';
        top.empty = false;
        return;
      }
      if (token === TokenType.RIGHT_BRACE) return this.close();
      fail(`expected "," or "}", found ${NAMES[token]}`);
    }
    if (top?.kind === 'array') {
      if (top.expect === ',') {
        if (token === TokenType.COMMA) {
          top.expect = 'value';
          top.empty = false;
          return;
        }
        if (token === TokenType.RIGHT_BRACKET) return this.close();
        fail(`expected "," or "]", found ${NAMES[token]}`);
      }
      if (token === TokenType.RIGHT_BRACKET && top.empty) return this.close();
    }
    // A value is expected here.
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET: {
        if (this.stack.length >= this.opts.maxDepth) fail(`nested deeper than ${this.opts.maxDepth} levels`);
        if (token === TokenType.LEFT_BRACE) {
          this.stack.push({ kind: 'object', value: {}, expect: 'key', key: '', empty: true });
        } else {
          const streamKey = this.stack.length === 1 && top?.kind === 'object' && this.streamKeys.has(top.key) ? top.key : undefined;
          this.stack.push({ kind: 'array', value: streamKey === undefined ? [] : undefined, expect: 'value', empty: true, streamKey, index: 0 });
        }
        return;
      }
      case TokenType.STRING:
      case TokenType.NUMBER:
      case TokenType.TRUE:
      case TokenType.FALSE:
      case TokenType.NULL:
        return this.put(value);
      default:
        fail(`expected a value, found ${NAMES[token] ?? 'text'}`);
    }
  }

  private close(): void {
    const frame = this.stack.pop()!;
    if (frame.kind === 'array' && frame.value === undefined) this.put(frame.index);
    else this.put(frame.value);
  }

  private put(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.root = v;
      this.done = true;
    } else if (top.kind === 'object') {
      // defineProperty, not assignment: a key "__proto__" must stay data, as JSON.parse keeps it.
      Object.defineProperty(top.value, top.key, { value: v, enumerable: true, writable: true, configurable: true });
      top.expect = ',';
    } else {
      if (top.value === undefined) this.opts.onElement?.(top.streamKey!, top.index, v);
      else top.value.push(v);
      top.index++;
      top.expect = ',';
    }
  }

  /** The value read; throws when the input ended before it was whole. */
  result(endOffset: number): unknown {
    if (!this.done) throw new JsonInputError(this.stack.length === 0 ? 'no JSON value (the input is empty)' : 'the JSON ends before it is complete', endOffset);
    return this.root;
  }
}

function printable(key: string): string {
  const short = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return short.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069"\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function tokenizer(asm: StrictJsonAssembler): { tok: Tokenizer; bytes: () => number } {
  const tok = new Tokenizer();
  let last = 0;
  tok.onToken = ({ token, value, offset }) => {
    last = offset;
    asm.token(token, value, offset);
  };
  tok.onError = (err) => {
    // The tokenizer reports what our own callbacks threw through here too: pass those on as they are.
    if (!(err instanceof TokenizerError)) throw err;
    // The tokenizer's messages name its internal states; say what a person can act on.
    const at = /absolute position "(\d+)"/.exec(err.message);
    const ch = /Unexpected "(.*?)"/s.exec(err.message);
    if (at && ch) throw new JsonInputError(`unexpected ${JSON.stringify(ch[1])} (not valid JSON)`, Number(at[1]));
    if (/ended in the middle/.test(err.message)) throw new JsonInputError('the JSON ends in the middle of a value', undefined);
    throw new JsonInputError(`not valid JSON (${err.message})`, last);
  };
  return { tok, bytes: () => last };
}

/** Parses JSON text strictly (see the top of this file). Throws JsonInputError. */
export function parseStrictJson(text: string, opts: StrictJsonOptions): unknown {
  const asm = new StrictJsonAssembler(opts);
  const { tok, bytes } = tokenizer(asm);
  tok.write(text);
  tok.end();
  return asm.result(bytes());
}

/** Parses a JSON stream strictly, chunk by chunk. Throws JsonInputError. */
export async function parseStrictJsonStream(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, opts: StrictJsonOptions): Promise<unknown> {
  const asm = new StrictJsonAssembler(opts);
  const { tok, bytes } = tokenizer(asm);
  for await (const chunk of chunks) tok.write(chunk);
  tok.end();
  return asm.result(bytes());
}
