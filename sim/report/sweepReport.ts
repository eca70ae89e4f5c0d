// `depin-lab report`: a results directory in, reports/<name>/index.html out. The verdict first:
// the study's question (the scenario's `report:` section), what the runs show, whether every run
// finished, the invariants held and the regression bands held at every point (runner/bands.ts, the
// judgement `depin-lab check` gives). Then the headline charts that answer the question, every other
// metric folded away, the numbers, and the command that reproduces the results.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_SEEDS } from '../analysis/confidence.js';
import { judgeBands, type Band, type BandVerdict } from '../runner/bands.js';
import { summarizeMetrics, seriesBands, type MetricSummary } from './aggregate.js';
import { distributionChart, seriesChart, sweepChart } from './charts.js';
import { headlineCharts, headlineSentence, reportSettings, type ReportSettings } from './headline.js';
import { escapeHtml, figure, foldedSection, formatNumber, renderPage, section, table, type Chart, type StatusItem, type Tone, type Verdict } from './html.js';
import { metricInfo, type MetricInfo } from './metricInfo.js';
import { renderCharts, writeIndex, type ChartRequest, type WrittenReport } from './output.js';
import { fixedParams, formatValue, pointLabel } from './sweepAxes.js';
import { loadSweepResults, type SweepResults } from './sweepResults.js';
import { metricsTable, rows, seriesTable, type Row } from './tables.js';

/** Writes the report to `outDir`, by default reports/<scenario>. The command it shows comes from the manifest. */
export async function writeReport(resultsDir: string, outDir?: string): Promise<WrittenReport> {
  const results = loadSweepResults(resultsDir);
  return writeSweepReport(results, outDir ?? join('reports', results.scenario));
}

