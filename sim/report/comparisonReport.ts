// `depin-lab compare --report`: a page that leads with the verdict (passes, fails, too few seeds,
// no guarded metric) and the verdict on each guarded metric, then what weakens it, then both arms
// and their paired differences, then the numbers.
import { join } from 'node:path';
import { MIN_SEEDS } from '../analysis/confidence.js';
import { comparisonVerdict, TOO_FEW_SEEDS, type ComparisonVerdict, type MetricComparison } from '../runner/compare.js';
import { armsChart, differenceChart } from './charts.js';
import type { ComparisonInput } from './comparison.js';
import { escapeHtml, figure, formatNumber, renderPage, section, table, type StatusItem, type Tone, type Verdict } from './html.js';
import { metricInfo, type MetricInfo } from './metricInfo.js';
import { renderCharts, writeIndex, type WrittenReport } from './output.js';
import { flattenParams, formatValue } from './sweepAxes.js';
import type { Row } from './tables.js';

const TONE: Record<string, Tone> = { better: 'good', worse: 'warn', 'worse beyond threshold': 'bad', [TOO_FEW_SEEDS]: 'warn' };

/** Writes the report to `outDir`, by default reports/<proposal>-vs-<baseline>. */
export async function writeComparisonReport(
  input: ComparisonInput,
  outDir = join('reports', `${input.proposal.name}-vs-${input.baseline.name}`),
): Promise<WrittenReport> {
  const ordered = [...input.comparisons].sort(byConcern);
  const info = metricInfo([input.baseline.params, input.proposal.params]);
  const { charts, files } = await renderCharts(outDir, [
    { name: 'difference', caption: 'Dots: mean paired difference; bars: its 95% bootstrap interval; dashed line: no change.', spec: differenceChart(differenceRows(ordered)) },
    { name: 'arms', caption: 'Every successful run of both arms, per metric.', spec: armsChart(armRows(input), info) },
  ]);
  const pairs = input.comparisons[0]?.n ?? 0;
  const html = renderPage({
    title: `${input.proposal.name} against ${input.baseline.name}`,
    subtitle: `${pairs} runs paired on the same seeds`,
    verdict: verdict(input, ordered),
    sections: [
      section('Paired differences', charts.map(figure).join('\n')),
      section('Numbers', differenceTable(input, ordered, info)),
      section('What the proposal changes', changedParams(input)),
      section('Reproduce', input.command ? `<pre>${escapeHtml(input.command)}</pre>` : '<p>No command was recorded.</p>'),
    ],
  });
  return { indexHtml: writeIndex(outDir, html), charts: files };
}

/** Guarded metrics first, the worst verdict first among them; then the rest by name. */
function byConcern(a: MetricComparison, b: MetricComparison): number {
  const rank = (c: MetricComparison) => (!c.guarded ? 5 : ['worse beyond threshold', 'worse', TOO_FEW_SEEDS, 'no clear change', 'better'].indexOf(c.verdict));
  return rank(a) - rank(b) || (a.metric < b.metric ? -1 : 1);
}

const VERDICT_TONE: Record<ComparisonVerdict['verdict'], Tone> = { passes: 'good', fails: 'bad', [TOO_FEW_SEEDS]: 'warn', 'no guarded metric': 'neutral' };

/** The one-line meaning of each verdict, the first thing a delegate reads. */
function verdictLine(outcome: ComparisonVerdict, guarded: number, pairs: number): string {
  switch (outcome.verdict) {
    case 'passes':
      return `VERDICT: passes. No guarded metric worsens beyond its threshold (${guarded} guarded, ${pairs} pairs of seeds).`;
    case 'fails':
      return `VERDICT: fails. ${[...outcome.blocked.map((c) => `${c.metric} worsens beyond its threshold`), ...outcome.missing.map((m) => `${m} is not reported by the runs`)].join('; ')}.`;
    case TOO_FEW_SEEDS:
      return `VERDICT: none, too few seeds. ${pairs} pair(s) of seeds, under the ${MIN_SEEDS} a paired interval needs; run compare with --seeds ${MIN_SEEDS} or more.`;
    case 'no guarded metric':
      return 'VERDICT: none, no guarded metric. Neither scenario has a compare: block, so nothing can block the proposal.';
  }
}

