// `depin-lab sensitivity` and `depin-lab optimize` on Redis workers: the results directory must be
// byte-identical to the local pool's, and a coordinator killed mid-search must resume to the same
// bytes with every run run once.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { directoryBytes } from '../runner/dirBytes.js';
import { killAll, run, start, untilStderr, type Started } from './processes.js';
import { testRedis } from './testRedis.js';

// Database 2 of the test Redis belongs to this file.
const redis = await testRedis(2);

const SENSITIVITY = 'test/cli/fixtures/mmc-sensitivity.yaml'; // 56 points x 2 seeds
const OPTIMIZE = 'test/cli/fixtures/mmc-optimize.yaml'; // baseline + 8 points, x 3 seeds
const SLOW = ['--set', 'customers=10000', '--set', 'kernel=simjs'];

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-distributed-studies-'));
});
afterAll(() => {
  killAll();
  rmSync(root, { recursive: true, force: true });
});

function studyDir(out: string): string {
  const scenario = readdirSync(out)[0]!;
  return join(out, scenario, readdirSync(join(out, scenario))[0]!);
}

async function startWorker(url: string): Promise<Started> {
  const worker = start(['worker', '--redis', url, '--concurrency', '1']);
  await untilStderr(worker, 'taking runs from Redis');
  return worker;
}

async function stopWorkers(workers: readonly Started[]): Promise<number> {
  for (const worker of workers) worker.child.kill('SIGINT');
  const outcomes = await Promise.all(workers.map((worker) => worker.finished));
  return outcomes.reduce((sum, outcome) => sum + Number(/stopped after (\d+) runs/.exec(outcome.stderr)?.[1] ?? Number.NaN), 0);
}

describe.skipIf(!redis)('studies on Redis workers', () => {
  const url = redis?.url ?? '';

  it('sensitivity: the local pool\'s results byte for byte, each run run once', async () => {
    const local = join(root, 'sens-local');
    expect((await run(['sensitivity', SENSITIVITY, '--workers', '2', '--out', local, '--html', join(root, 'r'), '--quiet'])).status).toBe(0);
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(root, 'sens-redis');
    const study = await run(['sensitivity', SENSITIVITY, '--backend', 'redis', '--redis', url, '--out', out, '--html', join(root, 'r'), '--quiet']);
    expect([study.status, study.stderr]).toEqual([0, '']);
    expect(directoryBytes(studyDir(out))).toEqual(directoryBytes(studyDir(local)));
    expect(await stopWorkers(workers)).toBe(112);
  });

  it('optimize: a coordinator killed mid-search resumes to the local search\'s bytes, each run run once', async () => {
    const common = (out: string) => ['optimize', OPTIMIZE, ...SLOW, '--out', out, '--proposals', join(root, 'proposals'), '--html', join(root, 'r'), '--quiet'];
    const local = join(root, 'opt-local');
    expect((await run([...common(local), '--workers', '2'])).status).toBe(0);
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(root, 'opt-redis');
    const args = [...common(out), '--backend', 'redis', '--redis', url];
    const coordinator = start(args);
    while (!(existsSync(out) && readdirSync(out).length > 0 && existsSync(join(studyDir(out), 'search.json')))) {
      expect(coordinator.child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    coordinator.child.kill('SIGKILL');
    await coordinator.finished;
    const resumed = await run([...args, '--resume']);
    expect(resumed.status).toBe(0);
    expect(directoryBytes(studyDir(out))).toEqual(directoryBytes(studyDir(local)));
    // Runs the dead coordinator had queued were collected, not run again: 9 points x 3 seeds.
    expect(await stopWorkers(workers)).toBe(27);
  });
});
