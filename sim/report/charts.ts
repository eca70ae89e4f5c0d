// vega-lite specs for the report's charts, built from plain rows so that a notebook can draw the
// same charts from the same tables. Metrics differ in unit and scale, so every multi-metric chart
// is faceted with independent scales rather than drawn on one shared axis.
import type { TopLevelSpec } from 'vega-lite';
import type { SweepAxis } from './sweepAxes.js';

type Row = Readonly<Record<string, unknown>>;

const FONT = 'DejaVu Sans, Verdana, sans-serif';
const PANEL = { width: 220, height: 150 };
const COLUMNS = 3;

export const config = {
  font: FONT,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 10, titleFontSize: 11 },
  header: { labelFontSize: 12, labelFontWeight: 'bold' },
  legend: { labelFontSize: 11, titleFontSize: 11 },
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
    facet: { field: 'metric', type: 'nominal', title: null },
    columns: COLUMNS,
    spec: { ...PANEL, ...spec },
    resolve: { scale: Object.fromEntries(independent.map((channel) => [channel, 'independent'])) },
    config,
  } as TopLevelSpec;
}

/**
 * Mean of each metric against the swept parameter, with its 95% confidence band: a line when one
 * numeric parameter is swept, a heatmap of the mean over two on a grid, points with error bars
 * otherwise.
 * Rows come from `summarizeMetrics(..., ['point', 'label', ...axes])`.
 */
export function sweepChart(summary: readonly Row[], axes: readonly SweepAxis[]): TopLevelSpec | undefined {
  const [first, second] = axes;
  if (!first) return undefined;
  if (axes.length === 1 && first.numeric) {
    const x = { field: field(first.name), type: 'quantitative', title: first.name, scale: { zero: false } };
    return facetByMetric('Mean across seeds with 95% confidence interval, by sweep point', summary, {
      layer: [
        { mark: { type: 'errorband', color: '#4c78a8' }, encoding: { x, y: { field: 'ciLower', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'ciUpper' } } },
        { mark: { type: 'line', point: true, color: '#1f4e79' }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, tooltip: tooltip(['label', 'n', 'mean', 'ciLower', 'ciUpper']) } },
      ],
    }, ['y']);
  }
  if (axes.length === 2 && second && distinctCount(first) <= HEATMAP_CELLS && distinctCount(second) <= HEATMAP_CELLS) {
    return facetByMetric('Mean across seeds over the two swept parameters', summary, {
      mark: 'rect',
      encoding: {
        x: { field: field(first.name), type: 'ordinal', title: first.name },
        y: { field: field(second.name), type: 'ordinal', title: second.name },
        color: { field: 'mean', type: 'quantitative', title: 'mean', scale: { scheme: 'viridis' } },
        tooltip: tooltip(['label', 'n', 'mean', 'ciLower', 'ciUpper']),
      },
    }, ['color']);
  }
  const x = { field: 'label', type: 'nominal', title: null, sort: null };
  return facetByMetric('Mean across seeds with 95% confidence interval, by sweep point', summary, {
    layer: [
      { mark: 'errorbar', encoding: { x, y: { field: 'ciLower', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'ciUpper' } } },
      { mark: { type: 'point', filled: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, tooltip: tooltip(['label', 'n', 'mean']) } },
    ],
  }, ['y']);
}

/** Each metric's spread across seeds, per sweep point: box plots over the individual runs. */
export function distributionChart(metrics: readonly Row[]): TopLevelSpec {
  const x = { field: 'label', type: 'nominal', title: null, sort: null };
  return facetByMetric('Distribution across seeds (box: quartiles, whiskers: min to max, dots: runs)', metrics, {
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', color: '#9ecae9', median: { color: '#1f4e79' } }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } } },
      { mark: { type: 'circle', size: 14, color: '#1f4e79', opacity: 0.6 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, tooltip: tooltip(['id', 'value']) } },
    ],
  }, ['y']);
}

/** Each series column over time: the mean across seeds and its 5th-95th percentile band, per point. */
export function seriesChart(bands: readonly Row[]): TopLevelSpec {
  const x = { field: 'time', type: 'quantitative', title: 'time' };
  const color = { field: 'label', type: 'nominal', title: 'sweep point', sort: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Time series: mean across seeds, band from the 5th to the 95th percentile',
    data: { values: [...bands] },
    facet: { field: 'column', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 340,
      height: 180,
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'p5', type: 'quantitative', title: null }, y2: { field: 'p95' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, tooltip: tooltip(['label', 'time', 'mean', 'p5', 'p95']) } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config,
  } as TopLevelSpec;
}

/** Baseline beside proposal: each metric's runs under both, as box plots on a shared axis. */
export function armsChart(metrics: readonly Row[]): TopLevelSpec {
  const x = { field: 'arm', type: 'nominal', title: null, sort: ['baseline', 'proposal'] };
  const color = { field: 'arm', type: 'nominal', legend: null, scale: { domain: ['baseline', 'proposal'], range: ['#8c8c8c', '#e45756'] } };
  return facetByMetric('Baseline beside proposal, same seeds (box: quartiles, dots: runs)', metrics, {
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
      domain: ['better', 'no clear change', 'worse', 'worse beyond threshold', 'not guarded'],
      range: ['#54a24b', '#9d9d9d', '#f58518', '#d62728', '#4c78a8'],
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
    config,
  } as TopLevelSpec;
}

/** Beyond this many distinct values per axis (a sampled sweep) a heatmap is mostly gaps. */
const HEATMAP_CELLS = 12;

function distinctCount(axis: SweepAxis): number {
  return new Set(axis.values.map((value) => JSON.stringify(value))).size;
}

function tooltip(fields: readonly string[]): object[] {
  return fields.map((name) => ({ field: field(name) }));
}
