// What `depin-lab sweep --status <id>` reports: the coordinator's board, and the sweep's jobs as
// the queue holds them right now.
import { Queue } from 'bullmq';
import { connectRedis, type RedisEndpoint } from './redisConnection.js';
import { RUN_QUEUE, sweepOfJobId } from './jobs.js';
import { readSweepBoard, type SweepBoardState } from './sweepBoard.js';

export interface SweepStatus {
  /** Absent when the sweep's coordinator never announced it (or its board expired). */
  readonly board: SweepBoardState | undefined;
  readonly queued: number;
  readonly running: number;
  /** Finished on a worker and kept in Redis until the sweep's coordinator has them all on disk. */
  readonly finished: number;
  /** Workers connected to the queue, whichever sweep they serve. */
  readonly workers: number;
}

export async function readSweepStatus(endpoint: RedisEndpoint, timeoutMs: number, sweepId: string): Promise<SweepStatus> {
  const client = await connectRedis(endpoint, { timeoutMs });
  const queue = new Queue(RUN_QUEUE, { connection: client, skipMetasUpdate: true });
  queue.on('error', () => undefined);
  try {
    // Only the in-flight window of each sweep is in the queue at once, so listing ids stays small.
    const count = async (...types: Parameters<Queue['getRanges']>[0]): Promise<number> =>
      (await queue.getRanges(types, 0, -1)).filter((id) => sweepOfJobId(id, sweepId)).length;
    return {
      board: await readSweepBoard(client, sweepId),
      queued: await count('waiting', 'prioritized', 'delayed'),
      running: await count('active'),
      finished: await count('completed', 'failed'),
      workers: await queue.getWorkersCount(),
    };
  } finally {
    await queue.close();
    await client.quit().catch(() => undefined);
  }
}
