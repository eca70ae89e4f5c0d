// Sweeps through a real Redis with `depin-lab worker` processes: the results directory must be
// byte-identical to the local pool's whatever happens to workers or to the coordinator.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.js';
import { ensureBuilt } from '../runner/build.js';
import { directoryBytes } from '../runner/dirBytes.js';
import { killAll, run, start, untilStderr, type Started } from './processes.js';
import { testRedis } from './testRedis.js';

// Database 1 of the test Redis belongs to this file.
const redis = await testRedis(1);

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-distributed-'));
});
afterAll(() => {
  killAll();
  rmSync(root, { recursive: true, force: true });
});

const SMALL = 'test/runner/fixtures/mmc-sweep.yaml'; // 2 points x 3 replicates
const SLOW = 'test/distributed/fixtures/mmc-slow.yaml'; // 16 replicates of about a second each
const ONE_FAILS = 'test/runner/fixtures/mmc-one-fails.yaml'; // 3 points, the second fails

/** The one sweep directory under results root `out` (results/<scenario>/<sweep id>). */
function sweepDir(out: string): string {
  const scenario = readdirSync(out)[0]!;
  return join(out, scenario, readdirSync(join(out, scenario))[0]!);
}

function runLines(out: string): string[] {
  if (!existsSync(out) || readdirSync(out).length === 0) return [];
  const scenario = join(out, readdirSync(out)[0]!);
  if (readdirSync(scenario).length === 0) return [];
  const file = join(scenario, readdirSync(scenario)[0]!, 'runs.ndjson');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line.endsWith('}')) : [];
}

async function localSweep(scenario: string, name: string, extra: readonly string[] = []): Promise<string> {
  const out = join(root, name);
  const local = await run(['sweep', scenario, '--workers', '2', '--out', out, ...extra]);
  expect(local.stderr).toBe('');
  return sweepDir(out);
}

/** A worker taking one run at a time, resolved once it is connected and waiting for jobs. */
async function startWorker(url: string): Promise<Started> {
  const worker = start(['worker', '--redis', url, '--concurrency', '1']);
  await untilStderr(worker, 'taking runs from Redis');
  return worker;
}

/** Stops workers the polite way and returns how many runs each completed. */
async function stopWorkers(workers: readonly Started[]): Promise<number[]> {
  for (const worker of workers) worker.child.kill('SIGINT');
  const outcomes = await Promise.all(workers.map((worker) => worker.finished));
  return outcomes.map((outcome) => {
    expect(outcome.status).toBe(0);
    const stopped = /stopped after (\d+) runs/.exec(outcome.stderr);
    expect(stopped, outcome.stderr).not.toBeNull();
    return Number(stopped![1]);
  });
}

