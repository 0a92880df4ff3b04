import type { Io } from '../io.js';
import { RecallError } from '../errors.js';

export async function run(_opts: unknown, _io: Io): Promise<number> {
  throw new RecallError('quiz is not built yet', 'NOT_IMPLEMENTED', 2);
}
