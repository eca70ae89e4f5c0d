// Drives a sweep: the runs the store still lacks go to the executor, and each result is stored
// and counted as it arrives. An observer (a progress line) hears how far each run has got.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import { simulatedHorizon } from '../models.js';
import { executeAll, type Executor } from './executor.js';
import type { Progress } from './progress.js';
import type { ResultsStore, RunFailure } from './store.js';

export interface RunObserver {
  advance(spec: RunSpec, simulatedSeconds: number): void;
  /** Called once the run is stored; `result` for observers that read it (a study checks its metric names). */
  finished(spec: RunSpec, failed: boolean, result: RunResult): void;
}

/**
 * A progress line's items for `specs`, keyed `prefix` + run id (two arms of a comparison share
 * their run ids), with each run's simulated horizon; and the observer that feeds it.
 */
export function progressItems(specs: readonly RunSpec[], prefix = ''): Map<string, number | undefined> {
  return new Map(specs.map((spec) => [`${prefix}${spec.id}`, simulatedHorizon(spec)]));
}

export function progressObserver(progress: Progress, prefix = ''): RunObserver {
  return {
    advance: (spec, simulated) => progress.advance(`${prefix}${spec.id}`, simulated),
    finished: (spec, failed) => progress.itemFinished(`${prefix}${spec.id}`, failed),
  };
}

export interface SweepOutcome {
  readonly total: number;
  /** Runs executed by this invocation (fewer than total when resuming). */
  readonly executed: number;
  readonly failed: readonly RunFailure[];
}

export async function runSweep(store: ResultsStore, executor: Executor, observer?: RunObserver): Promise<SweepOutcome> {
  const pending = store.pending();
  const specs = new Map(pending.map((spec) => [spec.id, spec]));
  try {
    await executeAll(
      executor,
      pending,
      async (result) => {
        await store.record(result);
        observer?.finished(specs.get(result.id)!, result.status === 'failed', result);
      },
      observer && ((spec, simulated) => observer.advance(spec, simulated)),
    );
  } finally {
    await store.finalize();
  }
  return { total: store.finished.size + store.pending().length, executed: pending.length, failed: store.failed() };
}

/** Runs every spec without storing anything and returns the results in spec order. */
export async function runAll(executor: Executor, specs: readonly RunSpec[], observer?: RunObserver): Promise<RunResult[]> {
  const byId = new Map<string, RunResult>();
  const specById = new Map(specs.map((spec) => [spec.id, spec]));
  await executeAll(
    executor,
    specs,
    (result) => {
      byId.set(result.id, result);
      observer?.finished(specById.get(result.id)!, result.status === 'failed', result);
    },
    observer && ((spec, simulated) => observer.advance(spec, simulated)),
  );
  return specs.map((spec) => byId.get(spec.id)!);
}
