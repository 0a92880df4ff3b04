// Child-process driver for the concurrency and crash tests (bundled with esbuild by the test).
// Usage: node driver.mjs PREFIX COUNT CHECKPOINT_EVERY
// Answers cards PREFIX.0 .. PREFIX.(COUNT-1) that are not answered yet, printing each entry id
// after append() returns (= acknowledged), then closes and prints "done".
import { Store, newEntryId } from '../../src/adapters/store.js';
import type { CardState } from '../../src/core/progress.js';

const [prefix = 'p', countText = '100', everyText = '25'] = process.argv.slice(2);
const store = Store.open(process.env, { checkpointEvery: Number(everyText) });
const done = store.states();
for (let i = 0; i < Number(countText); i++) {
  const card = `${prefix}.${i}`;
  if (done.has(`deck/${card}`)) continue;
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
  const state: CardState = {
    due: at, stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 1, learning_steps: 0,
    reps: 1, lapses: 0, state: 1, last_review: at, hash: 'h',
  };
  const id = newEntryId();
  store.append({ id, at, deck: 'deck', op: 'review', card, kind: 'study', rating: 'good', correct: true, ms: 10, state });
  process.stdout.write(id + '\n');
}
store.close();
process.stdout.write('done\n');
