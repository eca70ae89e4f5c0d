// The procurement experiment on the lease market (validation spec §3).
import { describe, expect, it } from 'vitest';
import { expectedPrice } from '../../sim/analysis/auctions.js';
import { contains, replicationInterval } from '../../sim/analysis/confidence.js';
import { runProcurement, type ProcurementParams } from '../../sim/validation/procurement.js';

const base: ProcurementParams = { bidders: 1, format: 'first-price', auctions: 40, costCeiling: 2, reserveShare: 1 };

describe('procurement on the lease market, by hand', () => {
  it('a lone first-price bidder asks the reserve: b(c) = c + (r − c)/1 = r, so every auction pays r', () => {
    const r = runProcurement(base, 'lone');
    expect(r.trades).toBe(40);
    // perBlockPrice rounds to 1e-12 micro-USD per block on 3,333 per block: far below 1e-9.
    for (const p of r.payments) expect(p).toBeCloseTo(1, 9);
    expect(r.incompleteAuctions).toBe(0);
  });

  it('a lone second-price bidder pays the reserve too: an absent rival bids r', () => {
    const r = runProcurement({ ...base, format: 'second-price' }, 'lone');
    for (const p of r.payments) expect(p).toBeCloseTo(1, 9);
  });

  it('with a reserve at half the cost range, a lone bidder trades at r exactly when its cost is below r; the market refuses the rest', () => {
    const r = runProcurement({ ...base, reserveShare: 0.5 }, 'reserve');
    // b(c) = c + [(1 − c) − (1 − r)]/1 = r for c ≤ r: each payment is r/c̄ = 0.5 or, with no trade, 0.
    for (const p of r.payments) expect(p === 0 || Math.abs(p - 0.5) < 1e-9).toBe(true);
    expect(r.payments.filter((p) => p > 0)).toHaveLength(r.trades);
    expect(r.bidsRefusedOverReserve).toBe(40 - r.trades);
    expect(r.trades).toBeGreaterThan(0);
    expect(r.trades).toBeLessThan(40);
    expect(r.leasesAboveReserve).toBe(0);
  });

  it('collects every bid before the pick, and is a deterministic function of the seed', () => {
    const params = { ...base, bidders: 10, auctions: 30 };
    const r = runProcurement(params, 'seed-a');
    expect(r.incompleteAuctions).toBe(0);
    expect(r.payments).toHaveLength(30);
    expect(runProcurement(params, 'seed-a')).toEqual(r);
    expect(runProcurement(params, 'seed-b').payments).not.toEqual(r.payments);
  });

  it('rejects bad parameters with a RangeError naming the field', () => {
    expect(() => runProcurement({ ...base, bidders: 0 }, 's')).toThrow(/bidders/);
    expect(() => runProcurement({ ...base, auctions: 1.5 }, 's')).toThrow(/auctions/);
    expect(() => runProcurement({ ...base, reserveShare: 0 }, 's')).toThrow(/reserveShare/);
    expect(() => runProcurement({ ...base, costCeiling: -1 }, 's')).toThrow(/costCeiling/);
    expect(() => runProcurement({ ...base, format: 'dutch' as 'first-price' }, 's')).toThrow(/format/);
  });
});

describe('procurement on the lease market, against revenue equivalence', () => {
  // 10 replications of 100 auctions, n = 3. First price pays (1 + 2c₍₁₎)/3 with Var c₍₁₎ = 3/80, so
  // Var = 1/60; second price pays c₍₂₎ with Var = 2·2/(4²·5) = 1/20. A replication's mean then has
  // sd 0.013 or 0.022, and the 99.9% half-width t(0.9995, 9)·sd/√10 is about 0.02 or 0.034: narrow
  // enough to tell 2/(n + 1) = 0.5 from n = 2's 0.667 or n = 5's 0.333.
  it.each(['first-price', 'second-price'] as const)('%s with n = 3 averages 2/(n + 1) = 0.5 within the 99.9 percent t-interval', (format) => {
    const means = Array.from({ length: 10 }, (_, i) => {
      const r = runProcurement({ bidders: 3, format, auctions: 100, costCeiling: 2, reserveShare: 1 }, `test-${format}-${i}`);
      expect(r.leasesAboveReserve).toBe(0);
      expect(r.incompleteAuctions).toBe(0);
      return r.payments.reduce((a, p) => a + p, 0) / r.payments.length;
    });
    const interval = replicationInterval(means, 0.999);
    expect(contains(interval, expectedPrice(3)), `${interval.mean} ± ${interval.halfWidth}`).toBe(true);
    expect(interval.halfWidth).toBeLessThan(0.06);
  });
});
