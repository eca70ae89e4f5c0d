// Statistics across seeds: what a sweep point's replicates say about a metric, and the band a
// time series moves in. Quantiles interpolate between order statistics (arquero's quantile, the
// same type-7 rule the runner's bootstrap uses).
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { MIN_SEEDS, studentTQuantile } from '../analysis/confidence.js';
import type { MetricInfo } from './metricInfo.js';

const { op } = aq;
export const CONFIDENCE = 0.95;

export interface MetricSummary {
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  /**
   * Student-t interval for the mean over independent replicates, cut to the metric's domain (a
   * fraction's to [0, 1]); NaN with fewer than 2 runs.
   */
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Whether the interval was cut at an end of the metric's domain. */
  readonly clipped: boolean;
  /** Fewer than MIN_SEEDS runs: the interval is too rough to act on. */
  readonly fewSeeds: boolean;
}

/**
 * Per metric (and per group, e.g. ['point', 'label']): n, mean, standard deviation, p5, p50, p95
 * and the 95% confidence interval of the mean, cut to the metric's domain when `info` declares it.
 * Input is the long table of `metricsTable`.
 */
export function summarizeMetrics(metrics: ColumnTable, groupBy: readonly string[] = [], info: MetricInfo = () => undefined): ColumnTable {
  const halfWidth = aq.escape((d: { n: number; sd: number }) =>
    d.n >= 2 ? studentTQuantile((1 + CONFIDENCE) / 2, d.n - 1) * (d.sd / Math.sqrt(d.n)) : NaN,
  );
  const lowest = aq.escape((d: { metric: string }) => info(d.metric)?.min ?? -Infinity);
  const highest = aq.escape((d: { metric: string }) => info(d.metric)?.max ?? Infinity);
  type Interval = { mean: number; halfWidth: number; low: number; high: number };
  return metrics
    .groupby([...groupBy, 'metric'])
    .rollup({
      n: op.count(),
      mean: op.mean('value'),
      sd: op.stdev('value'),
      p5: op.quantile('value', 0.05),
      p50: op.median('value'),
      p95: op.quantile('value', 0.95),
    })
    .derive({ sd: aq.escape((d: { n: number; sd: number | undefined }) => (d.n >= 2 ? d.sd! : NaN)) })
    .derive({ halfWidth, low: lowest, high: highest })
    .derive({
      ciLower: aq.escape((d: Interval) => Math.max(d.low, d.mean - d.halfWidth)),
      ciUpper: aq.escape((d: Interval) => Math.min(d.high, d.mean + d.halfWidth)),
      clipped: aq.escape((d: Interval) => d.mean - d.halfWidth < d.low || d.mean + d.halfWidth > d.high),
      fewSeeds: aq.escape((d: { n: number }) => d.n < MIN_SEEDS),
    })
    .select(aq.not('halfWidth', 'low', 'high'))
    .orderby([...groupBy, 'metric']);
}

/**
 * Per point, series column and time bin: the mean across seeds and the band from the 5th to the
 * 95th percentile. Each run first contributes its own mean over the bin, so a run sampled more
 * densely does not outweigh the others.
 */
export function seriesBands(series: ColumnTable): ColumnTable {
  return series
    .groupby('point', 'label', 'column', 'bin', 'time', 'id')
    .rollup({ value: op.mean('value') })
    .groupby('point', 'label', 'column', 'bin', 'time')
    .rollup({ n: op.count(), mean: op.mean('value'), p5: op.quantile('value', 0.05), p95: op.quantile('value', 0.95) })
    .orderby('column', 'point', 'bin');
}
