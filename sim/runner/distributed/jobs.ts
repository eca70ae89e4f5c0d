// What coordinator and workers agree on: the queue, the job options, and how specs and results
// travel. Both sides import this module, so a change here changes both at once.
import type { JobsOptions } from 'bullmq';
import type { RunSpec } from '../../scenario/runSpec.js';
import type { RunResult } from '../../scenario/runResult.js';

/** One queue for every sweep: a worker needs nothing but the Redis URL to help any sweep. */
export const RUN_QUEUE = 'depin-lab-runs';

/** Job data and return value are strings in our own encoding (see encodePlainData). */
export interface RunJobData {
  readonly spec: string;
}

export const RUN_JOB_NAME = 'run';

/**
 * The job id is the sweep and run key, so enqueuing a run twice (a resumed coordinator) finds the
 * job already there, finished or not, instead of running it again. BullMQ forbids ':' in ids.
 */
export function runJobId(sweepId: string, spec: RunSpec): string {
  return `${sweepId}-${spec.id}`.replaceAll(':', '_');
}

export function sweepOfJobId(jobId: string, sweepId: string): boolean {
  return jobId.startsWith(`${sweepId}-`);
}

/**
 * Finished jobs kept in Redis, with their results, across all sweeps. The coordinator never
 * deletes a job before its result is safely on disk (it cannot know that moment), so a killed
 * coordinator finds on resume the runs finished meanwhile; BullMQ trims the oldest beyond this
 * count, which bounds Redis memory and is far above the runs any few coordinators keep in flight.
 */
export const KEPT_FINISHED_JOBS = 2_000;

export const RUN_JOB_OPTIONS: JobsOptions = {
  // A run that fails for a model reason comes back as a failed RunResult and completes the job:
  // seeded runs fail the same way every time, so retrying them would only repeat the failure.
  // Attempts bound what else makes a processor throw (undecodable job data, a closed pool).
  attempts: 3,
  removeOnComplete: { count: KEPT_FINISHED_JOBS },
  removeOnFail: { count: KEPT_FINISHED_JOBS },
};

/**
 * Worker lock and stalled-job settings. Runs execute on worker threads, so the main thread is
 * always free to renew its locks: a short lock costs nothing and lets a killed worker's job go to
 * another worker within about LOCK_MS + STALLED_CHECK_MS. A job whose worker dies more than
 * MAX_STALLS times (a run that crashes any machine it lands on) fails instead of looping.
 */
export const WORKER_LOCK_MS = 10_000;
export const STALLED_CHECK_MS = 5_000;
export const MAX_STALLS = 2;

// JSON loses NaN, the infinities and -0, and a summary or series may hold any of them; results that
// came through Redis must be byte-identical to results from the local pool, so these are tagged.
const NUMBER_TAG = '$number';

export function encodePlainData(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) {
      return { [NUMBER_TAG]: Object.is(item, -0) ? '-0' : String(item) };
    }
    return item;
  });
}

export function decodePlainData<T>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const tagged = (item as Record<string, unknown>)[NUMBER_TAG];
      if (typeof tagged === 'string' && Object.keys(item).length === 1) return Number(tagged);
    }
    return item;
  }) as T;
}

export function encodeResult(result: RunResult): string {
  return encodePlainData(result);
}

export function decodeResult(text: string): RunResult {
  return decodePlainData<RunResult>(text);
}
