// `recall config list|get|set`: scheduling settings, validated here, stored in the progress store.
import { DEFAULT_SETTINGS, type Settings } from '../core/progress.js';
import { closeStore, openStore } from '../adapters/store.js';
import { UsageError } from '../errors.js';
import { println, type Io } from '../io.js';

export interface ConfigOptions {
  action: 'list' | 'get' | 'set';
  key?: string;
  value?: string;
}

interface Spec {
  field: keyof Settings;
  help: string;
  parse: (raw: string) => Settings[keyof Settings];
}

const STEP = /^\d+(\.\d+)?[smhd]$/;

function number(min: number, max: number, integer: boolean, what: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new UsageError(`${what} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`, 'BAD_SETTING');
    return n;
  };
}

function steps(raw: string): string[] {
  const list = raw.split(/[\s,]+/).filter(Boolean);
  const bad = list.find((s) => !STEP.test(s) || parseFloat(s) <= 0);
  if (bad !== undefined || list.length > 10)
    throw new UsageError(`steps are a comma-separated list like "1m,10m,1h" (units s, m, h, d; at most 10), got "${raw}"`, 'BAD_SETTING');
  return list;
}

/** Setting names as users type them, in the order `config list` shows them. */
export const SETTINGS: Record<string, Spec> = {
  retention: { field: 'retention', help: 'desired retention, 0.70-0.97', parse: number(0.7, 0.97, false, 'retention') },
  'max-interval': { field: 'maxInterval', help: 'longest interval in days', parse: number(1, 36500, true, 'max-interval') },
  'new-per-day': { field: 'newPerDay', help: 'new cards introduced per study day', parse: number(0, 10000, true, 'new-per-day') },
  'reviews-per-day': { field: 'reviewsPerDay', help: 'reviews per study day', parse: number(0, 100000, true, 'reviews-per-day') },
  'learning-steps': { field: 'learningSteps', help: 'steps for new cards, e.g. 1m,10m', parse: steps },
  'relearning-steps': { field: 'relearningSteps', help: 'steps after a lapse, e.g. 10m', parse: steps },
  'rollover-hour': { field: 'rolloverHour', help: 'local hour a study day starts (0-23)', parse: number(0, 23, true, 'rollover-hour') },
  'time-budget': { field: 'timeBudget', help: 'seconds before a right answer rates Hard', parse: number(1, 3600, true, 'time-budget') },
  'leech-lapses': { field: 'leechLapses', help: 'lapses that make a card a leech', parse: number(1, 1000, true, 'leech-lapses') },
};

function spec(key: string | undefined): Spec {
  const s = key === undefined ? undefined : SETTINGS[key];
  if (!s) throw new UsageError(`unknown setting "${key}". Settings: ${Object.keys(SETTINGS).join(', ')}`, 'UNKNOWN_SETTING');
  return s;
}

function show(value: Settings[keyof Settings]): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export async function run(opts: ConfigOptions, io: Io): Promise<number> {
  if (opts.action !== 'list') spec(opts.key); // fail on a typo before touching the store
  const store = openStore(io);
  try {
    const settings = store.settings();
    if (opts.action === 'list') {
      const width = Math.max(...Object.keys(SETTINGS).map((k) => k.length));
      for (const [name, s] of Object.entries(SETTINGS)) {
        const value = show(settings[s.field]);
        const mark = value === show(DEFAULT_SETTINGS[s.field]) ? '' : '  (changed)';
        println(io.stdout, `${name.padEnd(width)}  ${value.padEnd(10)}  ${s.help}${mark}`);
      }
    } else if (opts.action === 'get') {
      println(io.stdout, show(settings[spec(opts.key).field]));
    } else {
      const s = spec(opts.key);
      const value = s.parse(opts.value ?? '');
      store.setSetting(s.field, value as never);
      println(io.stdout, `${opts.key} = ${show(value)}`);
    }
    return 0;
  } finally {
    closeStore(store, io);
  }
}
