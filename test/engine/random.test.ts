// Distributions against their analytic moments. Tolerances come from the sample size: with n draws,
// the sample mean has standard error sqrt(σ²/n) (σ² the analytic variance), and the sample variance
// has standard error sqrt((μ4 − s⁴)/n), with μ4 the sample fourth central moment. Each check allows
// 5 standard errors, so a correct sampler fails with probability below 1e-6 per check; the seeds
// are fixed, so the outcome is reproducible. Analytic moments are the textbook ones (Johnson, Kotz
// and Balakrishnan, "Continuous Univariate Distributions"), written out beside each case.
import { describe, expect, it } from 'vitest';
import { RandomStream, streams } from '../../sim/engine/index.js';
import { logFactorial } from '../../sim/engine/random.js';

const N = 200_000;
const Z = 5;

interface Moments {
  mean: number;
  variance: number;
  fourth: number;
}

function moments(draw: () => number, n = N): Moments {
  const xs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i] = draw();
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d2 = (x - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { mean, variance: m2 / (n - 1), fourth: m4 / n };
}

function expectMoments(draw: () => number, mean: number, variance: number, n = N): void {
  const m = moments(draw, n);
  expect(Math.abs(m.mean - mean)).toBeLessThan(Z * Math.sqrt(variance / n));
  expect(Math.abs(m.variance - variance)).toBeLessThan(Z * Math.sqrt((m.fourth - m.variance ** 2) / n));
}

const stream = (name: string): RandomStream => streams('distribution tests').get(name);

describe('distributions match their analytic mean and variance', () => {
  it('next() is in [0, 1) with mean 1/2 and variance 1/12', () => {
    const s = stream('raw');
    let lowest = 1;
    let highest = 0;
    const draw = (): number => {
      const u = s.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      return u;
    };
    expectMoments(draw, 0.5, 1 / 12);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
  });

  it('uniform(2, 5): mean 7/2, variance 9/12', () => {
    const s = stream('uniform');
    expectMoments(() => s.uniform(2, 5), 3.5, 0.75);
  });

  it('exponential(2): mean 1/2, variance 1/4', () => {
    const s = stream('exponential');
    expectMoments(() => s.exponential(2), 0.5, 0.25);
  });

  it('normal(1, 2): mean 1, variance 4', () => {
    const s = stream('normal');
    expectMoments(() => s.normal(1, 2), 1, 4);
  });

  it('lognormal(0, 0.5): mean e^(σ²/2), variance (e^σ² − 1)e^σ²', () => {
    const s = stream('lognormal');
    expectMoments(() => s.lognormal(0, 0.5), Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25));
  });

  it('gamma(shape 3, scale 2): mean kθ = 6, variance kθ² = 12', () => {
    const s = stream('gamma');
    expectMoments(() => s.gamma(3, 2), 6, 12);
  });

  it('gamma(shape 0.4, scale 1), the shape < 1 branch: mean 0.4, variance 0.4', () => {
    const s = stream('gamma small shape');
    expectMoments(() => s.gamma(0.4), 0.4, 0.4);
  });

  it('pareto(xm 1, alpha 5): mean α/(α−1) = 5/4, variance α/((α−1)²(α−2)) = 5/48', () => {
    // alpha > 4 keeps the fourth moment finite, which the variance tolerance needs.
    const s = stream('pareto');
    expectMoments(() => s.pareto(1, 5), 1.25, 5 / 48);
  });

  it('weibull(shape 2, scale 3): mean 3Γ(3/2) = 3√π/2, variance 9(Γ(2) − Γ(3/2)²) = 9(1 − π/4)', () => {
    const s = stream('weibull');
    expectMoments(() => s.weibull(2, 3), (3 * Math.sqrt(Math.PI)) / 2, 9 * (1 - Math.PI / 4));
  });

  it('weibull(shape 1/2, scale 1): mean Γ(3) = 2, variance Γ(5) − Γ(3)² = 20', () => {
    const s = stream('weibull heavy');
    expectMoments(() => s.weibull(0.5, 1), 2, 20);
  });

  it.each([0.2, 3, 9.5, 10, 50, 10_000])('poisson(%d): mean and variance equal the mean', (mean) => {
    const s = stream(`poisson ${mean}`);
    expectMoments(() => s.poisson(mean), mean, mean);
  });

  it('poisson(30) by PTRS hits P(X = 30) = e^−30·30^30/30!', () => {
    // The mean and variance alone could hide a wrong shape; the mode's probability pins it.
    const s = stream('poisson pmf');
    const p = Math.exp(-30 + 30 * Math.log(30) - logFactorial(30));
    let hits = 0;
    for (let i = 0; i < N; i++) if (s.poisson(30) === 30) hits++;
    expect(Math.abs(hits / N - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / N));
  });

  it('bernoulli(0.3): mean 0.3, variance 0.21', () => {
    const s = stream('bernoulli');
    expectMoments(() => (s.bernoulli(0.3) ? 1 : 0), 0.3, 0.21);
  });

  it('weightedChoice picks each index with probability weight/total, never a zero weight', () => {
    const s = stream('choice');
    const weights = [1, 0, 3, 6];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) counts[s.weightedChoice(weights)]!++;
    expect(counts[1]).toBe(0);
    weights.forEach((w, i) => {
      const p = w / 10;
      expect(Math.abs((counts[i] as number) / N - p)).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / N));
    });
  });

  it('weightedChoice rejects weights it cannot draw from', () => {
    const s = stream('choice errors');
    expect(() => s.weightedChoice([])).toThrow(RangeError);
    expect(() => s.weightedChoice([0, 0])).toThrow(RangeError);
    expect(() => s.weightedChoice([1, -1])).toThrow(RangeError);
    expect(() => s.weightedChoice([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('edges of the uniform draw', () => {
  // simjs's own exponential returns -log(u), which is Infinity at u = 0 (specs/stack.md, bug 3).
  const smallest = new RandomStream(() => 0);
  const largest = new RandomStream(() => 1 - 2 ** -32); // alea's largest draw

  it('u = 0 gives finite values', () => {
    expect(smallest.exponential(1)).toBe(0);
    expect(smallest.weibull(0.5, 1)).toBe(0);
    expect(smallest.pareto(2, 3)).toBe(2);
    expect(Number.isFinite(smallest.normal())).toBe(true);
    expect(Number.isFinite(smallest.lognormal(0, 1))).toBe(true);
    expect(smallest.poisson(3)).toBe(0);
  });

  it('u just below 1 gives finite values', () => {
    expect(largest.exponential(1)).toBeCloseTo(32 * Math.LN2, 12);
    expect(Number.isFinite(largest.pareto(1, 0.5))).toBe(true);
    expect(Number.isFinite(largest.weibull(0.5, 1))).toBe(true);
    expect(Number.isFinite(largest.normal())).toBe(true);
  });
});

describe('logFactorial', () => {
  it('matches exact factorials on both sides of the table/Stirling switch', () => {
    // 15! = 1307674368000 and 20! = 2432902008176640000 (exact integers).
    expect(logFactorial(15)).toBeCloseTo(Math.log(1307674368000), 12);
    expect(logFactorial(20)).toBeCloseTo(Math.log(2432902008176640000), 12);
    let sum = 0;
    for (let k = 1; k <= 200; k++) {
      sum += Math.log(k);
      expect(logFactorial(k)).toBeCloseTo(sum, 9);
    }
  });
});
