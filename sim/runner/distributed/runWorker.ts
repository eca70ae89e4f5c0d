// A worker machine's side of a distributed sweep: pulls run jobs from the shared queue and runs
// them on a local piscina pool, one job per thread. Any number of these may join or leave while a
// sweep runs; a job whose worker dies is handed to another by BullMQ's stalled-job check.
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunSpec } from '../../scenario/runSpec.js';
import { PiscinaExecutor } from '../piscinaExecutor.js';
import { connectRedis, whenLost, type RedisEndpoint, type RedisUnavailableError } from './redisConnection.js';
import { decodePlainData, encodeResult, MAX_STALLS, RUN_QUEUE, STALLED_CHECK_MS, WORKER_LOCK_MS, type RunJobData } from './jobs.js';

export interface RunWorkerOptions {
  readonly endpoint: RedisEndpoint;
  readonly timeoutMs: number;
  /** Runs at once, each on its own thread (default: the cores available). */
  readonly concurrency?: number;
  /** The built piscina worker, dist/runner/worker.mjs. */
  readonly workerFile: string | URL;
  /** Where the worker's connection and job errors are reported (they do not stop it). */
  readonly onError: (message: string) => void;
}

export class RunWorker {
  private finished = 0;
  private stopping = false;
  /** Resolves with the reason if Redis goes away for longer than the timeout. */
  readonly lost: Promise<RedisUnavailableError>;

  private constructor(
    private readonly client: Redis,
    private readonly pool: PiscinaExecutor,
    private readonly worker: Worker<RunJobData, string>,
    endpoint: RedisEndpoint,
    timeoutMs: number,
  ) {
    // An 'end' while stopping is our own quit, not a lost Redis.
    this.lost = whenLost(client, endpoint, timeoutMs).then((error) => (this.stopping ? new Promise<never>(() => undefined) : error));
    worker.on('completed', () => {
      this.finished += 1;
    });
  }

  static async start(options: RunWorkerOptions): Promise<RunWorker> {
    // The pool first: a missing bundle is reported before anything touches Redis.
    const pool = new PiscinaExecutor({ workerFile: options.workerFile, workers: options.concurrency });
    const concurrency = pool.concurrency;
    let client: Redis;
    try {
      client = await connectRedis(options.endpoint, { timeoutMs: options.timeoutMs });
    } catch (error) {
      await pool.close();
      throw error;
    }
    const worker = new Worker<RunJobData, string>(
      RUN_QUEUE,
      // PiscinaExecutor turns whatever a run throws, even a dead thread, into a failed RunResult
      // that completes the job. What can still fail a job is bounded: a processor error (bad job
      // data, a closed pool) by the job's attempts, a worker process dying under it by MAX_STALLS.
      async (job: Job<RunJobData, string>) => encodeResult(await pool.submit(decodePlainData<RunSpec>(job.data.spec))),
      {
        connection: client,
        concurrency,
        lockDuration: WORKER_LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        maxStalledCount: MAX_STALLS,
      },
    );
    // A Redis that is down repeats the same error on every reconnect; once is enough to say so.
    let lastError = '';
    worker.on('error', (error: Error) => {
      if (error.message !== lastError) options.onError(error.message);
      lastError = error.message;
    });
    await worker.waitUntilReady();
    return new RunWorker(client, pool, worker, options.endpoint, options.timeoutMs);
  }

  /** Runs at once. */
  get concurrency(): number {
    return this.pool.concurrency;
  }

  /** Jobs this worker has completed. */
  get completed(): number {
    return this.finished;
  }

  /**
   * Finishes the runs in hand, then disconnects; new jobs are no longer taken. With `abandon`
   * (Redis is gone, so no result could be delivered) the runs in hand are dropped: their jobs
   * stall and go to another worker.
   */
  async stop(abandon = false): Promise<void> {
    this.stopping = true;
    await this.worker.close(abandon);
    await this.pool.close();
    await this.client.quit().catch(() => undefined);
  }
}
