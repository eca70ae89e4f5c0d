// The options and the arithmetic shared by the bootstrap intervals of the sensitivity measures:
// an interval is estimate ± z·se, with se the standard deviation of the estimate over resamples and
// z the normal quantile of the two-sided level (the "standard" bootstrap interval, Efron and
// Tibshirani 1993, §13.2). Each measure resamples its own independent units (Saltelli base rows,
// Morris trajectories) and clamps the interval to the measure's domain.
import { normalQuantile } from './normal.js';

export interface IntervalOptions {
  /** Confidence level of every interval, in (0, 1); default 0.95. */
  readonly level?: number;
  /** Bootstrap resamples; default 1000. */
  readonly resamples?: number;
}

export type Interval = [low: number, high: number];

const DEFAULT_LEVEL = 0.95;
const DEFAULT_RESAMPLES = 1000;

/** The level, the resamples and the z of the level, checked. */
export function intervalSettings(options: IntervalOptions): { level: number; resamples: number; z: number } {
  const level = options.level ?? DEFAULT_LEVEL;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 2) throw new RangeError(`resamples must be an integer >= 2, got ${resamples}`);
  return { level, resamples, z: normalQuantile((1 + level) / 2) };
}

/** Sample standard deviation (n − 1 in the denominator); needs at least two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}
