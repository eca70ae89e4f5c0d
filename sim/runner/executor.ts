// How runs get executed, kept to two methods so that a new backend (a distributed queue such as
// BullMQ) only has to implement this interface; the sweep, the store and the CLI stay untouched.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import type { ProgressCallback } from '../models.js';

export interface Executor {
  /** How many runs the backend can usefully have in flight at once. */
  readonly concurrency: number;
  /**
   * Resolves with the run's result; a run that failed resolves with a failed RunResult, never rejects.
   * `onProgress` hears the simulated time the run reaches, where the backend can tell it.
   */
  submit(spec: RunSpec, onProgress?: ProgressCallback): Promise<RunResult>;
  /** Releases threads or connections; waits for runs already submitted. */
  close(): Promise<void>;
}

/**
 * Feeds `specs` to the executor and hands each result to `onResult` as it finishes (completion
 * order, not spec order). At most twice the executor's concurrency is in flight, so memory stays
 * flat however many runs there are; `onResult` is awaited one call at a time, so a store can
 * append without locking.
 */
export async function executeAll(
  executor: Executor,
  specs: Iterable<RunSpec>,
  onResult: (result: RunResult) => void | Promise<void>,
  onProgress?: (spec: RunSpec, simulatedSeconds: number, horizonSeconds: number) => void,
): Promise<void> {
  const limit = Math.max(1, executor.concurrency * 2);
  const inFlight = new Set<Promise<void>>();
  let delivery = Promise.resolve();
  let deliveryError: unknown;
  let failed = false;

  for (const spec of specs) {
    if (failed) break;
    const progress: ProgressCallback | undefined = onProgress && ((simulated, horizon) => onProgress(spec, simulated, horizon));
    const task: Promise<void> = executor.submit(spec, progress).then((result) => {
      // After a failed delivery the rest are dropped: the first error is the one worth reporting.
      delivery = delivery.then(() => (failed ? undefined : onResult(result))).catch((error: unknown) => {
        failed = true;
        deliveryError = error;
      });
      return delivery;
    });
    const tracked = task.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await delivery;
  if (failed) throw deliveryError;
}
