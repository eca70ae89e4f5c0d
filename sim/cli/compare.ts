// `depin-lab compare`: a proposal against its baseline on the same seeds. Pairing, the paired
// differences and the verdict are the runner's (runner/compare.ts), as in the comparison report.
import { expandRuns, type Scenario } from '../scenario/index.js';
import type { RunResult } from '../scenario/runResult.js';
import { compareRuns, comparisonVerdict, PairingError, pairRuns, type PairableRun } from '../runner/compare.js';
import { runAll } from '../runner/sweep.js';
import { writeComparisonReport } from '../report/index.js';
import { EXIT_FAILED, EXIT_OK, integerOption, optionalString, UsageError, type CliIo, type ParsedArgs } from './command.js';
import { describeFailure, formatNumber, load, pool, table, withExecutor, writeJson } from './steps.js';

export async function commandCompare(args: ParsedArgs, io: CliIo): Promise<number> {
  const workers = integerOption(args, 'workers', 1);
  const baseline = load(args.positionals[0]!);
  const proposal = load(args.positionals[1]!);
  const seeds = integerOption(args, 'seeds', 1);
  // The proposal runs on the baseline's master seed, so run k of both shares its seed and the
  // differences are paired.
  const options = { replicates: seeds, seed: baseline.seed };
  const baselineSpecs = expandRuns(baseline, options);
  const proposalSpecs = expandRuns(proposal, options);
  if (!pairEveryRun(baselineSpecs, proposalSpecs)) {
    throw new UsageError('the baseline and the proposal expand to different runs (their sweeps differ); compare needs the same grid');
  }
  const [baselineResults, proposalResults] = await withExecutor(pool(workers), async (executor) => [
    await runAll(executor, baselineSpecs),
    await runAll(executor, proposalSpecs),
  ]);
  const failures = [...baselineResults, ...proposalResults].filter((result) => result.status === 'failed');
  if (failures.length > 0) {
    for (const failure of failures) io.stderr.write(`${describeFailure(failure)}\n`);
    io.stderr.write(`depin-lab: ${failures.length} run(s) failed, so the runs cannot be paired\n`);
    return EXIT_FAILED;
  }
  const guards = proposal.compare;
  const comparisons = compareRuns(baselineResults, proposalResults, guards, baseline.seed);
  const { missing, blocked, passed } = comparisonVerdict(comparisons, guards);
  if (args.values['json']) {
    writeJson(io, { runs: baselineSpecs.length, metrics: comparisons, missingGuardedMetrics: missing });
  } else {
    const header = ['metric', 'baseline', 'proposal', 'difference', '95% CI', 'verdict'];
    const rows = comparisons.map((c) => [
      c.guarded ? `${c.metric} *` : c.metric,
      formatNumber(c.baselineMean),
      formatNumber(c.proposalMean),
      formatNumber(c.meanDifference),
      `[${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`,
      c.verdict,
    ]);
    io.stdout.write(`${baselineSpecs.length} paired runs; * guarded metric\n${table([header, ...rows])}\n`);
  }
  if (args.values['report']) {
    const arm = (scenario: Scenario, results: RunResult[]) => ({ name: scenario.name, params: results[0]!.params, runs: results });
    const written = await writeComparisonReport(
      {
        baseline: arm(baseline, baselineResults),
        proposal: arm(proposal, proposalResults),
        comparisons,
        guards,
        command: `depin-lab compare ${args.positionals[0]} ${args.positionals[1]} --seeds ${seeds} --report`,
      },
      optionalString(args.values['html']),
    );
    io.stderr.write(`report: ${written.indexHtml}\n`);
  }
  for (const metric of missing) io.stderr.write(`depin-lab: guarded metric ${metric} is not in the runs' summary\n`);
  for (const c of blocked) {
    io.stderr.write(`depin-lab: guarded metric ${c.metric} worsens beyond its threshold (difference ${formatNumber(c.meanDifference)})\n`);
  }
  return passed ? EXIT_OK : EXIT_FAILED;
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
