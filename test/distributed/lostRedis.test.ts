// A Redis that goes away mid-sweep must end the coordinator and the workers with a message naming
// it, never leave them waiting. Each test starts (and kills) a Redis of its own, on its own port.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { killAll, start, untilStderr, type Finished } from './processes.js';
import { hasRedisServer, killRedisServers, startRedisServer, type OwnRedis } from './redisServer.js';

if (!hasRedisServer) console.warn('skipping the lost-Redis tests: no redis-server on PATH (apt-get install redis-server)');

let root: string;

beforeAll(() => {
  if (!hasRedisServer) return;
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-lost-redis-'));
});

afterAll(() => {
  killAll();
  killRedisServers();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** What a worker must say, and exit with, once its Redis has been gone for the 1 s allowed. */
function expectLostWorker(stopped: Finished, redis: OwnRedis): void {
  expect(stopped.status, stopped.stderr).toBe(1);
  expect(stopped.stderr).toMatch(new RegExp(`depin-lab worker: lost Redis at 127\\.0\\.0\\.1:${redis.port} for more than 1 s: .+\\n$`));
}

/** What the coordinator must say, and exit with, once its Redis has been gone for the 1 s allowed. */
function expectLostCoordinator(sweep: Finished, redis: OwnRedis): void {
  expect(sweep.status, sweep.stderr).toBe(2);
  expect(sweep.stderr).toMatch(new RegExp(`\\ndepin-lab: lost Redis at 127\\.0\\.0\\.1:${redis.port} for more than 1 s: .+\\n$`));
}

describe.skipIf(!hasRedisServer)('a Redis lost in the middle of a sweep', () => {
  it('ends the coordinator and the worker with the endpoint named, and the sweep can be resumed', async () => {
    const redis = await startRedisServer();
    const out = join(root, 'lost');
    const worker = start(['worker', '--redis', redis.url, '--concurrency', '1', '--timeout', '1']);
    const coordinator = start(['sweep', 'test/distributed/fixtures/mmc-slow.yaml', '--backend', 'redis', '--redis', redis.url, '--timeout', '1', '--out', out]);
    // Both are connected and the coordinator's results directory is open once they say so.
    await untilStderr(worker, 'taking runs from Redis');
    await untilStderr(coordinator, 'runs queued on Redis');
    redis.kill();

    const [sweep, stopped] = await Promise.all([coordinator.finished, worker.finished]);
    expectLostCoordinator(sweep, redis);
    expectLostWorker(stopped, redis);
    // The store was finalized on the way out: a later --resume continues from here.
    expect(existsSync(join(out, 'distributed-slow'))).toBe(true);
  });

  it('ends a coordinator whose Redis goes before any worker has taken a job', async () => {
    const redis = await startRedisServer();
    const out = join(root, 'unworked');
    const coordinator = start(['sweep', 'test/distributed/fixtures/mmc-slow.yaml', '--backend', 'redis', '--redis', redis.url, '--timeout', '1', '--out', out]);
    // No worker exists: every job is still waiting in Redis when it goes.
    await untilStderr(coordinator, 'runs queued on Redis');
    redis.kill();

    expectLostCoordinator(await coordinator.finished, redis);
    expect(existsSync(join(out, 'distributed-slow'))).toBe(true);
  });

  it('ends an idle worker, with no sweep to work on, the same way', async () => {
    const redis = await startRedisServer();
    const worker = start(['worker', '--redis', redis.url, '--concurrency', '1', '--timeout', '1']);
    await untilStderr(worker, 'taking runs from Redis');
    redis.kill();

    expectLostWorker(await worker.finished, redis);
  });
});
