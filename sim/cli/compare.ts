// `depin-lab compare`: a proposal against its baseline on the same seeds. Pairing, the paired
// differences and the verdict are the runner's (runner/compare.ts), as in the comparison report.
// Before anything runs it says what could make the comparison mean less than it seems: the two
// scenarios differing beyond the proposal's own keys, or in their horizon.
import { MIN_SEEDS } from '../analysis/confidence.js';
import { expandRuns, type Scenario } from '../scenario/index.js';
import { scenarioDifferences, type ScenarioDifferences } from '../scenario/differences.js';
import type { RunResult } from '../scenario/runResult.js';
import { compareRuns, comparisonVerdict, PairingError, pairRuns, type Guard, type PairableRun } from '../runner/compare.js';
import { progressItems, progressObserver, runAll } from '../runner/sweep.js';
import { writeComparisonReport } from '../report/index.js';
import { EXIT_FAILED, EXIT_OK, integerOption, optionalString, runTimeoutOption, stringList, UsageError, type CliIo, type ParsedArgs } from './command.js';
import { commandLine, describeFailure, formatNumber, loadWithPaths, pool, startProgress, table, withExecutor, writeJson } from './steps.js';

/** Guarded metrics listed in the explanation of how to add a compare: block. */
const EXAMPLE_GUARDS = "compare:\n    fill_rate: { better: higher, threshold: 0.01 }\n    utilization.mean: { better: higher, threshold: 0.01 }";

export async function commandCompare(args: ParsedArgs, io: CliIo): Promise<number> {
  const workers = integerOption(args, 'workers', 1);
  // --set applies to both sides, so a shortened comparison stays a comparison of like with like.
  const overrides = stringList(args.values['set']);
  const baseline = loadWithPaths(args.positionals[0]!, overrides, io).scenario;
  const { scenario: proposal, ownPaths } = loadWithPaths(args.positionals[1]!, overrides, io);
  const warnings = differenceWarnings(scenarioDifferences(baseline, proposal, ownPaths));
  const seeds = integerOption(args, 'seeds', 1) ?? baseline.sweep.replicates;
  if (seeds < MIN_SEEDS) warnings.push(`${seeds} seed(s) per point: below ${MIN_SEEDS} a paired interval says too little to judge, so no verdict is given (use --seeds ${MIN_SEEDS} or more)`);
  const { guards, source } = guardsOf(baseline, proposal);
  if (source === 'baseline') warnings.push(`the proposal has no compare: block; using the baseline's guarded metrics (${Object.keys(guards).join(', ')})`);
  for (const warning of warnings) io.stderr.write(`depin-lab: warning: ${warning}\n`);

  // The proposal runs on the baseline's master seed, so run k of both shares its seed and the
  // differences are paired.
  const options = { replicates: seeds, seed: baseline.seed };
  const baselineSpecs = expandRuns(baseline, options);
  const proposalSpecs = expandRuns(proposal, options);
  if (!pairEveryRun(baselineSpecs, proposalSpecs)) {
    throw new UsageError('the baseline and the proposal expand to different runs (their sweeps differ); compare needs the same grid');
  }
  const progress = startProgress(io, args, 'compare', new Map([...progressItems(baselineSpecs, 'baseline/'), ...progressItems(proposalSpecs, 'proposal/')]));
  const [baselineResults, proposalResults] = await withExecutor(await pool(workers, runTimeoutOption(args)), (executor) =>
    Promise.all([runAll(executor, baselineSpecs, progressObserver(progress, 'baseline/')), runAll(executor, proposalSpecs, progressObserver(progress, 'proposal/'))]),
  ).finally(() => progress.end());
  const failures = [...baselineResults, ...proposalResults].filter((result) => result.status === 'failed');
  if (failures.length > 0) {
    for (const failure of failures) io.stderr.write(`${describeFailure(failure)}\n`);
    io.stderr.write(`depin-lab: ${failures.length} run(s) failed, so the runs cannot be paired\n`);
    return EXIT_FAILED;
  }
  const comparisons = compareRuns(baselineResults, proposalResults, guards, baseline.seed);
  const outcome = comparisonVerdict(comparisons, guards);
  if (args.values['json']) {
    writeJson(io, {
      verdict: outcome.verdict,
      passed: outcome.passed,
      runs: baselineSpecs.length,
      seeds,
      guards,
      guardsFrom: source,
      warnings,
      metrics: comparisons,
      missingGuardedMetrics: outcome.missing,
    });
  } else {
    const header = ['metric', 'baseline', 'proposal', 'difference', '95% CI', 'verdict'];
    const rows = comparisons.map((c) => [
      c.guarded ? `${c.metric} *` : c.metric,
      formatNumber(c.baselineMean),
      formatNumber(c.proposalMean),
      formatNumber(c.meanDifference),
      Number.isNaN(c.interval.lower) ? '–' : `[${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`,
      c.verdict,
    ]);
    io.stdout.write(`VERDICT: ${outcome.verdict} (${baselineSpecs.length} paired runs; * guarded metric)\n${table([header, ...rows])}\n`);
  }
  if (args.values['report']) {
    const arm = (scenario: Scenario, results: RunResult[]) => ({ name: scenario.name, params: results[0]!.params, runs: results });
    const written = await writeComparisonReport(
      { baseline: arm(baseline, baselineResults), proposal: arm(proposal, proposalResults), comparisons, guards, command: commandLine(args), warnings },
      optionalString(args.values['html']),
    );
    io.stderr.write(`report: ${written.indexHtml}\n`);
  }
  if (outcome.verdict === 'no guarded metric') {
    io.stderr.write(
      'depin-lab: no guarded metric: neither the proposal nor the baseline has a compare: block, so nothing can block the proposal.\n' +
        `  Add one to the proposal, naming summary metrics and the direction that is better, e.g.\n    ${EXAMPLE_GUARDS}\n`,
    );
  }
  for (const metric of outcome.missing) io.stderr.write(`depin-lab: guarded metric ${metric} is not in the runs' summary\n`);
  for (const c of outcome.blocked) {
    io.stderr.write(`depin-lab: guarded metric ${c.metric} worsens beyond its threshold (difference ${formatNumber(c.meanDifference)})\n`);
  }
  return outcome.passed ? EXIT_OK : EXIT_FAILED;
}

