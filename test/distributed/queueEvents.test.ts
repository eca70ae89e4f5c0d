// The coordinator's waits on BullMQ: a job's outcome told apart from a lost Redis, and a QueueEvents
// that closes whatever state its connection is in. Each test has a redis-server of its own.
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { closeQueueEvents, untilJobFinished } from '../../sim/runner/distributed/queueEvents.js';
import { connectRedis, parseRedisUrl } from '../../sim/runner/distributed/redisConnection.js';
import { hasRedisServer, killRedisServers, startRedisServer, type OwnRedis } from './redisServer.js';

const QUEUE = 'depin-lab-queue-events-test';

afterAll(() => killRedisServers());

interface Bench {
  readonly redis: OwnRedis;
  readonly client: Redis;
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/** A queue and its events on a fresh server; Redis given up on 1 s after it goes. */
async function bench(): Promise<Bench> {
  const redis = await startRedisServer();
  const client = await connectRedis(parseRedisUrl(redis.url), { timeoutMs: 1_000 });
  client.on('error', () => undefined);
  const queue = new Queue(QUEUE, { connection: client });
  const events = new QueueEvents(QUEUE, { connection: client });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return { redis, client, queue, events };
}

async function tearDown({ redis, client, queue, events }: Bench): Promise<void> {
  await closeQueueEvents(events);
  await queue.close();
  client.disconnect();
  redis.kill();
}

/** Runs every job of the queue once with `processor`, and resolves when `jobId` is done. */
async function work(bench: Bench, jobId: string, processor: () => Promise<string>): Promise<void> {
  const worker = new Worker(QUEUE, processor, { connection: bench.client });
  worker.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    const done = (job: { id?: string } | undefined): void => {
      if (job?.id === jobId) resolve();
    };
    worker.on('completed', done);
    worker.on('failed', done);
  });
  await worker.close();
}

describe.skipIf(!hasRedisServer)('untilJobFinished', () => {
  it('hands over the return value of a job that finished before anyone waited', async () => {
    const b = await bench();
    await b.queue.add('run', {}, { jobId: 'early' });
    await work(b, 'early', async () => 'the result');
    await expect(untilJobFinished(b.queue, b.events, 'early')).resolves.toEqual({ completed: 'the result' });
    await tearDown(b);
  });

  it('reports a job failed for good as a failure, with its reason, not as an error', async () => {
    const b = await bench();
    await b.queue.add('run', {}, { jobId: 'doomed', attempts: 1 });
    const outcome = untilJobFinished(b.queue, b.events, 'doomed');
    await work(b, 'doomed', async () => {
      throw new Error('bad job data');
    });
    await expect(outcome).resolves.toEqual({ failedReason: 'bad job data' });
    await tearDown(b);
  });

  it('rejects, instead of crashing or waiting forever, once Redis is gone', async () => {
    const b = await bench();
    const ended = new Promise((resolve) => b.client.once('end', resolve));
    b.redis.kill();
    await ended;
    await expect(untilJobFinished(b.queue, b.events, 'any')).rejects.toThrow('Connection is closed');
    await tearDown(b);
  });
});

describe.skipIf(!hasRedisServer)('closeQueueEvents', () => {
  // A hang is the failure this catches: QueueEvents.close() alone never settles here, and the
  // test then fails on its timeout. The 1 s retry allowance ends the wait in about 0.6 s.
  it('settles when the events connection is between two reconnect attempts', async () => {
    const b = await bench();
    const connection = await b.events.getBackend().client;
    const reconnecting = new Promise((resolve) => connection.once('reconnecting', resolve));
    b.redis.kill();
    // The moment of the hang: the connection has dropped and waits to try again.
    await reconnecting;
    expect(connection.status).toBe('reconnecting');

    await closeQueueEvents(b.events);
    expect(connection.status).toBe('end');
    await tearDown(b);
  }, 30_000);
});
