// `recall card unsuspend DECK/ID`: put a leech back into study.
import { stateKey } from '../core/progress.js';
import { closeStore, newEntryId, newSessionId, openStore } from '../adapters/store.js';
import { clockFromEnv } from '../adapters/clock.js';
import { UsageError } from '../errors.js';
import { closest } from '../core/suggest.js';
import { println, type Io } from '../io.js';

export async function run(opts: { action: 'unsuspend'; card: string }, io: Io): Promise<number> {
  const slash = opts.card.indexOf('/');
  if (slash <= 0 || slash === opts.card.length - 1) throw new UsageError(`name the card as DECK/ID, e.g. iam-users-vs-roles/credentials-expire; got "${opts.card}"`);
  const deck = opts.card.slice(0, slash);
  const card = opts.card.slice(slash + 1);
  const clock = clockFromEnv(io.env);
  // A card the store does not know is refused before the store's repairs: a refused run writes nothing.
  const store = openStore(io, {
    check: (s) => {
      if (s.states().has(stateKey(deck, card))) return;
      // A mistyped id names the closest cards with progress, as a mistyped deck or setting does.
      // Within the deck the id is compared alone: measured with its deck prefix, a third of the
      // length let far ids in (badge-model-cloze for badge-vs-jackt).
      const keys = [...s.states().keys()];
      const inDeck = keys.filter((k) => k.startsWith(`${deck}/`)).map((k) => k.slice(deck.length + 1));
      const near = inDeck.length > 0 ? closest(card, inDeck, 2).map((id) => stateKey(deck, id)) : closest(opts.card, keys, 2);
      throw new UsageError(`no progress for ${opts.card}${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}: check the deck and card id (recall stats lists leeches)`, 'UNKNOWN_CARD');
    },
  });
  try {
    const state = store.states().get(stateKey(deck, card))!;
    if (!state.leech) {
      println(io.stdout, `${opts.card} is not suspended.`);
      return 0;
    }
    const { leech: _leech, ...rest } = state;
    store.append({ op: 'unsuspend', id: newEntryId(), at: clock().toISOString(), session: newSessionId(), deck, card, state: rest });
    println(io.stdout, `${opts.card} is back in study (${state.lapses} lapses so far).`);
    return 0;
  } finally {
    closeStore(store, io);
  }
}
