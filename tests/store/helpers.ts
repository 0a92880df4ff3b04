// Shared builders for the store tests.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CardState, JournalEntry, ReviewEntry } from '../../src/core/progress.js';

export function cardState(n: number, extra: Partial<CardState> = {}): CardState {
  return {
    due: new Date(Date.UTC(2025, 0, 2) + n * 60_000).toISOString(),
    stability: 1 + n,
    difficulty: 5,
    elapsed_days: 0,
    scheduled_days: 1,
    learning_steps: 0,
    reps: n,
    lapses: 0,
    state: 2,
    last_review: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    hash: 'h1',
    ...extra,
  };
}

let seq = 0;
export function review(deck: string, card: string, n: number, extra: Partial<ReviewEntry> = {}): ReviewEntry {
  return {
    id: `t${++seq}-${n}`,
    at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    deck,
    op: 'review',
    card,
    kind: 'study',
    rating: 'good',
    correct: true,
    ms: 1200,
   
    state: cardState(n),
    ...extra,
  };
}

export function lines(entries: JournalEntry[]): string {
  return entries.map((e) => JSON.stringify(e) + '\n').join('');
}

export function tempHome(): { dir: string; env: Record<string, string>; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-store-'));
  return { dir, env: { RECALL_HOME: dir }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// ---- real mounts (root on Linux only) -----------------------------------------------------------

/** A fresh tmpfs of `size` mounted on a temp folder, or undefined when mounting is not possible. */
export function mountTmpfs(size: string): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}
export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}
/** Whether this run can mount a tmpfs (root on Linux; CI runs as root). */
export const canMount = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mountTmpfs('16k');
  if (probe) unmount(probe);
  return probe !== undefined;
})();
