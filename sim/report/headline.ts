// What a sweep report leads with when its scenario has a `report:` section: the headline metrics
// against the chosen parameter (in the user's units), coloured and split into panels by the
// parameters it names, one chart per unit (metrics of one unit share an axis, told apart by dash),
// and a sentence saying what the runs show. Rows come from summarizeMetrics grouped by point.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportSettings } from '../scenario/sections/report.js';
import { CHART_CONFIG, placeRows, sweepLayout, tooltip, xChannel } from './charts.js';
import type { MetricInfo } from './metricInfo.js';
import { pointLabel, shortName, type SweepAxis } from './sweepAxes.js';

export type { ReportSettings };
type Row = Readonly<Record<string, unknown>>;

/** The scenario's `report:` section, as the resolved parameters hold it. */
export function reportSettings(params: Readonly<Record<string, unknown>> | undefined): ReportSettings | undefined {
  const section = params?.['report'];
  return section !== null && typeof section === 'object' ? (section as ReportSettings) : undefined;
}

export interface HeadlineChart {
  /** The metrics drawn, of one unit. */
  readonly metrics: readonly string[];
  readonly unit: string;
  readonly spec: TopLevelSpec;
}

/**
 * The headline charts, one per unit among the headline metrics, in the order the metrics are
 * named. Each row gets the fields the chart draws: x in the user's unit, the colour and panel
 * values as written, and the metric's domain (domainMin, domainMax) that its interval keeps to.
 */
export function headlineCharts(byPoint: readonly Row[], settings: ReportSettings, axes: readonly SweepAxis[], info: MetricInfo): HeadlineChart[] {
  const layout = sweepLayout(axes, settings.x);
  if (!layout) return [];
  const facet = axes.find((axis) => axis.name === settings.facet && axis !== layout.x);
  const colour = colourAxes(axes, settings.color, [layout.x, facet]);
  // What else varies separates lines; an axis that moves with x (a sampled partner) only labels the points.
  const rest = layout.others.filter((axis) => !colour.includes(axis) && axis !== facet && !movesWith(axis, layout.x));
  const units = [...new Set(settings.headline.map((metric) => info(metric)?.unit ?? ''))];
  return units.flatMap((unit) => {
    const metrics = settings.headline.filter((metric) => (info(metric)?.unit ?? '') === unit);
    const rows = placeRows(byPoint.filter((row) => metrics.includes(row['metric'] as string)), layout, info).map((row) => {
      const point = row['point'] as number;
      const declared = info(row['metric'] as string);
      return {
        ...row,
        colour: colourText(colour, point),
        panel: facet?.texts[point] ?? '',
        rest: pointLabel(rest, point),
        // One line (and band) per metric and per value of whatever else varies.
        line: `${row['metric']}: ${pointLabel(rest, point)}`,
        domainMin: declared?.min ?? null,
        domainMax: declared?.max ?? null,
        seeds: row['fewSeeds'] ? `${row['n']} (few seeds: a rough interval)` : String(row['n']),
      };
    });
    if (rows.length === 0) return [];
    return [{ metrics, unit, spec: headlineSpec(rows, metrics, unit, { x: xChannel(layout), colour, facet, scaled: layout.xScale !== 'points' }, info) }];
  });
}

/**
 * The axis that colours the lines, and the axes that move with it (the other lists of a zip): a
 * line is then named by all of them ("mtbf=30d, mttr=12h"). Empty when `name` is not swept.
 */
function colourAxes(axes: readonly SweepAxis[], name: string | undefined, taken: readonly (SweepAxis | undefined)[]): SweepAxis[] {
  const colour = axes.find((axis) => axis.name === name && !taken.includes(axis));
  if (!colour) return [];
  return [colour, ...axes.filter((axis) => axis !== colour && !taken.includes(axis) && movesWith(axis, colour))];
}

/** Whether each value of `leader` always comes with the same value of `axis` (the other lists of a zip, a sampled pair). */
function movesWith(axis: SweepAxis, leader: SweepAxis): boolean {
  const partner = new Map<string, string>();
  return leader.texts.every((text, point) => {
    const seen = partner.get(text);
    if (seen === undefined) partner.set(text, axis.texts[point]!);
    return seen === undefined || seen === axis.texts[point];
  });
}

function colourText(colour: readonly SweepAxis[], point: number): string {
  return colour.length === 1 ? colour[0]!.texts[point]! : pointLabel(colour, point);
}

interface Channels {
  readonly x: object;
  readonly colour: readonly SweepAxis[];
  readonly facet: SweepAxis | undefined;
  /** Whether x is quantitative (a band) or the values as written (bars). */
  readonly scaled: boolean;
}

