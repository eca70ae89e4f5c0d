// The notebooks' one chart the report layer does not draw: each metric's mean across seeds with
// its 95% interval, against one grouping (shock size, market kind) and coloured by another
// (contagion model). Rows come from the lab's summarizeMetrics grouped by those columns.
import type { TopLevelSpec } from 'vega-lite';

type Row = Readonly<Record<string, unknown>>;

export interface GroupedMeansOptions {
  readonly title: string;
  /** Column along the x axis, read as categories (shock sizes include 0, so no log scale). */
  readonly x: string;
  readonly xTitle?: string;
  /** Column that colours the lines, one per value. */
  readonly color?: string;
}

/** Faceted by metric with independent y scales: the metrics differ in unit and size. */
export function groupedMeansChart(summary: readonly Row[], options: GroupedMeansOptions): TopLevelSpec {
  const x = { field: options.x, type: 'ordinal', title: options.xTitle ?? options.x, sort: null };
  const color = options.color ? { color: { field: options.color, type: 'nominal', title: options.color } } : {};
  // Colours side by side within each category, so overlapping intervals stay apart.
  const offset = options.color ? { xOffset: { field: options.color, type: 'nominal' } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    data: { values: [...summary] },
    facet: { field: 'metric', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 220,
      height: 150,
      layer: [
        { mark: 'errorbar', encoding: { x, ...offset, y: { field: 'ciLower', type: 'quantitative', title: null }, y2: { field: 'ciUpper' }, ...color } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, ...offset, y: { field: 'mean', type: 'quantitative' }, ...color, tooltip: [{ field: options.x }, { field: 'n' }, { field: 'mean' }, { field: 'ciLower' }, { field: 'ciUpper' }] } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'DejaVu Sans, Verdana, sans-serif', view: { stroke: '#ddd' } },
  } as TopLevelSpec;
}

/**
 * One dot per run, lost share of stake against the shock ψ, under the bound's line and the
 * diagonal of the shock alone (dots above it are cascades).
 * `runs`: shock, lost, depth, id. `bound`: shock, bound.
 */
export function lossAgainstBoundChart(runs: readonly Row[], bound: readonly Row[], boundTitle: string): TopLevelSpec {
  const x = { field: 'shock', type: 'quantitative', title: 'shock ψ (share of all stake)' };
  const y = { type: 'quantitative', title: 'share of all stake lost', scale: { domain: [0, 1] } };
  const shocks = bound.map((row) => row['shock']);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Pooled model: stake lost to the shock and its cascade, one dot per run; line: ${boundTitle}`,
    width: 420,
    height: 260,
    layer: [
      { data: { values: shocks.map((shock) => ({ shock, lost: shock })) }, mark: { type: 'line', color: '#999', strokeDash: [4, 3] }, encoding: { x, y: { ...y, field: 'lost' } } },
      { data: { values: [...bound] }, mark: { type: 'line', color: '#d62728', point: { color: '#d62728' } }, encoding: { x, y: { ...y, field: 'bound' } } },
      {
        data: { values: [...runs] },
        mark: { type: 'circle', size: 60, opacity: 0.7 },
        encoding: {
          x,
          y: { ...y, field: 'lost' },
          color: { field: 'depth', type: 'ordinal', title: 'cascade depth' },
          tooltip: [{ field: 'id' }, { field: 'lost' }, { field: 'depth' }],
        },
      },
    ],
    config: { font: 'DejaVu Sans, Verdana, sans-serif' },
  } as TopLevelSpec;
}
