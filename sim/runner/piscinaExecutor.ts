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
import type { WorkerTask } from './worker.js';

export interface PiscinaExecutorOptions {
  /** Path or file: URL of the built worker, dist/runner/worker.mjs. */
  readonly workerFile: string | URL;
  /** Defaults to the number of cores the process may use. */
  readonly workers?: number;
}

/**
 * Three 32 MB semi-spaces' worth: V8 sizes the young generation as three semi-spaces. The main
 * thread gets the same with --max-semi-space-size=32 (bin/depin-lab.mjs says why); a worker takes
 * no V8 flags in execArgv, so its size is set here.
 */
const YOUNG_GENERATION_MB = 96;

export class PiscinaExecutor implements Executor {
  readonly concurrency: number;
  private readonly pool: Piscina<WorkerTask, RunResult>;

  constructor(options: PiscinaExecutorOptions) {
    const filename = options.workerFile instanceof URL ? fileURLToPath(options.workerFile) : options.workerFile;
    if (!existsSync(filename)) {
      throw new Error(`worker bundle not found at ${filename}; run "npm run build" first`);
    }
    this.concurrency = options.workers ?? availableParallelism();
    this.pool = new Piscina<WorkerTask, RunResult>({
      filename,
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      execArgv: [],
      // A run allocates many short-lived objects (keys, receipts, bigints); a young generation
      // larger than V8's default (16 MB semi-spaces) scavenges less often: about 15% faster runs.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  async submit(spec: RunSpec, onProgress?: ProgressCallback): Promise<RunResult> {
    const channel = onProgress ? new MessageChannel() : undefined;
    channel?.port1.on('message', ([simulated, horizon]: [number, number]) => onProgress!(simulated, horizon));
    try {
      return await (channel
        ? this.pool.run({ spec, progress: channel.port2 }, { transferList: [channel.port2] })
        : this.pool.run({ spec }));
    } catch (error) {
      // The worker catches what a run throws, so landing here means the thread itself died
      // (out of memory, a crash in native code): still this run's failure, not the sweep's.
      return failedResult(spec, describeError(error));
    } finally {
      channel?.port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
