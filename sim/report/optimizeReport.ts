// `depin-lab optimize`'s report: the recommendations first (each point's parameters in the study's
// units, its objectives against the baseline on the paired seeds with their intervals and verdicts,
// its constraints' margins, its proposal file), then the search as charts and as a table of every
// point evaluated, then the box and the command that reproduces the search.
import { metricValue, type StudyRun } from '../study/studyRun.js';
import type { RecommendedPoint, SearchConstraint, SearchOutcome, SearchPlan } from '../study/optimizeSearch.js';
import { frontChart, searchTraceChart } from './studyCharts.js';
import { escapeHtml, figure, formatNumber, renderPage, section, table, type StatusItem } from './html.js';
import { renderCharts, writeIndex, type ChartRequest, type WrittenReport } from './output.js';

export interface OptimizeReportInput {
  readonly scenario: string;
  readonly plan: SearchPlan;
  readonly outcome: SearchOutcome;
  readonly recommendations: readonly RecommendedPoint[];
  /** The proposal file of each recommendation, in order. */
  readonly proposals: readonly string[];
  readonly command: string;
  readonly resultsDir: string;
}

type PointStatus = 'recommended' | 'feasible' | 'infeasible' | 'failed';

interface EvaluatedPoint {
  readonly evaluation: number;
  readonly amounts: readonly number[];
  readonly objectives: readonly (number | undefined)[];
  readonly status: PointStatus;
}

