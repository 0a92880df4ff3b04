// Stats over card states: counts by state, what is due and when, predicted recall, leeches.
// One pass over the cards in scope; see the definitions at the top of stats.ts.
import type { CardState, Settings } from './progress.js';
import { stateKey } from './progress.js';
import { makeScheduler, retrievabilityAt } from './schedule.js';
import { canonical, type DayIndex } from './stats-days.js';
import type { CardCounts, DeckStats, DueCounts, LeechInfo, StatsDeck } from './stats-types.js';

export const FORECAST_DAYS = 30;

export const zeroCards = (): CardCounts => ({ total: 0, new: 0, learning: 0, review: 0, suspended: 0 });
export const zeroDue = (): DueCounts => ({ overdue: 0, today: 0, tomorrow: 0 });

export interface CardFigures {
  cards: CardCounts;
  due: DueCounts;
  /** Cards falling due per study day from today (overdue in [0]), FORECAST_DAYS long. */
  forecast: number[];
  leeches: LeechInfo[];
  /** Mean predicted recall over cards in review; null when none. */
  predicted: number | null;
}

export interface CardInput {
  decks: readonly StatsDeck[];
  /** Deck id → its row, filled in here: the decks in scope. */
  perDeck: Map<string, DeckStats>;
  /** Ids in scope without a loaded deck file: counted from their stored states. */
  storeOnly: boolean;
  states: Map<string, CardState>;
  now: Date;
  days: DayIndex;
  today: number;
  recall: (state: CardState, now: Date) => number;
}

export function cardFigures(input: CardInput): CardFigures {
  const { perDeck, states, now, days, today, recall } = input;
  const todayStart = days.startOf(today);
  const bounds: string[] = [];
  for (let k = 0; k <= FORECAST_DAYS; k++) bounds.push(days.startOf(today + k));
  const cards = zeroCards();
  const due = zeroDue();
  const forecast = new Array<number>(FORECAST_DAYS).fill(0);
  const leeches: LeechInfo[] = [];
  let rSum = 0;
  let rCount = 0;
  const classify = (ds: DeckStats, cardId: string, st: CardState | undefined, tags: string[]): void => {
    ds.cards.total++;
    cards.total++;
    if (st?.leech) {
      ds.cards.suspended++;
      cards.suspended++;
      leeches.push({ deck: ds.id, id: cardId, lapses: st.lapses, tags });
      return;
    }
    if (!st || st.state === 0) {
      ds.cards.new++;
      cards.new++;
      return;
    }
    if (st.state === 2) {
      ds.cards.review++;
      cards.review++;
      const r = recall(st, now);
      if (Number.isFinite(r)) [rSum, rCount] = [rSum + r, rCount + 1];
    } else {
      ds.cards.learning++;
      cards.learning++;
    }
    const at = canonical(st.due);
    if (at === null || at >= bounds[FORECAST_DAYS]!) return;
    let k = 0;
    if (at < todayStart) {
      ds.due.overdue++;
      due.overdue++;
    } else {
      let [a, b] = [0, FORECAST_DAYS - 1]; // largest k with bounds[k] <= at
      while (a < b) {
        const mid = (a + b + 1) >> 1;
        if (bounds[mid]! <= at) a = mid;
        else b = mid - 1;
      }
      k = a;
      if (k === 0) [ds.due.today, due.today] = [ds.due.today + 1, due.today + 1];
      if (k === 1) [ds.due.tomorrow, due.tomorrow] = [ds.due.tomorrow + 1, due.tomorrow + 1];
    }
    forecast[k]!++;
  };
  const loaded = new Set<string>();
  for (const d of input.decks) {
    loaded.add(d.id);
    const ds = perDeck.get(d.id);
    if (ds) for (const c of d.cards) classify(ds, c.id, states.get(stateKey(d.id, c.id)), c.tags);
  }
  if (input.storeOnly) {
    for (const [key, st] of states) {
      const deck = key.slice(0, key.indexOf('/'));
      const ds = loaded.has(deck) ? undefined : perDeck.get(deck);
      if (ds) classify(ds, key.slice(deck.length + 1), st, []);
    }
  }
  leeches.sort((a, b) => b.lapses - a.lapses || a.deck.localeCompare(b.deck) || a.id.localeCompare(b.id));
  return { cards, due, forecast, leeches, predicted: rCount > 0 ? rSum / rCount : null };
}

/** FSRS predicted recall at `now` (see StatsInput.retrievability). */
export function defaultRecall(settings: Settings): (st: CardState, now: Date) => number {
  const sched = makeScheduler(settings);
  // Stats asks for every card at the same `now`: work out its study day once per distinct time.
  let at: { ms: number; recall: (st: CardState) => number } | undefined;
  return (st, now) => {
    if (st.last_review === undefined) return Number.NaN;
    if (at?.ms !== now.getTime()) at = { ms: now.getTime(), recall: retrievabilityAt(sched, now) };
    return at.recall(st);
  };
}
