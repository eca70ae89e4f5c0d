// vega-lite specs for the study reports (sensitivity and optimize), from plain rows as the sweep's
// charts are, so a notebook can draw them from sensitivity.json or a search's document. Metrics
// differ in unit, so every chart is faceted by metric with independent scales.
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './charts.js';

type Row = Readonly<Record<string, unknown>>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Morris's μ*-σ plane per metric: a parameter far right matters, one high up acts non-linearly or
 * through interactions, one near the origin can be fixed. Bars: μ*'s bootstrap interval. Only
 * points with a label are named on the chart (the rest crowd the origin; their tooltips name them).
 * Rows: metric, parameter, label, muStar, sigma, lower, upper; facets in the order of `metrics`.
 */
export function muStarSigmaChart(rows: readonly Row[], metrics: readonly string[]): TopLevelSpec {
  const x = { field: 'muStar', type: 'quantitative', title: 'μ* (mean |elementary effect|, per whole range)', scale: { zero: true } };
  const y = { field: 'sigma', type: 'quantitative', title: 'σ of the elementary effects', scale: { zero: true } };
  return {
    $schema: SCHEMA,
    title: 'Morris screening: μ* against σ, per metric',
    data: { values: [...rows] },
    facet: { field: 'metric', type: 'nominal', title: null, sort: [...metrics] },
    columns: 2,
    spec: {
      width: 300,
      height: 200,
      layer: [
        { mark: { type: 'rule', color: '#9ecae9' }, encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y } },
        { mark: { type: 'point', filled: true, size: 60, color: '#1f4e79' }, encoding: { x, y, tooltip: [{ field: 'parameter' }, { field: 'muStar' }, { field: 'sigma' }, { field: 'lower' }, { field: 'upper' }] } },
        { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/**
 * Sobol' first-order and total indices per metric, as bars with their bootstrap intervals, on the
 * common [0, 1] scale of a share of variance. Rows: metric, parameter, index, value, lower, upper;
 * facets in the order of `metrics`, parameters in the order of `parameters`.
 */
export function sobolChart(rows: readonly Row[], metrics: readonly string[], parameters: readonly string[]): TopLevelSpec {
  const y = { field: 'parameter', type: 'nominal', title: null, sort: [...parameters] };
  const yOffset = { field: 'index', type: 'nominal', sort: ['first-order', 'total'] };
  const color = { field: 'index', type: 'nominal', title: 'index', scale: { domain: ['first-order', 'total'], range: ['#4c78a8', '#f58518'] } };
  return {
    $schema: SCHEMA,
    title: "Sobol' indices with their 95% bootstrap intervals, per metric",
    data: { values: [...rows] },
    facet: { field: 'metric', type: 'nominal', title: null, sort: [...metrics] },
    columns: 2,
    spec: {
      width: 300,
      height: { step: 14 },
      layer: [
        { mark: 'bar', encoding: { y, yOffset, x: { field: 'value', type: 'quantitative', title: 'share of variance', scale: { domain: [0, 1] } }, color, tooltip: [{ field: 'parameter' }, { field: 'index' }, { field: 'value' }, { field: 'lower' }, { field: 'upper' }] } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y, yOffset, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } } },
      ],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/**
 * Every point a search evaluated, in the order evaluated, per objective: its mean over the paired
 * seeds, coloured by what became of it, with the baseline's mean as a dashed line.
 * Rows: objective, evaluation, value, status ('recommended', 'feasible', 'infeasible', 'failed'), baseline.
 */
export function searchTraceChart(rows: readonly Row[]): TopLevelSpec {
  const x = { field: 'evaluation', type: 'quantitative', title: 'point, in the order evaluated' };
  const color = {
    field: 'status',
    type: 'nominal',
    title: null,
    scale: { domain: ['recommended', 'feasible', 'infeasible', 'failed'], range: ['#d62728', '#4c78a8', '#bab0ac', '#000000'] },
  };
  return {
    $schema: SCHEMA,
    title: 'The search: each point evaluated, mean over the paired seeds (dashed: the baseline)',
    data: { values: [...rows] },
    facet: { field: 'objective', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 320,
      height: 180,
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { y: { aggregate: 'max', field: 'baseline', type: 'quantitative' } } },
        { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } }, color, tooltip: [{ field: 'evaluation' }, { field: 'value' }, { field: 'status' }, { field: 'parameters' }] } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/**
 * Two objectives against each other: every feasible point, the recommended front in red, the
 * baseline as a black cross. Rows: x, y, status, parameters.
 */
export function frontChart(rows: readonly Row[], xTitle: string, yTitle: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Objectives of every evaluated point (red: the recommended Pareto front; cross: the baseline)',
    data: { values: [...rows] },
    width: 420,
    height: 300,
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
      color: {
        field: 'status',
        type: 'nominal',
        title: null,
        scale: { domain: ['recommended', 'feasible', 'infeasible', 'baseline'], range: ['#d62728', '#4c78a8', '#bab0ac', '#000000'] },
      },
      shape: { field: 'status', type: 'nominal', legend: null, scale: { domain: ['recommended', 'feasible', 'infeasible', 'baseline'], range: ['circle', 'circle', 'circle', 'cross'] } },
      tooltip: [{ field: 'status' }, { field: 'x', title: xTitle }, { field: 'y', title: yTitle }, { field: 'parameters' }],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
