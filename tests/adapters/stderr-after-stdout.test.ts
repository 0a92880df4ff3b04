import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stderrAfterStdout } from '../../src/adapters/stderr-after-stdout.js';

/** Two streams writing into one log, as stdout and stderr do into one pipe (`2>&1`). stdout hands
 *  its bytes over only when release() is called, like a pipe whose reader is slow. */
function onePipe() {
  const log: string[] = [];
  const held: Array<(err?: Error) => void> = [];
  const stdout = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      held.push((err) => {
        if (err === undefined && chunk !== '') log.push(`out:${chunk}`);
        done(err);
      });
    },
  });
  const stderr = Object.assign(
    new Writable({
      decodeStrings: false,
      write(chunk: string, _enc, done) {
        log.push(`err:${chunk}`);
        done();
      },
    }),
    { isTTY: false },
  );
  const release = async () => {
    while (held.length > 0) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  /** The write in flight fails, as a pipe's does when its reader left. */
  const fail = (err: Error) => held.shift()!(err);
  return { log, stdout, stderr, release, fail };
}

describe('stderrAfterStdout', () => {
  it('holds a stderr line until every stdout write before it was handed over', async () => {
    const p = onePipe();
    const err = stderrAfterStdout(p.stdout, p.stderr);
    p.stdout.write('w1\n');
    p.stdout.write('w2\n');
    err.write('summary 1\n');
    err.write('summary 2\n');
    expect(p.log).toEqual([]); // stdout still holds w1 and w2
    await p.release();
    expect(p.log).toEqual(['out:w1\n', 'out:w2\n', 'err:summary 1\n', 'err:summary 2\n']);
  });

  it('writes at once, in the same tick, when stdout holds nothing', () => {
    const p = onePipe();
    const err = stderrAfterStdout(p.stdout, p.stderr);
    err.write('recall: notice\n');
    expect(p.log).toEqual(['err:recall: notice\n']);
  });

  it('still writes the line when stdout failed (its reader left): stderr may be a terminal', async () => {
    const p = onePipe();
    const err = stderrAfterStdout(p.stdout, p.stderr);
    p.stdout.on('error', () => {});
    p.stdout.write('w1\n');
    p.stdout.write('w2\n');
    err.write('summary\n');
    p.fail(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(p.log).toEqual(['err:summary\n']);
  });

  it('answers isTTY as the real stderr does (colour, progress lines)', () => {
    const p = onePipe();
    expect((stderrAfterStdout(p.stdout, p.stderr) as { isTTY?: boolean }).isTTY).toBe(false);
    p.stderr.isTTY = true;
    expect((stderrAfterStdout(p.stdout, p.stderr) as { isTTY?: boolean }).isTTY).toBe(true);
  });
});
