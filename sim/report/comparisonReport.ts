// `depin-lab compare --report`: baseline and proposal results in, a page that leads with the
// verdict on each guarded metric, then shows both arms and their paired differences.
import { join } from 'node:path';
import { armsChart, differenceChart } from './charts.js';
import { compareSweeps, type Comparison, type MetricComparison } from './comparison.js';
import { escapeHtml, figure, formatNumber, renderPage, section, table, type StatusItem, type Tone } from './html.js';
import { renderCharts, writeIndex, type WrittenReport } from './output.js';
import { flattenParams, formatValue } from './sweepAxes.js';
import { loadSweepResults, type SweepResults } from './sweepResults.js';
import type { Row } from './tables.js';

export interface ComparisonReportOptions {
  /** The `depin-lab compare` command line, shown so a reader can re-run it. */
  readonly command?: string;
}

export interface WrittenComparison extends WrittenReport {
  readonly comparison: Comparison;
}

export function defaultComparisonDir(proposal: SweepResults): string {
  return join('reports', `${proposal.scenario}-comparison`);
}

const TONE: Record<MetricComparison['verdict'], Tone> = {
  better: 'good',
  'no clear change': 'neutral',
  worse: 'warn',
  'worse beyond threshold': 'bad',
  'not guarded': 'neutral',
};

export async function writeComparisonReport(
  baselineDir: string,
  proposalDir: string,
  outDir: string,
  options: ComparisonReportOptions = {},
): Promise<WrittenComparison> {
  const baseline = loadSweepResults(baselineDir);
  const proposal = loadSweepResults(proposalDir);
  const comparison = compareSweeps(baseline, proposal);
  const { charts, files } = await renderCharts(outDir, [
    { name: 'difference', caption: 'Dots: mean paired difference; bars: its 95% bootstrap interval; dashed line: no change.', spec: differenceChart(differenceRows(comparison)) },
    { name: 'arms', caption: 'Every run of both arms, per metric.', spec: armsChart(armRows(baseline, proposal)) },
  ]);
  const html = renderPage({
    title: `${proposal.scenario} against ${baseline.scenario}`,
    subtitle: `${comparison.pairs} runs paired on the same seeds${comparison.unpaired > 0 ? `, ${comparison.unpaired} left out (failed or unfinished)` : ''}`,
    status: verdictStrip(comparison),
    sections: [
      section('Paired differences', charts.map(figure).join('\n')),
      section('Numbers', differenceTable(comparison)),
      section('What the proposal changes', changedParams(baseline, proposal)),
      section('Reproduce', reproduce(baseline, proposal, options.command)),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files, comparison };
}

function verdictStrip(comparison: Comparison): StatusItem[] {
  const guarded = comparison.metrics.filter((m) => m.guard);
  const overall: StatusItem = guarded.length === 0
    ? { label: 'verdict', value: 'no guarded metric', tone: 'neutral' }
    : { label: 'verdict', value: comparison.passed ? 'passes' : 'fails', tone: comparison.passed ? 'good' : 'bad' };
  return [overall, ...guarded.map((m) => ({ label: m.metric, value: `${m.verdict}${relativeChange(m)}`, tone: TONE[m.verdict] }))];
}

function relativeChange(m: MetricComparison): string {
  const scale = Math.abs(m.difference.baselineMean);
  if (scale === 0) return '';
  const percent = (100 * m.difference.meanDifference) / scale;
  return ` (${percent >= 0 ? '+' : ''}${formatNumber(percent)}%)`;
}

/** Relative to the baseline mean, so metrics of any unit share one axis; a zero baseline has no relative change. */
function differenceRows(comparison: Comparison): Row[] {
  return comparison.metrics.flatMap((m) => {
    const scale = Math.abs(m.difference.baselineMean);
    if (scale === 0) return [];
    const percent = (value: number) => (100 * value) / scale;
    return [{
      metric: m.metric,
      verdict: m.verdict,
      relative: percent(m.difference.meanDifference),
      relativeLower: percent(m.difference.interval.lower),
      relativeUpper: percent(m.difference.interval.upper),
    }];
  });
}

function armRows(baseline: SweepResults, proposal: SweepResults): Row[] {
  const arms = [['baseline', baseline], ['proposal', proposal]] as const;
  return arms.flatMap(([arm, results]) =>
    results.runs
      .filter((run) => run.status === 'ok')
      .flatMap((run) => Object.entries(run.summary).map(([metric, value]) => ({ arm, id: run.id, metric, value }))),
  );
}

function differenceTable(comparison: Comparison): string {
  const rows = comparison.metrics.map((m) => {
    const d = m.difference;
    const guard = m.guard ? `${m.guard.better} is better, tolerates ${formatNumber(m.guard.threshold)}` : '';
    return [m.metric, m.verdict, guard, formatNumber(d.baselineMean), formatNumber(d.proposalMean), formatNumber(d.meanDifference), `${formatNumber(d.interval.lower)} … ${formatNumber(d.interval.upper)}`, String(d.n)];
  });
  return table(['metric', 'verdict', 'guard', 'baseline mean', 'proposal mean', 'difference', '95% interval', 'pairs'], rows, 3)
    + '<p>A guarded metric fails only when it worsens by more than its threshold and its whole interval lies on the worse side of zero.</p>';
}

function changedParams(baseline: SweepResults, proposal: SweepResults): string {
  const before = flattenParams(baseline.pointParams[0] ?? {});
  const after = flattenParams(proposal.pointParams[0] ?? {});
  const names = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => name !== 'name' && name !== 'compare' && !name.startsWith('compare.') && JSON.stringify(before.get(name)) !== JSON.stringify(after.get(name)),
  );
  if (names.length === 0) return '<p>No parameter differs at the first sweep point.</p>';
  return table(['parameter', 'baseline', 'proposal'], names.map((name) => [name, formatValue(before.get(name)), formatValue(after.get(name))]), 3);
}

function reproduce(baseline: SweepResults, proposal: SweepResults, command: string | undefined): string {
  const ran = command ? `<pre>${escapeHtml(command)}</pre>` : '<p>The compare command was not passed to the report.</p>';
  return `${ran}<p>Results: <code>${escapeHtml(baseline.dir)}</code> and <code>${escapeHtml(proposal.dir)}</code>.</p>`;
}
