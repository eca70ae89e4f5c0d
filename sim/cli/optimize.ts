// `depin-lab optimize`: which setting of the parameters governance controls does best. The
// scenario's optimize section becomes a search (sim/study/optimizeSearch.ts) whose baseline and
// batches run through the runner like a sweep's (local pool or Redis, streamed, resumable from
// results/<scenario>/<search id>/); each recommended point gets its paired comparison with the
// baseline, a proposal file that `depin-lab compare` confirms, and a place in the HTML report.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Scenario } from '../scenario/index.js';
import { SearchStore } from '../runner/searchStore.js';
import { writeOptimizeReport } from '../report/optimizeReport.js';
import { planSearch, recommendPoints, runSearch, searchId, UnknownMetricError, type RecommendedPoint, type SearchDocument, type SearchPlan } from '../study/optimizeSearch.js';
import { PROPOSAL_MARKER, proposalName, proposalText } from '../study/proposalFile.js';
import { EXIT_FAILED, EXIT_OK, integerOption, optionalString, stringList, type CliIo, type ParsedArgs } from './command.js';
import { formatNumber, load, packageVersion, table, withExecutor, writeJson } from './steps.js';
import { announceOnRedis, designProblem, missingSection, observeStudy, rejectSweepPoints, STUDY_OPTIONS, studyExecutor, studyProgress, unknownMetrics } from './studySteps.js';

export async function commandOptimize(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const scenario = load(file, stringList(args.values['set']));
  const plan = planSearch(scenario, { evaluations: integerOption(args, 'evaluations', 1), batch: integerOption(args, 'batch', 1) });
  if (plan === undefined) throw missingSection(file, 'optimize');
  rejectSweepPoints(file, scenario, 'optimize');
  const id = searchId(scenario, plan);
  const dir = join(optionalString(args.values['out']) ?? 'results', scenario.name, id);
  const executor = await studyExecutor(args, id);
  const outcome = await withExecutor(executor, async () => {
    const store = SearchStore.open(dir, { packageVersion: packageVersion(), resume: args.values['resume'] === true });
    const done = store.recorded();
    const total = Math.max(plan.replicates * (1 + plan.evaluations), done.runs);
    await announceOnRedis(executor, io, args, { id, scenario: scenario.name, total, recorded: done.runs, failed: done.failed });
    const progress = studyProgress(io, args, 'optimize', total, done);
    const observer = observeStudy(progress);
    try {
      return await runSearch(scenario, plan, {
        load: () => store.load() as SearchDocument | undefined,
        save: (document) => store.save(document),
        run: (name, specs) => store.run(name, specs, executor, observer),
      });
    } catch (error) {
      if (error instanceof UnknownMetricError) throw unknownMetrics(file, (metric) => metricPath(plan, metric), error.metrics, error.reported, false);
      return designProblem(file, 'optimize', error);
    } finally {
      progress.progress.end();
    }
  });
  const recommendations = recommendPoints(scenario, plan, outcome);
  const overrides = stringList(args.values['set']);
  const proposals = writeProposals({ file, scenario, plan, id, recommendations, overrides, dir: optionalString(args.values['proposals']) ?? join(dirname(file), 'proposals') });
  const command = `depin-lab optimize ${file} --evaluations ${plan.evaluations} --batch ${plan.batch}`;
  const written = await writeOptimizeReport(
    { scenario: scenario.name, plan, outcome, recommendations, proposals, command, resultsDir: dir },
    optionalString(args.values['html']) ?? join('reports', `${scenario.name}-optimize`),
  );
  const evaluated = outcome.document.batches.reduce((n, batch) => n + batch.length, 0);
  if (args.values['json']) {
    writeJson(io, { dir, id, evaluated, runs: outcome.runs, failedRuns: outcome.failedRuns, recommendations: recommendations.map((r, i) => ({ ...describeJson(plan, r), proposal: proposals[i] })), report: written.indexHtml });
  } else {
    io.stdout.write(`search ${id}: ${evaluated} points evaluated on ${plan.replicates} paired seeds each, ${outcome.runs} runs, ${outcome.failedRuns} failed: ${dir}\n`);
    recommendations.forEach((r, i) => io.stdout.write(`\n${describePoint(file, plan, r, recommendations.length, proposals[i]!)}`));
    io.stdout.write(`\nreport: ${written.indexHtml}\n`);
  }
  if (overrides.length > 0 && proposals.length > 0) {
    io.stderr.write(`depin-lab: the search ran with --set ${overrides.join(' --set ')}; compare runs the files as written, so the proposals reproduce its figures only once ${file} carries those values\n`);
  }
  if (recommendations.length === 0) io.stderr.write('depin-lab: no evaluated point is feasible (every point failed a run or left a band): nothing to recommend\n');
  if (outcome.failedRuns > 0) io.stderr.write(`depin-lab: ${outcome.failedRuns} run(s) failed (an invariant violation or an error); their points are never recommended: ${dir}\n`);
  return recommendations.length === 0 || outcome.failedRuns > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Where the file names a metric of the search: an objective, a constraint, or a regression band. */
function metricPath(plan: SearchPlan, metric: string): string[] {
  if (plan.objectives.some((o) => o.metric === metric)) return ['optimize', 'objectives', metric];
  const constraint = plan.constraints.find((c) => c.metric === metric);
  return constraint?.from === 'checks' ? ['checks', metric] : ['optimize', 'constraints', metric];
}

interface ProposalTarget {
  readonly file: string;
  readonly scenario: Scenario;
  readonly plan: SearchPlan;
  readonly id: string;
  readonly recommendations: readonly RecommendedPoint[];
  readonly overrides: readonly string[];
  readonly dir: string;
}

/**
 * One proposal file per recommended point, <scenario>-<rank>.yaml; proposal files an earlier search
 * of the same scenario wrote with a rank beyond today's front are removed (only files this command
 * wrote: they start with its marker), so none outlives the search that justified it.
 */
function writeProposals(target: ProposalTarget): string[] {
  const { file, scenario, plan, id, recommendations, overrides, dir } = target;
  mkdirSync(dir, { recursive: true });
  const extendsPath = relative(dir, file).split('\\').join('/');
  const written = recommendations.map((point) => {
    const path = join(dir, `${proposalName(scenario.name, point.rank)}.yaml`);
    writeFileSync(path, proposalText(point, { plan, searchId: id, scenarioFile: file, extendsPath, proposalFile: path, recommendations: recommendations.length, overrides }));
    return path;
  });
  // Scenario names are letters, digits, - and _: nothing a regular expression reads as special.
  const ours = new RegExp(`^${scenario.name}-(\\d+)\\.yaml$`);
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const rank = ours.exec(name)?.[1];
    const path = join(dir, name);
    if (rank !== undefined && Number(rank) > recommendations.length && readFileSync(path, 'utf8').startsWith(PROPOSAL_MARKER)) rmSync(path);
  }
  return written;
}