/** Waits until the coordinator has stored `lines` results, failing if it ended first. */
async function untilStored(coordinator: Started, out: string, lines: number): Promise<void> {
  while (runLines(out).length < lines) {
    // A sweep that ended on its own was never interrupted: fail instead of waiting forever.
    expect(coordinator.child.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ids of the jobs BullMQ's events stream reports as stalled (their worker stopped renewing its lock). */
async function stalledJobs(url: string): Promise<string[]> {
  const client = new Redis(url);
  try {
    const entries = await client.xrange('bull:depin-lab-runs:events', '-', '+');
    return entries.flatMap(([, fields]) => {
      const event = Object.fromEntries(fields.flatMap((_, i) => (i % 2 === 0 ? [[fields[i], fields[i + 1]]] : [])));
      return event['event'] === 'stalled' ? [String(event['jobId'])] : [];
    });
  } finally {
    client.disconnect();
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe.skipIf(!redis)('depin-lab sweep --backend redis', () => {
  const url = redis?.url ?? '';

  it('gives, through two worker processes, the local pool results byte for byte, each run run once', async () => {
    const expected = directoryBytes(await localSweep(SMALL, 'small-local'));
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(root, 'small-redis');
    const sweep = await run(['sweep', SMALL, '--backend', 'redis', '--redis', url, '--out', out]);
    expect([sweep.status, sweep.stdout]).toEqual([0, `6 runs (6 run now), 0 failed: ${sweepDir(out)}\n`]);
    expect(directoryBytes(sweepDir(out))).toEqual(expected);
    expect(sum(await stopWorkers(workers))).toBe(6);

    const id = sweepDir(out).split('/').pop()!;
    expect(sweep.stderr).toBe(
      `sweep ${id}: 6 runs queued on Redis at 127.0.0.1:${new URL(url).port} for depin-lab worker --redis ${url} (progress: depin-lab sweep --status ${id})\n`,
    );
    const status = await run(['sweep', '--status', id, '--redis', url]);
    expect([status.status, status.stdout]).toEqual([
      0,
      `sweep ${id} (runner-sweep): 6/6 runs collected, 0 failed; coordinator finished\n` +
        'queue: 0 queued, 0 running, 0 finished and kept for collection; 0 workers connected\n',
    ]);
  });

  it('loses and duplicates nothing when a worker is killed mid-run and another joins', async () => {
    const expected = directoryBytes(await localSweep(SLOW, 'slow-local'));
    const [doomed, survivor] = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(root, 'slow-worker-killed');
    const coordinator = start(['sweep', SLOW, '--backend', 'redis', '--redis', url, '--out', out]);
    // Each worker takes one run at a time and the queue is never empty before the end, so after a
    // few results the doomed worker is inside a run: its job stalls and goes to another worker.
    await untilStored(coordinator, out, 3);
    doomed.child.kill('SIGKILL');
    const joiner = await startWorker(url);
    const sweep = await coordinator.finished;
    expect([sweep.status, sweep.stdout]).toEqual([0, `16 runs (16 run now), 0 failed: ${sweepDir(out)}\n`]);
    const ids = runLines(out).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids).size).toBe(16);
    expect(directoryBytes(sweepDir(out))).toEqual(expected);
    await stopWorkers([survivor, joiner]);
    // The kill did land inside a run: BullMQ found that run's job stalled and handed it on.
    const id = sweepDir(out).split('/').pop()!;
    expect((await stalledJobs(url)).filter((jobId) => jobId.startsWith(`${id}-`)).length).toBeGreaterThan(0);
  });

  it('resumes a killed coordinator from its results directory, collecting runs finished meanwhile', async () => {
    // Another seed than the test above, so this sweep shares no job with it.
    const seed = ['--seed', '99'];
    const expected = directoryBytes(await localSweep(SLOW, 'slow-local-2', seed));
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(root, 'slow-coordinator-killed');
    const args = ['sweep', SLOW, '--backend', 'redis', '--redis', url, '--out', out, ...seed];
    const coordinator = start(args);
    await untilStored(coordinator, out, 3);
    coordinator.child.kill('SIGKILL');
    await coordinator.finished;
    const before = runLines(out).length;
    expect(before).toBeLessThan(16);
    // Nobody told the board the coordinator died; the queue shows its jobs and the two workers.
    const id = sweepDir(out).split('/').pop()!;
    const status = await run(['sweep', '--status', id, '--redis', url]);
    expect(status.stdout).toMatch(
      new RegExp(
        `^sweep ${id} \\(distributed-slow\\): \\d+/16 runs collected, 0 failed; coordinator running\n` +
          'queue: \\d+ queued, \\d+ running, \\d+ finished and kept for collection; 2 workers connected\n$',
      ),
    );

    expect((await run(args)).stderr).toMatch(/results already exist in .*; pass --resume/);
    const resumed = await run([...args, '--resume']);
    expect([resumed.status, resumed.stdout]).toEqual([0, `16 runs (${16 - before} run now), 0 failed: ${sweepDir(out)}\n`]);
    expect(directoryBytes(sweepDir(out))).toEqual(expected);
    // Runs the dead coordinator had queued were not run again: each of the 16 ran exactly once.
    expect(sum(await stopWorkers(workers))).toBe(16);
  });

  it('records a run that fails for a model reason once, without retrying it, and exits 1', async () => {
    const workers = [await startWorker(url)];
    const out = join(root, 'one-fails');
    const sweep = await run(['sweep', ONE_FAILS, '--backend', 'redis', '--redis', url, '--out', out, '--quiet']);
    expect(sweep.status).toBe(1);
    const runs = runLines(out).map((line) => JSON.parse(line) as { status: string; error?: unknown });
    expect(runs.map((line) => line.status)).toEqual(['ok', 'failed', 'ok']);
    // Its event budget stops it, as the local-pool sweep test in test/runner/sweep.test.ts records it.
    expect(runs[1]!.error).toMatchObject({ name: 'BudgetExceeded', message: expect.stringMatching(/^stopped by its event budget \(limits\.maxEvents = 50000\)/) });
    expect(await stopWorkers(workers)).toEqual([3]);
  });
});

describe('depin-lab with no Redis to reach', () => {
  // Nothing listens on port 1 of the loopback address, so the connection is refused at once.
  const nowhere = 'redis://127.0.0.1:1';
  const refused = `depin-lab: cannot reach Redis at 127.0.0.1:1 (${nowhere}) after trying for 0.5 s: connect ECONNREFUSED 127.0.0.1:1\n`;

  beforeAll(() => ensureBuilt());

  it('fails a sweep with the host and port it tried, leaving no results directory', async () => {
    const out = join(root, 'nowhere');
    const sweep = await run(['sweep', SMALL, '--backend', 'redis', '--redis', nowhere, '--timeout', '0.5', '--out', out]);
    expect([sweep.status, sweep.stderr]).toEqual([2, refused]);
    expect(existsSync(out)).toBe(false);
  });

  it('fails a worker and a status query the same way', async () => {
    const worker = await run(['worker', '--redis', nowhere, '--timeout', '0.5']);
    expect([worker.status, worker.stderr]).toEqual([2, refused]);
    const status = await run(['sweep', '--status', 'abc', '--redis', nowhere, '--timeout', '0.5']);
    expect([status.status, status.stderr]).toEqual([2, refused]);
  });

  it('rejects backend options that do not go together, before connecting to anything', async () => {
    const cases: [string[], string][] = [
      [['sweep', SMALL, '--redis', nowhere], '--redis needs --backend redis'],
      [['sweep', SMALL, '--timeout', '3'], '--timeout needs --backend redis'],
      [['sweep', SMALL, '--backend', 'redis', '--workers', '2'], '--workers sets local threads; with --backend redis, start workers with depin-lab worker --concurrency N'],
      [['sweep', SMALL, '--backend', 'cluster'], '--backend must be local or redis, found "cluster"'],
      [['worker', '--redis', 'http://127.0.0.1:6379'], '"http://127.0.0.1:6379" is not a redis:// URL; expected redis://host:port'],
      [['worker', '--timeout', '0'], '--timeout must be a positive number of seconds, found "0"'],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect([await main(args, io), io.err]).toEqual([2, `depin-lab: ${message}\n`]);
    }
    const io = captureIo();
    expect(await main(['sweep', '--status', 'abc', SMALL], io)).toBe(2);
    expect(io.err).toMatch(/^depin-lab: usage: depin-lab sweep .*\| sweep --status <sweep id>/);
  });
});

function captureIo() {
  const io = {
    err: '',
    stdout: { write: (text: string) => text },
    stderr: { isTTY: false, write: (text: string) => (io.err += text) },
    now: () => 0,
    env: {},
  };
  return io;
}