function headlineSpec(rows: readonly Row[], metrics: readonly string[], unit: string, channels: Channels, info: MetricInfo): TopLevelSpec {
  const declared = info(metrics[0]!);
  const bounded = declared !== undefined && Number.isFinite(declared.min) && Number.isFinite(declared.max);
  const yTitle = `${metrics.join(', ')}${unit ? ` (${unit})` : ''}`;
  const y = { field: 'mean', type: 'quantitative', title: yTitle, scale: bounded ? { domain: [declared.min, declared.max] } : { zero: false } };
  const [first] = channels.colour;
  const order = first ? [...new Set(first.texts.map((_, point) => colourText(channels.colour, point)))] : [];
  const colour = first
    ? { color: { field: 'colour', type: 'nominal', title: channels.colour.length === 1 ? first.name : channels.colour.map((axis) => axis.name).join(', '), sort: order, legend: { symbolOpacity: 1 } } }
    : {};
  const dash = metrics.length > 1 ? { strokeDash: { field: 'metric', type: 'nominal', title: 'metric', sort: [...metrics], legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400 } } } : {};
  const lines = { detail: { field: 'line' } };
  const interval = {
    mark: channels.scaled ? { type: 'errorband', opacity: 0.18 } : { type: 'errorbar', ticks: true },
    encoding: { x: channels.x, y: { ...y, field: 'ciLower' }, y2: { field: 'ciUpper' }, ...colour, ...lines },
  };
  // Lines and their points are separate layers: a line layer alone gives the dash legend its strokes.
  const means = { mark: { type: 'line' }, encoding: { x: channels.x, y, ...colour, ...dash, ...lines } };
  const points = {
    mark: { type: 'point', filled: true, size: 45 },
    encoding: { x: channels.x, y, ...colour, tooltip: tooltip(['label', 'metric', 'mean', 'ciLower', 'ciUpper', 'seeds']) },
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: [...rows] },
    config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: 12, titleFontSize: 13 }, legend: { ...CHART_CONFIG.legend, labelFontSize: 12, titleFontSize: 12, orient: 'bottom', direction: 'vertical' } },
  };
  const layer = { layer: [interval, means, points] };
  if (!channels.facet) return { ...base, width: 720, height: 320, ...layer } as TopLevelSpec;
  return {
    ...base,
    facet: { column: { field: 'panel', type: 'nominal', title: channels.facet.name, sort: [...new Set(channels.facet.texts)] } },
    spec: { width: 340, height: 260, ...layer },
  } as TopLevelSpec;
}

/** One run's summary metrics (a metric the run did not report is absent). */
export interface RunSummary {
  readonly summary: Readonly<Record<string, number>>;
}

/**
 * What the runs show, in a sentence or two: how each headline metric moves from the smallest to
 * the largest x (mean over the points there), under which colour the first is highest and lowest
 * at the largest x, and, given the runs, in how many of them each other headline metric lies at
 * or above the first. That is counted run by run (a bound holds or fails for the run it was
 * computed for; means over different runs would blur it).
 */
export function headlineSentence(byPoint: readonly Row[], settings: ReportSettings, axes: readonly SweepAxis[], info: MetricInfo, runs: readonly RunSummary[] = []): string {
  const layout = sweepLayout(axes, settings.x);
  if (!layout) return '';
  const facet = axes.find((axis) => axis.name === settings.facet && axis !== layout.x);
  const colour = colourAxes(axes, settings.color, [layout.x, facet]);
  const xOf = (row: Row) => layout.x.texts[row['point'] as number]!;
  const rank = (text: string) => (layout.x.scale ? layout.x.scale.values[layout.x.texts.indexOf(text)]! : layout.x.texts.indexOf(text));
  const name = shortName(layout.x.name);
  const sentences = settings.headline.map((metric, i) => {
    const rows = byPoint.filter((row) => row['metric'] === metric && Number.isFinite(row['mean']));
    if (rows.length === 0) return `No run reported ${metric}.`;
    const unit = info(metric)?.unit;
    const value = (v: number) => `${Number(v.toPrecision(3)).toLocaleString('en-US')}${unit && unit !== 'fraction' ? ` ${unit}` : ''}`;
    const at = (text: string) => rows.filter((row) => xOf(row) === text);
    const ranked = [...new Set(rows.map(xOf))].sort((a, b) => rank(a) - rank(b));
    const [low, high] = [ranked[0]!, ranked[ranked.length - 1]!];
    let sentence = `${metric} is ${value(mean(at(low)))} at ${name} = ${low} and ${value(mean(at(high)))} at ${name} = ${high}`;
    if (i === 0 && colour.length > 0) {
      const named = (row: Row) => pointLabel(colour, row['point'] as number);
      const groups = [...new Set(at(high).map(named))]
        .map((text) => ({ text, mean: mean(at(high).filter((row) => named(row) === text)) }))
        .sort((a, b) => b.mean - a.mean);
      const [top, bottom] = [groups[0]!, groups[groups.length - 1]!];
      if (groups.length > 1 && top.mean === bottom.mean) sentence += `; there it is the same under every ${colour.map((axis) => shortName(axis.name)).join(', ')}`;
      else if (groups.length > 1) sentence += `; there it is highest with ${top.text} (${value(top.mean)}) and lowest with ${bottom.text} (${value(bottom.mean)})`;
    }
    return `${sentence}.`;
  });
  return [`${sentences.join(' ')} (Means over the seeds and the points at each value.)`, ...runByRun(settings, runs)].join(' ');
}

/** For each headline metric after the first: in how many runs that report both it is at or above the first. */
function runByRun(settings: ReportSettings, runs: readonly RunSummary[]): string[] {
  const [first, ...others] = settings.headline;
  const reporting = runs.filter((run) => Number.isFinite(run.summary[first!]));
  if (first === undefined || reporting.length === 0) return [];
  return others.flatMap((other) => {
    const paired = reporting.filter((run) => Number.isFinite(run.summary[other]));
    if (paired.length === 0) return []; // the sentence on `other` itself already says no run reported it
    const above = paired.filter((run) => run.summary[other]! >= run.summary[first]!).length;
    const without = reporting.length - paired.length;
    const missing = without === 0 ? '' : `; ${without} of the ${reporting.length} runs that report ${first} report no ${other}`;
    return [`${other} is at or above ${first} in ${above} of the ${paired.length} runs that report both${missing}.`];
  });
}

function mean(rows: readonly Row[]): number {
  return rows.reduce((sum, row) => sum + (row['mean'] as number), 0) / rows.length;
}

