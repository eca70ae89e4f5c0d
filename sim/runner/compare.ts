// Paired comparison of two scenarios run on the same seeds, the one path `depin-lab compare` and the
// comparison report both take: runs are paired by id (and must share their seeds); per summary
// metric, the mean of the paired differences (proposal - baseline) gets a seeded percentile-bootstrap
// confidence interval and a verdict against its guard; the comparison passes when every guarded
// metric is reported and none worsens beyond its threshold. Pairing on seeds cancels the noise both
// runs share, so the interval is far narrower than the difference of two independent means would be.
import seedrandom from 'seedrandom';
import { MIN_SEEDS } from '../analysis/confidence.js';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface PairedDifference {
  readonly n: number;
  readonly baselineMean: number;
  readonly proposalMean: number;
  /** Mean of proposal - baseline. */
  readonly meanDifference: number;
  readonly interval: Interval;
}

export interface BootstrapOptions {
  /** Names the random stream: the same seed gives the same interval. */
  readonly seed: string;
  readonly resamples?: number;
  readonly confidence?: number;
}

const DEFAULT_RESAMPLES = 4000;
const DEFAULT_CONFIDENCE = 0.95;

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Quantile by linear interpolation between order statistics (Hyndman and Fan type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Percentile bootstrap interval for the mean of `values`, resampling with a seeded stream. */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions): Interval {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap needs at least one value');
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const random = seedrandom.alea(`${options.seed}/bootstrap`);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const tail = (1 - confidence) / 2;
  return { lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail) };
}

export function pairedDifference(
  baseline: readonly number[],
  proposal: readonly number[],
  options: BootstrapOptions,
): PairedDifference {
  if (baseline.length !== proposal.length) {
    throw new RangeError(`paired samples differ in length: ${baseline.length} and ${proposal.length}`);
  }
  const differences = proposal.map((value, i) => value - baseline[i]!);
  return {
    n: differences.length,
    baselineMean: mean(baseline),
    proposalMean: mean(proposal),
    meanDifference: mean(differences),
    interval: bootstrapMeanInterval(differences, options),
  };
}

export interface Guard {
  readonly better: 'higher' | 'lower';
  /** The largest worsening of the mean tolerated, in the metric's own units. */
  readonly threshold: number;
}

export type Verdict = 'better' | 'worse' | 'no clear change' | 'worse beyond threshold';
/** Fewer than MIN_SEEDS pairs: no verdict, and no interval, is given. */
export const TOO_FEW_SEEDS = 'too few seeds';
/** For a metric with no declared direction: which way it moved, if clearly. */
export type Movement = 'higher' | 'lower' | 'no clear difference';

/**
 * A guarded metric fails only when its mean worsens by more than the threshold AND the interval
 * lies wholly on the worse side of zero: a large but noisy change is not evidence enough to block.
 */
export function verdict(difference: PairedDifference, guard: Guard): Verdict {
  const sign = guard.better === 'higher' ? 1 : -1;
  const worsening = -sign * difference.meanDifference;
  const lowerGain = Math.min(sign * difference.interval.lower, sign * difference.interval.upper);
  const upperGain = Math.max(sign * difference.interval.lower, sign * difference.interval.upper);
  if (upperGain < 0) return worsening > guard.threshold ? 'worse beyond threshold' : 'worse';
  if (lowerGain > 0) return 'better';
  return 'no clear change';
}

export function movement(difference: PairedDifference): Movement {
  if (difference.interval.lower > 0) return 'higher';
  if (difference.interval.upper < 0) return 'lower';
  return 'no clear difference';
}

export interface MetricComparison extends PairedDifference {
  readonly metric: string;
  readonly guarded: boolean;
  readonly verdict: Verdict | Movement | typeof TOO_FEW_SEEDS;
}

/**
 * Compares every summary metric both sides report. `baseline[k]` and `proposal[k]` must come from
 * the same seed; each metric's bootstrap draws from its own stream, named by `seed` and the metric.
 * Below MIN_SEEDS pairs every metric's verdict is 'too few seeds' and its interval NaN to NaN.
 */