function describePoint(file: string, plan: SearchPlan, point: RecommendedPoint, count: number, proposal: string): string {
  const parameters = plan.box.parameters.map((p, i) => `${p.path} = ${plan.box.describe(i, point.amounts[i]!)}`).join(', ');
  const objectives = point.comparisons.map((c) => [c.metric, formatNumber(c.baselineMean), formatNumber(c.proposalMean), formatNumber(c.meanDifference), `[${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`, c.verdict]);
  const constraints = point.constraints.map((c) => [c.constraint.metric, formatNumber(c.value), band(c.constraint), formatNumber(c.margin)]);
  return [
    `recommendation ${point.rank} of ${count}: ${parameters}`,
    table([['objective', 'baseline', 'proposal', 'difference', '95% CI', 'verdict'], ...objectives]),
    ...(constraints.length > 0 ? [table([['constraint', 'mean', 'band', 'margin'], ...constraints])] : []),
    `proposal: ${proposal} (depin-lab compare ${file} ${proposal} --seeds ${plan.replicates} reproduces the comparison)`,
    '',
  ].join('\n');
}

function band(c: { min?: number; max?: number }): string {
  return `[${c.min === undefined ? '-inf' : formatNumber(c.min)}, ${c.max === undefined ? 'inf' : formatNumber(c.max)}]`;
}

function describeJson(plan: SearchPlan, point: RecommendedPoint): Record<string, unknown> {
  return {
    rank: point.rank,
    parameters: Object.fromEntries(plan.box.parameters.map((p, i) => [p.path, plan.box.describe(i, point.amounts[i]!)])),
    objectives: point.comparisons,
    constraints: point.constraints.map((c) => ({ metric: c.constraint.metric, from: c.constraint.from, min: c.constraint.min, max: c.constraint.max, value: c.value, margin: c.margin })),
  };
}
