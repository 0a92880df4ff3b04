// `recall config list|get|set`: scheduling settings, validated here, stored in the progress store.
import { DEFAULT_SETTINGS, type Settings } from '../core/progress.js';
import { MAX_STEPS, SETTING_RULES, settingProblem } from '../core/settings.js';
import { formatParams, parseParams } from '../core/fsrs-params.js';
import { closeStore, openStore } from '../adapters/store.js';
import { notDone, UsageError } from '../errors.js';
import { maxOf } from '../core/arrays.js';
import { closest } from '../core/suggest.js';
import { outputWidth, println, type Io } from '../io.js';
import { wrapWords } from '../core/wrap.js';

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
  if (settingProblem('learningSteps', list) !== undefined)
    throw new UsageError(`steps are a comma-separated list like "1m,10m,1h" (units s, m, h, d; at most ${MAX_STEPS}), got "${raw}"`, 'BAD_SETTING');
  return list;
}

function params(raw: string): number[] | null {
  const parsed = parseParams(raw);
  if (typeof parsed === 'string') throw new UsageError(`${parsed}, got "${raw.slice(0, 60)}${raw.length > 60 ? '…' : ''}"`, 'BAD_SETTING');
  return parsed;
}

/** Setting names as users type them, in the order `config list` shows them (limits: core/settings.ts). */
export const SETTINGS: Record<string, Spec> = Object.fromEntries(
  (Object.keys(SETTING_RULES) as (keyof Settings)[]).map((field) => {
    const rule = SETTING_RULES[field];
    const parse = rule.kind === 'steps' ? steps : rule.kind === 'params' ? params : number(rule.min, rule.max, rule.integer, rule.name);
    return [rule.name, { field, help: rule.help, parse }];
  }),
);

function spec(key: string | undefined): Spec {
  const s = key === undefined ? undefined : SETTINGS[key];
  if (!s) {
    const near = closest(key ?? '', Object.keys(SETTINGS));
    const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
    throw new UsageError(`unknown setting "${key}"${hint}. Settings: ${Object.keys(SETTINGS).join(', ')}`, 'UNKNOWN_SETTING');
  }
  return s;
}

function show(value: Settings[keyof Settings], field?: keyof Settings): string {
  if (field === 'params') return formatParams(value as Settings['params']);
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** `config list` keeps one short line per setting: 21 weights would run past any terminal. */
function showInList(value: Settings[keyof Settings], field: keyof Settings): string {
  if (field === 'params') return value === null ? 'default' : 'fitted';
  return show(value, field);
}

/** `config set KEY VALUE`: the value to store, checked (exit 2 when out of its range). */
function newValue(opts: ConfigOptions): { field: keyof Settings; value: Settings[keyof Settings] } {
  const s = spec(opts.key);
  // `default` undoes a change to any setting, as it does for params: the default value was
  // otherwise only in the README once a setting had been changed.
  return { field: s.field, value: opts.value?.trim().toLowerCase() === 'default' ? DEFAULT_SETTINGS[s.field] : s.parse(opts.value ?? '') };
}

export async function run(opts: ConfigOptions, io: Io): Promise<number> {
  if (opts.action !== 'list') spec(opts.key); // fail on a typo before touching the store
  // A bad value too: opening the store to write repairs it, and a refused run writes nothing.
  const setting = opts.action === 'set' ? newValue(opts) : undefined;
  // list and get only read: they never write the store (a read-only or full disk is fine).
  const store = openStore(io, { readOnly: opts.action !== 'set' });
  try {
    if (opts.action === 'list') {
      const settings = store.settings();
      const width = maxOf(Object.keys(SETTINGS).map((k) => k.length));
      // On a terminal (or with $COLUMNS) the help wraps under itself; where that leaves it under 20
      // columns it goes on the lines below its setting. The terminal cut it mid-word otherwise.
      // Piped, each setting stays one line, for scripts.
      const columns = io.stdout.isTTY || io.env.COLUMNS ? outputWidth(io) : Number.POSITIVE_INFINITY;
      const helpAt = width + 2 + 10 + 2;
      for (const [name, s] of Object.entries(SETTINGS)) {
        const value = showInList(settings[s.field], s.field);
        const mark = value === showInList(DEFAULT_SETTINGS[s.field], s.field) ? '' : '  (changed)';
        const help = `${s.help}${mark}`;
        if (columns === Number.POSITIVE_INFINITY) println(io.stdout, `${name.padEnd(width)}  ${value.padEnd(10)}  ${help}`);
        else if (columns - helpAt >= 20) println(io.stdout, `${name.padEnd(width)}  ${value.padEnd(10)}  ${wrapWords(help, columns, helpAt)}`);
        else println(io.stdout, `${name.padEnd(width)}  ${value}\n    ${wrapWords(help, columns, 4)}`);
      }
    } else if (opts.action === 'get') {
      const field = spec(opts.key).field;
      println(io.stdout, show(store.settings()[field], field));
    } else {
      const { field, value } = setting!;
      // The defaults are no stored value at all: progress.json then reads as before optimize ran.
      notDone(`${opts.key} was not changed`, () => store.setSetting(field, (value === null ? undefined : value) as never));
      println(io.stdout, `${opts.key} = ${show(value, field)}`);
    }
    return 0;
  } finally {
    closeStore(store, io);
  }
}
