// Sweep points as a small arquero table with short names for the swept parameters, to join onto
// the lab's long tables (seriesTable has only the point index; metricsTable names axes by their
// dotted paths, which read badly in charts and need escaping in vega-lite).
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { SweepResults } from '../../sim/report/index.ts';

/**
 * One row per sweep point: `point` and one column per entry of `names` (short name -> dotted
 * path). A path the sweep does not vary takes its single resolved value, so a notebook can name
 * a parameter whether or not this particular sweep happens to sweep it.
 */
export function pointColumns(results: SweepResults, names: Readonly<Record<string, string>>): ColumnTable {
  const columns: Record<string, unknown[]> = { point: results.pointParams.map((_, point) => point) };
  for (const [short, path] of Object.entries(names)) {
    columns[short] = results.pointParams.map((params) => valueAt(params, path));
  }
  return aq.table(columns);
}

/** Fails, naming what is missing, when the results do not come from the sweep a notebook studies. */
export function requireParams(results: SweepResults, paths: readonly string[], hint: string): void {
  const missing = paths.filter((path) => results.pointParams.every((params) => valueAt(params, path) === undefined));
  if (missing.length > 0) {
    throw new Error(`${results.dir} has no ${missing.join(', ')} in its parameters: ${hint}`);
  }
}

function valueAt(params: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = params;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
