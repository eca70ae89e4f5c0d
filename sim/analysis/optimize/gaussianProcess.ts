// A Gaussian-process regression surrogate on the unit cube (Rasmussen and Williams 2006, ch. 2 and
// 5): Matérn 5/2 kernel with one lengthscale per input, signal variance, and observation noise.
// A distinct point observed c times enters once, with its mean and noise variance σ_n²/c: the same
// posterior as entering each observation, at the cost of the distinct points only.
//
// Responses are standardised (mean 0, standard deviation 1 over the points) before the fit, so the
// hyperparameters' ranges and priors mean the same for every objective; predictions come back in
// the response's units. Hyperparameters are the maximum of the log marginal likelihood plus weak
// log-normal priors (which keep a fit on a dozen points from a degenerate lengthscale), found by
// Nelder-Mead in log space from a default start and seeded random starts.
import type { RandomStream } from '../../engine/index.js';
import { choleskyInPlace, solveLower, solveUpperTransposed } from './cholesky.js';
import { nelderMead } from './nelderMead.js';

export interface GaussianProcessData {
  /** Distinct points, in the unit cube. */
  readonly x: readonly (readonly number[])[];
  /** The mean response observed at each point. */
  readonly y: readonly number[];
  /** How many observations each mean averages. */
  readonly counts: readonly number[];
}

/** On the standardised response. */
export interface Hyperparameters {
  readonly lengthscales: readonly number[];
  readonly signalVariance: number;
  /** Variance of one observation's noise. */
  readonly noiseVariance: number;
}

/** The response is modelled as (y − mean)/scale. */
export interface Standardisation {
  readonly mean: number;
  readonly scale: number;
}

export interface Prediction {
  readonly mean: number;
  /** Posterior variance of the latent function (noise excluded), in the response's units squared. */
  readonly variance: number;
}

export interface GaussianProcess {
  readonly data: GaussianProcessData;
  readonly hyperparameters: Hyperparameters;
  readonly standardisation: Standardisation;
  /** Log marginal likelihood of the standardised responses. */
  readonly logMarginalLikelihood: number;
  predict(x: readonly number[]): Prediction;
}

/** Added to the diagonal so that a noiseless fit stays numerically positive definite. */
const JITTER = 1e-9;
const SQRT5 = Math.sqrt(5);

/** Matérn 5/2 correlation at scaled distance r: (1 + √5 r + 5r²/3) e^(−√5 r). */
export function matern52(r: number): number {
  return (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);
}

/** The points flat, and the squared difference of every pair along every axis, computed once per data set. */
interface Geometry {
  readonly n: number;
  readonly d: number;
  /** Point i's coordinate c at i·d + c. */
  readonly x: Float64Array;
  /** Pair (i, j), j < i, along axis c at (i(i − 1)/2 + j)·d + c. */
  readonly squaredDifferences: Float64Array;
}

function geometryOf(points: readonly (readonly number[])[]): Geometry {
  const n = points.length;
  const d = points[0]?.length ?? 0;
  const x = new Float64Array(n * d);
  points.forEach((p, i) => p.forEach((v, c) => (x[i * d + c] = v)));
  const squaredDifferences = new Float64Array(((n * (n - 1)) / 2) * d);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let c = 0; c < d; c++) squaredDifferences[at++] = (x[i * d + c]! - x[j * d + c]!) ** 2;
    }
  }
  return { n, d, x, squaredDifferences };
}

/** The posterior given fixed hyperparameters, or null when the covariance cannot be factorised. */
export function conditionGaussianProcess(
  data: GaussianProcessData,
  hyperparameters: Hyperparameters,
  standardisation: Standardisation,
): GaussianProcess | null {
  return conditionOn(geometryOf(data.x), data, hyperparameters, standardisation);
}

/** Fills the lower triangle of `into` with the covariance of the observed means. */
function covarianceInto(into: Float64Array, geometry: Geometry, hyperparameters: Hyperparameters, counts: readonly number[]): void {
  const { n, d, squaredDifferences } = geometry;
  const { lengthscales, signalVariance, noiseVariance } = hyperparameters;
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let c = 0; c < d; c++) r2 += squaredDifferences[at++]! / (lengthscales[c]! * lengthscales[c]!);
      into[i * n + j] = signalVariance * matern52(Math.sqrt(r2));
    }
    into[i * n + i] = signalVariance + noiseVariance / (counts[i] as number) + JITTER;
  }
}

/** log N(z; 0, K) from K's Cholesky factor: −|L⁻¹z|²/2 − Σ log L_ii − (n/2) log 2π. */
function logMarginalLikelihoodOf(l: Float64Array, n: number, z: readonly number[]): { value: number; whitened: Float64Array } {
  const whitened = solveLower(l, n, z);
  let fit = 0;
  let logDeterminant = 0;
  for (let i = 0; i < n; i++) {
    fit += whitened[i]! * whitened[i]!;
    logDeterminant += 2 * Math.log(l[i * n + i]!);
  }
  return { value: -0.5 * fit - 0.5 * logDeterminant - 0.5 * n * Math.log(2 * Math.PI), whitened };
}

