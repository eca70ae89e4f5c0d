// The posted-price market under price-elastic demand (validation spec §4).
import { describe, expect, it } from 'vitest';
import { erlangB } from '../../sim/analysis/erlang.js';
import { lagOneAutocorrelation, POSTED_DESIGN, runPostedDemand } from '../../sim/validation/postedDemand.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

describe('lagOneAutocorrelation', () => {
  it('is −3/4 for four alternating values and 0 for a constant', () => {
    // Mean 0; Σ d_k·d_{k+1} = −3 over Σ d_k² = 4.
    expect(lagOneAutocorrelation([1, -1, 1, -1])).toBe(-0.75);
    expect(lagOneAutocorrelation([2, 2, 2])).toBe(0);
  });
});

describe('posted price with elastic demand', () => {
  it('with step 0.1 settles where accepted demand fills half the GPUs: p* = 2/(1 − B)^(1/4) ≈ 1.99', () => {
    // Accepted load λ·600·(1.5/p)^4 Erlangs on 10 GPUs loses B = ErlangB(10, load) to a full pool;
    // u = load·(1 − B)/10 = 1/2 at load ≈ 5/(1 − B(10, 5)), so p* = 2·(1 − B)^(1/4).
    const blocked = erlangB(POSTED_DESIGN.gpus, 5);
    const fixedPoint = 2 * (1 - blocked) ** (1 / 4);
    const { prices, utilization } = runPostedDemand({ step: 0.1, windows: 150 }, 'posted-small');
    expect(prices).toHaveLength(150);
    // Near p*, δ' = 0.6·δ + s·noise with a window's noise sd ≈ 0.09/0.5 in x: δ has sd ≈ 0.023, and
    // a mean of 100 windows (about 25 independent) is within 0.05 of p* by five standard deviations.
    expect(Math.abs(mean(prices.slice(50)) - fixedPoint)).toBeLessThan(0.05);
    expect(Math.abs(mean(utilization.slice(50)) - 0.5)).toBeLessThan(0.05);
  });

  it('with step 0.75 (s·ε = 3) swings window against window in every replication', () => {
    for (const seed of ['posted-large-0', 'posted-large-1', 'posted-large-2']) {
      const { utilization } = runPostedDemand({ step: 0.75, windows: 120 }, seed);
      expect(lagOneAutocorrelation(utilization.slice(20))).toBeLessThan(-0.3);
    }
  });

  it('is reproducible by seed and rejects a bad step or window count', () => {
    expect(runPostedDemand({ step: 0.3, windows: 5 }, 'same')).toEqual(runPostedDemand({ step: 0.3, windows: 5 }, 'same'));
    expect(() => runPostedDemand({ step: 0, windows: 5 }, 's')).toThrow(/step/);
    expect(() => runPostedDemand({ step: 0.1, windows: 0 }, 's')).toThrow(/windows/);
  });
});
