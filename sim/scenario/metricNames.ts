// The names a scenario uses for what its runs report: the metrics of `checks`, `compare` and
// `report.headline`, and the parameters `report` plots against. They are checked against the
// metrics the chosen model declares (sim/metrics/catalog.ts) when the scenario loads, so a typo is
// bad input with a suggestion, before anything runs.
import type { MetricCatalog } from '../metrics/catalog.js';
import { MMC_METRICS } from '../queueing/mmcMetrics.js';
import { worldMetrics } from '../world/marketWorld.js';
import type { WorldParams } from '../world/params.js';
import { FULL_CHECK_LIMIT, unknownPath } from './checkSweep.js';
import { formatPath, getAt, isPlainObject, type PlainObject } from './paths.js';
import { describeValue, listWords, type FileOf, type ScenarioProblem } from './problems.js';
import { resolvePoint } from './resolvePoint.js';
import type { Scenario } from './schema.js';
import { closest } from './suggest.js';
import { pointAssignment, pointCount, sweepAxes, type Assignment } from './sweepPoints.js';

/** The metrics a run with these resolved parameters reports, or undefined for a model the lab does not know. */
export function declaredMetrics(params: Readonly<Record<string, unknown>>): MetricCatalog | undefined {
  switch (params['model']) {
    case 'mmc':
      return MMC_METRICS;
    case 'market':
      // Resolved by the schema, which is checked against WorldParams at compile time (schema.ts).
      return worldMetrics(params as unknown as WorldParams);
    default:
      return undefined;
  }
}

interface PointMetrics {
  readonly assignment: Assignment;
  readonly names: ReadonlySet<string>;
}

/**
 * The summary metrics at each sweep point. Every point of a sweep the loader validates in full; a
 * larger one is represented by the base scenario with each swept value set alone, which covers
 * the words that choose a market or a model (`everyPoint` is then false: not every point was seen).
 */
function metricsByPoint(scenario: Scenario): { points: PointMetrics[]; everyPoint: boolean } {
  const axes = sweepAxes(scenario.sweep, scenario.seed);
  const count = pointCount(axes);
  const everyPoint = count <= FULL_CHECK_LIMIT;
  const assignments: Assignment[] = everyPoint
    ? Array.from({ length: count }, (_, point) => pointAssignment(axes, point))
    : [[], ...axes.flatMap((axis) => axis)];
  const points = assignments.flatMap((assignment) => {
    const resolved = resolvePoint(scenario, assignment);
    const catalog = resolved.ok ? declaredMetrics(resolved.params) : undefined;
    return catalog ? [{ assignment, names: new Set(catalog.summaryNames()) }] : [];
  });
  return { points, everyPoint };
}

const MODEL_WORDS: Readonly<Record<string, string>> = { market: 'the market world', mmc: 'the M/M/c model' };

/** Problems with the metric and parameter names of `checks`, `compare` and `report`; empty when all are known. */
export function metricNameProblems(raw: PlainObject, scenario: Scenario, fileOf: FileOf): ScenarioProblem[] {
  const named: { path: (string | number)[]; metric: string; everywhere: boolean }[] = [
    ...Object.keys(scenario.checks).map((metric) => ({ path: ['checks', metric], metric, everywhere: true })),
    ...Object.keys(scenario.compare).map((metric) => ({ path: ['compare', metric], metric, everywhere: true })),
    ...(scenario.report?.headline ?? []).map((metric, i) => ({ path: ['report', 'headline', i], metric, everywhere: false })),
  ];
  const problems: ScenarioProblem[] = [...reportParameterProblems(raw, scenario, fileOf)];
  if (named.length === 0) return problems;
  const { points, everyPoint } = metricsByPoint(scenario);
  if (points.length === 0) return problems;
  const known = [...new Set(points.flatMap((point) => [...point.names]))];
  for (const { path, metric, everywhere } of named) {
    const where = { file: fileOf(path), path: formatPath(path), found: JSON.stringify(metric) };
    if (!known.includes(metric)) {
      const suggestion = closest(metric, known);
      problems.push({
        ...where,
        expected: `expected a summary metric ${MODEL_WORDS[scenario.model]} reports (${listWords(known)})`,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const missing = points.filter((point) => !point.names.has(metric));
    if (everywhere && everyPoint && missing.length > 0) {
      const first = missing[0]!.assignment.map(([param, value]) => `${param}=${describeValue(value)}`).join(', ');
      problems.push({
        ...where,
        expected: 'expected a metric every sweep point reports (it is judged at each point)',
        found: `${where.found}, missing at ${missing.length} of ${points.length} points (first where ${first})`,
      });
    }
  }
  return problems;
}

/** `report.x`, `report.color` and `report.facet` must each name one scenario parameter. */
function reportParameterProblems(raw: PlainObject, scenario: Scenario, fileOf: FileOf): ScenarioProblem[] {
  const report = scenario.report;
  if (report === undefined) return [];
  return (['x', 'color', 'facet'] as const).flatMap((key) => {
    const param = report[key];
    if (param === undefined) return [];
    const where = { file: fileOf(['report', key]), path: formatPath(['report', key]) };
    const unknown = unknownPath(raw, param);
    if (unknown) return [{ ...where, ...unknown }];
    if (!isPlainObject(getAt(scenario, param.split('.')))) return [];
    return [{ ...where, expected: 'expected the path of one parameter, not of a section', found: JSON.stringify(param) }];
  });
}
