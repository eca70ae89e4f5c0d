// The one definition of provider_margin_usd and provider_idle_cost_usd (sim/agents/providerBooks.ts),
// pinned by hand: first on books written out in the test, then on the hand-computed lease world of
// test/world/leaseAuction.test.ts, where every figure is known.
import { describe, expect, it } from 'vitest';
import { createKernel } from '../../sim/engine/index.js';
import { marginOf, ServiceMeter, type ProviderBooks } from '../../sim/agents/providerBooks.js';
import { HOUR_JOB, makeLeaseWorld } from '../world/leaseHarness.js';

function books(b: Partial<ProviderBooks> & { revenue: bigint; inService: number; busy: number }): ProviderBooks {
  return {
    address: 'p',
    gpuModel: 'H100',
    costPerGpuHour: 2,
    revenueMicro: () => b.revenue,
    inServiceGpuSeconds: () => b.inService,
    busyGpuSeconds: () => b.busy,
    ...b,
  };
}

describe('the margin of providers', () => {
  it('charges cost on every GPU-hour in service, idle or busy', () => {
    // 8 GPUs in service for 10 h = 80 GPU-hours at 2 USD = 160 USD of cost; 30 GPU-hours sold for
    // 90 USD (3 USD per GPU-hour). Margin 90 − 160 = −70; idle 50 GPU-hours · 2 = 100 USD.
    const m = marginOf([books({ revenue: 90_000_000n, inService: 80 * 3600, busy: 30 * 3600 })]);
    expect(m).toEqual({ revenueUsd: 90, costUsd: 160, idleCostUsd: 100, marginUsd: -70 });
  });

  it('adds providers of different costs, and counts no idle cost below zero', () => {
    // A: 1.5 USD · 4 GPU-hours = 6 USD, all busy, paid 7.5: +1.5. B: 0.5 USD · 2 GPU-hours = 1 USD,
    // the market counted 2.1 GPU-hours busy (an outage report a few seconds late): idle 0, paid 0.
    const a = books({ address: 'a', costPerGpuHour: 1.5, revenue: 7_500_000n, inService: 4 * 3600, busy: 4 * 3600 });
    const b = books({ address: 'b', costPerGpuHour: 0.5, revenue: 0n, inService: 2 * 3600, busy: 2.1 * 3600 });
    expect(marginOf([a, b])).toEqual({ revenueUsd: 7.5, costUsd: 7, idleCostUsd: 0, marginUsd: 0.5 });
    expect(marginOf([])).toEqual({ revenueUsd: 0, costUsd: 0, idleCostUsd: 0, marginUsd: 0 });
  });

  it('in the hand-computed lease world: A earns 6 USD on 3 busy GPU-hours of its 8.89 in service, B and C earn nothing', () => {
    const w = makeLeaseWorld();
    w.addTenant(HOUR_JOB);
    w.runTo(4000);
    const [A, B, C] = [w.providers.A.account, w.providers.B.account, w.providers.C.account];
    // Every provider has 8 GPUs up and in the market from t = 0 to 4000: 32,000 GPU-seconds.
    for (const p of [A, B, C]) expect(p.inServiceGpuSeconds()).toBe(32_000);
    // A's lease of 3 GPUs runs from its receipt at t = 84 to the close at t = 3684: 10,800 GPU-seconds.
    expect([A.busyGpuSeconds(), B.busyGpuSeconds(), C.busyGpuSeconds()]).toEqual([10_800, 0, 0]);
    // Escrow paid 7,500,000 for the lease; the take kept 1,500,000 (leaseAuction.test.ts).
    expect(A.revenueMicro()).toBe(6_000_000n);
    // Cost: (1.6 + 1.92 + 2.0) USD · 32,000/3600 GPU-hours = 5.52 · 8.8889 = 49.0667 USD.
    // Idle: A 1.6 · (32,000 − 10,800)/3600 = 9.4222; B 1.92 · 8.8889 = 17.0667; C 2 · 8.8889 = 17.7778.
    const m = marginOf([A, B, C]);
    expect(m.revenueUsd).toBe(6);
    expect(m.costUsd).toBeCloseTo((5.52 * 32_000) / 3600, 9);
    expect(m.marginUsd).toBeCloseTo(6 - (5.52 * 32_000) / 3600, 9);
    expect(m.idleCostUsd).toBeCloseTo((1.6 * 21_200 + 1.92 * 32_000 + 2 * 32_000) / 3600, 9);
  });
});

describe('the service meter', () => {
  it('integrates GPUs over the time they are up and in the market', () => {
    const kernel = createKernel('heap');
    const meter = new ServiceMeter(kernel, 4);
    kernel.schedule(10, () => meter.setUp(false));
    kernel.schedule(15, () => meter.setUp(true));
    kernel.schedule(20, () => meter.setInMarket(false));
    kernel.schedule(25, () => meter.setUp(false));
    kernel.schedule(30, () => meter.setUp(true));
    kernel.schedule(40, () => meter.setInMarket(true));
    kernel.run(50);
    // Up and in: [0, 10), [15, 20), [40, 50): 25 s · 4 GPUs.
    expect(meter.gpuSeconds()).toBe(100);
  });
});