export function compareSummaries(
  baseline: readonly Readonly<Record<string, number>>[],
  proposal: readonly Readonly<Record<string, number>>[],
  guards: Readonly<Record<string, Guard>>,
  seed: string,
): MetricComparison[] {
  const metrics = Object.keys(baseline[0] ?? {}).filter((metric) => metric in (proposal[0] ?? {}));
  return metrics.map((metric) => {
    const difference = pairedDifference(
      baseline.map((summary) => summary[metric]!),
      proposal.map((summary) => summary[metric]!),
      { seed: `${seed}/compare/${metric}` },
    );
    const guard = guards[metric];
    if (difference.n < MIN_SEEDS) {
      return { metric, ...difference, interval: { lower: Number.NaN, upper: Number.NaN }, guarded: guard !== undefined, verdict: TOO_FEW_SEEDS };
    }
    return { metric, ...difference, guarded: guard !== undefined, verdict: guard ? verdict(difference, guard) : movement(difference) };
  });
}

/** What pairing needs of a run: a RunSpec, a RunResult and a stored run all fit. */
export interface PairableRun {
  readonly id: string;
  readonly seed: string;
}

/** The two sides cannot be paired: a run of the same id has another seed on each side. */
export class PairingError extends Error {
  override readonly name = 'PairingError';
}

export interface Pairing<R> {
  /** Baseline and proposal runs of the same id, in the baseline's order. */
  readonly pairs: readonly (readonly [baseline: R, proposal: R])[];
  /** Runs of either side whose id the other side lacks. */
  readonly unmatched: number;
}

/** Pairs runs by id; throws a PairingError when a pair's seeds differ (the sides were not run on the same seeds). */
export function pairRuns<R extends PairableRun>(baseline: readonly R[], proposal: readonly R[]): Pairing<R> {
  const proposalById = new Map(proposal.map((run) => [run.id, run]));
  const pairs: (readonly [R, R])[] = [];
  for (const run of baseline) {
    const partner = proposalById.get(run.id);
    if (partner === undefined) continue;
    if (partner.seed !== run.seed) {
      throw new PairingError(`run ${run.id} has seed ${run.seed} in the baseline and ${partner.seed} in the proposal: the sweeps were not run on the same seeds`);
    }
    pairs.push([run, partner]);
  }
  return { pairs, unmatched: baseline.length + proposal.length - 2 * pairs.length };
}

/** What comparing needs of a run: a RunResult and a stored run both fit. */
export interface ComparedRun extends PairableRun {
  readonly status: string;
  readonly summary: Readonly<Record<string, number>>;
}

/**
 * Pairs the two sides' runs by id and compares the pairs in which both runs succeeded, drawing the
 * bootstrap from `seed` (the baseline's master seed). Throws a PairingError if no pair succeeded.
 */
export function compareRuns(
  baseline: readonly ComparedRun[],
  proposal: readonly ComparedRun[],
  guards: Readonly<Record<string, Guard>>,
  seed: string,
): MetricComparison[] {
  const ok = pairRuns(baseline, proposal).pairs.filter(([b, p]) => b.status === 'ok' && p.status === 'ok');
  if (ok.length === 0) throw new PairingError('the baseline and the proposal share no successful run to compare');
  return compareSummaries(ok.map(([b]) => b.summary), ok.map(([, p]) => p.summary), guards, seed);
}

export interface ComparisonVerdict {
  /**
   * 'passes' and 'fails' judge the guarded metrics; 'too few seeds' gives no judgement (fewer than
   * MIN_SEEDS pairs); 'no guarded metric' has nothing to judge.
   */
  readonly verdict: 'passes' | 'fails' | typeof TOO_FEW_SEEDS | 'no guarded metric';
  /** Guarded metrics no run reported: the comparison cannot pass without them. */
  readonly missing: readonly string[];
  /** Guarded metrics that worsen beyond their threshold. */
  readonly blocked: readonly MetricComparison[];
  /** Whether nothing blocks the proposal: false unless the verdict is 'passes' or there is no guard to judge. */
  readonly passed: boolean;
}

export function comparisonVerdict(comparisons: readonly MetricComparison[], guards: Readonly<Record<string, Guard>>): ComparisonVerdict {
  const missing = Object.keys(guards).filter((metric) => !comparisons.some((c) => c.metric === metric));
  const blocked = comparisons.filter((c) => c.verdict === 'worse beyond threshold');
  if (Object.keys(guards).length === 0) return { verdict: 'no guarded metric', missing, blocked, passed: true };
  if (missing.length === 0 && comparisons.some((c) => c.verdict === TOO_FEW_SEEDS)) return { verdict: TOO_FEW_SEEDS, missing, blocked, passed: false };
  const passed = missing.length === 0 && blocked.length === 0;
  return { verdict: passed ? 'passes' : 'fails', missing, blocked, passed };
}
