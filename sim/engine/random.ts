// Distributions drawn from one uniform source. Every method maps draws of `next()` to a variate by
// a fixed recipe, so a stream's output depends only on its seed and the sequence of calls.

/** A source of uniform draws in [0, 1). */
export type Uniform01 = () => number;

const TWO_PI = 2 * Math.PI;
/** Below this mean Poisson counts are drawn by inversion, at or above it by PTRS. */
const POISSON_INVERSION_LIMIT = 10;

export class RandomStream {
  /** Spare standard normal from the last Box-Muller pair, or NaN. */
  private spareNormal = NaN;

  /** The raw uniform draw in [0, 1): the fastest way to consume the stream. */
  readonly next: Uniform01;

  constructor(next: Uniform01) {
    this.next = next;
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /**
   * Exponential with the given rate, as −log(1 − u): 1 − u is in (0, 1], so the result is finite
   * (log1p computes the same logarithm without rounding 1 − u, and gives +0 at u = 0).
   */
  exponential(rate: number): number {
    return -Math.log1p(-this.next()) / rate;
  }

  /** Normal by Box-Muller; the second variate of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    let z = this.spareNormal;
    if (Number.isNaN(z)) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
      const angle = TWO_PI * this.next();
      z = radius * Math.cos(angle);
      this.spareNormal = radius * Math.sin(angle);
    } else {
      this.spareNormal = NaN;
    }
    return mean + sd * z;
  }

  /** exp(N(mu, sigma²)): mu and sigma are those of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Lognormal with the given mean and coefficient of variation; mean 1 gives a pure spread factor. */
  lognormalWithMean(mean: number, cv: number): number {
    const sigma = Math.sqrt(Math.log(1 + cv * cv));
    return this.lognormal(Math.log(mean) - (sigma * sigma) / 2, sigma);
  }

  /** Gamma(shape, scale) by Marsaglia and Tsang (2000); shape < 1 uses Gamma(shape + 1)·U^(1/shape). */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) {
      const boost = Math.pow(1 - this.next(), 1 / shape);
      return this.gamma(shape + 1, scale) * boost;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = 1 - this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Pareto with minimum `xm` and tail index `alpha`. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Weibull with shape k and scale lambda. */
  weibull(shape: number, scale: number): number {
    return scale * Math.pow(-Math.log1p(-this.next()), 1 / shape);
  }

  /** Poisson count: inversion for a small mean, PTRS (Hörmann 1993) for a large one. */
  poisson(mean: number): number {
    if (mean < POISSON_INVERSION_LIMIT) return this.poissonByInversion(mean);
    return this.poissonByTransformedRejection(mean);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** An index drawn with probability proportional to its weight. */
  weightedChoice(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
      total += w;
    }
    if (total <= 0) throw new RangeError('weightedChoice needs at least one positive weight');
    const target = this.next() * total;
    let cumulative = 0;
    let lastPositive = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (w === 0) continue;
      cumulative += w;
      lastPositive = i;
      if (target < cumulative) return i;
    }
    // Rounding in the running sum can leave `target` a hair above it.
    return lastPositive;
  }

  private poissonByInversion(mean: number): number {
    const u = this.next();
    let k = 0;
    let p = Math.exp(-mean);
    let cumulative = p;
    // The cap guards against a u that rounding puts above the last representable cumulative sum.
    while (u >= cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }

  private poissonByTransformedRejection(mean: number): number {
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const logAcceptance = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (logAcceptance <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }
}

const SMALL_LOG_FACTORIALS: number[] = [0];
for (let k = 1; k < 16; k++) SMALL_LOG_FACTORIALS.push((SMALL_LOG_FACTORIALS[k - 1] as number) + Math.log(k));

/** ln(k!) exactly summed below 16, by the Stirling series for ln Γ(k + 1) above. */
export function logFactorial(k: number): number {
  if (k < SMALL_LOG_FACTORIALS.length) return SMALL_LOG_FACTORIALS[k] as number;
  const n = k + 1;
  const n2 = n * n;
  const series = (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * n2)) / n2) / n2) / n;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(TWO_PI) + series;
}
