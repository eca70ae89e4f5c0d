// What a study reads of a run: a RunResult, a stored run line (runner/store.ts) and a run from
// Redis all fit, so a study computes the same numbers however its runs were executed or kept.
import type { RunKey } from '../scenario/runSpec.js';

export interface StudyRun {
  readonly id: string;
  readonly key: RunKey;
  readonly seed: string;
  readonly status: 'ok' | 'failed';
  readonly summary: Readonly<Record<string, number>>;
}

/** The metric of a successful run, or undefined when the run failed or gave no finite value. */
export function metricValue(run: StudyRun, metric: string): number | undefined {
  if (run.status !== 'ok') return undefined;
  const value = run.summary[metric];
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/**
 * Metrics that no successful run reports, in the order given; empty when some run reports each,
 * or when no run succeeded (then nothing can be said about names).
 */
export function unreportedMetrics(runs: readonly StudyRun[], metrics: readonly string[]): string[] {
  const ok = runs.filter((run) => run.status === 'ok');
  if (ok.length === 0) return [];
  return metrics.filter((metric) => !ok.some((run) => metric in run.summary));
}

/** Every summary metric some successful run reports, sorted: what a misspelt name could have meant. */
export function reportedMetrics(runs: readonly StudyRun[]): string[] {
  return [...new Set(runs.filter((run) => run.status === 'ok').flatMap((run) => Object.keys(run.summary)))].sort();
}
