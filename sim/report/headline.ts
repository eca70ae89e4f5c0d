// What a sweep report leads with when its scenario has a `report:` section: the study's question,
// one chart of the headline metrics against the chosen parameter (lines coloured and panels split
// by the parameters it names), and a sentence saying what the runs show. Rows come from
// summarizeMetrics grouped by point, label and the sweep's axes.
import type { TopLevelSpec } from 'vega-lite';
import { field } from './charts.js';
import { formatNumber } from './html.js';
import { flattenParams, formatValue } from './sweepAxes.js';

type Row = Readonly<Record<string, unknown>>;

/** The scenario's `report:` section, as the resolved parameters hold it. */
export interface ReportSettings {
  readonly title: string;
  readonly question: string;
  readonly headline: readonly string[];
  readonly x: string;
  readonly color?: string;
  readonly facet?: string;
}

export function reportSettings(params: Readonly<Record<string, unknown>> | undefined): ReportSettings | undefined {
  const section = params?.['report'];
  return section !== null && typeof section === 'object' ? (section as ReportSettings) : undefined;
}

/**
 * The per-point summaries of the headline metrics, each with the values of the parameters the
 * report names (read from the point's parameters, so a parameter the sweep does not vary works too).
 */
export function headlineRows(byPoint: readonly Row[], settings: ReportSettings, pointParams: readonly Readonly<Record<string, unknown>>[]): Row[] {
  const named = [settings.x, settings.color, settings.facet].filter((p): p is string => p !== undefined);
  const flat = pointParams.map((params) => flattenParams(params));
  return byPoint
    .filter((row) => settings.headline.includes(row['metric'] as string))
    .map((row) => ({ ...row, ...Object.fromEntries(named.map((p) => [p, flat[row['point'] as number]?.get(p)])) }));
}

/** Mean with its 95% interval of each headline metric against x; line style tells the metrics apart. */
export function headlineChart(byPoint: readonly Row[], settings: ReportSettings): TopLevelSpec {
  const rows = byPoint.filter((row) => settings.headline.includes(row['metric'] as string));
  const numeric = rows.every((row) => typeof row[settings.x] === 'number');
  const x = { field: field(settings.x), type: numeric ? 'quantitative' : 'ordinal', title: settings.x };
  const color = settings.color ? { color: { field: field(settings.color), type: 'nominal', title: settings.color } } : {};
  const dash = { strokeDash: { field: 'metric', type: 'nominal', title: 'metric', sort: settings.headline } };
  const layer = {
    layer: [
      { mark: { type: 'errorband', opacity: 0.15 }, encoding: { x, y: { field: 'ciLower', type: 'quantitative', title: settings.headline.join(', ') }, y2: { field: 'ciUpper' }, ...color, detail: { field: 'metric' } } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, ...color, ...dash, tooltip: [{ field: 'label' }, { field: 'metric' }, { field: 'n' }, { field: 'mean' }, { field: 'ciLower' }, { field: 'ciUpper' }] } },
    ],
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${settings.headline.join(' and ')} against ${settings.x}: mean across seeds, 95% interval`,
    data: { values: rows },
    config: { font: 'DejaVu Sans, Verdana, sans-serif', view: { stroke: '#ddd' } },
  };
  if (!settings.facet) return { ...base, width: 420, height: 260, ...layer } as TopLevelSpec;
  return { ...base, facet: { column: { field: field(settings.facet), type: 'nominal', title: settings.facet } }, spec: { width: 320, height: 240, ...layer } } as TopLevelSpec;
}

/** One run's summary metrics (a metric the run did not report is absent, or null: no value in that run). */
export interface RunSummary {
  readonly summary: Readonly<Record<string, number | null>>;
}

/**
 * What the runs show, in a sentence or two: how the first headline metric moves from the smallest to
 * the largest x (mean over every point there), which colour it is highest and lowest under at the
 * largest x, and in how many runs each other headline metric lies at or above it. That is counted
 * run by run (a bound holds or fails for the run it was computed for; means over different runs
 * would blur it), with the runs that report the first metric but not the other said too.
 */
export function headlineSentence(byPoint: readonly Row[], settings: ReportSettings, runs: readonly RunSummary[]): string {
  const [first, ...others] = settings.headline;
  const rows = byPoint.filter((row) => row['metric'] === first && Number.isFinite(row['mean']));
  if (first === undefined || rows.length === 0) return `No run reported ${first ?? 'the headline metric'}.`;
  const xs = [...new Set(rows.map((row) => row[settings.x]))].sort(compareValues);
  const at = (x: unknown) => rows.filter((row) => row[settings.x] === x);
  const low = xs[0];
  const high = xs[xs.length - 1];
  const name = shortName(settings.x);
  const parts = [`${first} goes from ${formatNumber(mean(at(low)))} at ${name} = ${formatValue(low)} to ${formatNumber(mean(at(high)))} at ${name} = ${formatValue(high)} (mean over the points there)`];
  if (settings.color) {
    const groups = [...new Set(at(high).map((row) => row[settings.color!]))].map((value) => ({
      value,
      mean: mean(at(high).filter((row) => row[settings.color!] === value)),
    }));
    groups.sort((a, b) => b.mean - a.mean);
    if (groups.length > 1) {
      const top = groups[0]!;
      const bottom = groups[groups.length - 1]!;
      parts.push(`at ${name} = ${formatValue(high)} it is highest under ${formatValue(top.value)} (${formatNumber(top.mean)}) and lowest under ${formatValue(bottom.value)} (${formatNumber(bottom.mean)})`);
    }
  }
  const sentences = [`${parts.join('; ')}.`];
  const reporting = runs.filter((run) => Number.isFinite(run.summary[first]));
  for (const other of others) {
    const paired = reporting.filter((run) => Number.isFinite(run.summary[other]));
    const above = paired.filter((run) => run.summary[other]! >= run.summary[first]!).length;
    const without = reporting.length - paired.length;
    const missing = without === 0 ? '' : `; ${without} of the ${reporting.length} runs that report ${first} report no ${other}`;
    sentences.push(paired.length === 0
      ? `No run reported ${other} beside it.`
      : `${other} is at or above ${first} in ${above} of the ${paired.length} runs that report both${missing}.`);
  }
  return sentences.join(' ');
}

function mean(rows: readonly Row[]): number {
  return rows.reduce((sum, row) => sum + (row['mean'] as number), 0) / rows.length;
}

function compareValues(a: unknown, b: unknown): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

function shortName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
