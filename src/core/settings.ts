// The limits of each scheduling setting: one table for `recall config set` (what a user may
// type) and for reading progress.json (what the scheduler may be given). Pure.
import type { Settings } from './progress.js';
import { paramsProblem } from './fsrs-params.js';

export type SettingRule =
  | { name: string; help: string; kind: 'number'; min: number; max: number; integer: boolean }
  | { name: string; help: string; kind: 'steps' }
  | { name: string; help: string; kind: 'params' };

/** `config` names in the order `config list` shows them. */
export const SETTING_RULES: Record<keyof Settings, SettingRule> = {
  retention: { name: 'retention', help: 'desired retention, 0.70-0.97', kind: 'number', min: 0.7, max: 0.97, integer: false },
  maxInterval: { name: 'max-interval', help: 'longest interval in days', kind: 'number', min: 1, max: 36500, integer: true },
  newPerDay: { name: 'new-per-day', help: 'new cards introduced per study day', kind: 'number', min: 0, max: 10000, integer: true },
  reviewsPerDay: { name: 'reviews-per-day', help: 'reviews per study day', kind: 'number', min: 0, max: 100000, integer: true },
  learningSteps: { name: 'learning-steps', help: 'steps for new cards, e.g. 1m,10m', kind: 'steps' },
  relearningSteps: { name: 'relearning-steps', help: 'steps after a lapse, e.g. 10m', kind: 'steps' },
  rolloverHour: { name: 'rollover-hour', help: 'local hour a study day starts (0-23)', kind: 'number', min: 0, max: 23, integer: true },
  timeBudget: { name: 'time-budget', help: 'seconds before a right answer rates Hard', kind: 'number', min: 1, max: 3600, integer: true },
  leechLapses: { name: 'leech-lapses', help: 'lapses that make a card a leech', kind: 'number', min: 1, max: 1000, integer: true },
  params: { name: 'params', help: 'FSRS weights: default, or fitted by recall optimize', kind: 'params' },
};

export const STEP = /^\d+(\.\d+)?[smhd]$/;
export const MAX_STEPS = 10;

/** Why `value` is not a valid value of the setting, or undefined when it is. */
export function settingProblem(field: keyof Settings, value: unknown): string | undefined {
  const rule = SETTING_RULES[field];
  if (rule.kind === 'params') return paramsProblem(value);
  if (rule.kind === 'steps') {
    const ok =
      Array.isArray(value) &&
      value.length <= MAX_STEPS &&
      value.every((s) => typeof s === 'string' && STEP.test(s) && parseFloat(s) > 0);
    return ok ? undefined : `must be a list of at most ${MAX_STEPS} steps like "1m", "10m", "1h"`;
  }
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  return ok ? undefined : `must be ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}`;
}
