// Confidence intervals over independent replications, with Student's t quantiles computed from the
// t distribution's CDF (a regularized incomplete beta function) rather than a table, so any number
// of replications and any confidence level work.

/**
 * Fewest replicates (seeds) an interval across them is worth acting on. Below it the sample says
 * almost nothing about its own spread: a percentile bootstrap of 4 pairs draws from at most 35
 * distinct resample means and of 1 pair from one (an interval of zero width), and Student's t
 * with 1 to 3 degrees of freedom is 3 to 13 standard errors wide. Reports mark such intervals
 * "few seeds"; `compare` gives no verdict on them.
 */
export const MIN_SEEDS = 5;

export interface ConfidenceInterval {
  mean: number;
  /** Half-width: the interval is mean ± halfWidth. */
  halfWidth: number;
  level: number;
  replications: number;
}

/** Two-sided t interval for the mean of independent replications (needs at least 2). */
export function replicationInterval(values: readonly number[], level: number): ConfidenceInterval {
  const n = values.length;
  if (n < 2) throw new RangeError(`a confidence interval needs at least 2 replications, got ${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const halfWidth = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, halfWidth, level, replications: n };
}

export function contains(interval: ConfidenceInterval, value: number): boolean {
  return Math.abs(value - interval.mean) <= interval.halfWidth;
}

/** The p-quantile of Student's t with `df` degrees of freedom, by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile probability must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  // 200 halvings reach the resolution of a double for any bracket above.
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** I_x(a, b) by its continued fraction (modified Lentz), using the symmetry that makes it converge fast. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x > (a + 1) / (a + b + 2)) return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
  return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + even * d;
    c = 1 + even / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + odd * d;
    c = 1 + odd / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    const step = d * c;
    result *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return result;
}

// Lanczos approximation (g = 7, 9 terms), accurate to about 1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
