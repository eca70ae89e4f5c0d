// The standard normal distribution: density, distribution function and quantile, for confidence
// levels and for the Gaussian-process acquisition. The distribution function comes from two
// expansions of erf that need no fitted coefficients, each used where it converges fast and loses
// no precision, so its accuracy is that of double arithmetic (about 1e-15 relative).

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Below it Φ(−|x|) comes from the series for erf, above it from the continued fraction for erfc. */
const SERIES_LIMIT = 3;

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const lowerTail = 0.5 * erfc(Math.abs(x) / SQRT2);
  return x < 0 ? lowerTail : 1 - lowerTail;
}

/** Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile probability must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  // 1 − p is exact for p ≥ 0.5, and a small p is used as it is: neither tail is rounded away.
  return p < 0.5 ? -upperTailQuantile(p) : upperTailQuantile(1 - p);
}

/** The x > 0 with 1 − Φ(x) = q, for q < 0.5: Newton steps kept inside a bisection bracket. */
function upperTailQuantile(q: number): number {
  let low = 0;
  let high = 40;
  let x = 1;
  for (let i = 0; i < 200; i++) {
    const tail = 0.5 * erfc(x / SQRT2);
    if (Math.abs(tail - q) <= 1e-16 * q) break;
    if (tail > q) low = x;
    else high = x;
    // d/dx (1 − Φ) = −φ(x)
    const next = x + (tail - q) / normalPdf(x);
    x = next > low && next < high ? next : (low + high) / 2;
    if (high - low <= 1e-15 * high) break;
  }
  return x;
}

/** erfc(x) for x ≥ 0. */
function erfc(x: number): number {
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/**
 * erf(x) = (2/√π) e^(−x²) Σ_n 2^n x^(2n+1) / (1·3·…·(2n+1)): every term is positive, so nothing
 * cancels; below x = 3 it needs at most about 60 terms.
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/**
 * erfc(x) = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), by the modified
 * Lentz method; for x ≥ 3 it converges in a few dozen steps.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
