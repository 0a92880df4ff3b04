// One line of progress on stderr for a long command (recall optimize), on a terminal only: pipes and
// CI logs get nothing. Nothing is shown for the first second, so a quick run prints no extra line;
// after that the line is redrawn in place on every phase change and update, and erased at the end.

export interface ProgressLine {
  /** A new step, e.g. "Fitting FSRS to 100,000 reviews". */
  phase(label: string): void;
  /** How far the current step is (0-1). */
  share(fraction: number): void;
  /** Erases the line (if it was ever shown). */
  end(): void;
}

const SHOW_AFTER_MS = 1000;

export function progressLine(stderr: NodeJS.WritableStream & { isTTY?: boolean }, now: () => number = Date.now): ProgressLine {
  if (stderr.isTTY !== true) return { phase() {}, share() {}, end() {} };
  const started = now();
  let label = '';
  let fraction: number | undefined;
  let shown = false;
  const draw = () => {
    if (now() - started < SHOW_AFTER_MS) return;
    shown = true;
    const pct = fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`;
    stderr.write(`\r\x1b[K${label}…${pct} (${Math.round((now() - started) / 1000)}s)`);
  };
  // Redraws while the event loop is free (the fit runs on the optimizer's own threads); the
  // synchronous steps redraw when they start.
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    phase(next) {
      label = next;
      fraction = undefined;
      draw();
    },
    share(f) {
      fraction = Math.max(0, Math.min(1, f));
      draw();
    },
    end() {
      clearInterval(timer);
      if (shown) stderr.write('\r\x1b[K');
    },
  };
}
