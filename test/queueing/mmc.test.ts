// The M/M/c model against Erlang C (validation spec §1), on each kernel.
//
// Method: R = 16 independent replications (seeds "mmc-0" .. "mmc-15") of 50,000 customers each,
// the first 5,000 discarded as warm-up (the queue starts empty; at ρ = 0.8 it forgets that within
// a few hundred customers). Each replication's mean is one observation; the 99.9% interval is
// mean ± t(0.9995, 15)·s/√16 with t(0.9995, 15) = 4.073 (computed by studentTQuantile, checked
// against the NIST table in test/analysis/confidence.test.ts). A correct model lands outside it
// with probability 0.001 per check; the seeds are fixed, so the outcome is reproducible.
import { describe, expect, it } from 'vitest';
import { mmcSteadyState } from '../../sim/analysis/erlang.js';
import { contains, replicationInterval } from '../../sim/analysis/confidence.js';
import { runMmc, type MmcParams, type MmcResult } from '../../sim/queueing/mmc.js';

const REPLICATIONS = 16;
const CUSTOMERS = 50_000;
const WARMUP = 5_000;
const LEVEL = 0.999;

const CASES: [number, number, number][] = [
  [2, 1, 3],
  [0.8, 1, 1],
  [3.2, 1, 4],
  [6, 1, 10],
];

function replicate(kernel: 'simjs' | 'heap', lambda: number, mu: number, servers: number): MmcResult[] {
  const params: MmcParams = { lambda, mu, servers, customers: CUSTOMERS, warmup: WARMUP, kernel };
  return Array.from({ length: REPLICATIONS }, (_, r) => runMmc(params, `mmc-${r}`));
}

const heapResults = new Map<string, MmcResult[]>();

describe.each(['heap', 'simjs'] as const)('M/M/c on the %s kernel', (kernel) => {
  it.each(CASES)('λ = %d, μ = %d, c = %d: Erlang C lies in the 0.999 intervals of Wq, W, utilization, P(wait), and the time-averaged L and Lq', (lambda, mu, c) => {
    const results = replicate(kernel, lambda, mu, c);
    const exact = mmcSteadyState(lambda, mu, c);
    const wq = replicationInterval(results.map((r) => r.meanWait), LEVEL);
    const w = replicationInterval(results.map((r) => r.meanSystemTime), LEVEL);
    const utilization = replicationInterval(results.map((r) => r.utilization), LEVEL);
    const waited = replicationInterval(results.map((r) => r.waitProbability), LEVEL);
    const l = replicationInterval(results.map((r) => r.meanInSystem), LEVEL);
    const lq = replicationInterval(results.map((r) => r.meanInQueue), LEVEL);
    expect(contains(wq, exact.wq), `Wq ${exact.wq} vs ${wq.mean} ± ${wq.halfWidth}`).toBe(true);
    expect(contains(w, exact.w), `W ${exact.w} vs ${w.mean} ± ${w.halfWidth}`).toBe(true);
    expect(contains(utilization, exact.rho), `ρ ${exact.rho} vs ${utilization.mean} ± ${utilization.halfWidth}`).toBe(true);
    expect(contains(waited, exact.waitProbability), `C ${exact.waitProbability} vs ${waited.mean} ± ${waited.halfWidth}`).toBe(true);
    expect(contains(l, exact.l), `L ${exact.l} vs ${l.mean} ± ${l.halfWidth}`).toBe(true);
    expect(contains(lq, exact.lq), `Lq ${exact.lq} vs ${lq.mean} ± ${lq.halfWidth}`).toBe(true);
    // A wide enough interval would contain anything: keep it within 20% of Wq to have power.
    expect(wq.halfWidth).toBeLessThan(0.2 * exact.wq);

    for (const r of results) {
      expect(r.served).toBe(CUSTOMERS);
      expect(r.events).toBe(2 * CUSTOMERS); // one arrival and one departure per customer
    }
    const key = `${lambda}/${mu}/${c}`;
    if (kernel === 'heap') heapResults.set(key, results);
    // Same seeds, same sample path: the kernels must agree to the last bit.
    else expect(results).toEqual(heapResults.get(key));
  });
});

describe('runMmc', () => {
  const params: MmcParams = { lambda: 2, mu: 1, servers: 3, customers: 20_000, warmup: 1_000, kernel: 'heap' };

  it('is a deterministic function of (params, seed)', () => {
    expect(runMmc(params, 'same')).toEqual(runMmc(params, 'same'));
    expect(runMmc(params, 'other').meanWait).not.toBe(runMmc(params, 'same').meanWait);
  });

  it('samples a series of at most 200 evenly spaced points with feasible states', () => {
    for (const customers of [20_000, 333]) {
      const { series } = runMmc({ ...params, customers, warmup: 0 }, 'series');
      expect(series.time.length).toBeGreaterThanOrEqual(50);
      expect(series.time.length).toBeLessThanOrEqual(200);
      expect(series.queueLength.length).toBe(series.time.length);
      expect(series.busy.length).toBe(series.time.length);
      const step = (series.time[1] as number) - (series.time[0] as number);
      series.time.forEach((t, i) => expect(t).toBeCloseTo(i * step, 9));
      series.busy.forEach((b, i) => {
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(3);
        // Customers only wait while every server is busy.
        if ((series.queueLength[i] as number) > 0) expect(b).toBe(3);
      });
    }
  });

  it('integrates the number in system over time: with every customer measured, L · window = Σ W exactly (Little on the sample path)', () => {
    // No warm-up: every customer arrives and leaves inside the window, so the area under N(t) is
    // the sum of the times in system, and L = (n/window) · W up to rounding.
    const r = runMmc({ ...params, warmup: 0, customers: 5_000 }, 'little');
    expect(r.meanInSystem * r.window).toBeCloseTo(5_000 * r.meanSystemTime, 6);
    expect(r.meanInQueue * r.window).toBeCloseTo(5_000 * r.meanWait, 6);
  });

  it('one customer alone: in the system the whole window, never waiting', () => {
    const r = runMmc({ lambda: 1, mu: 1, servers: 1, customers: 1, warmup: 0, kernel: 'heap' }, 'alone');
    expect([r.meanInSystem, r.meanInQueue, r.waitProbability]).toEqual([1, 0, 0]);
    expect(r.window).toBe(r.meanSystemTime);
  });

  it('gives zero wait when servers always outnumber customers in the system', () => {
    const r = runMmc({ lambda: 0.5, mu: 1, servers: 1000, customers: 500, kernel: 'simjs' }, 'idle');
    expect(r.meanWait).toBe(0);
    expect(r.served).toBe(500);
  });

  it('rejects bad parameters with a RangeError that names the parameter', () => {
    expect(() => runMmc({ ...params, lambda: 0 }, 's')).toThrow(/lambda/);
    expect(() => runMmc({ ...params, mu: Number.NaN }, 's')).toThrow(/mu/);
    expect(() => runMmc({ ...params, servers: 1.5 }, 's')).toThrow(/servers/);
    expect(() => runMmc({ ...params, customers: 0 }, 's')).toThrow(/customers/);
    expect(() => runMmc({ ...params, warmup: 20_000 }, 's')).toThrow(/warmup/);
    expect(() => runMmc({ ...params, kernel: 'fast' as 'heap' }, 's')).toThrow(/kernel/);
  });
});
