// Entry point of each piscina worker thread (bundled to dist/runner/worker.mjs).
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import { runModel } from '../models.js';
import { executeRun } from './executeRun.js';

export default function runInWorker(spec: RunSpec): RunResult {
  return executeRun(spec, runModel);
}
