// `depin-lab report`: a results directory in, reports/<name>/index.html out. Status first (did
// every run finish, did the invariants and bands hold), then the charts, then the numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Band } from '../runner/bands.js';
import { summarizeMetrics, seriesBands, type MetricSummary } from './aggregate.js';
import { distributionChart, seriesChart, sweepChart } from './charts.js';
import { headlineChart, headlineRows, headlineSentence, reportSettings } from './headline.js';
import { escapeHtml, figure, formatNumber, renderPage, section, table, type StatusItem } from './html.js';
import { renderCharts, writeIndex, type ChartRequest, type WrittenReport } from './output.js';
import { fixedParams, formatValue } from './sweepAxes.js';
import { loadSweepResults, type SweepResults } from './sweepResults.js';
import { metricsTable, rows, seriesTable, type Row } from './tables.js';

export interface ReportOptions {
  /** The command that produced the results, shown when the manifest does not record one. */
  readonly command?: string;
}

/** Writes the report to `outDir`, by default reports/<scenario>. */
export async function writeReport(resultsDir: string, outDir?: string, options: ReportOptions = {}): Promise<WrittenReport> {
  const results = loadSweepResults(resultsDir);
  return writeSweepReport(results, outDir ?? join('reports', results.scenario), options);
}

async function writeSweepReport(results: SweepResults, outDir: string, options: ReportOptions): Promise<WrittenReport> {
  const axisNames = results.axes.map((axis) => axis.name);
  const metrics = metricsTable(results);
  const overall = rows(summarizeMetrics(metrics)) as unknown as MetricSummary[];
  const byPoint = rows(summarizeMetrics(metrics, ['point', 'label', ...axisNames]));
  const seriesPoints = pointsForSeries(results.pointParams.length);
  const bands = rows(seriesBands(seriesTable(results))).filter((row) => seriesPoints.has(row['point'] as number));

  const requests: ChartRequest[] = [];
  const settings = reportSettings(results.pointParams[0]);
  const headline = settings === undefined ? [] : headlineRows(byPoint, settings, results.pointParams);
  if (settings !== undefined && headline.length > 0) {
    requests.push({ name: 'headline', caption: settings.question, spec: headlineChart(headline, settings) });
  }
  const sweep = byPoint.length > 0 ? sweepChart(byPoint, results.axes) : undefined;
  if (sweep) requests.push({ name: 'sweep', caption: 'Each summary metric against the swept parameters.', spec: sweep });
  if (metrics.numRows() > 0) requests.push({ name: 'distributions', caption: 'How much each metric varies between seeds.', spec: distributionChart(rows(metrics)) });
  if (bands.length > 0) {
    const shown = seriesPoints.size < results.pointParams.length ? ` Showing ${seriesPoints.size} of ${results.pointParams.length} sweep points, evenly spaced.` : '';
    requests.push({ name: 'series', caption: `Recorded time series, pooled into time bins.${shown}`, spec: seriesChart(bands) });
  }
  const { charts, files } = await renderCharts(outDir, requests);
  writeFileSync(join(outDir, 'summary.csv'), summarizeMetrics(metrics, ['point', 'label', ...axisNames]).toCSV());

  const [headlineFigure, ...otherCharts] = settings !== undefined && headline.length > 0 ? charts : [undefined, ...charts];
  const lead = settings === undefined
    ? []
    : [section(settings.title, [
      `<p><strong>${escapeHtml(settings.question)}</strong></p>`,
      headlineFigure ? figure(headlineFigure) : '',
      `<p>${escapeHtml(headlineSentence(headline, settings, results.runs.filter((run) => run.status === 'ok')))}</p>`,
    ].join('\n'))];
  const html = renderPage({
    title: settings === undefined ? `${results.scenario}: sweep report` : `${results.scenario}: ${settings.title}`,
    subtitle: `sweep ${results.sweepId}, ${results.runs.length} runs over ${results.pointParams.length} point(s), depin-lab ${results.packageVersion}`,
    status: statusStrip(results, overall),
    sections: [
      ...lead,
      section(settings === undefined ? 'Charts' : 'Every metric', otherCharts.map((chart) => figure(chart!)).join('\n')),
      section('Summary across seeds', summaryTables(results, overall, byPoint)),
      ...problemRuns(results),
      section('Scenario', scenarioSection(results)),
      section('Reproduce', reproduceSection(results, options.command)),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files };
}

/** More lines than a palette has colours is a tangle: keep up to ten points, evenly spaced. */
const MAX_SERIES_POINTS = 10;

function pointsForSeries(points: number): Set<number> {
  if (points <= MAX_SERIES_POINTS) return new Set(Array.from({ length: points }, (_, i) => i));
  return new Set(Array.from({ length: MAX_SERIES_POINTS }, (_, i) => Math.round((i * (points - 1)) / (MAX_SERIES_POINTS - 1))));
}

function statusStrip(results: SweepResults, overall: readonly MetricSummary[]): StatusItem[] {
  const count = (status: string) => results.runs.filter((run) => run.status === status).length;
  const [ok, failed, pending] = [count('ok'), count('failed'), count('pending')];
  const broke = results.runs.filter((run) => run.violationCount > 0).length;
  const checks = results.runs.reduce((sum, run) => sum + run.invariantChecks, 0);
  const items: StatusItem[] = [
    { label: 'runs', value: `${ok} of ${results.runs.length} ok`, tone: failed > 0 ? 'bad' : pending > 0 ? 'warn' : 'good' },
    ...(pending > 0 ? [{ label: 'unfinished', value: `${pending} pending (resume the sweep)`, tone: 'warn' as const }] : []),
    broke > 0
      ? { label: 'invariants', value: `${broke} run(s) broke an invariant`, tone: 'bad' }
      : { label: 'invariants', value: checks > 0 ? `held in ${checks.toLocaleString('en-US')} checks` : 'none checked', tone: checks > 0 ? 'good' : 'neutral' },
  ];
  const bands = bandResults(results, overall);
  if (bands.length > 0) {
    const broken = bands.filter((band) => !band.holds).length;
    items.push({ label: 'regression bands', value: broken === 0 ? `all ${bands.length} hold` : `${broken} of ${bands.length} broken`, tone: broken === 0 ? 'good' : 'bad' });
  }
  items.push({ label: 'sweep', value: `${results.pointParams.length} point(s) × ${Math.max(...results.runs.map((run) => run.replicate)) + 1} seed(s)`, tone: 'neutral' });
  return items;
}

/** The scenario's `checks` bands against the mean over all successful runs, as `depin-lab check` judges them. */
function bandResults(results: SweepResults, overall: readonly MetricSummary[]): { metric: string; band: Band; mean: number; holds: boolean }[] {
  const section = results.pointParams[0]?.['checks'];
  if (section === null || typeof section !== 'object') return [];
  return Object.entries(section as Record<string, Band>).map(([metric, band]) => {
    const mean = overall.find((row) => row.metric === metric)?.mean ?? NaN;
    const holds = Number.isFinite(mean) && (band.min === undefined || mean >= band.min) && (band.max === undefined || mean <= band.max);
    return { metric, band, mean, holds };
  });
}

const FOLD_ROWS = 60;
const SUMMARY_HEADER = ['n', 'mean', '95% CI', 'p5', 'p50', 'p95'];

function summaryCells(row: Row): string[] {
  const n = (key: string) => formatNumber(row[key] as number);
  return [String(row['n']), n('mean'), `${n('ciLower')} … ${n('ciUpper')}`, n('p5'), n('p50'), n('p95')];
}

/**
 * A summary value that has no meaning in a run (a mean over no jobs) is null in runs.ndjson; it is
 * left out of that metric's statistics, and said so here, rather than read as 0 or NaN.
 */
function valuelessNote(results: SweepResults, overall: readonly MetricSummary[]): string {
  const ok = results.runs.filter((run) => run.status === 'ok').length;
  const short = overall.filter((row) => row.n < ok).map((row) => `${row.metric} (${ok - row.n} of ${ok})`);
  const lead = 'n counts the successful runs in which a metric has a value; a value with no meaning in a run (a mean over no jobs: no job finished, started or leased) is left out, never counted as 0.';
  return `<p>${escapeHtml(lead)}${short.length === 0 ? '' : ` ${escapeHtml(`Runs without a value: ${short.join(', ')}.`)}`}</p>`;
}

function summaryTables(results: SweepResults, overall: readonly MetricSummary[], byPoint: readonly Row[]): string {
  const all = `${table(['metric', ...SUMMARY_HEADER], overall.map((row) => [row.metric, ...summaryCells(row as unknown as Row)]))}\n${valuelessNote(results, overall)}`;
  if (results.axes.length === 0) return all;
  const perPoint = table(['sweep point', 'metric', ...SUMMARY_HEADER], byPoint.map((row) => [String(row['label']), String(row['metric']), ...summaryCells(row)]), 2);
  // A long per-point table would bury everything after it: fold it away beyond a screenful.
  const folded = byPoint.length > FOLD_ROWS ? `<details><summary>${byPoint.length} rows</summary>\n${perPoint}\n</details>` : perPoint;
  return `<h3>All runs</h3>\n${all}\n<h3>Per sweep point</h3>\n${folded}\n<p>Also in <a href="summary.csv">summary.csv</a>.</p>`;
}

function problemRuns(results: SweepResults): string[] {
  const bad = results.runs.filter((run) => run.status !== 'ok');
  if (bad.length === 0) return [];
  const rows = bad.map((run) => [run.id, run.seed, run.status, run.error ?? '', run.firstViolation ?? '']);
  return [section('Runs that did not finish ok', table(['run', 'seed', 'status', 'error', 'first invariant violation'], rows, 5))];
}

function scenarioSection(results: SweepResults): string {
  const axes = results.axes.length === 0
    ? '<p>No parameter is swept.</p>'
    : table(['swept parameter', 'values by point'], results.axes.map((axis) => [axis.name, axis.values.map(formatValue).join(', ')]), 2);
  const fixed = table(['parameter', 'value'], fixedParams(results.pointParams).map(([name, value]) => [name, formatValue(value)]), 2);
  return `${axes}\n<details><summary>All fixed parameters</summary>\n${fixed}\n</details>`;
}

function reproduceSection(results: SweepResults, command: string | undefined): string {
  const recorded = results.command ?? command;
  const run = recorded
    ? `<p>The results came from:</p><pre>${escapeHtml(recorded)}</pre>`
    : '<p>The command that produced these results was not recorded in manifest.json.</p>';
  return `${run}<p>This report:</p><pre>depin-lab report ${escapeHtml(results.dir)}</pre>`;
}
