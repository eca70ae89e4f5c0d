// Procurement auctions through the real lease market (validation spec §3), at sizes a test can run:
// hand-computed cases first, then revenue equivalence on a small sample.
import { describe, expect, it } from 'vitest';
import { expectedPrice, firstPriceBid } from '../../sim/analysis/auctions.js';
import { contains, replicationInterval } from '../../sim/analysis/confidence.js';
import { streams } from '../../sim/engine/index.js';
import { runLeaseAuctions, type LeaseAuctionParams } from '../../sim/validation/leaseAuctions.js';

const base: LeaseAuctionParams = { bidders: 1, auctions: 20, costCeiling: 2, reserveShare: 1 };

/** The cost the world's uniform draw gives provider `index` of a run (its own stream). */
const costOf = (seed: string, index: number, ceiling: number): number => streams(seed).get(`provider-costs/${index}`).uniform(0, ceiling);

describe('lease auctions, by hand', () => {
  it('a lone first-price bidder asks the order\'s maximum: b(c) = c + (r − c)/1 = r, so every auction pays r', () => {
    const out = runLeaseAuctions(base, 'lone');
    expect(out).toHaveLength(20);
    // perBlockToUsdPerGpuHour rounds to 1e-12 micro-USD per block: far below 1e-9.
    for (const a of out) {
      expect(a.traded).toBe(true);
      expect(a.payment).toBeCloseTo(1, 9);
    }
  });

  it('with the maximum at half the cost range, a lone bidder trades at r exactly when its cost is below r', () => {
    const seed = 'reserve';
    const out = runLeaseAuctions({ ...base, reserveShare: 0.5 }, seed);
    out.forEach((a, k) => {
      // b(c) = c + [(1 − c) − (1 − r)]/1 = r for c ≤ r: each payment is r/c̄ = 0.5, or 0 without a bid.
      const below = costOf(seed, k, 2) <= 1;
      expect(a.traded).toBe(below);
      expect(a.payment).toBeCloseTo(below ? 0.5 : 0, 9);
    });
    expect(out.some((a) => a.traded)).toBe(true);
    expect(out.some((a) => !a.traded)).toBe(true);
  });

  it('two bidders: the cheaper wins at its equilibrium bid c + (c̄ − c)/2; a shaded first bidder bids shade times that', () => {
    const seed = 'pair';
    const params = { ...base, bidders: 2, auctions: 30 };
    for (const shade of [1, 1.05, 0.95]) {
      const out = runLeaseAuctions({ ...params, deviantShade: shade }, seed);
      out.forEach((a, k) => {
        const [c0, c1] = [costOf(seed, 2 * k, 2), costOf(seed, 2 * k + 1, 2)];
        const b0 = shade * (2 * firstPriceBid(c0 / 2, 2));
        const b1 = 2 * firstPriceBid(c1 / 2, 2);
        // A bid above the order's maximum (2) is not sent.
        const price = b0 <= 2 && b0 < b1 ? b0 : b1;
        expect(a.payment).toBeCloseTo(price / 2, 9);
        expect(a.firstProviderProfit).toBeCloseTo(price === b0 ? (b0 - c0) / 2 : 0, 9);
      });
    }
  });

  it('is a deterministic function of the seed, and rejects bad parameters naming the field', () => {
    const params = { ...base, bidders: 3, auctions: 10 };
    expect(runLeaseAuctions(params, 'a')).toEqual(runLeaseAuctions(params, 'a'));
    expect(runLeaseAuctions(params, 'b')).not.toEqual(runLeaseAuctions(params, 'a'));
    expect(() => runLeaseAuctions({ ...base, bidders: 0 }, 's')).toThrow(/bidders/);
    expect(() => runLeaseAuctions({ ...base, auctions: 1.5 }, 's')).toThrow(/auctions/);
    expect(() => runLeaseAuctions({ ...base, reserveShare: 0 }, 's')).toThrow(/reserveShare/);
    expect(() => runLeaseAuctions({ ...base, costCeiling: -1 }, 's')).toThrow(/costCeiling/);
    expect(() => runLeaseAuctions({ ...base, deviantShade: 0 }, 's')).toThrow(/deviantShade/);
  });
});

describe('lease auctions against revenue equivalence', () => {
  // 10 runs of 50 auctions, n = 3: first price pays (1 + 2c₍₁₎)/3 with Var c₍₁₎ = 3/80, so Var =
  // 1/60 per auction and a run's mean has sd 0.018; the 99.9% half-width t(0.9995, 9)·sd/√10 is
  // about 0.028: narrow enough to tell 2/(n + 1) = 0.5 from bidding one's cost (1/(n + 1) = 0.25).
  it('n = 3 averages 2/(n + 1) = 0.5 within the 99.9 percent t-interval', () => {
    const means = Array.from({ length: 10 }, (_, r) => {
      const out = runLeaseAuctions({ ...base, bidders: 3, auctions: 50 }, `test-${r}`);
      return out.reduce((s, a) => s + a.payment, 0) / out.length;
    });
    const interval = replicationInterval(means, 0.999);
    expect(contains(interval, expectedPrice(3)), `${interval.mean} ± ${interval.halfWidth}`).toBe(true);
    expect(interval.halfWidth).toBeLessThan(0.05);
  });
});
