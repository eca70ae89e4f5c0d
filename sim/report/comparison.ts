// Baseline against proposal on the same seeds. The statistics are the runner's (compareSummaries),
// so a report shows exactly the numbers `depin-lab compare` prints; this module only gathers the
// two arms into the shape the comparison report draws.
import { compareSummaries, type Guard, type MetricComparison } from '../runner/compare.js';
import { ReportError, loadSweepResults } from './sweepResults.js';

/** What the report needs of one run; a RunResult and a stored run both fit. */
export interface ArmRun {
  readonly id: string;
  readonly seed: string;
  readonly status: string;
  readonly summary: Readonly<Record<string, number>>;
}

export interface Arm {
  readonly name: string;
  /** Resolved parameters of the first run, to show what the proposal changes. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly runs: readonly ArmRun[];
}

export interface ComparisonInput {
  readonly baseline: Arm;
  readonly proposal: Arm;
  /** From compareSummaries, on runs paired by seed. */
  readonly comparisons: readonly MetricComparison[];
  readonly guards: Readonly<Record<string, Guard>>;
  /** The command line that made the comparison, shown so a reader can re-run it. */
  readonly command?: string;
}

/** Guarded metrics nobody reported: the comparison cannot pass without them. */
export function missingGuards(input: ComparisonInput): string[] {
  return Object.keys(input.guards).filter((metric) => !input.comparisons.some((c) => c.metric === metric));
}

export function comparisonPassed(input: ComparisonInput): boolean {
  return missingGuards(input).length === 0 && input.comparisons.every((c) => c.verdict !== 'worse beyond threshold');
}

/**
 * Compares two stored sweeps run on the same seeds (for notebooks and for reports made after the
 * fact), pairing runs by id and drawing the bootstrap from the baseline's master seed as
 * `depin-lab compare` does.
 */
export function compareResultDirectories(baselineDir: string, proposalDir: string): ComparisonInput {
  const baseline = loadSweepResults(baselineDir);
  const proposal = loadSweepResults(proposalDir);
  const proposalById = new Map(proposal.runs.map((run) => [run.id, run]));
  const pairs = baseline.runs.flatMap((run) => {
    const partner = proposalById.get(run.id);
    if (!partner) return [];
    if (partner.seed !== run.seed) {
      throw new ReportError(`run ${run.id} has seed ${run.seed} in the baseline and ${partner.seed} in the proposal: the sweeps were not run on the same seeds`);
    }
    return run.status === 'ok' && partner.status === 'ok' ? [[run, partner] as const] : [];
  });
  if (pairs.length === 0) throw new ReportError('the baseline and the proposal share no successful run to compare');
  const baseParams = baseline.pointParams[0] ?? {};
  const proposalParams = proposal.pointParams[0] ?? {};
  const guards = (proposalParams['compare'] ?? {}) as Record<string, Guard>;
  return {
    baseline: { name: baseline.scenario, params: baseParams, runs: baseline.runs },
    proposal: { name: proposal.scenario, params: proposalParams, runs: proposal.runs },
    comparisons: compareSummaries(pairs.map(([b]) => b.summary), pairs.map(([, p]) => p.summary), guards, String(baseParams['seed'])),
    guards,
  };
}
