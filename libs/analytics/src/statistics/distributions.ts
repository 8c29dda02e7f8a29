import { logBeta, logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special-functions';

// Acklam's rational approximation to the normal quantile (relative error 1.15e-9), polished below by one Halley step.
const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_LOW = 0.02425;

/** Standard normal CDF Φ(z), via erfc(x) = Q(½, x²) so the tails keep their relative accuracy. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z <= 0 ? tail : 1 - tail;
}

/** Two-sided tail probability P(|Z| ≥ |z|) of a standard normal. */
export function normalTwoSidedP(z: number): number {
  return regularizedGammaQ(0.5, (z * z) / 2);
}

/** Standard normal quantile Φ⁻¹(p); −∞ at 0 and +∞ at 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = acklam(p);
  // One Halley step on Φ(x) − p brings the approximation to full double precision.
  const error = normalCdf(x) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function acklam(p: number): number {
  const poly = (coefficients: number[], x: number): number => coefficients.reduce((acc, c) => acc * x + c, 0);
  if (p < ACKLAM_LOW || p > 1 - ACKLAM_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < ACKLAM_LOW ? p : 1 - p));
    const x = poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
    return p < ACKLAM_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(ACKLAM_A, r) * q) / (poly(ACKLAM_B, r) * r + 1);
}

/** Student t CDF with `df` degrees of freedom (df may be fractional, as Welch's is; Infinity is the normal). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf needs df > 0, got ${df}`);
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t <= 0 ? tail : 1 - tail;
}

/** Two-sided tail probability P(|T| ≥ |t|) for Student t. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTTwoSidedP needs df > 0, got ${df}`);
  if (df === Infinity) return normalTwoSidedP(t);
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

function studentTPdf(t: number, df: number): number {
  const logDensity = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/** Student t quantile: Newton's method on the CDF, kept inside a bracket by bisection. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile needs df > 0, got ${df}`);
  if (df === Infinity) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  // t quantiles above the median are at least the normal's; double until the CDF passes p.
  let low = 0;
  let high = Math.max(normalQuantile(p), 1);
  while (studentTCdf(high, df) < p) [low, high] = [high, high * 2];
  let x = (low + high) / 2;
  for (let i = 0; i < 200; i++) {
    const error = studentTCdf(x, df) - p;
    if (error > 0) high = x;
    else low = x;
    const newton = x - error / studentTPdf(x, df);
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

/** P(X² ≥ x) for a chi-square with k degrees of freedom. */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`chiSquareSurvival needs k > 0, got ${k}`);
  return x <= 0 ? 1 : regularizedGammaQ(k / 2, x / 2);
}

/** P(X² ≤ x) for a chi-square with k degrees of freedom. */
export function chiSquareCdf(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`chiSquareCdf needs k > 0, got ${k}`);
  return x <= 0 ? 0 : regularizedGammaP(k / 2, x / 2);
}

/** CDF of Beta(a, b) at x. */
export function betaCdf(x: number, a: number, b: number): number {
  return regularizedBeta(x, a, b);
}

/** ln of the Beta(a, b) density at 0 < x < 1. */
export function betaLogPdf(x: number, a: number, b: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}
