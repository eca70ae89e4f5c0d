// The surrogate's algebra by hand: the Cholesky factor, the posterior and the likelihood of a
// two-point Gaussian process, and a fit that recovers a known noise level.
import { describe, expect, it } from 'vitest';
import { streams } from '../../sim/engine/index.js';
import { expectedImprovement, probabilityWithin } from '../../sim/analysis/optimize/acquisition.js';
import { cholesky, solveLower, solveUpperTransposed } from '../../sim/analysis/optimize/cholesky.js';
import { conditionGaussianProcess, fitGaussianProcess, matern52, standardise } from '../../sim/analysis/optimize/gaussianProcess.js';

describe('Cholesky', () => {
  it('factors [[4,2,2],[2,5,3],[2,3,6]] into [[2,0,0],[1,2,0],[1,1,2]] and solves with it', () => {
    const l = cholesky(Float64Array.from([4, 2, 2, 2, 5, 3, 2, 3, 6]), 3)!;
    expect([...l]).toEqual([2, 0, 0, 1, 2, 0, 1, 1, 2]);
    // A x = b for x = (1, −1, 2): b = (6, 3, 11).
    const x = solveUpperTransposed(l, 3, solveLower(l, 3, [6, 3, 11]));
    [1, -1, 2].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 14));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});

describe('the Gaussian-process posterior on two points, by hand', () => {
  // x = 0 and 1 with y = 0 and 1, lengthscale 1, signal variance 1, noise 0.01, no standardisation.
  // K = [[d, k], [k, d]] with d = 1.01, k = m(1), where m(r) = (1 + √5 r + 5r²/3) e^(−√5 r);
  // K⁻¹ = [[d, −k], [−k, d]]/(d² − k²), so K⁻¹y = (−k, d)/(d² − k²).
  const d = 1.01;
  const m = (r: number): number => (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
  const k = m(1);
  const process = conditionGaussianProcess({ x: [[0], [1]], y: [0, 1], counts: [1, 1] }, { lengthscales: [1], signalVariance: 1, noiseVariance: 0.01 }, { mean: 0, scale: 1 })!;

  it('has the Matérn 5/2 correlation', () => {
    expect(matern52(0)).toBe(1);
    expect(matern52(1)).toBeCloseTo(m(1), 15);
  });

  it('predicts at the midpoint m(1/2)/(d + k) with variance 1 − 2m(1/2)²/(d + k)', () => {
    // k* = (m(1/2), m(1/2)): k*ᵀK⁻¹y = m(d − k)/(d² − k²), k*ᵀK⁻¹k* = 2m²(d − k)/(d² − k²).
    const p = process.predict([0.5]);
    expect(p.mean).toBeCloseTo(m(0.5) / (d + k), 8);
    expect(p.variance).toBeCloseTo(1 - (2 * m(0.5) ** 2) / (d + k), 8);
  });

  it('predicts at a data point k(d − 1)/(d² − k²), with a variance below the noise', () => {
    // k* = (1, k): mean = (−k + k d)/(d² − k²); variance = 1 − (d − 2k² + k² d)/(d² − k²).
    const p = process.predict([0]);
    expect(p.mean).toBeCloseTo((k * (d - 1)) / (d * d - k * k), 8);
    expect(p.variance).toBeCloseTo(1 - (d - 2 * k * k + k * k * d) / (d * d - k * k), 8);
    expect(p.variance).toBeLessThan(0.01);
  });

  it('has log marginal likelihood −½ d/(d² − k²) − ½ log(d² − k²) − log 2π', () => {
    expect(process.logMarginalLikelihood).toBeCloseTo(-0.5 * (d / (d * d - k * k)) - 0.5 * Math.log(d * d - k * k) - Math.log(2 * Math.PI), 8);
  });

  it('treats a mean of c observations as one with noise σ²/c', () => {
    const pooled = conditionGaussianProcess({ x: [[0], [1]], y: [0, 1], counts: [4, 1] }, { lengthscales: [1], signalVariance: 1, noiseVariance: 0.04 }, { mean: 0, scale: 1 })!;
    // Point 0 now has noise 0.01 and point 1 has 0.04: K = [[1.01, k], [k, 1.04]].
    const det = 1.01 * 1.04 - k * k;
    expect(pooled.predict([0.5]).mean).toBeCloseTo((m(0.5) * (1.01 - k)) / det, 8);
  });

  it('standardises to mean 0 and standard deviation 1, and returns predictions in the response\'s units', () => {
    expect(standardise([0, 1])).toEqual({ mean: 0.5, scale: Math.SQRT1_2 });
    expect(standardise([3, 3])).toEqual({ mean: 3, scale: 1 });
    const scaled = conditionGaussianProcess({ x: [[0], [1]], y: [10, 30], counts: [1, 1] }, { lengthscales: [1], signalVariance: 1, noiseVariance: 0.01 }, { mean: 10, scale: 20 })!;
    const p = scaled.predict([0.5]);
    // The jitter of 1e-9 on the standardised diagonal shows at 1e-8 after scaling by 20.
    expect(p.mean).toBeCloseTo(10 + (20 * m(0.5)) / (d + k), 7);
    expect(p.variance).toBeCloseTo(400 * (1 - (2 * m(0.5) ** 2) / (d + k)), 6);
  });
});

describe('fitting the hyperparameters', () => {
  it('recovers the noise of sin(6x) + N(0, 0.1²) on 60 points within a factor of 2', () => {
    // The maximum-likelihood noise variance from 60 residuals has a relative s.d. of about √(2/60) = 0.18.
    const rng = streams('gp-fit').get('data');
    const x = Array.from({ length: 60 }, (_, i) => [(i + 0.5) / 60]);
    const y = x.map(([u]) => Math.sin(6 * u!) + rng.normal(0, 0.1));
    const fitted = fitGaussianProcess({ x, y, counts: x.map(() => 1) }, streams('gp-fit').get('fit'));
    const noise = fitted.hyperparameters.noiseVariance * fitted.standardisation.scale ** 2;
    expect(noise).toBeGreaterThan(0.005);
    expect(noise).toBeLessThan(0.02);
    expect(Math.abs(fitted.predict([0.25]).mean - Math.sin(1.5))).toBeLessThan(0.1);
  });
});

describe('the acquisition', () => {
  it('has the expected-improvement values of a standard normal by hand', () => {
    // best = mean: EI = sd φ(0); best − mean = sd = 1: EI = Φ(1) + φ(1).
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 14);
    expect(expectedImprovement(0, 1, 1)).toBeCloseTo(0.8413447460685429 + 0.24197072451914337, 12);
    expect(expectedImprovement(2, 0, 1)).toBe(0);
    expect(expectedImprovement(0, 0, 1)).toBe(1);
  });

  it('gives the chance a normal value falls in a band', () => {
    expect(probabilityWithin(0, 1, -1.959963984540054, 1.959963984540054)).toBeCloseTo(0.95, 12);
    expect(probabilityWithin(0, 1, -Infinity, 0)).toBeCloseTo(0.5, 15);
    expect(probabilityWithin(3, 0, -Infinity, 2)).toBe(0);
  });
});
