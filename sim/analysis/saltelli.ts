// Variance-based sensitivity: first-order and total Sobol' indices from a Saltelli design.
//
// For k inputs, base matrices A and B (n rows each) and the k matrices A_B^(i) (A with column i
// taken from B) are evaluated, n(k + 2) runs in all (Saltelli et al. 2010, "Variance based
// sensitivity analysis of model output", Comput. Phys. Commun. 181, 259-270). With f_A, f_B, f_ABi
// the outputs on row j and V the variance of the 2n outputs of A and B:
//   S1_i = (1/n) Σ_j f_B (f_ABi − f_A) / V        (Saltelli 2010, Table 2 (b))
//   ST_i = (1/2n) Σ_j (f_A − f_ABi)² / V          (Jansen 1999; Saltelli 2010, Table 2 (f))
// S1_i is the share of the output's variance explained by input i alone, ST_i the share in which
// input i takes part (alone or in interactions); both are fractions in [0, 1], S1_i ≤ ST_i.
//
// Confidence intervals: the n base rows are resampled with replacement, all indices recomputed on
// each resample, and the interval is estimate ± z·(bootstrap standard error) (the "standard"
// bootstrap interval, Efron and Tibshirani 1993, §13.2). We chose it over percentile intervals
// because the estimators are smooth functions of means (so close to normal at the sample sizes
// used), and because a percentile interval at the reproduction table's 99.9% level would need
// tens of thousands of resamples to place its tails. On a quasi-random design the rows are not
// independent and their errors partly cancel, so this interval is conservative: it is wider than
// the estimator's true spread over digital shifts (measured in test/analysis/sobolIndices.test.ts).
import { streams } from '../engine/index.js';
import { checkBounds, checkEvaluations, fromUnit, type Bounds } from './box.js';
import { intervalSettings, standardDeviation, type Interval, type IntervalOptions } from './bootstrapInterval.js';
import { estimates, splitByMatrix } from './saltelliEstimators.js';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from './sobolSequence.js';

/** How the quasi-random base points are randomised. */
export type Randomization = 'digital-shift' | 'none';

export interface SaltelliDesign {
  readonly method: 'saltelli';
  readonly bounds: Bounds;
  /** Base rows: the design has n(k + 2) points. */
  readonly n: number;
  readonly seed: string;
  readonly randomization: Randomization;
  /**
   * The points in the bounds' units, base row after base row: row j is points j(k + 2) to
   * j(k + 2) + k + 1, holding A_j, then A_B^(1)_j … A_B^(k)_j, then B_j. A design with more rows
   * starts with the design with fewer (the Sobol' sequence is extensible), so a study can grow.
   */
  readonly points: number[][];
}

export interface SaltelliOptions {
  /** Default 'digital-shift' (a seeded random digital shift of the Sobol' sequence). */
  readonly randomization?: Randomization;
}

export interface SobolResult {
  /** First-order index of each input, clamped to [0, 1]. */
  readonly S1: number[];
  /** Total index of each input, clamped to [0, 1]. */
  readonly ST: number[];
  /** Estimate ± z·standard error, clamped to [0, 1], at `level`. */
  readonly S1Interval: Interval[];
  readonly STInterval: Interval[];
  /** Bootstrap standard errors of the unclamped estimates. */
  readonly S1StandardError: number[];
  readonly STStandardError: number[];
  readonly level: number;
  readonly resamples: number;
  /** Variance of the output over the A and B points, in the output's units squared. */
  readonly variance: number;
  /** Number of evaluations the indices rest on, n(k + 2). */
  readonly evaluations: number;
}

/** Thrown when the output does not vary over the design: the indices are 0/0. */
export class UndefinedIndicesError extends Error {
  override readonly name = 'UndefinedIndicesError';
}

/** The n(k + 2) points of a Saltelli design on the first 2k dimensions of the Sobol' sequence. */
export function saltelliDesign(bounds: Bounds, n: number, seed: string, options: SaltelliOptions = {}): SaltelliDesign {
  checkBounds(bounds);
  const k = bounds.length;
  if (2 * k > SOBOL_MAX_DIMENSIONS) throw new RangeError(`a Saltelli design supports at most ${SOBOL_MAX_DIMENSIONS / 2} inputs, got ${k}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n (base rows) must be an integer >= 2, got ${n}`);
  const randomization = options.randomization ?? 'digital-shift';
  if (randomization !== 'digital-shift' && randomization !== 'none') throw new RangeError(`randomization must be "digital-shift" or "none", got ${String(randomization)}`);
  const base = sobolSequence(n, 2 * k, randomization === 'digital-shift' ? { shiftSeed: seed } : {});
  const points: number[][] = [];
  for (const row of base) {
    const a = row.slice(0, k);
    const b = row.slice(k);
    points.push(fromUnit(bounds, a));
    for (let i = 0; i < k; i++) points.push(fromUnit(bounds, a.map((v, c) => (c === i ? (b[i] as number) : v))));
    points.push(fromUnit(bounds, b));
  }
  return { method: 'saltelli', bounds, n, seed, randomization, points };
}

/** S1 and ST with bootstrap intervals, from the values of f at the design's points (in order). */
export function sobolFromEvaluations(design: SaltelliDesign, y: readonly number[], options: IntervalOptions = {}): SobolResult {
  const k = design.bounds.length;
  const { n } = design;
  checkEvaluations(y, n * (k + 2), 'Saltelli');
  const { level, resamples, z } = intervalSettings(options);
  const outputs = splitByMatrix(y, n, k);

  const rows = Int32Array.from({ length: n }, (_, j) => j);
  const estimate = estimates(outputs, rows);
  if (estimate === null) throw new UndefinedIndicesError(`the output is the same at all ${2 * n} points of A and B: its variance is 0, so no share of it can be attributed`);

  const stream = streams(design.seed).get('sobol-bootstrap');
  const replicatesS1 = Array.from({ length: k }, () => new Float64Array(resamples));
  const replicatesST = Array.from({ length: k }, () => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < n; j++) rows[j] = Math.floor(stream.next() * n);
    const resampled = estimates(outputs, rows);
    if (resampled === null) throw new UndefinedIndicesError(`bootstrap resample ${r} has zero output variance: n = ${n} base rows are too few`);
    for (let i = 0; i < k; i++) {
      replicatesS1[i]![r] = resampled.S1[i] as number;
      replicatesST[i]![r] = resampled.ST[i] as number;
    }
  }
  const S1StandardError = replicatesS1.map(standardDeviation);
  const STStandardError = replicatesST.map(standardDeviation);
  return {
    S1: estimate.S1.map(clampFraction),
    ST: estimate.ST.map(clampFraction),
    S1Interval: estimate.S1.map((s, i) => fractionInterval(s, z * (S1StandardError[i] as number))),
    STInterval: estimate.ST.map((s, i) => fractionInterval(s, z * (STStandardError[i] as number))),
    S1StandardError,
    STStandardError,
    level,
    resamples,
    variance: estimate.variance,
    evaluations: y.length,
  };
}

/** Sobol' indices of f over the box: the design, f at each point, the estimators. */
export function sobolIndices(
  f: (x: number[]) => number,
  bounds: Bounds,
  options: { n: number; seed: string } & SaltelliOptions & IntervalOptions,
): SobolResult {
  const design = saltelliDesign(bounds, options.n, options.seed, options);
  return sobolFromEvaluations(design, design.points.map((x) => f(x)), options);
}

function clampFraction(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function fractionInterval(estimate: number, halfWidth: number): Interval {
  return [clampFraction(estimate - halfWidth), clampFraction(estimate + halfWidth)];
}
