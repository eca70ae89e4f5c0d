// Baseline against proposal on the same seeds: runs are paired by run id (same sweep point and
// replicate, hence the same seed), and each summary metric gets the runner's paired bootstrap
// difference and, when the proposal guards it, a verdict.
import { pairedDifference, verdict, type Guard, type PairedDifference, type Verdict } from '../runner/compare.js';
import { ReportError, type SweepResults } from './sweepResults.js';

export interface MetricComparison {
  readonly metric: string;
  readonly difference: PairedDifference;
  readonly guard?: Guard;
  readonly verdict: Verdict | 'not guarded';
}

export interface Comparison {
  /** Runs that finished ok under both, paired by id. */
  readonly pairs: number;
  /** Runs left out because either side failed or never finished. */
  readonly unpaired: number;
  /** Guarded metrics first (worst verdict first), then the rest alphabetically. */
  readonly metrics: readonly MetricComparison[];
  /** False when any guarded metric worsened beyond its threshold. */
  readonly passed: boolean;
}

const SEVERITY: Record<MetricComparison['verdict'], number> = {
  'worse beyond threshold': 0,
  worse: 1,
  'no clear change': 2,
  better: 3,
  'not guarded': 4,
};

/** The proposal's `compare` section, as resolved into its run parameters. */
export function guardsOf(results: SweepResults): Record<string, Guard> {
  const section = results.pointParams[0]?.['compare'];
  if (section === null || typeof section !== 'object') return {};
  return section as Record<string, Guard>;
}

export function compareSweeps(baseline: SweepResults, proposal: SweepResults, guards: Readonly<Record<string, Guard>> = guardsOf(proposal)): Comparison {
  const baselineById = new Map(baseline.runs.map((run) => [run.id, run]));
  const pairs = proposal.runs.flatMap((run) => {
    const partner = baselineById.get(run.id);
    if (!partner) return [];
    if (partner.seed !== run.seed) {
      throw new ReportError(`run ${run.id} has seed ${partner.seed} in the baseline and ${run.seed} in the proposal: the sweeps were not run on the same seeds`);
    }
    return partner.status === 'ok' && run.status === 'ok' ? [{ baseline: partner, proposal: run }] : [];
  });
  if (pairs.length === 0) throw new ReportError('the baseline and the proposal share no successful run to compare');
  const names = new Set([...baseline.metrics, ...proposal.metrics, ...Object.keys(guards)]);
  const metrics: MetricComparison[] = [];
  for (const metric of names) {
    const paired = pairs.filter((pair) => Number.isFinite(pair.baseline.summary[metric]) && Number.isFinite(pair.proposal.summary[metric]));
    const guard = guards[metric];
    if (paired.length === 0) {
      if (guard) throw new ReportError(`guarded metric ${metric} is not reported by both the baseline and the proposal`);
      continue;
    }
    const difference = pairedDifference(
      paired.map((pair) => pair.baseline.summary[metric]!),
      paired.map((pair) => pair.proposal.summary[metric]!),
      { seed: `${proposal.scenario}/${proposal.sweepId}/${metric}` },
    );
    metrics.push({ metric, difference, ...(guard ? { guard } : {}), verdict: guard ? verdict(difference, guard) : 'not guarded' });
  }
  metrics.sort((a, b) => SEVERITY[a.verdict] - SEVERITY[b.verdict] || (a.metric < b.metric ? -1 : 1));
  return {
    pairs: pairs.length,
    unpaired: Math.max(baseline.runs.length, proposal.runs.length) - pairs.length,
    metrics,
    passed: metrics.every((m) => m.verdict !== 'worse beyond threshold'),
  };
}
