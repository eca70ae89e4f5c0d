// Drives a sweep: the runs the store still lacks go to the executor, and each result is stored
// and counted as it arrives.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import { executeAll, type Executor } from './executor.js';
import type { ResultsStore, RunFailure } from './store.js';

export interface SweepObserver {
  /** Called once the run is stored; `result` for observers that read it (a study checks its metric names). */
  runFinished(failed: boolean, result: RunResult): void;
}

export interface SweepOutcome {
  readonly total: number;
  /** Runs executed by this invocation (fewer than total when resuming). */
  readonly executed: number;
  readonly failed: readonly RunFailure[];
}

export async function runSweep(store: ResultsStore, executor: Executor, observer?: SweepObserver): Promise<SweepOutcome> {
  const pending = store.pending();
  try {
    await executeAll(executor, pending, (result) => {
      store.record(result);
      observer?.runFinished(result.status === 'failed', result);
    });
  } finally {
    store.finalize();
  }
  return { total: store.finished.size + store.pending().length, executed: pending.length, failed: store.failed() };
}

/** Runs every spec without storing anything and returns the results in spec order. */
export async function runAll(executor: Executor, specs: readonly RunSpec[]): Promise<RunResult[]> {
  const byId = new Map<string, RunResult>();
  await executeAll(executor, specs, (result) => {
    byId.set(result.id, result);
  });
  return specs.map((spec) => byId.get(spec.id)!);
}
