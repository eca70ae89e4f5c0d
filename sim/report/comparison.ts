// Baseline against proposal on the same seeds, for the comparison report. Pairing, the statistics
// and the verdict are the runner's (runner/compare.ts), so a report shows exactly the numbers and the
// verdict `depin-lab compare` prints; this module only gathers the two arms into the shape the
// report draws.
import { compareRuns, PairingError, type ComparedRun, type Guard, type MetricComparison } from '../runner/compare.js';
import { ReportError, loadSweepResults } from './sweepResults.js';

/** What the report needs of one run; a RunResult and a stored run both fit. */
export type ArmRun = ComparedRun;

export interface Arm {
  readonly name: string;
  /** Resolved parameters of the first run, to show what the proposal changes. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly runs: readonly ArmRun[];
}

export interface ComparisonInput {
  readonly baseline: Arm;
  readonly proposal: Arm;
  /** From compareRuns (or compareSummaries), on runs paired by seed. */
  readonly comparisons: readonly MetricComparison[];
  readonly guards: Readonly<Record<string, Guard>>;
  /** The command line that made the comparison, shown so a reader can re-run it. */
  readonly command?: string;
  /** What could make the comparison mean less than it seems (the scenarios differing beyond the proposal's keys, few seeds). */
  readonly warnings?: readonly string[];
}

/**
 * Compares two stored sweeps run on the same seeds (for notebooks and for reports made after the
 * fact), pairing runs by id and drawing the bootstrap from the baseline's master seed as
 * `depin-lab compare` does.
 */
export function compareResultDirectories(baselineDir: string, proposalDir: string): ComparisonInput {
  const baseline = loadSweepResults(baselineDir);
  const proposal = loadSweepResults(proposalDir);
  const baseParams = baseline.pointParams[0] ?? {};
  const proposalParams = proposal.pointParams[0] ?? {};
  const guards = (proposalParams['compare'] ?? {}) as Record<string, Guard>;
  let comparisons: MetricComparison[];
  try {
    comparisons = compareRuns(baseline.runs, proposal.runs, guards, String(baseParams['seed']));
  } catch (error) {
    throw error instanceof PairingError ? new ReportError(error.message) : error;
  }
  return {
    baseline: { name: baseline.scenario, params: baseParams, runs: baseline.runs },
    proposal: { name: proposal.scenario, params: proposalParams, runs: proposal.runs },
    comparisons,
    guards,
  };
}
