import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { PiscinaExecutor } from '../../sim/runner/piscinaExecutor.js';
import { InlineExecutor } from '../../sim/runner/inlineExecutor.js';
import { runAll } from '../../sim/runner/sweep.js';
import { runModel } from '../../sim/models.js';
import { ensureBuilt } from './build.js';

beforeAll(() => ensureBuilt());

const mmc = { model: 'mmc', lambda: 2, mu: 1, servers: 3, customers: 1000, kernel: 'heap' };
const specs: RunSpec[] = [0, 1, 2].map((replicate) => ({
  scenario: 'pool',
  id: `p0000-r000${replicate}`,
  key: { point: 0, replicate },
  seed: `pool-${replicate}`,
  params: replicate === 1 ? { model: 'no-such-model' } : mmc,
}));

describe('PiscinaExecutor', () => {
  it('returns in worker threads exactly what the inline executor returns, failures included', async () => {
    const pool = new PiscinaExecutor({ workerFile: resolve('dist/runner/worker.mjs'), workers: 2 });
    expect(pool.concurrency).toBe(2);
    const threaded = await runAll(pool, specs).finally(() => pool.close());
    const inline = await runAll(new InlineExecutor(runModel), specs);
    // A stack trace names the file that threw, the bundle in a worker and the source here.
    const withoutStack = (results: RunResult[]) => results.map((r) => (r.error ? { ...r, error: { ...r.error, stack: undefined } } : r));
    expect(withoutStack(threaded)).toEqual(withoutStack(inline));
    expect(threaded.map((result) => result.status)).toEqual(['ok', 'failed', 'ok']);
    expect(threaded[1]!.error).toMatchObject({ name: 'Error', message: 'unknown model "no-such-model" (expected "mmc" or "market")' });
    expect(threaded[1]!.error!.stack).toMatch(/^Error: unknown model "no-such-model"[^\n]*\n\s+at runModel /);
  });

  it('terminates a thread that does not answer within its run timeout and grace, replaces it, and goes on', async () => {
    const stubborn = new PiscinaExecutor({ workerFile: resolve('test/runner/fixtures/stubbornWorker.mjs'), workers: 1, runTimeout: 0.2, graceMs: 200 });
    const runs: RunSpec[] = ['before', 'hang', 'after'].map((id, point) => ({ scenario: 'stubborn', id, key: { point, replicate: 0 }, seed: id, params: {} }));
    const results = await runAll(stubborn, runs).finally(() => stubborn.close());
    expect(results.map((r) => [r.id, r.status])).toEqual([['before', 'ok'], ['hang', 'failed'], ['after', 'ok']]);
    expect(results[1]!.error).toEqual({
      name: 'BudgetExceeded',
      message: 'past its wall-clock budget (--run-timeout 0.2s) and still running 0.2 s later: its thread was terminated at simulated time 0 s after 0 events (its last report)',
    });
  }, 30_000);

  it('explains a missing worker bundle instead of failing every run', () => {
    expect(() => new PiscinaExecutor({ workerFile: '/nonexistent/worker.mjs' })).toThrow(
      'worker bundle not found at /nonexistent/worker.mjs; run "npm run build" first',
    );
  });
});
