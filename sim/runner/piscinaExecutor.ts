// One worker pool for a whole sweep. Workers start from the built bundle with an empty execArgv:
// a tsx loader inherited from the parent makes allocation-heavy runs 7-10x slower in workers.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import type { ProgressCallback } from '../models.js';
import type { Executor } from './executor.js';
import { describeError, failedResult } from './executeRun.js';
import { SEMI_SPACE_MB } from './nodeFlags.js';
import { SharedRunState, wallTimeBudget, type WallTimeBudget } from './wallTime.js';
import type { WorkerTask } from './worker.js';

export interface PiscinaExecutorOptions {
  /** Path or file: URL of the built worker, dist/runner/worker.mjs. */
  readonly workerFile: string | URL;
  /** Defaults to the number of cores the process may use. */
  readonly workers?: number;
  /** --run-timeout, in seconds: each run's wall-clock budget unless its scenario sets a smaller one. */
  readonly runTimeout?: number;
  /**
   * Milliseconds a run past its budget has to stop on its own (it checks between slices of events)
   * before its thread is terminated and replaced. Default 10 s.
   */
  readonly graceMs?: number;
}

/** setTimeout's longest delay (about 24.8 days); a longer budget is no budget. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_GRACE_MS = 10_000;

/**
 * Three semi-spaces' worth: V8 sizes the young generation as three semi-spaces. V8 flags are shared
 * by every isolate of a process, so in a process started with the lab's flags
 * (sim/runner/nodeFlags.ts says why) they size the workers' young generation, this limit included
 * (a worker measured 126 MB semi-spaces with or without it). The limit is for a process started
 * without them (`node dist/cli.mjs`, the tests): its workers may grow to the lab's size, from V8's
 * small default start.
 */
const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;

export class PiscinaExecutor implements Executor {
  readonly concurrency: number;
  private readonly pool: Piscina<WorkerTask, RunResult>;
  private readonly runTimeout: number | undefined;
  private readonly graceMs: number;
  /** Runs handed to the pool; at most one per thread, so that a run's clock starts when it does. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: PiscinaExecutorOptions) {
    const filename = options.workerFile instanceof URL ? fileURLToPath(options.workerFile) : options.workerFile;
    if (!existsSync(filename)) {
      throw new Error(`worker bundle not found at ${filename}; run "npm run build" first`);
    }
    this.concurrency = options.workers ?? availableParallelism();
    this.runTimeout = options.runTimeout;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.pool = new Piscina<WorkerTask, RunResult>({
      filename,
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  /**
   * When the run's wall-clock budget is spent, the thread is asked to stop (it ends the run as failed
   * with where it stood); if it has not stopped after the grace period, it is terminated (piscina
   * starts a fresh thread in its place) and the run is failed here, with where it last reported.
   */
  async submit(spec: RunSpec, onProgress?: ProgressCallback): Promise<RunResult> {
    await this.threadFree();
    try {
      return await this.runOnThread(spec, onProgress);
    } finally {
      // The thread passes straight to the next waiting run, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Resolves once a thread is free for one more run, and takes it. */
  private async threadFree(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private async runOnThread(spec: RunSpec, onProgress: ProgressCallback | undefined): Promise<RunResult> {
    const budget = wallTimeBudget(spec, this.runTimeout);
    const state = new SharedRunState();
    const abort = new AbortController();
    const timers = budget.ms + this.graceMs <= MAX_TIMER_MS
      ? [setTimeout(() => state.requestStop(), budget.ms), setTimeout(() => abort.abort(), budget.ms + this.graceMs)]
      : [];
    const channel = onProgress ? new MessageChannel() : undefined;
    channel?.port1.on('message', ([simulated, horizon]: [number, number]) => onProgress!(simulated, horizon));
    const task: WorkerTask = { spec, shared: state.buffer, wallTimeLimit: budget.label, ...(channel ? { progress: channel.port2 } : {}) };
    try {
      return await this.pool.run(task, { signal: abort.signal, ...(channel ? { transferList: [channel.port2] } : {}) });
    } catch (error) {
      if (abort.signal.aborted) return this.terminated(spec, budget, state);
      // The worker catches what a run throws, so landing here means the thread itself died
      // (out of memory, a crash in native code): still this run's failure, not the sweep's.
      return failedResult(spec, describeError(error));
    } finally {
      for (const timer of timers) clearTimeout(timer);
      channel?.port1.close();
    }
  }

  private terminated(spec: RunSpec, budget: WallTimeBudget, state: SharedRunState): RunResult {
    const { simTime, events } = state.where;
    const message =
      `past its wall-clock budget (${budget.label}) and still running ${this.graceMs / 1000} s later: its thread was terminated ` +
      `at simulated time ${simTime} s after ${events} events (its last report)`;
    return failedResult(spec, { name: 'BudgetExceeded', message }, { events });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
