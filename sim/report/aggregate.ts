// Statistics across seeds: what a sweep point's replicates say about a metric, and the band a
// time series moves in. Quantiles interpolate between order statistics (arquero's quantile, the
// same type-7 rule the runner's bootstrap uses).
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { studentTQuantile } from '../analysis/confidence.js';

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
  /** Student-t interval for the mean over independent replicates; NaN with fewer than 2 runs. */
  readonly ciLower: number;
  readonly ciUpper: number;
}

/**
 * Per metric (and per group, e.g. ['point', 'label']): n, mean, standard deviation, p5, p50, p95
 * and the 95% confidence interval of the mean. Input is the long table of `metricsTable`.
 */
export function summarizeMetrics(metrics: ColumnTable, groupBy: readonly string[] = []): ColumnTable {
  const halfWidth = aq.escape((d: { n: number; sd: number }) =>
    d.n >= 2 ? studentTQuantile((1 + CONFIDENCE) / 2, d.n - 1) * (d.sd / Math.sqrt(d.n)) : NaN,
  );
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
    .derive({ halfWidth })
    .derive({ ciLower: (d: { mean: number; halfWidth: number }) => d.mean - d.halfWidth, ciUpper: (d: { mean: number; halfWidth: number }) => d.mean + d.halfWidth })
    .select(aq.not('halfWidth'))
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
