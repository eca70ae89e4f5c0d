import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../sim/scenario/runSpec.js';
import { runModel } from '../sim/models.js';
import { runMmc } from '../sim/queueing/mmc.js';
import { executeRun } from '../sim/runner/executeRun.js';

function spec(params: Record<string, unknown>): RunSpec {
  return { scenario: 'mmc', id: 'p0000-r0000', key: { point: 0, replicate: 0 }, seed: 'world-test', params };
}

describe('runModel', () => {
  it('maps an M/M/c run to a RunResult with Erlang C beside the estimates', () => {
    const params = { model: 'mmc', lambda: 2, mu: 1, servers: 3, customers: 500, kernel: 'heap' };
    const result = runModel(spec(params));
    const direct = runMmc({ lambda: 2, mu: 1, servers: 3, customers: 500, kernel: 'heap' }, 'world-test');
    expect(result.status).toBe('ok');
    expect(result.summary).toEqual({
      meanWait: direct.meanWait,
      meanSystemTime: direct.meanSystemTime,
      utilization: direct.utilization,
      served: 500,
      // validation spec §1, the textbook case λ=2, μ=1, c=3: C = 4/9 and Wq = C/(cμ − λ) = 4/9.
      erlangWq: expect.closeTo(4 / 9, 12),
    });
    expect(result.counters).toEqual({ events: direct.events });
    expect(result.series).toEqual({ time: direct.series.time, columns: { queueLength: direct.series.queueLength, busy: direct.series.busy } });
    expect(result.params).toBe(params);
  });

  it('leaves Erlang C out for an unstable queue (λ >= cμ) instead of failing the run', () => {
    const result = runModel(spec({ model: 'mmc', lambda: 3, mu: 1, servers: 2, customers: 200 }));
    expect(result.status).toBe('ok');
    expect(result.summary).not.toHaveProperty('erlangWq');
  });

  it('names an unknown model, which the runner records as a failed run with its seed', () => {
    const message = 'unknown model "no-such-model" (expected "mmc" or "market")';
    expect(() => runModel(spec({ model: 'no-such-model' }))).toThrow(message);
    expect(executeRun(spec({ model: 'no-such-model' }), runModel)).toMatchObject({ status: 'failed', seed: 'world-test', error: { name: 'Error', message } });
  });

  it('rejects a parameter that is not a number with a readable error', () => {
    expect(() => runModel(spec({ model: 'mmc', lambda: '2', mu: 1, servers: 3, customers: 10 }))).toThrow('mmc parameter lambda must be a finite number, found "2"');
  });
});
