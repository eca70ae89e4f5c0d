// Morris screening: elementary effects along r random one-at-a-time trajectories (Morris 1991,
// "Factorial sampling plans for preliminary computational experiments", Technometrics 33, 161-174),
// with μ* (the mean absolute effect) of Campolongo, Cariboni and Saltelli (2007) for the ranking.
//
// Each input's range is cut into p levels {0, 1/(p−1), …, 1} of the unit scale, and a step moves
// one input by Δ = p/(2(p − 1)) of its range, up or down. A trajectory starts at a random grid
// point from which every step stays on the grid, and moves each input once, in a random order:
// k + 1 points give one elementary effect per input,
//   EE_i = (f(after) − f(before)) / (±Δ),
// in output units per whole range of input i, so effects of inputs in different units compare.
// Over r trajectories: μ_i = mean EE_i (signed: effects of opposite signs cancel), μ*_i = mean |EE_i|
// (how much input i matters), σ_i = standard deviation of EE_i (non-linearity or interactions).
import { streams, type RandomStream } from '../engine/index.js';
import { checkBounds, checkEvaluations, fromUnit, type Bounds } from './box.js';
import { intervalSettings, standardDeviation, type Interval, type IntervalOptions } from './bootstrapInterval.js';
import { elementaryEffects, rankByInfluence, screeningMeasures, type MorrisDesign, type MorrisMove } from './elementaryEffects.js';

export type { MorrisDesign, MorrisMove };


export interface MorrisResult {
  /** Mean elementary effect of each input (signed). */
  readonly mu: number[];
  /** Mean absolute elementary effect of each input: the screening measure. */
  readonly muStar: number[];
  /** Standard deviation of each input's elementary effects. */
  readonly sigma: number[];
  /** μ* ± z·(bootstrap standard error over trajectories), floored at 0, at `level`. */
  readonly muStarInterval: Interval[];
  /** Bootstrap standard error of each μ*. */
  readonly muStarStandardError: number[];
  readonly level: number;
  readonly resamples: number;
  /** Inputs by decreasing μ* (ties keep input order). */
  readonly ranking: number[];
  /** elementaryEffects[i][t]: the effect of input i on trajectory t. */
  readonly elementaryEffects: number[][];
  readonly evaluations: number;
}

const DEFAULT_LEVELS = 4;

/** r trajectories of k + 1 points each. */
export function morrisDesign(bounds: Bounds, r: number, seed: string, options: { levels?: number } = {}): MorrisDesign {
  checkBounds(bounds);
  const levels = options.levels ?? DEFAULT_LEVELS;
  if (!Number.isInteger(r) || r < 2) throw new RangeError(`r (trajectories) must be an integer >= 2, got ${r}`);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) throw new RangeError(`levels must be an even integer >= 2, got ${levels}`);
  const k = bounds.length;
  // On the grid of indices 0 … p − 1 a step is p/2 indices, so a point never leaves [0, 1] by rounding.
  const top = levels - 1;
  const jump = levels / 2;
  const stream = streams(seed).get('morris');
  const points: number[][] = [];
  const moves: MorrisMove[][] = [];
  for (let t = 0; t < r; t++) {
    const order = permutation(k, stream);
    const direction = Array.from({ length: k }, () => (stream.next() < 0.5 ? 1 : -1) as 1 | -1);
    const grid = direction.map((d) => {
      const lower = Math.floor(stream.next() * jump);
      return d === 1 ? lower : lower + jump;
    });
    points.push(fromUnit(bounds, grid.map((g) => g / top)));
    const trajectory: MorrisMove[] = [];
    for (const input of order) {
      const d = direction[input] as 1 | -1;
      grid[input] = (grid[input] as number) + d * jump;
      points.push(fromUnit(bounds, grid.map((g) => g / top)));
      trajectory.push({ input, direction: d });
    }
    moves.push(trajectory);
  }
  return { method: 'morris', bounds, r, levels, delta: jump / top, seed, points, moves };
}

/** μ, μ*, σ and the ranking, from the values of f at the design's points (in order). */
export function morrisFromEvaluations(design: MorrisDesign, y: readonly number[], options: IntervalOptions = {}): MorrisResult {
  const k = design.bounds.length;
  const { r } = design;
  checkEvaluations(y, r * (k + 1), 'Morris');
  const { level, resamples, z } = intervalSettings(options);
  const effects = elementaryEffects(design, y);
  const { mu, muStar, sigma } = screeningMeasures(effects);

  // The bootstrap resamples whole trajectories, as the design draws them.
  const stream = streams(design.seed).get('morris-bootstrap');
  const replicates = Array.from({ length: k }, () => new Float64Array(resamples));
  const picks = new Int32Array(r);
  for (let b = 0; b < resamples; b++) {
    for (let t = 0; t < r; t++) picks[t] = Math.floor(stream.next() * r);
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (let t = 0; t < r; t++) sum += Math.abs(effects[i]![picks[t]!]!);
      replicates[i]![b] = sum / r;
    }
  }
  const muStarStandardError = replicates.map(standardDeviation);
  const muStarInterval = muStar.map((m, i): Interval => [Math.max(0, m - z * muStarStandardError[i]!), m + z * muStarStandardError[i]!]);
  return { mu, muStar, sigma, muStarInterval, muStarStandardError, level, resamples, ranking: rankByInfluence(muStar), elementaryEffects: effects, evaluations: y.length };
}

/** Morris screening of f over the box: the design, f at each point, the measures. */
export function morris(
  f: (x: number[]) => number,
  bounds: Bounds,
  options: { r: number; levels?: number; seed: string } & IntervalOptions,
): MorrisResult {
  const design = morrisDesign(bounds, options.r, options.seed, options);
  return morrisFromEvaluations(design, design.points.map((x) => f(x)), options);
}

/** A uniformly random order of 0 … k − 1 (Fisher-Yates). */
function permutation(k: number, stream: RandomStream): number[] {
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(stream.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
