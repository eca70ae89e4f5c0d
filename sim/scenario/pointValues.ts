// The values each sweep point sets, as the user would write them: a grid or zip value exactly as
// the file (or --set) gives it ("10/h", "30d", "pooled"), a sampled value in the unit its field
// takes ("2.5d", "17.3/h"), and a percentage field with its sign ("20%"). Check lines and reports
// name points this way rather than in seconds and per-second rates.
import { unitKindAt } from './introspect.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { pointAssignment, pointCount, sweepAxes } from './sweepPoints.js';
import { formatDuration, formatRate } from './units.js';

/** One point's swept parameters, [dotted path, text] in the order the sweep declares them. */
export type PointValues = ReadonlyArray<readonly [path: string, text: string]>;

/** The values every point of the scenario's sweep sets, indexed by point; `masterSeed` places sampled points. */
export function sweepPointValues(scenario: Scenario, masterSeed: string = scenario.seed): PointValues[] {
  const axes = sweepAxes(scenario.sweep, masterSeed);
  const sampled = new Set([...Object.keys(scenario.sweep.random?.params ?? {}), ...Object.keys(scenario.sweep.lhs?.params ?? {})]);
  const kinds = new Map<string, ReturnType<typeof unitKindAt>>();
  const kindOf = (path: string) => {
    if (!kinds.has(path)) kinds.set(path, unitKindAt(scenarioSchema, scenario, path.split('.')));
    return kinds.get(path);
  };
  return Array.from({ length: pointCount(axes) }, (_, point) =>
    pointAssignment(axes, point).map(([path, value]) => [path, valueText(path, value, sampled.has(path) ? kindOf(path) : undefined)] as const),
  );
}

/**
 * "rate=10/h, mtbf=30d": a point's values, each named by the last segment of its path, or by the
 * whole path ("users.arrival.rate=10/h") where no two parameters may read alike.
 */
export function pointValuesLabel(values: PointValues, wholePaths = false): string {
  if (values.length === 0) return 'all runs';
  return values.map(([path, text]) => `${wholePaths ? path : path.slice(path.lastIndexOf('.') + 1)}=${text}`).join(', ');
}

/** `kind`: the unit of a sampled number's field; undefined for a value as written. */
function valueText(path: string, value: unknown, kind: 'duration' | 'rate' | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return JSON.stringify(value) ?? String(value);
  if (kind === 'duration') return formatDuration(value);
  if (kind === 'rate') return formatRate(value);
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return path.endsWith('Percent') ? `${text}%` : text;
}
