// vega-lite specs for the report's charts, built from plain rows so that a notebook can draw the
// same charts from the same tables. Metrics differ in unit and scale, so every multi-metric chart
// is faceted with independent scales rather than drawn on one shared axis, and each panel is titled
// with its metric's unit. Labels are never cut (no label limit anywhere) and legends keep every
// entry; swept values read as the user wrote them, and time in hours or days.
import type { TopLevelSpec } from 'vega-lite';
import { axisTitle, pointLabel, shortName, type SweepAxis } from './sweepAxes.js';
import { withUnit, type MetricInfo } from './metricInfo.js';

type Row = Readonly<Record<string, unknown>>;

const FONT = 'DejaVu Sans, Verdana, sans-serif';
const PANEL = { width: 220, height: 150 };
const COLUMNS = 3;

export const CHART_CONFIG = {
  font: FONT,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 0, titleLimit: 0 },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelLimit: 0 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 0, titleLimit: 0, symbolLimit: 0 },
  title: { limit: 0 },
} as const;

/** vega-lite reads a dot in a field name as nested access; sweep axes are dotted paths. */
export function field(name: string): string {
  return name.replace(/\./g, '\\.');
}

function facetByMetric(title: string, values: readonly Row[], spec: object, independent: readonly string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: [...values] },
    facet: { field: 'metricTitle', type: 'nominal', title: null },
    columns: COLUMNS,
    spec: { ...PANEL, ...spec },
    // Every panel keeps its own x axis, so that a panel far from the bottom row still reads alone.
    resolve: { scale: Object.fromEntries(independent.map((channel) => [channel, 'independent'])), axis: { x: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/**
 * How the points of a sweep are laid out on a chart: one axis along x (the report's x if it is
 * swept, else the first numeric axis, else the first), and the other axes' values, as one label,
 * telling the lines apart by colour.
 */
export interface SweepLayout {
  readonly x: SweepAxis;
  /** How x is drawn: on a linear or logarithmic scale in the user's unit, or as the values written, evenly spaced. */
  readonly xScale: 'linear' | 'log' | 'points';
  /** The axes that colour the lines; empty when only one parameter is swept. */
  readonly others: readonly SweepAxis[];
}

/** Values spanning this factor or more are drawn on a log scale (10/h to 160/h), or evenly spaced when one is 0. */
const LOG_SPAN = 10;

export function sweepLayout(axes: readonly SweepAxis[], preferred?: string): SweepLayout | undefined {
  const x = axes.find((axis) => axis.name === preferred) ?? axes.find((axis) => axis.scale) ?? axes[0];
  return x && { x, xScale: xScale(x), others: axes.filter((axis) => axis !== x) };
}

function xScale(axis: SweepAxis): SweepLayout['xScale'] {
  if (!axis.scale) return 'points';
  const values = axis.scale.values;
  const positive = values.filter((v) => v > 0);
  const span = Math.max(...positive) / Math.min(...positive);
  if (positive.length < 2 || !(span >= LOG_SPAN)) return 'linear';
  return positive.length === values.length ? 'log' : 'points';
}

/** Adds to each row (which has `point` and `metric`) its x value, colour label and titled metric. */
export function placeRows(rows: readonly Row[], layout: SweepLayout, info: MetricInfo): Row[] {
  return rows.map((row) => {
    const point = row['point'] as number;
    return {
      ...row,
      x: layout.xScale === 'points' ? layout.x.texts[point] : layout.x.scale!.values[point],
      series: pointLabel(layout.others, point),
      metricTitle: withUnit(row['metric'] as string, info),
    };
  });
}

/** The x channel of a sweep chart: quantitative in the user's unit, or the values as written in their order. */
export function xChannel(layout: SweepLayout): object {
  const { x } = layout;
  if (layout.xScale === 'points') {
    const order = x.scale ? [...new Set(x.texts)].sort((a, b) => x.scale!.values[x.texts.indexOf(a)]! - x.scale!.values[x.texts.indexOf(b)]!) : [...new Set(x.texts)];
    return { field: 'x', type: 'ordinal', title: axisTitle(x), sort: order, axis: { labelAngle: 0 } };
  }
  const ticks = [...new Set(x.scale!.values)];
  const ends = [Math.min(...ticks), Math.max(...ticks)];
  const scale = layout.xScale === 'log' ? { type: 'log', domain: ends, nice: false } : { zero: false, nice: false, domain: ends };
  return { field: 'x', type: 'quantitative', title: axisTitle(x), scale, axis: ticks.length <= 12 ? { values: ticks } : {} };
}

function colourChannel(layout: SweepLayout): object {
  if (layout.others.length === 0) return {};
  return { color: { field: 'series', type: 'nominal', title: layout.others.map((axis) => shortName(axis.name)).join(', '), sort: null } };
}

/**
 * Mean of each metric against the swept parameters, with its 95% interval (cut to the metric's
 * domain): x is one parameter in the user's unit, and the other parameters colour the lines.
 * Rows come from `summarizeMetrics(..., ['point', 'label'])`.
 */
export function sweepChart(summary: readonly Row[], axes: readonly SweepAxis[], info: MetricInfo = () => undefined, preferredX?: string): TopLevelSpec | undefined {
  const layout = sweepLayout(axes, preferredX);
  if (!layout) return undefined;
  const x = xChannel(layout);
  const colour = colourChannel(layout);
  const interval = layout.xScale !== 'points'
    ? { mark: { type: 'errorband', opacity: 0.2 }, encoding: { x, y: { field: 'ciLower', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'ciUpper' }, ...colour } }
    : { mark: 'errorbar', encoding: { x, y: { field: 'ciLower', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'ciUpper' }, ...colour } };
  return facetByMetric('Mean across seeds with its 95% interval, at each sweep point', placeRows(summary, layout, info), {
    layer: [interval, { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, ...colour, tooltip: tooltip(['label', 'n', 'mean', 'ciLower', 'ciUpper', 'fewSeeds']) } }],
  }, ['y']);
}

/** Each metric's spread across seeds, per sweep point: box plots over the individual runs. */
export function distributionChart(metrics: readonly Row[], info: MetricInfo = () => undefined): TopLevelSpec {
  // Point labels can be long ("rate=10/h, mtbf=30d, mttr=12h"): upright, and never cut.
  const x = { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelAngle: -90 } };
  const titled = metrics.map((row) => ({ ...row, metricTitle: withUnit(row['metric'] as string, info) }));
  return facetByMetric('Distribution across seeds (box: quartiles, whiskers: min to max, dots: runs)', titled, {
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', color: '#9ecae9', median: { color: '#1f4e79' } }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } } },
      { mark: { type: 'circle', size: 14, color: '#1f4e79', opacity: 0.6 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, tooltip: tooltip(['id', 'label', 'value']) } },
    ],
  }, ['y']);
}

