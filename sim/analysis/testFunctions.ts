// Test functions with known answers, for validating the sensitivity estimators and the optimiser:
// Ishigami's and Sobol's g-function with their analytic Sobol' indices (and the g-function's Morris
// μ*), and Branin's function with its known minimum. Each closed form is derived in its comment.
import type { Bounds } from './box.js';

export interface AnalyticIndices {
  readonly S1: number[];
  readonly ST: number[];
}

/**
 * Ishigami and Homma (1990): f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1, each x_i uniform on [−π, π].
 * Only x2 varies on its own, x1 alone and with x3; x3 only with x1.
 */
export function ishigami(a: number, b: number): (x: readonly number[]) => number {
  return (x) => Math.sin(x[0] as number) + a * Math.sin(x[1] as number) ** 2 + b * (x[2] as number) ** 4 * Math.sin(x[0] as number);
}

export const ISHIGAMI_BOUNDS: Bounds = [[-Math.PI, Math.PI], [-Math.PI, Math.PI], [-Math.PI, Math.PI]];

/**
 * With E[sin² x] = 1/2, Var[sin² x] = 1/8, E[x⁴] = π⁴/5, E[x⁸] = π⁸/9 for x uniform on [−π, π]:
 *   V1 = Var_x1(sin x1 (1 + b π⁴/5)) = (1 + b π⁴/5)²/2
 *   V2 = a² Var[sin² x2] = a²/8
 *   V13 = b² Var[x3⁴] E[sin² x1] = b² (π⁸/9 − π⁸/25)/2 = 8 b² π⁸/225
 *   V = V1 + V2 + V13, and V3 = V12 = V23 = V123 = 0.
 */
export function ishigamiIndices(a: number, b: number): AnalyticIndices & { variance: number } {
  const pi4 = Math.PI ** 4;
  const v1 = (1 + (b * pi4) / 5) ** 2 / 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * pi4 * pi4) / 225;
  const variance = v1 + v2 + v13;
  return { S1: [v1 / variance, v2 / variance, 0], ST: [(v1 + v13) / variance, v2 / variance, v13 / variance], variance };
}

/**
 * Sobol's g-function (Saltelli and Sobol' 1995): g(x) = Π_i (|4x_i − 2| + a_i)/(1 + a_i), each x_i
 * uniform on [0, 1]. The smaller a_i, the more x_i matters; a_i = 0 gives the strongest input.
 */
export function gFunction(a: readonly number[]): (x: readonly number[]) => number {
  return (x) => a.reduce((product, ai, i) => product * ((Math.abs(4 * (x[i] as number) - 2) + ai) / (1 + ai)), 1);
}

/**
 * Each factor has mean 1 (E|4x − 2| = 1) and variance V_i = (1/3)/(1 + a_i)² (E|4x − 2|² = 4/3),
 * and the factors are independent, so the variance of the product decomposes into the products
 * of subsets: V = Π(1 + V_i) − 1, the first-order part of input i is V_i, and the part in which i
 * takes part is V_i Π_{j≠i}(1 + V_j).
 */
export function gFunctionIndices(a: readonly number[]): AnalyticIndices & { variance: number } {
  const parts = a.map((ai) => 1 / 3 / (1 + ai) ** 2);
  const product = parts.reduce((p, v) => p * (1 + v), 1);
  const variance = product - 1;
  return {
    S1: parts.map((v) => v / variance),
    ST: parts.map((v) => (v * product) / (1 + v) / variance),
    variance,
  };
}

/**
 * μ*_i of the g-function under a 4-level Morris design, Δ = 2/3. Each step of x_i moves |4x − 2|
 * between 2 and 2/3, so |EE_i| = (4/3)/(1 + a_i)/Δ · Π_{j≠i} g_j = 2/(1 + a_i) · Π_{j≠i} g_j; every
 * other coordinate is uniform on the levels {0, 1/3, 2/3, 1} and independent, where |4x − 2| has
 * mean (2 + 2/3 + 2/3 + 2)/4 = 4/3, so E g_j = (4/3 + a_j)/(1 + a_j).
 */
export function gFunctionMorrisMuStar(a: readonly number[], i: number): number {
  return a.reduce((product, aj, j) => product * (j === i ? 2 / (1 + aj) : (4 / 3 + aj) / (1 + aj)), 1);
}

/**
 * Branin's function (Dixon and Szegő 1978) on x1 ∈ [−5, 10], x2 ∈ [0, 15]:
 * f = (x2 − 5.1 x1²/(4π²) + 5 x1/π − 6)² + 10 (1 − 1/(8π)) cos x1 + 10.
 * Its minimum is 10/(8π) = 0.397887…, reached where the square is 0 and cos x1 = −1, that is at
 * x1 ∈ {−π, π, 3π} with x2 = 6 − 5x1/π + 5.1x1²/(4π²): (−π, 12.275), (π, 2.275), (3π, 2.475).
 */
export function branin(x: readonly number[]): number {
  const [x1, x2] = x as [number, number];
  const square = x2 - (5.1 * x1 * x1) / (4 * Math.PI * Math.PI) + (5 * x1) / Math.PI - 6;
  return square * square + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
}

export const BRANIN_BOUNDS: Bounds = [[-5, 10], [0, 15]];
export const BRANIN_MINIMUM = 10 / (8 * Math.PI);
export const BRANIN_MINIMIZERS: readonly (readonly [number, number])[] = [-Math.PI, Math.PI, 3 * Math.PI].map(
  (x1) => [x1, 6 - (5 * x1) / Math.PI + (5.1 * x1 * x1) / (4 * Math.PI * Math.PI)] as const,
);
