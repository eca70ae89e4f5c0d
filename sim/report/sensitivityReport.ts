// `depin-lab sensitivity`'s report: the ranking first (per metric, a sentence on what drives it and
// the parameters in order), then Morris's μ*-σ plane and the Sobol' bars, then the parameters'
// ranges and the command that reproduces the study.
import type { SensitivityAnalysis, SensitivityPlan } from '../study/sensitivityStudy.js';
import { explainMetric } from '../study/sensitivityStudy.js';
import { muStarSigmaChart, sobolChart } from './studyCharts.js';
import { escapeHtml, figure, formatNumber, renderPage, section, table, type StatusItem } from './html.js';
import { renderCharts, writeIndex, type ChartRequest, type WrittenReport } from './output.js';

export interface SensitivityReportInput {
  readonly scenario: string;
  readonly plan: SensitivityPlan;
  readonly analysis: SensitivityAnalysis;
  readonly command: string;
  readonly resultsDir: string;
}

export async function writeSensitivityReport(input: SensitivityReportInput, outDir: string): Promise<WrittenReport> {
  const { plan, analysis } = input;
  const names = plan.box.parameters.map((p) => p.path);
  const analysed = analysis.metrics.filter((m) => m.problem === undefined);
  const requests: ChartRequest[] = [];
  if (plan.morris && analysed.length > 0) {
    const rows = analysed.flatMap((m) => {
      const { muStar, sigma, muStarInterval } = m.morris!;
      const largest = Math.max(...muStar);
      // Named on the chart: the parameters with at least a tenth of the largest μ*, as the ranking's sentence names them.
      return names.map((parameter, i) => ({ metric: m.metric, parameter, label: muStar[i]! >= largest / 10 && largest > 0 ? parameter : '', muStar: muStar[i], sigma: sigma[i], lower: muStarInterval[i]![0], upper: muStarInterval[i]![1] }));
    });
    requests.push({ name: 'morris', caption: 'Right: the parameter moves the metric; up: its effect changes across the box (non-linear, or through interactions); bars: 95% bootstrap interval of μ*. Unnamed points have under a tenth of the largest μ*.', spec: muStarSigmaChart(rows, analysed.map((m) => m.metric)) });
  }
  if (plan.sobol && analysed.length > 0) {
    const rows = analysed.flatMap((m) =>
      names.flatMap((parameter, i) => [
        { metric: m.metric, parameter, index: 'first-order', value: m.sobol!.S1[i], lower: m.sobol!.S1Interval[i]![0], upper: m.sobol!.S1Interval[i]![1] },
        { metric: m.metric, parameter, index: 'total', value: m.sobol!.ST[i], lower: m.sobol!.STInterval[i]![0], upper: m.sobol!.STInterval[i]![1] },
      ]),
    );
    requests.push({ name: 'sobol', caption: 'First-order: the share of variance the parameter explains alone; total: the share it takes part in, interactions included.', spec: sobolChart(rows, analysed.map((m) => m.metric), names) });
  }
  const { charts, files } = await renderCharts(outDir, requests);
  const methods = [plan.morris ? `Morris, ${plan.morris.r} trajectories of ${plan.morris.levels} levels` : '', plan.sobol ? `Sobol' (Saltelli design, ${plan.sobol.n} base rows)` : ''].filter(Boolean).join('; ');
  const html = renderPage({
    title: `${input.scenario}: sensitivity`,
    subtitle: `${names.length} parameters, ${plan.metrics.length} metrics; ${methods}; ${analysis.runs} runs, ${plan.replicates} paired seeds per design point`,
    verdict: {
      headline: `${analysed.length} of ${analysis.metrics.length} metrics analysed, ${analysis.runs - analysis.failedRuns} of ${analysis.runs} runs ok`,
      tone: analysed.length < analysis.metrics.length || analysis.failedRuns > 0 ? 'bad' : 'good',
      // What explains each metric, in a sentence, before the charts (the ranking's own sentences).
      notes: analysis.metrics.map((m) => ({ text: explainMetric(m, names), tone: m.problem === undefined ? 'neutral' : 'bad' })),
      status: statusStrip(input),
    },
    sections: [
      section('Ranking', ranking(input)),
      ...(charts.length > 0 ? [section('Charts', charts.map(figure).join('\n'))] : []),
      section('Parameters', parametersTable(plan)),
      section('Reproduce', `<pre>${escapeHtml(input.command)}</pre><p>Runs: <code>${escapeHtml(input.resultsDir)}</code> (the measures as data: <code>sensitivity.json</code>).</p>`),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files };
}

function statusStrip({ plan, analysis }: SensitivityReportInput): StatusItem[] {
  const names = plan.box.parameters.map((p) => p.path);
  return [
    { label: 'runs', value: `${analysis.runs - analysis.failedRuns} of ${analysis.runs} ok`, tone: analysis.failedRuns > 0 ? 'bad' : 'good' },
    ...analysis.metrics.map((m): StatusItem =>
      m.problem !== undefined ? { label: m.metric, value: 'not analysed', tone: 'bad' } : { label: m.metric, value: `first: ${names[m.ranking[0]!]}`, tone: 'neutral' },
    ),
  ];
}

function ranking({ plan, analysis }: SensitivityReportInput): string {
  const names = plan.box.parameters.map((p) => p.path);
  const blocks = analysis.metrics.map((m) => {
    const sentence = `<p><strong>${escapeHtml(m.metric)}</strong>: ${escapeHtml(explainMetric(m, names).replace(/^.*? could not be analysed: /, 'not analysed: '))}</p>`;
    if (m.problem !== undefined) return sentence;
    const header = ['rank', 'parameter', ...(m.morris ? ['μ*', 'μ* 95% interval', 'σ'] : []), ...(m.sobol ? ['S1', 'S1 95% interval', 'ST', 'ST 95% interval'] : [])];
    const rows = m.ranking.map((i, place) => [
      String(place + 1),
      names[i]!,
      ...(m.morris ? [formatNumber(m.morris.muStar[i]), interval(m.morris.muStarInterval[i]!), formatNumber(m.morris.sigma[i])] : []),
      ...(m.sobol ? [formatNumber(m.sobol.S1[i]), interval(m.sobol.S1Interval[i]!), formatNumber(m.sobol.ST[i]), interval(m.sobol.STInterval[i]!)] : []),
    ]);
    return `${sentence}\n${table(header, rows, 2)}`;
  });
  const order = plan.sobol ? 'by total index ST' : 'by μ*';
  return `${blocks.join('\n')}\n<p>Parameters are ranked ${order}. μ* and σ are in the metric's units per whole range of the parameter, so parameters of different units compare; S1 and ST are shares of the variance of the metric's mean over ${plan.replicates} paired seeds, over the box below.</p>`;
}

function parametersTable(plan: SensitivityPlan): string {
  const rows = plan.box.parameters.map((p, i) => [p.path, plan.box.describe(i, p.min), plan.box.describe(i, p.max), p.scale, p.integer ? 'yes' : 'no']);
  return table(['parameter', 'from', 'to', 'scale', 'whole numbers'], rows, 1);
}

function interval([low, high]: readonly [number, number]): string {
  return `${formatNumber(low)} … ${formatNumber(high)}`;
}