function standardised(data: GaussianProcessData, standardisation: Standardisation): number[] {
  return data.y.map((v) => (v - standardisation.mean) / standardisation.scale);
}

function conditionOn(geometry: Geometry, data: GaussianProcessData, hyperparameters: Hyperparameters, standardisation: Standardisation): GaussianProcess | null {
  const { n, d, x: flat } = geometry;
  const l = new Float64Array(n * n);
  covarianceInto(l, geometry, hyperparameters, data.counts);
  if (!choleskyInPlace(l, n)) return null;
  const likelihood = logMarginalLikelihoodOf(l, n, standardised(data, standardisation));
  const alpha = solveUpperTransposed(l, n, likelihood.whitened);
  const { lengthscales, signalVariance } = hyperparameters;
  const inverseSquares = Float64Array.from(lengthscales, (ls) => 1 / (ls * ls));
  const k = new Float64Array(n);
  return {
    data,
    hyperparameters,
    standardisation,
    logMarginalLikelihood: likelihood.value,
    predict(u) {
      let mean = 0;
      for (let i = 0; i < n; i++) {
        let r2 = 0;
        for (let c = 0; c < d; c++) r2 += ((u[c] as number) - flat[i * d + c]!) ** 2 * inverseSquares[c]!;
        k[i] = signalVariance * matern52(Math.sqrt(r2));
        mean += k[i]! * alpha[i]!;
      }
      const v = solveLower(l, n, k);
      let explained = 0;
      for (let i = 0; i < n; i++) explained += v[i]! * v[i]!;
      const variance = Math.max(0, signalVariance - explained);
      const { mean: offset, scale } = standardisation;
      return { mean: offset + scale * mean, variance: scale * scale * variance };
    },
  };
}

/** Mean 0 and standard deviation 1 over the points (scale 1 when they do not vary). */
export function standardise(y: readonly number[]): Standardisation {
  const mean = y.reduce((sum, v) => sum + v, 0) / y.length;
  const sd = Math.sqrt(y.reduce((sum, v) => sum + (v - mean) ** 2, 0) / Math.max(1, y.length - 1));
  return { mean, scale: sd > 0 ? sd : 1 };
}

// Log-space ranges and priors of the hyperparameters, on the unit cube and a standardised response.
const LOG_LENGTHSCALE = { low: Math.log(0.01), high: Math.log(20), prior: Math.log(0.5), priorSd: 1 };
const LOG_SIGNAL = { low: Math.log(0.05), high: Math.log(20), prior: 0, priorSd: 1.5 };
const LOG_NOISE = { low: Math.log(1e-8), high: Math.log(2), prior: Math.log(1e-2), priorSd: 3 };
const RANDOM_STARTS = 1;
const ITERATIONS_PER_PARAMETER = 30;

/** The GP with maximum a posteriori hyperparameters. */
export function fitGaussianProcess(data: GaussianProcessData, stream: RandomStream): GaussianProcess {
  const dimensions = data.x[0]?.length ?? 0;
  if (data.x.length === 0) throw new RangeError('a Gaussian process needs at least one point');
  const standardisation = standardise(data.y);
  const ranges = [...Array.from({ length: dimensions }, () => LOG_LENGTHSCALE), LOG_SIGNAL, LOG_NOISE];
  const decode = (theta: readonly number[]): Hyperparameters => {
    const clamped = theta.map((t, i) => Math.min(ranges[i]!.high, Math.max(ranges[i]!.low, t)));
    return {
      lengthscales: clamped.slice(0, dimensions).map(Math.exp),
      signalVariance: Math.exp(clamped[dimensions] as number),
      noiseVariance: Math.exp(clamped[dimensions + 1] as number),
    };
  };
  const geometry = geometryOf(data.x);
  const n = data.x.length;
  const z = standardised(data, standardisation);
  const buffer = new Float64Array(n * n);
  const negativeLogPosterior = (theta: number[]): number => {
    covarianceInto(buffer, geometry, decode(theta), data.counts);
    if (!choleskyInPlace(buffer, n)) return Number.MAX_VALUE;
    let value = -logMarginalLikelihoodOf(buffer, n, z).value;
    theta.forEach((t, i) => {
      const range = ranges[i]!;
      value += 0.5 * ((t - range.prior) / range.priorSd) ** 2;
      // Outside the range the decoded value is clamped; the penalty brings the simplex back.
      const outside = Math.max(0, range.low - t, t - range.high);
      value += 1e3 * outside * outside;
    });
    return value;
  };
  const starts = [
    ranges.map((r) => r.prior),
    ...Array.from({ length: RANDOM_STARTS }, () => ranges.map((r) => r.prior + r.priorSd * (2 * stream.next() - 1))),
  ];
  let best = { x: starts[0] as number[], value: Infinity };
  for (const start of starts) {
    const result = nelderMead(negativeLogPosterior, start, 0.7, ITERATIONS_PER_PARAMETER * ranges.length);
    if (result.value < best.value) best = result;
  }
  const process = conditionOn(geometry, data, decode(best.x), standardisation);
  if (process === null) throw new RangeError('the Gaussian process covariance is not positive definite at any hyperparameters tried');
  return process;
}
