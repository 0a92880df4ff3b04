// Calibration of predicted recall on the student's own answers: Platt scaling, logit p' = a + b·logit p,
// fitted by Newton's method on the log loss. Pure.

export interface Observation {
  /** What the model predicted before the answer (0..1). */
  p: number;
  /** Whether the answer was right. */
  correct: boolean;
}

export interface Calibration {
  /** Answers the fit used. */
  answers: number;
  /** Too few answers to fit: the identity map is used and readiness says so. */
  fitted: boolean;
  a: number;
  b: number;
  /** Mean squared error of the raw predictions, and of the calibrated ones (null when not fitted). */
  brierBefore: number | null;
  brierAfter: number | null;
}

/** Below this many graded answers the fit is too noisy to trust; predictions are used as they are. */
export const MIN_CALIBRATION_ANSWERS = 200;

const EPS = 1e-4;
const clamp = (p: number): number => Math.min(1 - EPS, Math.max(EPS, p));
export const logit = (p: number): number => Math.log(clamp(p) / (1 - clamp(p)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export const IDENTITY: Calibration = { answers: 0, fitted: false, a: 0, b: 1, brierBefore: null, brierAfter: null };

/** p' = σ(a + b·logit p). The identity calibration returns p unchanged. */
export function applyCalibration(c: Pick<Calibration, 'a' | 'b' | 'fitted'>, p: number): number {
  if (!c.fitted) return p;
  if (p <= 0) return 0; // a card never seen is not known, calibrated or not
  return sigmoid(c.a + c.b * logit(p));
}

export function brier(obs: readonly Observation[], f: (p: number) => number = (p) => p): number {
  if (obs.length === 0) return 0;
  let s = 0;
  for (const o of obs) s += (f(o.p) - (o.correct ? 1 : 0)) ** 2;
  return s / obs.length;
}

/**
 * Fits a and b by Newton-Raphson on the mean log loss, with a small ridge pull towards the identity
 * (a = 0, b = 1) so a history that is all right answers, or all one prediction, still gives finite
 * numbers. The fitted map is kept only when it lowers the Brier score on the same answers.
 */
export function fitCalibration(obs: readonly Observation[], minAnswers = MIN_CALIBRATION_ANSWERS): Calibration {
  const brierBefore = obs.length > 0 ? brier(obs) : null;
  if (obs.length < minAnswers) return { ...IDENTITY, answers: obs.length, brierBefore };
  const xs = obs.map((o) => logit(o.p));
  const ys = obs.map((o) => (o.correct ? 1 : 0));
  const ridge = 1e-3 * obs.length;
  let a = 0;
  let b = 1;
  for (let iter = 0; iter < 50; iter++) {
    // Gradient and Hessian of  Σ log loss + ridge/2·(a² + (b-1)²).
    let ga = ridge * a;
    let gb = ridge * (b - 1);
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const q = sigmoid(a + b * x);
      const r = q - ys[i]!;
      const w = q * (1 - q);
      ga += r;
      gb += r * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { ...IDENTITY, answers: obs.length, brierBefore };
  const after = brier(obs, (p) => sigmoid(a + b * logit(p)));
  if (brierBefore !== null && after >= brierBefore) return { answers: obs.length, fitted: false, a: 0, b: 1, brierBefore, brierAfter: brierBefore };
  return { answers: obs.length, fitted: true, a, b, brierBefore, brierAfter: after };
}
