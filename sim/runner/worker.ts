// Entry point of each piscina worker thread (bundled to dist/runner/worker.mjs).
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import { runModel } from '../models.js';
import { executeRun } from './executeRun.js';
import { SharedRunState } from './wallTime.js';

/** One run, and the memory it shares with the pool that enforces its wall-clock budget. */
export interface WorkerTask {
  readonly spec: RunSpec;
  readonly shared: SharedArrayBuffer;
  readonly wallTimeLimit: string;
}

export default function runInWorker(task: WorkerTask): RunResult {
  return executeRun(task.spec, runModel, new SharedRunState(task.shared).control(task.wallTimeLimit));
}
