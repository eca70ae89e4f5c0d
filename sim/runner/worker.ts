// Entry point of each piscina worker thread (bundled to dist/runner/worker.mjs). A task is a spec
// and, when the caller wants to hear how far the run has got, a port to tell it on.
import type { MessagePort } from 'node:worker_threads';
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import { runModel } from '../models.js';
import { executeRun } from './executeRun.js';

export interface WorkerTask {
  readonly spec: RunSpec;
  /** Receives [simulated seconds, horizon seconds] as the run advances. */
  readonly progress?: MessagePort;
}

export default function runInWorker(task: WorkerTask): RunResult {
  const port = task.progress;
  try {
    return executeRun(task.spec, runModel, port && ((simulated, horizon) => port.postMessage([simulated, horizon])));
  } finally {
    port?.close();
  }
}
