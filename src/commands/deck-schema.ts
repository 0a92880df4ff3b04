// `recall deck schema`: the JSON Schema of the deck format, for editors and other validators.
import type { Io } from '../io.js';
import { deckSchema } from '../core/schema.js';

export async function run(_opts: unknown, io: Io): Promise<number> {
  io.stdout.write(`${JSON.stringify(deckSchema(), null, 2)}\n`);
  return 0;
}
