// Runs each spec on the calling thread: for `depin-lab run` and for tests that need no threads.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import type { ProgressCallback } from '../models.js';
import type { Executor } from './executor.js';
import { executeRun, type RunFunction } from './executeRun.js';

export class InlineExecutor implements Executor {
  readonly concurrency = 1;

  constructor(private readonly run: RunFunction) {}

  async submit(spec: RunSpec, onProgress?: ProgressCallback): Promise<RunResult> {
    return executeRun(spec, this.run, onProgress);
  }

  async close(): Promise<void> {}
}
