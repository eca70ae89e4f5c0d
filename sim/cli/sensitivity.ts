// `depin-lab sensitivity`: which parameters move which metrics. The scenario's sensitivity section
// becomes a design (sim/study/sensitivityStudy.ts) whose runs go through the runner like a sweep's
// (local pool or Redis, streamed to the results directory, resumable), then Morris's and Sobol'
// measures per metric, a summary on stdout and an HTML report led by the ranking.
import type { SummaryValue } from '../scenario/runResult.js';
import { join } from 'node:path';
import { writeFileAtomic } from '../runner/atomicFile.js';
import { readRunLines, ResultsStore, sweepDirectory, sweepId } from '../runner/store.js';
import { runSweep } from '../runner/sweep.js';
import { writeSensitivityReport } from '../report/sensitivityReport.js';
import { analyseSensitivity, explainMetric, planSensitivity, sensitivityRuns, type MetricSensitivity, type SensitivityPlan } from '../study/sensitivityStudy.js';
import { EXIT_FAILED, EXIT_OK, optionalString, stringList, type CliIo, type ParsedArgs } from './command.js';
import { formatNumber, load, packageVersion, table, withExecutor, writeJson } from './steps.js';
import { announceOnRedis, missingSection, observeStudy, rejectSweepPoints, STUDY_OPTIONS, studyExecutor, studyProgress, unknownMetrics, withDesignProblems } from './studySteps.js';

export async function commandSensitivity(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const scenario = load(file, stringList(args.values['set']));
  const plan = planSensitivity(scenario);
  if (plan === undefined) throw missingSection(file, 'sensitivity');
  rejectSweepPoints(file, scenario, 'sensitivity');
  const specs = withDesignProblems(file, 'sensitivity', () => sensitivityRuns(scenario, plan));
  const dir = sweepDirectory(optionalString(args.values['out']) ?? 'results', specs);
  const id = sweepId(specs);
  const resume = args.values['resume'] === true;
  const checkMetrics = (summary: Readonly<Record<string, SummaryValue>>): void => {
    const missing = plan.metrics.filter((metric) => !(metric in summary));
    if (missing.length > 0) throw unknownMetrics(file, (metric) => ['sensitivity', 'metrics', plan.metrics.indexOf(metric)], missing, Object.keys(summary).sort(), true);
  };
  const executor = await studyExecutor(args, id);
  await withExecutor(executor, async () => {
    const store = ResultsStore.open(dir, specs, { packageVersion: packageVersion(), resume });
    const done = { runs: store.finished.size, failed: store.failed().length };
    await announceOnRedis(executor, io, args, { id, scenario: scenario.name, total: specs.length, recorded: done.runs, failed: done.failed });
    const progress = studyProgress(io, args, 'sensitivity', specs.length, done);
    try {
      await runSweep(store, executor, observeStudy(progress, checkMetrics));
    } finally {
      progress.progress.end();
    }
  });
  const runs = readRunLines(dir);
  const okRun = runs.find((run) => run.status === 'ok');
  if (okRun) checkMetrics(okRun.summary);
  const analysis = analyseSensitivity(plan, runs);
  const names = plan.box.parameters.map((p) => p.path);
  const summary = {
    runs: analysis.runs,
    failedRuns: analysis.failedRuns,
    parameters: plan.box.parameters.map((p) => ({ path: p.path, min: p.min, max: p.max, unit: p.unit, scale: p.scale, integer: p.integer })),
    metrics: analysis.metrics.map((m) => ({ ...m, ranking: m.ranking.map((i) => names[i]), sentence: explainMetric(m, names) })),
  };
  // Beside the runs, for notebooks: the measures as data (no paths, so the directory's bytes depend on the study alone).
  writeFileAtomic(join(dir, 'sensitivity.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const written = await writeSensitivityReport(
    { scenario: scenario.name, plan, analysis, command: `depin-lab sensitivity ${file}`, resultsDir: dir },
    optionalString(args.values['html']) ?? join('reports', `${scenario.name}-sensitivity`),
  );
  if (args.values['json']) writeJson(io, { dir, ...summary, report: written.indexHtml });
  else io.stdout.write(`${describeAnalysis(plan, analysis.metrics, names)}\n${analysis.runs} runs, ${analysis.failedRuns} failed: ${dir}\nreport: ${written.indexHtml}\n`);
  for (const metric of analysis.metrics.filter((m) => m.problem !== undefined)) io.stderr.write(`depin-lab: ${metric.metric}: ${metric.problem}\n`);
  const failed = analysis.failedRuns > 0 || analysis.metrics.some((m) => m.problem !== undefined);
  return failed ? EXIT_FAILED : EXIT_OK;
}

/** Per metric: the sentence, then the parameters in rank order with their measures. */
function describeAnalysis(plan: SensitivityPlan, metrics: readonly MetricSensitivity[], names: readonly string[]): string {
  return metrics
    .map((m) => {
      if (m.problem !== undefined) return `${m.metric}: not analysed (${m.problem})\n`;
      const header = ['parameter', ...(m.morris ? ['mu*', 'mu* 95% CI', 'sigma'] : []), ...(m.sobol ? ['S1', 'S1 95% CI', 'ST', 'ST 95% CI'] : [])];
      const rows = m.ranking.map((i) => [
        names[i]!,
        ...(m.morris ? [formatNumber(m.morris.muStar[i]!), interval(m.morris.muStarInterval[i]!), formatNumber(m.morris.sigma[i]!)] : []),
        ...(m.sobol ? [m.sobol.S1[i]!.toFixed(3), interval(m.sobol.S1Interval[i]!, 3), m.sobol.ST[i]!.toFixed(3), interval(m.sobol.STInterval[i]!, 3)] : []),
      ]);
      return `${m.metric}: ${explainMetric(m, names)}\n${table([header, ...rows])}\n`;
    })
    .join('\n') + `(${plan.replicates} paired seeds per design point; mu* and sigma in the metric's units per whole range of the parameter)\n`;
}

function interval([low, high]: readonly [number, number], digits?: number): string {
  const show = (x: number) => (digits === undefined ? formatNumber(x) : x.toFixed(digits));
  return `[${show(low)}, ${show(high)}]`;
}
