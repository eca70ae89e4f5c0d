// The coordinator's side of a distributed sweep: each submitted spec becomes one BullMQ job on
// the shared run queue, and its result comes back through the job's return value. Workers on any
// machine (`depin-lab worker`) run the jobs; this class never runs a model itself.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunSpec } from '../../scenario/runSpec.js';
import type { RunResult } from '../../scenario/runResult.js';
import type { Executor } from '../executor.js';
import { failedResult } from '../executeRun.js';
import { connectRedis, whenLost, type RedisEndpoint, type RedisEvents, type RedisUnavailableError } from './redisConnection.js';
import { decodeResult, encodePlainData, RUN_JOB_NAME, RUN_JOB_OPTIONS, RUN_QUEUE, runJobId, sweepOfJobId, type RunJobData } from './jobs.js';
import { closeQueueEvents, untilJobFinished } from './queueEvents.js';
import { SweepBoard, type SweepHeader } from './sweepBoard.js';

export interface BullmqExecutorOptions {
  readonly endpoint: RedisEndpoint;
  /** How long to wait for Redis, at start and after losing it, before failing the sweep. */
  readonly timeoutMs: number;
  readonly sweepId: string;
  /**
   * Jobs the coordinator keeps queued is twice this (see executeAll): enough that workers joining
   * mid-sweep find work waiting, few enough that Redis holds a bounded slice of a huge sweep.
   */
  readonly window?: number;
}

const DEFAULT_WINDOW = 64;

export class BullmqExecutor implements Executor {
  readonly concurrency: number;
  private closing = false;
  private board: SweepBoard | undefined;
  /** Settles only if Redis is lost; every wait on Redis during the sweep races against it. */
  private readonly lost: Promise<never>;

  private constructor(
    private readonly client: Redis,
    eventsConnection: RedisEvents,
    private readonly queue: Queue<RunJobData, string>,
    private readonly events: QueueEvents,
    private readonly sweepId: string,
    endpoint: RedisEndpoint,
    timeoutMs: number,
    window: number,
  ) {
    this.concurrency = window;
    const lost = Promise.race([whenLost(client, endpoint, timeoutMs), whenLost(eventsConnection, endpoint, timeoutMs)]);
    this.lost = lost.then((error: RedisUnavailableError) => {
      if (this.closing) return new Promise<never>(() => undefined);
      throw error;
    });
    this.lost.catch(() => undefined); // observed by each submit; this keeps it from being unhandled
  }

  static async connect(options: BullmqExecutorOptions): Promise<BullmqExecutor> {
    const client = await connectRedis(options.endpoint, { timeoutMs: options.timeoutMs });
    const queue = new Queue<RunJobData, string>(RUN_QUEUE, { connection: client });
    // QueueEvents blocks on XREAD, so BullMQ gives it a copy of the client (same retry policy):
    // that copy is the connection the results arrive on, and the one watched below.
    const events = new QueueEvents(RUN_QUEUE, { connection: client });
    // Connection errors are the lost-Redis watchdog's business; without listeners BullMQ's
    // 'error' events would crash the process instead.
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    const window = options.window ?? DEFAULT_WINDOW;
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const eventsConnection = await events.getBackend().client;
    return new BullmqExecutor(client, eventsConnection, queue, events, options.sweepId, options.endpoint, options.timeoutMs, window);
  }

  /** Publishes the sweep's progress for `depin-lab sweep --status`; counts every result from now on. */
  async announce(header: Omit<SweepHeader, 'id'>): Promise<void> {
    // Raced like every submit: a Redis lost before the board is written is reported as lost.
    this.board = await Promise.race([this.lost, SweepBoard.open(this.client, { ...header, id: this.sweepId })]);
  }

  async submit(spec: RunSpec): Promise<RunResult> {
    const result = await Promise.race([this.lost, this.runOnQueue(spec)]);
    this.board?.runFinished(result.status === 'failed');
    return result;
  }

  async close(): Promise<void> {
    this.closing = true;
    const state = await this.board?.close().catch(() => undefined);
    // Every result of a finished sweep is on disk: its jobs need not wait to be trimmed.
    if (state === 'finished') await this.removeFinishedJobs().catch(() => undefined);
    await closeQueueEvents(this.events);
    await this.queue.close();
    await this.client.quit().catch(() => undefined);
  }

  private async removeFinishedJobs(): Promise<void> {
    const ids = await this.queue.getRanges(['completed', 'failed'], 0, -1);
    for (const id of ids.filter((jobId) => sweepOfJobId(jobId, this.sweepId))) await this.queue.remove(id);
  }

  private async runOnQueue(spec: RunSpec): Promise<RunResult> {
    const jobId = runJobId(this.sweepId, spec);
    // With a job of this id already in Redis (a resumed coordinator), add() returns it untouched:
    // a finished one hands over its stored result, an unfinished one is simply waited for.
    const job = await this.queue.add(RUN_JOB_NAME, { spec: encodePlainData(spec) }, { ...RUN_JOB_OPTIONS, jobId });
    const outcome = await untilJobFinished(this.queue, this.events, job.id ?? jobId);
    if ('completed' in outcome) return decodeResult(outcome.completed);
    // The job failed for good: its attempts ran out, or its workers kept dying under it.
    return failedResult(spec, { name: 'JobFailed', message: `the run's job failed on the workers: ${outcome.failedReason}` });
  }
}
