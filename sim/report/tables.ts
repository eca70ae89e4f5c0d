// A sweep's results as arquero tables, the shape both the report and the notebooks start from.
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { pointLabel } from './sweepAxes.js';
import type { SweepResults } from './sweepResults.js';

/** One row per run: key, status, axis values, and one column per summary metric (NaN if absent or without meaning in that run). */
export function runsTable(results: SweepResults): ColumnTable {
  const columns: Record<string, unknown[]> = { id: [], point: [], replicate: [], seed: [], status: [], label: [] };
  for (const axis of results.axes) columns[axis.name] = [];
  for (const metric of results.metrics) columns[metric] = [];
  for (const run of results.runs) {
    columns['id']!.push(run.id);
    columns['point']!.push(run.point);
    columns['replicate']!.push(run.replicate);
    columns['seed']!.push(run.seed);
    columns['status']!.push(run.status);
    columns['label']!.push(pointLabel(results.axes, run.point));
    for (const axis of results.axes) columns[axis.name]!.push(axis.values[run.point]);
    for (const metric of results.metrics) columns[metric]!.push(run.summary[metric] ?? NaN);
  }
  return aq.table(columns);
}

/**
 * Successful runs' summary metrics in long form (one row per run and metric), the values a report
 * aggregates: a failed run's partial summary would bias every statistic, so it is left out and
 * counted in the status strip instead.
 */
export function metricsTable(results: SweepResults): ColumnTable {
  const columns: Record<string, unknown[]> = { id: [], point: [], replicate: [], label: [], metric: [], value: [] };
  for (const axis of results.axes) columns[axis.name] = [];
  for (const run of results.runs) {
    if (run.status !== 'ok') continue;
    for (const metric of results.metrics) {
      const value = run.summary[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      columns['id']!.push(run.id);
      columns['point']!.push(run.point);
      columns['replicate']!.push(run.replicate);
      columns['label']!.push(pointLabel(results.axes, run.point));
      columns['metric']!.push(metric);
      columns['value']!.push(value);
      for (const axis of results.axes) columns[axis.name]!.push(axis.values[run.point]);
    }
  }
  return aq.table(columns);
}

/**
 * Successful runs' time series in long form: one row per run, series column and sample, with the
 * sample's time bin. Runs of one point end at different times (each seed's queue drains at its own
 * pace), so samples are pooled into `bins` equal bins of the point's longest run before anything
 * is compared across seeds.
 */
export function seriesTable(results: SweepResults, bins = 60): ColumnTable {
  const loaded = results.runs
    .filter((run) => run.status === 'ok')
    .flatMap((run) => {
      const series = results.series(run.id);
      return series && series.time.length > 0 ? [{ run, series }] : [];
    });
  const horizon = new Map<number, number>();
  for (const { run, series } of loaded) {
    horizon.set(run.point, Math.max(horizon.get(run.point) ?? 0, series.time[series.time.length - 1]!));
  }
  const columns: Record<string, unknown[]> = { id: [], point: [], label: [], column: [], bin: [], time: [], value: [] };
  for (const { run, series } of loaded) {
    const width = (horizon.get(run.point) ?? 0) / bins || 1;
    const label = pointLabel(results.axes, run.point);
    for (const [name, values] of Object.entries(series.columns)) {
      series.time.forEach((time, i) => {
        const bin = Math.min(bins - 1, Math.floor(time / width));
        columns['id']!.push(run.id);
        columns['point']!.push(run.point);
        columns['label']!.push(label);
        columns['column']!.push(name);
        columns['bin']!.push(bin);
        columns['time']!.push((bin + 0.5) * width);
        columns['value']!.push(values[i]);
      });
    }
  }
  return aq.table(columns);
}

export type Row = Record<string, unknown>;

/** A table's rows as plain objects, the form vega-lite's inline data takes. */
export function rows(table: ColumnTable): Row[] {
  return table.objects() as Row[];
}