async function writeSweepReport(results: SweepResults, outDir: string): Promise<WrittenReport> {
  const info = metricInfo(results.pointParams);
  const settings = reportSettings(results.pointParams[0]);
  const metrics = metricsTable(results);
  const overall = rows(summarizeMetrics(metrics, [], info)) as unknown as MetricSummary[];
  const byPoint = rows(summarizeMetrics(metrics, ['point', 'label'], info));
  const seriesPoints = pointsForSeries(results.pointParams.length);
  const bands = rows(seriesBands(seriesTable(results))).filter((row) => seriesPoints.has(row['point'] as number));

  const headline = settings ? headlineCharts(byPoint, settings, results.axes, info) : [];
  const headlineRequests: ChartRequest[] = headline.map((chart, i) => ({
    name: `headline-${i + 1}`,
    caption: `${chart.metrics.join(' and ')}: mean across seeds at each sweep point, with its 95% interval${fewSeedsNote(byPoint)}.`,
    spec: chart.spec,
  }));
  const requests: ChartRequest[] = [...headlineRequests];
  const sweep = byPoint.length > 0 ? sweepChart(byPoint, results.axes, info, settings?.x) : undefined;
  if (sweep) requests.push({ name: 'sweep', caption: `Each summary metric against the swept parameters${fewSeedsNote(byPoint)}.`, spec: sweep });
  if (metrics.numRows() > 0) requests.push({ name: 'distributions', caption: 'How much each metric varies between seeds.', spec: distributionChart(rows(metrics), info) });
  if (bands.length > 0) {
    const shown = seriesPoints.size < results.pointParams.length ? ` Showing ${seriesPoints.size} of ${results.pointParams.length} sweep points, evenly spaced.` : '';
    requests.push({ name: 'series', caption: `Recorded time series, pooled into time bins.${shown}`, spec: seriesChart(bands, info) });
  }
  const { charts, files } = await renderCharts(outDir, requests);
  writeFileSync(join(outDir, 'summary.csv'), summarizeMetrics(metrics, ['point', 'label'], info).toCSV());

  const verdicts = judgeBands(results.runs.map((run) => ({ ...run, key: { point: run.point } })), checksOf(results));
  const lead = charts.slice(0, headlineRequests.length);
  const rest = charts.slice(headlineRequests.length);
  const html = renderPage({
    title: settings ? settings.title : `${results.scenario}: sweep report`,
    subtitle: `scenario ${results.scenario}, sweep ${results.sweepId}: ${results.runs.length} runs over ${results.pointParams.length} point(s); ${provenance(results)}`,
    verdict: verdict(results, settings, byPoint, verdicts, info),
    sections: [
      ...(lead.length > 0 ? [section('The answer', lead.map(figure).join('\n'))] : []),
      ...(verdicts.length > 0 ? [section('Regression bands, at every sweep point', bandsTable(results, verdicts))] : []),
      lead.length > 0 ? foldedSection(`All metrics (${results.metrics.length})`, allMetrics(rest, results, overall, byPoint, info)) : section('Charts', allMetrics(rest, results, overall, byPoint, info)),
      ...problemRuns(results),
      section('Scenario', scenarioSection(results)),
      section('Reproduce', reproduceSection(results)),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files };
}

function checksOf(results: SweepResults): Readonly<Record<string, Band>> {
  const section = results.pointParams[0]?.['checks'];
  return section !== null && typeof section === 'object' ? (section as Record<string, Band>) : {};
}

function fewSeedsNote(byPoint: readonly Row[]): string {
  return byPoint.some((row) => row['fewSeeds']) ? `; few seeds (under ${MIN_SEEDS} per point), so the intervals are rough` : '';
}

/** The lab's version and commit, and when recorded, whether the sweep was resumed. */
function provenance(results: SweepResults): string {
  const first = results.invocations[0];
  const commit = first?.commit ? ` at ${first.commit.slice(0, 12)}${first.commit.endsWith('+dirty') ? '+dirty' : ''}` : '';
  return `depin-lab ${first?.version ?? results.packageVersion}${commit}`;
}

/** More lines than a palette has colours is a tangle: keep up to ten points, evenly spaced. */
const MAX_SERIES_POINTS = 10;

function pointsForSeries(points: number): Set<number> {
  if (points <= MAX_SERIES_POINTS) return new Set(Array.from({ length: points }, (_, i) => i));
  return new Set(Array.from({ length: MAX_SERIES_POINTS }, (_, i) => Math.round((i * (points - 1)) / (MAX_SERIES_POINTS - 1))));
}

function verdict(results: SweepResults, settings: ReportSettings | undefined, byPoint: readonly Row[], verdicts: readonly BandVerdict[], info: MetricInfo): Verdict {
  const count = (status: string) => results.runs.filter((run) => run.status === status).length;
  const [ok, failed, pending] = [count('ok'), count('failed'), count('pending')];
  const broke = results.runs.filter((run) => run.violationCount > 0).length;
  const checks = results.runs.reduce((sum, run) => sum + run.invariantChecks, 0);
  const brokenBands = verdicts.filter((v) => !v.holds);
  const seeds = Math.max(...results.runs.map((run) => run.replicate)) + 1;
  const status: StatusItem[] = [
    { label: 'runs', value: `${ok} of ${results.runs.length} ok`, tone: failed > 0 ? 'bad' : pending > 0 ? 'warn' : 'good' },
    ...(pending > 0 ? [{ label: 'unfinished', value: `${pending} pending (resume the sweep)`, tone: 'warn' as const }] : []),
    broke > 0
      ? { label: 'invariants', value: `${broke} run(s) broke an invariant`, tone: 'bad' }
      : { label: 'invariants', value: checks > 0 ? `held in ${checks.toLocaleString('en-US')} checks` : 'none checked', tone: checks > 0 ? 'good' : 'neutral' },
    ...(verdicts.length > 0
      ? [{ label: 'regression bands', value: brokenBands.length === 0 ? `all ${verdicts.length} hold at every point` : `${brokenBands.length} of ${verdicts.length} broken`, tone: (brokenBands.length === 0 ? 'good' : 'bad') as Tone }]
      : []),
    { label: 'sweep', value: `${results.pointParams.length} point(s) × ${seeds} seed(s)`, tone: seeds < MIN_SEEDS ? 'warn' : 'neutral' },
  ];
  const failing = failed > 0 || broke > 0 || brokenBands.length > 0;
  const problems = [
    failed > 0 ? `${failed} of ${results.runs.length} runs failed` : '',
    brokenBands.length > 0 ? `${brokenBands.length} of ${verdicts.length} regression bands broken (${brokenBands.map((b) => b.metric).join(', ')})` : '',
  ].filter((text) => text !== '');
  const headline = failing
    ? `Check fails: ${problems.join('; ')}`
    : pending > 0
      ? `Unfinished: ${pending} of ${results.runs.length} runs still to run`
      : `Check passes: every run finished${checks > 0 ? ', the invariants held' : ''}${verdicts.length > 0 ? ' and every regression band held at every point' : ''}`;
  const notes: { text: string; tone: Tone }[] = [];
  if (settings) notes.push({ text: headlineSentence(byPoint, settings, results.axes, info, results.runs.filter((run) => run.status === 'ok')), tone: 'neutral' });
  for (const band of brokenBands) {
    const first = band.failing[0]!;
    notes.push({ text: `${band.metric} breaks its band at ${band.failing.length} of ${band.points} points, first at ${pointLabel(results.axes, first.point)}: ${first.reason}.`, tone: 'bad' });
  }
  if (seeds < MIN_SEEDS) notes.push({ text: `Few seeds: ${seeds} per point, under the ${MIN_SEEDS} an interval needs to be worth acting on; intervals are shown cut to each metric's domain.`, tone: 'warn' });
  return { ...(settings ? { question: settings.question } : {}), headline, tone: failing ? 'bad' : pending > 0 ? 'warn' : 'good', notes, status };
}

function bandsTable(results: SweepResults, verdicts: readonly BandVerdict[]): string {
  const band = (b: Band) => (b.min !== undefined && b.max !== undefined ? `[${b.min}, ${b.max}]` : b.min !== undefined ? `≥ ${b.min}` : `≤ ${b.max}`);
  const lines = verdicts.flatMap((v) =>
    v.holds
      ? [[v.metric, band(v.band), `holds at all ${v.points} point(s)`, '']]
      : v.failing.map((failure, i) => [i === 0 ? v.metric : '', i === 0 ? band(v.band) : '', pointLabel(results.axes, failure.point), failure.reason]),
  );
  return `${table(['metric', 'band', 'point', 'why it fails there'], lines, 9)}<p>A band holds when, at every sweep point, the mean of its metric over the point's seeds lies inside it; a point with a failed or unfinished run fails (<code>depin-lab check</code> judges the same way).</p>`;
}

function allMetrics(charts: readonly Chart[], results: SweepResults, overall: readonly MetricSummary[], byPoint: readonly Row[], info: MetricInfo): string {
  return [charts.map(figure).join('\n'), '<h3>Summary across seeds</h3>', summaryTables(results, overall, byPoint, info)].join('\n');
}

const FOLD_ROWS = 60;
const SUMMARY_HEADER = ['unit', 'n', 'mean', '95% CI', 'p5', 'p50', 'p95'];

function summaryCells(row: Row, info: MetricInfo): string[] {
  const n = (key: string) => formatNumber(row[key] as number);
  const interval = `${n('ciLower')} … ${n('ciUpper')}${row['clipped'] ? ' (cut to its domain)' : ''}${row['fewSeeds'] ? ' few seeds' : ''}`;
  return [info(row['metric'] as string)?.unit ?? '', String(row['n']), n('mean'), interval, n('p5'), n('p50'), n('p95')];
}

function summaryTables(results: SweepResults, overall: readonly MetricSummary[], byPoint: readonly Row[], info: MetricInfo): string {
  const all = table(['metric', ...SUMMARY_HEADER], overall.map((row) => [row.metric, ...summaryCells(row as unknown as Row, info)]), 2);
  if (results.axes.length === 0) return all;
  const perPoint = table(['sweep point', 'metric', ...SUMMARY_HEADER], byPoint.map((row) => [String(row['label']), String(row['metric']), ...summaryCells(row, info)]), 3);
  // A long per-point table would bury everything after it: fold it away beyond a screenful.
  const folded = byPoint.length > FOLD_ROWS ? `<details><summary>${byPoint.length} rows</summary>\n${perPoint}\n</details>` : perPoint;
  return `<h3>All runs</h3>\n${all}\n<h3>Per sweep point</h3>\n${folded}\n<p>Also in <a href="summary.csv">summary.csv</a>.</p>`;
}

function problemRuns(results: SweepResults): string[] {
  const bad = results.runs.filter((run) => run.status !== 'ok');
  if (bad.length === 0) return [];
  const rows = bad.map((run) => [run.id, pointLabel(results.axes, run.point), run.seed, run.status, run.error ?? '', run.firstViolation ?? '']);
  return [section('Runs that did not finish ok', table(['run', 'point', 'seed', 'status', 'error', 'first invariant violation'], rows, 9))];
}

function scenarioSection(results: SweepResults): string {
  const axes = results.axes.length === 0
    ? '<p>No parameter is swept.</p>'
    : table(['swept parameter', 'values by point, as written'], results.axes.map((axis) => [axis.name, axis.texts.join(', ')]), 2);
  const fixed = table(['parameter', 'value'], fixedParams(results.pointParams).map(([name, value]) => [name, formatValue(value)]), 2);
  return `${axes}\n<details><summary>All fixed parameters (in seconds and per-second rates)</summary>\n${fixed}\n</details>`;
}

function reproduceSection(results: SweepResults): string {
  const [first, ...resumed] = results.invocations;
  const made = first
    ? `<p>The results came from (depin-lab ${escapeHtml(first.version)}${first.commit ? `, commit ${escapeHtml(first.commit)}` : ''}):</p><pre>${escapeHtml(first.command)}</pre>` +
      (resumed.length > 0 ? `<p>and were resumed by:</p><pre>${resumed.map((i) => escapeHtml(i.command)).join('\n')}</pre>` : '')
    : '<p>The command that produced these results was not recorded in manifest.json (written by an older depin-lab).</p>';
  return `${made}<p>This report:</p><pre>depin-lab report ${escapeHtml(results.dir)}</pre>`;
}
