// A sweep's axes, found from the data: the resolved parameters that differ between sweep points.
// Reading them from the manifest rather than from the scenario file keeps the report independent
// of how the sweep was declared (grid, list or sampled) and of which model produced it. Where the
// manifest records each point's values as the user wrote them ("10/h", "30d"), an axis shows them,
// and a numeric axis is drawn in the unit written rather than in seconds or per-second rates.
import { flattenParams } from '../scenario/paths.js';
import { pointValuesLabel } from '../scenario/pointValues.js';
import { parseDuration, parseRate } from '../scenario/units.js';

export { flattenParams };

export interface SweepAxis {
  /** Dotted path of the parameter, e.g. "market.leaseAuction.takeRatePercent". */
  readonly name: string;
  /** The parameter's resolved value at each sweep point, indexed by point. */
  readonly values: readonly unknown[];
  readonly numeric: boolean;
  /** The value at each point as the user wrote it ("10/h"), or as it formats when no text was recorded. */
  readonly texts: readonly string[];
  /** For an axis of numbers in one unit: each point's number in that unit (10 for "10/h"), and the unit ("/h"; "" for plain numbers). */
  readonly scale?: { readonly values: readonly number[]; readonly unit: string };
}

/**
 * Axes in the order their parameters first appear; `paramsByPoint[i]` is point i's parameters,
 * `textsByPoint[i]` its swept values as written (manifest.points), when recorded.
 */
export function sweepAxes(
  paramsByPoint: readonly Readonly<Record<string, unknown>>[],
  textsByPoint?: readonly Readonly<Record<string, string>>[],
): SweepAxis[] {
  const flat = paramsByPoint.map((params) => flattenParams(params));
  // The order the sweep declares its parameters in, when recorded; then any other that varies.
  const names = new Set<string>(Object.keys(textsByPoint?.[0] ?? {}));
  for (const point of flat) for (const name of point.keys()) names.add(name);
  const axes: SweepAxis[] = [];
  for (const name of names) {
    const values = flat.map((point) => point.get(name));
    const first = JSON.stringify(values[0]);
    if (values.every((value) => JSON.stringify(value) === first)) continue;
    const texts = values.map((value, point) => textsByPoint?.[point]?.[name] ?? formatValue(value));
    const numeric = values.every((value) => typeof value === 'number');
    const scale = numeric ? userScale(texts) : undefined;
    axes.push({ name, values, numeric, texts, ...(scale ? { scale } : {}) });
  }
  return axes;
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const NUMBER_AND_UNIT = new RegExp(`^(${NUMBER})\\s*(%|ms|s|m|min|h|d|w|/\\s*(?:ms|s|m|h|d|w))?$`);
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * The numbers behind texts such as "10/h", "30d" or "20%", in one unit: the texts' own when they
 * share it, otherwise the unit of the largest value (for durations or rates written in several units).
 */
export function userScale(texts: readonly string[]): SweepAxis['scale'] | undefined {
  const parts = texts.map((text) => NUMBER_AND_UNIT.exec(text.trim()));
  if (parts.some((match) => match === null)) return undefined;
  const units = [...new Set(parts.map((match) => (match![2] ?? '').replace(/\s+/g, '')))];
  if (units.length === 1) return { values: parts.map((match) => Number(match![1])), unit: units[0]! };
  const rates = units.every((unit) => unit.startsWith('/'));
  const durations = units.every((unit) => unit in UNIT_SECONDS);
  if (!rates && !durations) return undefined;
  const si = texts.map((text) => (rates ? parseRate(text) : parseDuration(text))).map((parsed) => (parsed.ok ? parsed.value : NaN));
  const largest = parts.reduce((best, match, i) => (si[i]! > si[best]! ? i : best), 0);
  const unit = parts[largest]![2]!.replace(/\s+/g, '');
  const size = UNIT_SECONDS[rates ? unit.slice(1) : unit]!;
  return { values: si.map((value) => (rates ? value * size : value / size)), unit };
}

/** Parameters shared by every point: the fixed part of the scenario. */
export function fixedParams(paramsByPoint: readonly Readonly<Record<string, unknown>>[]): [string, unknown][] {
  const axes = new Set(sweepAxes(paramsByPoint).map((axis) => axis.name));
  const first = paramsByPoint[0] === undefined ? new Map<string, unknown>() : flattenParams(paramsByPoint[0]);
  return [...first].filter(([name]) => !axes.has(name));
}

/** "rate=10/h, servers=3": how a point is named in legends and tables, by the axes' last path segments. */
export function pointLabel(axes: readonly SweepAxis[], point: number): string {
  return pointValuesLabel(axes.map((axis) => [axis.name, axis.texts[point]!] as const));
}

/** The last segment of a dotted path: "users.arrival.rate" -> "rate". */
export function shortName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** An axis's title: its path, and the unit its numbers are drawn in. */
export function axisTitle(axis: SweepAxis): string {
  return axis.scale?.unit ? `${axis.name} (${axis.scale.unit})` : axis.name;
}

export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}
