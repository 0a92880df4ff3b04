// The settings kept in progress.json, read back for the scheduler: defaults filled in, each stored
// value checked against its range (core/settings.ts) with an error that names the file.
import { DEFAULT_SETTINGS, type Settings } from '../core/progress.js';
import { settingProblem, SETTING_RULES } from '../core/settings.js';
import { StoreError } from '../errors.js';

/** A stored value out of its range is exit 2 naming the file: the scheduler must never get it,
 *  and silently using the default would hide the problem. */
export function resolveSettings(stored: Partial<Settings>, file: string): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const v = stored[key];
    if (v === undefined) continue;
    const problem = settingProblem(key, v);
    if (problem !== undefined) {
      const name = SETTING_RULES[key].name;
      const fix = key === 'params' ? '`recall config set params default` (then `recall optimize` again)' : `\`recall config set ${name} <value>\``;
      throw new StoreError(
        `${file}: setting ${name} is ${JSON.stringify(v)?.slice(0, 60)}, but ${problem}; set it again with ${fix}`,
        'BAD_SETTING',
      );
    }
    (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}
