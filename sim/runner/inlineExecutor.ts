// Runs each spec on the calling thread: for `depin-lab run` and for tests that need no threads.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import type { ProgressCallback } from '../models.js';
import type { Executor } from './executor.js';
import { executeRun, withProgress, type RunFunction } from './executeRun.js';
import { clockControl, wallTimeBudget } from './wallTime.js';

export interface InlineExecutorOptions {
  /** Milliseconds from any origin, injected by the entry point: without it no wall-clock budget is enforced. */
  readonly clock?: () => number;
  /** --run-timeout, in seconds. */
  readonly runTimeout?: number;
}

export class InlineExecutor implements Executor {
  readonly concurrency = 1;

  constructor(
    private readonly run: RunFunction,
    private readonly options: InlineExecutorOptions = {},
  ) {}

  async submit(spec: RunSpec, onProgress?: ProgressCallback): Promise<RunResult> {
    const { clock, runTimeout } = this.options;
    const control = clock ? clockControl(wallTimeBudget(spec, runTimeout), clock) : undefined;
    return executeRun(spec, this.run, withProgress(spec, control, onProgress));
  }

  async close(): Promise<void> {}
}
