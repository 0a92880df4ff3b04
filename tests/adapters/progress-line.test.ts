import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/adapters/progress-line.js';

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  s.on('data', (c) => (text += String(c)));
  return { s, text: () => text };
}

describe('the progress line of a long command', () => {
  it('shows nothing during the first second, then the step and its share, and erases itself', () => {
    let t = 0;
    const err = stream(true);
    const p = progressLine(err.s, () => t);
    p.phase('Reading your study history');
    t = 900;
    p.phase('Fitting FSRS to 100,000 reviews');
    p.share(0.2);
    expect(err.text()).toBe('');
    t = 2600;
    p.share(0.6);
    expect(err.text()).toBe('\r\x1b[KFitting FSRS to 100,000 reviews… 60% (3s)');
    p.phase('Scoring the fitted weights');
    expect(err.text()).toMatch(/\r\x1b\[KScoring the fitted weights… \(3s\)$/);
    p.end();
    expect(err.text()).toMatch(/\r\x1b\[K$/);
  });

  it('prints nothing at all for a quick run', () => {
    let t = 0;
    const err = stream(true);
    const p = progressLine(err.s, () => t);
    p.phase('Fitting');
    t = 500;
    p.share(1);
    p.end();
    expect(err.text()).toBe('');
  });

  it('prints nothing when stderr is not a terminal (a pipe, CI)', () => {
    let t = 0;
    const err = stream(false);
    const p = progressLine(err.s, () => t);
    t = 5000;
    p.phase('Fitting');
    p.share(0.5);
    p.end();
    expect(err.text()).toBe('');
  });
});
