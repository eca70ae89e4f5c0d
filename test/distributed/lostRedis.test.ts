// A Redis that goes away mid-sweep must end the coordinator and the workers with a message naming
// it, never leave them waiting. This file starts (and kills) a Redis of its own, on its own port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { killAll, start, untilStderr } from './processes.js';

const PORT = 6491;
const URL = `redis://127.0.0.1:${PORT}`;
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('skipping the lost-Redis test: no redis-server on PATH (apt-get install redis-server)');

let server: ChildProcess | undefined;
let root: string;

async function answers(): Promise<boolean> {
  const client = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

beforeAll(async () => {
  if (!hasRedisServer) return;
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-lost-redis-'));
  server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  while (!(await answers())) {
    // A server that could not start (the port is taken) would be waited for forever.
    expect(server.exitCode, `redis-server could not start on port ${PORT}`).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(() => {
  killAll();
  server?.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!hasRedisServer)('a Redis lost in the middle of a sweep', () => {
  it('ends the coordinator and the worker with the endpoint named, and the sweep can be resumed', async () => {
    const out = join(root, 'lost');
    const worker = start(['worker', '--redis', URL, '--concurrency', '1', '--timeout', '1']);
    const coordinator = start(['sweep', 'test/distributed/fixtures/mmc-slow.yaml', '--backend', 'redis', '--redis', URL, '--timeout', '1', '--out', out]);
    // Both are connected and the coordinator's results directory is open once they say so.
    await untilStderr(worker, 'taking runs from Redis');
    await untilStderr(coordinator, 'runs queued on Redis');
    server!.kill('SIGKILL');

    const [sweep, stopped] = await Promise.all([coordinator.finished, worker.finished]);
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toMatch(new RegExp(`\\ndepin-lab: lost Redis at 127\\.0\\.0\\.1:${PORT} for more than 1 s: .+\\n$`));
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toMatch(new RegExp(`depin-lab worker: lost Redis at 127\\.0\\.0\\.1:${PORT} for more than 1 s: .+\\n$`));
    // The store was finalized on the way out: a later --resume continues from here.
    expect(existsSync(join(out, 'distributed-slow'))).toBe(true);
  });
});