/** The proposal's guards; failing that, the baseline's (a proposal that extends it inherits them anyway). */
function guardsOf(baseline: Scenario, proposal: Scenario): { guards: Readonly<Record<string, Guard>>; source: 'proposal' | 'baseline' | 'none' } {
  if (Object.keys(proposal.compare).length > 0) return { guards: proposal.compare, source: 'proposal' };
  if (Object.keys(baseline.compare).length > 0) return { guards: baseline.compare, source: 'baseline' };
  return { guards: {}, source: 'none' };
}

const LISTED_DIFFERENCES = 5;

function differenceWarnings(differences: ScenarioDifferences): string[] {
  const warnings: string[] = [];
  const { duration, unexplained } = differences;
  if (duration) {
    warnings.push(`the baseline runs ${duration.baseline} and the proposal ${duration.proposal}: the differences mix the change of horizon with the proposal's (--set duration=${duration.baseline} runs both alike)`);
  }
  if (unexplained.length > 0) {
    const listed = unexplained.slice(0, LISTED_DIFFERENCES).map((d) => `${d.path} (${d.baseline} against ${d.proposal})`).join(', ');
    const more = unexplained.length > LISTED_DIFFERENCES ? ` and ${unexplained.length - LISTED_DIFFERENCES} more` : '';
    warnings.push(`the proposal also differs from the baseline in ${listed}${more}, which its own file does not set: does it extend another baseline?`);
  }
  return warnings;
}

/** Whether every run of each side has a run of the same id and seed on the other. */
function pairEveryRun(baseline: readonly PairableRun[], proposal: readonly PairableRun[]): boolean {
  try {
    return pairRuns(baseline, proposal).unmatched === 0;
  } catch (error) {
    if (error instanceof PairingError) return false;
    throw error;
  }
}