/** Simulated seconds in the unit a reader takes in at a glance for this horizon. */
export function timeUnit(horizonSeconds: number): { readonly name: string; readonly seconds: number } {
  if (horizonSeconds >= 2 * 86_400) return { name: 'days', seconds: 86_400 };
  if (horizonSeconds >= 2 * 3600) return { name: 'hours', seconds: 3600 };
  return { name: 'seconds', seconds: 1 };
}

/** Each series column over time (in hours or days): the mean across seeds and its 5th-95th percentile band, per point. */
export function seriesChart(bands: readonly Row[], info: MetricInfo = () => undefined): TopLevelSpec {
  const unit = timeUnit(Math.max(0, ...bands.map((row) => row['time'] as number)));
  const values = bands.map((row) => ({ ...row, t: (row['time'] as number) / unit.seconds, columnTitle: withUnit(row['column'] as string, info) }));
  const x = { field: 't', type: 'quantitative', title: `simulated time (${unit.name})` };
  const color = { field: 'label', type: 'nominal', title: 'sweep point', sort: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Time series: mean across seeds, band from the 5th to the 95th percentile',
    data: { values },
    facet: { field: 'columnTitle', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 340,
      height: 180,
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'p5', type: 'quantitative', title: null }, y2: { field: 'p95' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, tooltip: tooltip(['label', 't', 'mean', 'p5', 'p95']) } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** Baseline beside proposal: each metric's runs under both, as box plots on a shared axis. */
export function armsChart(metrics: readonly Row[], info: MetricInfo = () => undefined): TopLevelSpec {
  const x = { field: 'arm', type: 'nominal', title: null, sort: ['baseline', 'proposal'] };
  const color = { field: 'arm', type: 'nominal', legend: null, scale: { domain: ['baseline', 'proposal'], range: ['#8c8c8c', '#e45756'] } };
  const titled = metrics.map((row) => ({ ...row, metricTitle: withUnit(row['metric'] as string, info) }));
  return facetByMetric('Baseline beside proposal, same seeds (box: quartiles, dots: runs)', titled, {
    width: 140,
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.5 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color } },
      { mark: { type: 'circle', size: 14, opacity: 0.7 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, color, tooltip: tooltip(['id', 'arm', 'value']) } },
    ],
  }, ['y']);
}

/**
 * Paired difference per metric as a share of the baseline mean, with its bootstrap interval,
 * coloured by verdict: one axis for every metric, so the eye finds the one that moved.
 * Rows: metric, relative, relativeLower, relativeUpper, verdict.
 */
export function differenceChart(rows: readonly Row[]): TopLevelSpec {
  const y = { field: 'metric', type: 'nominal', title: null, sort: null };
  const color = {
    field: 'verdict',
    type: 'nominal',
    title: 'verdict',
    scale: {
      domain: ['better', 'no clear change', 'worse', 'worse beyond threshold', 'not guarded', 'too few seeds'],
      range: ['#54a24b', '#9d9d9d', '#f58518', '#d62728', '#4c78a8', '#bab0ac'],
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Paired difference, proposal - baseline, as % of the baseline mean (95% bootstrap interval)',
    data: { values: [...rows] },
    width: 520,
    height: { step: 28 },
    layer: [
      { mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, x: { field: 'relativeLower', type: 'quantitative', title: 'change (% of baseline mean)' }, x2: { field: 'relativeUpper' }, color } },
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { y, x: { field: 'relative', type: 'quantitative' }, color, tooltip: tooltip(['metric', 'verdict', 'relative', 'relativeLower', 'relativeUpper']) } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

export function tooltip(fields: readonly string[]): object[] {
  return fields.map((name) => ({ field: field(name) }));
}