export async function writeOptimizeReport(input: OptimizeReportInput, outDir: string): Promise<WrittenReport> {
  const { plan, outcome } = input;
  const points = evaluatedPoints(input);
  const describe = (p: EvaluatedPoint) => plan.box.parameters.map((q, i) => `${q.path} = ${plan.box.describe(i, p.amounts[i]!)}`).join(', ');
  const baseline = plan.objectives.map(({ metric }) => mean(outcome.baseline.map((run) => metricValue(run, metric))));
  const requests: ChartRequest[] = [];
  const trace = points.flatMap((p) =>
    plan.objectives.flatMap(({ metric }, j) => (p.objectives[j] === undefined ? [] : [{ objective: metric, evaluation: p.evaluation, value: p.objectives[j], status: p.status, baseline: baseline[j], parameters: describe(p) }])),
  );
  if (trace.length > 0) requests.push({ name: 'search', caption: 'Points left to right in the order the optimiser proposed them; the first are its Latin hypercube.', spec: searchTraceChart(trace) });
  if (plan.objectives.length >= 2) {
    const rows = points
      .filter((p) => p.status !== 'failed' && p.objectives[0] !== undefined && p.objectives[1] !== undefined)
      .map((p) => ({ x: p.objectives[0], y: p.objectives[1], status: p.status, parameters: describe(p) }));
    if (baseline[0] !== undefined && baseline[1] !== undefined) rows.push({ x: baseline[0], y: baseline[1], status: 'baseline' as PointStatus, parameters: 'the scenario as written' });
    const [first, second] = plan.objectives;
    requests.push({ name: 'front', caption: 'Means over the paired seeds of the first two objectives.', spec: frontChart(rows, `${first!.metric} (${first!.goal})`, `${second!.metric} (${second!.goal})`) });
  }
  const { charts, files } = await renderCharts(outDir, requests);
  const html = renderPage({
    title: `${input.scenario}: parameter search`,
    subtitle: `${plan.box.parameters.length} parameters; ${plan.objectives.map((o) => `${o.goal} ${o.metric}`).join(', ')}; ${points.length} points evaluated on ${plan.replicates} paired seeds each (${outcome.runs} runs); search ${outcome.id}`,
    verdict: {
      headline: input.recommendations.length === 0 ? 'Nothing recommended: no evaluated point is feasible' : `${input.recommendations.length} recommended point${input.recommendations.length === 1 ? '' : 's'}, compared with the baseline on paired seeds`,
      tone: input.recommendations.length === 0 ? 'bad' : 'good',
      notes: [],
      status: statusStrip(input),
    },
    sections: [
      section('Recommendations', recommendationsSection(input)),
      ...(charts.length > 0 ? [section('The search', charts.map(figure).join('\n'))] : []),
      section('Every point evaluated', pointsTable(plan, points)),
      section('The box', boxTable(plan)),
      section('Reproduce', `<pre>${escapeHtml(input.command)}</pre><p>Runs and the optimiser's state: <code>${escapeHtml(input.resultsDir)}</code>; <code>--resume</code> continues the search, a larger <code>--evaluations</code> extends it.</p>`),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files };
}

function statusStrip({ recommendations, outcome }: OptimizeReportInput): StatusItem[] {
  const first = recommendations[0];
  return [
    { label: 'recommended', value: `${recommendations.length} point${recommendations.length === 1 ? '' : 's'}`, tone: recommendations.length > 0 ? 'good' : 'bad' },
    { label: 'runs', value: `${outcome.runs - outcome.failedRuns} of ${outcome.runs} ok`, tone: outcome.failedRuns > 0 ? 'bad' : 'good' },
    ...(first?.comparisons ?? []).map((c): StatusItem => ({ label: `${c.metric} (1st)`, value: c.verdict, tone: c.verdict === 'better' ? 'good' : c.verdict === 'no clear change' ? 'neutral' : 'warn' })),
  ];
}

function recommendationsSection(input: OptimizeReportInput): string {
  const { plan, recommendations, proposals } = input;
  if (recommendations.length === 0) return '<p>No evaluated point is feasible: every point had a failed run or left a band. Nothing is recommended.</p>';
  const intro = plan.objectives.length > 1
    ? `<p>The feasible Pareto front, as the surrogate's posterior mean judges it (no recommended point is beaten on every objective by another feasible point), best first on ${escapeHtml(plan.objectives[0]!.metric)}.</p>`
    : '<p>The feasible point with the best posterior mean of the surrogate, which pools each point\'s noisy runs with its neighbours\'.</p>';
  return intro + recommendations.map((point, i) => {
    const parameters = table(['parameter', 'value', 'searched from', 'to'], plan.box.parameters.map((p, k) => [p.path, plan.box.describe(k, point.amounts[k]!), plan.box.describe(k, p.min), plan.box.describe(k, p.max)]), 1);
    const objectives = table(
      ['objective', 'goal', 'baseline mean', 'proposal mean', 'difference', '95% interval', 'verdict', 'surrogate mean'],
      point.comparisons.map((c, j) => [c.metric, plan.objectives[j]!.goal, formatNumber(c.baselineMean), formatNumber(c.proposalMean), formatNumber(c.meanDifference), `${formatNumber(c.interval.lower)} … ${formatNumber(c.interval.upper)}`, c.verdict, formatNumber(point.predicted[j])]),
      2,
    );
    const constraints = point.constraints.length === 0 ? '' : table(
      ['constraint', 'from', 'band', 'mean', 'margin'],
      point.constraints.map((c) => [c.constraint.metric, c.constraint.from, band(c.constraint), formatNumber(c.value), formatNumber(c.margin)]),
      3,
    );
    return `<h3>${point.rank}. ${escapeHtml(plan.box.parameters.map((p, k) => `${p.path} = ${plan.box.describe(k, point.amounts[k]!)}`).join(', '))}</h3>
${parameters}
${objectives}
${constraints}
<p>Proposal: <code>${escapeHtml(proposals[i] ?? '')}</code>; paired differences are proposal − baseline over the same ${plan.replicates} seeds, with 95% percentile-bootstrap intervals, as <code>depin-lab compare</code> computes them. A margin is the distance inside the band, in the metric's units.</p>`;
  }).join('\n');
}

function pointsTable(plan: SearchPlan, points: readonly EvaluatedPoint[]): string {
  const header = ['#', ...plan.box.parameters.map((p) => p.path), ...plan.objectives.map((o) => o.metric), 'status'];
  const rows = points.map((p) => [String(p.evaluation), ...p.amounts.map((a, i) => plan.box.describe(i, a)), ...p.objectives.map((v) => formatNumber(v)), p.status]);
  return table(header, rows, 1);
}

function boxTable(plan: SearchPlan): string {
  const rows = plan.box.parameters.map((p, i) => [p.path, plan.box.describe(i, p.min), plan.box.describe(i, p.max), p.scale, p.integer ? 'yes' : 'no']);
  return `${table(['parameter', 'from', 'to', 'scale', 'whole numbers'], rows, 1)}<p>Constraints: ${plan.constraints.length === 0 ? 'none' : escapeHtml(plan.constraints.map((c) => `${c.metric} in ${band(c)} (${c.from})`).join('; '))}; and no run may fail (an invariant violation disqualifies its point).</p>`;
}

/** Each evaluated point in proposal order, with its objective means and what became of it. */
function evaluatedPoints({ plan, outcome, recommendations }: OptimizeReportInput): EvaluatedPoint[] {
  const recommended = new Set(recommendations.map((r) => JSON.stringify(r.point)));
  return outcome.document.batches.flat().map((point, i) => {
    const key = JSON.stringify(point);
    const runs = outcome.pointRuns.get(key) ?? [];
    const objectives = plan.objectives.map(({ metric }) => mean(runs.map((run) => metricValue(run, metric))));
    return { evaluation: i + 1, amounts: plan.box.amounts(point), objectives, status: recommended.has(key) ? 'recommended' : status(plan, runs) };
  });
}

/** As the optimiser judges it: a failed run fails the point; a missing value or a band's mean outside it makes it infeasible. */
function status(plan: SearchPlan, runs: readonly StudyRun[]): PointStatus {
  if (runs.some((run) => run.status === 'failed')) return 'failed';
  if (plan.objectives.some(({ metric }) => runs.some((run) => metricValue(run, metric) === undefined))) return 'infeasible';
  const inBand = (c: SearchConstraint): boolean => {
    const values = runs.map((run) => metricValue(run, c.metric));
    if (values.some((v) => v === undefined)) return false;
    const m = mean(values)!;
    return (c.min === undefined || m >= c.min) && (c.max === undefined || m <= c.max);
  };
  return plan.constraints.every(inBand) ? 'feasible' : 'infeasible';
}

function mean(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0) / present.length;
}

function band(c: { min?: number; max?: number }): string {
  return `${c.min === undefined ? '−∞' : formatNumber(c.min)} … ${c.max === undefined ? '∞' : formatNumber(c.max)}`;
}
