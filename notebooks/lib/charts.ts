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
 * One dot per run: the share of stake the shock and the cascade right after it took against the
 * Durvasula-Roughgarden bound of the graph it had reached when the shock came, (1 + 1/γ*)·shock,
 * with the diagonal where the two are equal: dots on or below it stayed within their bound.
 * `runs`: id, bound, cascade, model, mode.
 */
export function lossAgainstBoundChart(runs: readonly Row[]): TopLevelSpec {
  const axis = (title: string) => ({ type: 'quantitative', title, scale: { domain: [0, 1] } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Stake lost to the shock and its cascade against the realised bound, one dot per run (dashed: equal)',
    width: 420,
    height: 320,
    layer: [
      { data: { values: [{ v: 0 }, { v: 1 }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 3] }, encoding: { x: { field: 'v', ...axis('bound_at_shock') }, y: { field: 'v', ...axis('cascade_lost_fraction') } } },
      {
        data: { values: [...runs] },
        mark: { type: 'point', filled: true, size: 60, opacity: 0.75 },
        encoding: {
          x: { field: 'bound', ...axis('bound_at_shock: (1 + 1/γ*)·shock of the graph at shock time') },
          y: { field: 'cascade', ...axis('cascade_lost_fraction') },
          color: { field: 'model', type: 'nominal', title: 'model' },
          shape: { field: 'mode', type: 'nominal', title: 'shock mode' },
          tooltip: [{ field: 'id' }, { field: 'cascade' }, { field: 'bound' }, { field: 'model' }, { field: 'mode' }],
        },
      },
    ],
    config: { font: 'DejaVu Sans, Verdana, sans-serif' },
  } as TopLevelSpec;
}
