// A sweep's axes, found from the data: the resolved parameters that differ between sweep points.
// Reading them from the manifest rather than from the scenario file keeps the report independent
// of how the sweep was declared (grid, list or sampled) and of which model produced it.
import { flattenParams } from '../scenario/paths.js';

export { flattenParams };

export interface SweepAxis {
  /** Dotted path of the parameter, e.g. "market.leaseAuction.takeRatePercent". */
  readonly name: string;
  /** The parameter's value at each sweep point, indexed by point. */
  readonly values: readonly unknown[];
  readonly numeric: boolean;
}


/** Axes in the order their parameters first appear; `paramsByPoint[i]` is point i's parameters. */
export function sweepAxes(paramsByPoint: readonly Readonly<Record<string, unknown>>[]): SweepAxis[] {
  const flat = paramsByPoint.map((params) => flattenParams(params));
  const names = new Set<string>();
  for (const point of flat) for (const name of point.keys()) names.add(name);
  const axes: SweepAxis[] = [];
  for (const name of names) {
    const values = flat.map((point) => point.get(name));
    const first = JSON.stringify(values[0]);
    if (values.every((value) => JSON.stringify(value) === first)) continue;
    axes.push({ name, values, numeric: values.every((value) => typeof value === 'number') });
  }
  return axes;
}

/** Parameters shared by every point: the fixed part of the scenario. */
export function fixedParams(paramsByPoint: readonly Readonly<Record<string, unknown>>[]): [string, unknown][] {
  const axes = new Set(sweepAxes(paramsByPoint).map((axis) => axis.name));
  const first = paramsByPoint[0] === undefined ? new Map<string, unknown>() : flattenParams(paramsByPoint[0]);
  return [...first].filter(([name]) => !axes.has(name));
}

/** "lambda=1.5, servers=3": how a point is named in legends and tables. */
export function pointLabel(axes: readonly SweepAxis[], point: number): string {
  if (axes.length === 0) return 'all runs';
  return axes.map((axis) => `${shortName(axis.name)}=${formatValue(axis.values[point])}`).join(', ');
}

function shortName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}