function verdict(input: ComparisonInput, ordered: readonly MetricComparison[]): Verdict {
  const guarded = ordered.filter((c) => c.guarded);
  const outcome = comparisonVerdict(input.comparisons, input.guards);
  const status: StatusItem[] = [
    ...guarded.map((c) => ({ label: c.metric, value: `${c.verdict}${relativeChange(c)}`, tone: TONE[c.verdict] ?? 'neutral' })),
    ...outcome.missing.map((metric) => ({ label: metric, value: 'not reported by the runs', tone: 'bad' as const })),
  ];
  return {
    headline: verdictLine(outcome, guarded.length + outcome.missing.length, input.comparisons[0]?.n ?? 0),
    tone: VERDICT_TONE[outcome.verdict],
    notes: (input.warnings ?? []).map((text) => ({ text: `Warning: ${text}.`, tone: 'warn' as const })),
    status,
  };
}

function relative(c: MetricComparison, value: number): number | undefined {
  const scale = Math.abs(c.baselineMean);
  return scale === 0 ? undefined : (100 * value) / scale;
}

function relativeChange(c: MetricComparison): string {
  const percent = relative(c, c.meanDifference);
  return percent === undefined ? '' : ` (${percent >= 0 ? '+' : ''}${formatNumber(percent)}%)`;
}

/** Relative to the baseline mean so metrics of any unit share one axis; a zero baseline mean has no relative change. */
function differenceRows(ordered: readonly MetricComparison[]): Row[] {
  return ordered.flatMap((c) => {
    const [mid, lower, upper] = [c.meanDifference, c.interval.lower, c.interval.upper].map((value) => relative(c, value));
    if (mid === undefined) return [];
    return [{ metric: c.metric, verdict: c.guarded ? c.verdict : 'not guarded', relative: mid, relativeLower: lower, relativeUpper: upper }];
  });
}

function armRows(input: ComparisonInput): Row[] {
  const arms = [['baseline', input.baseline], ['proposal', input.proposal]] as const;
  return arms.flatMap(([arm, { runs }]) =>
    runs
      .filter((run) => run.status === 'ok')
      .flatMap((run) => Object.entries(run.summary).map(([metric, value]) => ({ arm, id: run.id, metric, value }))),
  );
}

function differenceTable(input: ComparisonInput, ordered: readonly MetricComparison[], info: MetricInfo): string {
  const rows = ordered.map((c) => {
    const guard = input.guards[c.metric];
    const rule = guard ? `${guard.better} is better, tolerates ${formatNumber(guard.threshold)}` : '';
    const interval = Number.isNaN(c.interval.lower) ? '–' : `${formatNumber(c.interval.lower)} … ${formatNumber(c.interval.upper)}`;
    return [c.metric, info(c.metric)?.unit ?? '', c.verdict, rule, formatNumber(c.baselineMean), formatNumber(c.proposalMean), formatNumber(c.meanDifference), interval, String(c.n)];
  });
  return table(['metric', 'unit', 'verdict', 'guard', 'baseline mean', 'proposal mean', 'difference', '95% interval', 'pairs'], rows, 4)
    + '<p>A guarded metric fails only when it worsens by more than its threshold and its whole interval lies on the worse side of zero. An unguarded metric shows which way it moved, if its interval excludes zero.</p>';
}

function changedParams(input: ComparisonInput): string {
  const before = flattenParams(input.baseline.params);
  const after = flattenParams(input.proposal.params);
  const names = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => name !== 'name' && !name.startsWith('compare.') && JSON.stringify(before.get(name)) !== JSON.stringify(after.get(name)),
  );
  if (names.length === 0) return '<p>No parameter differs at the first sweep point.</p>';
  return table(['parameter', 'baseline', 'proposal'], names.map((name) => [name, formatValue(before.get(name)), formatValue(after.get(name))]), 3);
}
