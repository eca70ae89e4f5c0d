// What a report knows of each metric from the model's declarations (sim/metrics/catalog.ts): its
// unit for axis titles, its domain for clipping intervals, its meaning for tooltips. Results of a
// model the lab does not know (a test's fake) have none, and the report draws them plainly.
import type { Unit } from '../metrics/catalog.js';
import { declaredMetrics } from '../scenario/metricNames.js';

export interface Declared extends Unit {
  readonly meaning: string;
}

/** By a summary metric's name (`utilization.mean`) or a series' (`utilization`). */
export type MetricInfo = (metric: string) => Declared | undefined;

/** The declarations behind every metric reported, or series recorded, at any of these points. */
export function metricInfo(pointParams: readonly Readonly<Record<string, unknown>>[]): MetricInfo {
  const known = new Map<string, Declared>();
  const learn = (name: string, declared: Declared) => {
    if (!known.has(name)) known.set(name, declared);
  };
  for (const params of pointParams) {
    const catalog = declaredMetrics(params);
    for (const declaration of catalog?.declarations() ?? []) learn(declaration.name, declaration);
    for (const metric of catalog?.all() ?? []) learn(metric.name, metric);
  }
  return (metric) => known.get(metric);
}

/** "utilization.mean (fraction)": a metric with its unit, for titles. */
export function withUnit(metric: string, info: MetricInfo): string {
  const unit = info(metric)?.unit;
  return unit ? `${metric} (${unit})` : metric;
}
