import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
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
    expect(threaded).toEqual(inline);
    expect(threaded.map((result) => result.status)).toEqual(['ok', 'failed', 'ok']);
    expect(threaded[1]!.error).toEqual({ name: 'Error', message: 'unknown model "no-such-model" (expected "mmc" or "market")' });
  });

  it('explains a missing worker bundle instead of failing every run', () => {
    expect(() => new PiscinaExecutor({ workerFile: '/nonexistent/worker.mjs' })).toThrow(
      'worker bundle not found at /nonexistent/worker.mjs; run "npm run build" first',
    );
  });
});
