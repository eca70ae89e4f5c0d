// Procurement-auction closed forms (validation spec §3) against hand values, an equilibrium check
// and seeded Monte Carlo.
//
// Tolerances: a mean of M i.i.d. draws has standard error s/√M, with s the sample standard
// deviation. We accept |mean − formula| < 5 standard errors; by the central limit theorem a
// correct formula fails that with probability about 6e-7 per check, and the fixed seeds make
// every run identical anyway.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  expectedPrice,
  firstPriceBid,
  reserveOutcome,
  runReverseAuction,
  type AuctionFormat,
} from '../../sim/analysis/auctions.js';

const DRAWS = 40_000;
const FORMATS: AuctionFormat[] = ['first-price', 'second-price'];

function meanWithin5se(samples: number[], expected: number, label: string): void {
  const m = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / m;
  const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (m - 1);
  const se = Math.sqrt(variance / m);
  expect(se, label).toBeGreaterThan(0);
  expect(Math.abs(mean - expected), `${label}: mean ${mean}, formula ${expected}, se ${se}`).toBeLessThan(5 * se);
}

/** Seeded auctions: one array of n U[0, 1) costs per auction. */
function drawCosts(seed: string, n: number, count: number): number[][] {
  const rng = seedrandom.alea(seed);
  return Array.from({ length: count }, () => Array.from({ length: n }, () => rng()));
}

/** A provider's expected profit from bidding `bid` with cost `cost` when the others follow b(·). */
function deviationProfit(bid: number, cost: number, n: number, reserve: number): number {
  if (bid > reserve) return 0; // the tenant rejects bids above its maximum price
  // Cost whose equilibrium bid is `bid` (bids increase with cost), by bisection on [0, reserve].
  let lo = 0;
  let hi = reserve;
  if (bid <= firstPriceBid(0, n, reserve)) hi = 0;
  for (let i = 0; i < 100 && hi > lo; i++) {
    const mid = (lo + hi) / 2;
    if (firstPriceBid(mid, n, reserve) < bid) lo = mid;
    else hi = mid;
  }
  // A rival bids above `bid` when its cost is above that level (or above the reserve: no bid).
  return (bid - cost) * (1 - hi) ** (n - 1);
}

describe('auctions: closed forms', () => {
  it('gives the textbook values', () => {
    expect(expectedPrice(2)).toBeCloseTo(2 / 3, 15);
    expect(expectedPrice(9)).toBeCloseTo(0.2, 15);
    expect(firstPriceBid(0.4, 3)).toBeCloseTo(0.6, 15); // 0.4 + 0.6/3
    expect(firstPriceBid(1, 4)).toBe(1);
    // n = 2, r = 1/2, c = 0.2: 0.2 + (0.8² − 0.5²)/(2·0.8) = 0.44375.
    expect(firstPriceBid(0.2, 2, 0.5)).toBeCloseTo(0.44375, 15);
    expect(firstPriceBid(0.5, 2, 0.5)).toBe(0.5);
  });

  it('reduces the reserve formulas to known cases', () => {
    // No binding reserve: always trade at 2/(n + 1).
    for (const n of [1, 2, 7]) {
      const free = reserveOutcome(n, 1);
      expect(free.tradeProbability).toBe(1);
      expect(free.expectedPayment).toBeCloseTo(2 / (n + 1), 15);
    }
    // A lone provider is paid r whenever its cost is at most r: E = r², P = r.
    const lone = reserveOutcome(1, 0.6);
    expect(lone.tradeProbability).toBeCloseTo(0.6, 15);
    expect(lone.expectedPayment).toBeCloseTo(0.36, 15);
    expect(lone.expectedPriceGivenTrade).toBeCloseTo(0.6, 15);
    // n = 2, r = 1/2 by direct integration: E[X₍₂₎; X₍₂₎ ≤ ½] = ∫₀^½ 2x² dx = 1/12, plus
    // r·P(X₍₁₎ ≤ ½ < X₍₂₎) = ½·½ = 1/4: E = 1/3, P(trade) = 3/4, E[price | trade] = 4/9.
    const two = reserveOutcome(2, 0.5);
    expect(two.tradeProbability).toBeCloseTo(0.75, 15);
    expect(two.expectedPayment).toBeCloseTo(1 / 3, 15);
    expect(two.expectedPriceGivenTrade).toBeCloseTo(4 / 9, 15);
  });

  it('makes b(c) a best response when the rivals bid b(·)', () => {
    for (const n of [2, 3, 5]) {
      for (const reserve of [1, 0.6]) {
        for (const cost of [0, 0.1, 0.3, 0.55]) {
          const equilibrium = firstPriceBid(cost, n, reserve);
          const best = deviationProfit(equilibrium, cost, n, reserve);
          for (let k = 0; k <= 200; k++) {
            const bid = cost + ((reserve - cost) * k) / 200;
            expect(deviationProfit(bid, cost, n, reserve), `n=${n} r=${reserve} c=${cost} bid=${bid}`).toBeLessThanOrEqual(best + 1e-12);
          }
        }
      }
    }
  });

  it('runs single auctions by the stated rules', () => {
    expect(runReverseAuction([0.5, 0.2, 0.9], 'second-price')).toEqual({ winner: 1, price: 0.5 });
    expect(runReverseAuction([0.5, 0.2, 0.9], 'first-price')).toEqual({ winner: 1, price: firstPriceBid(0.2, 3) });
    // The runner-up is above the reserve, so the reserve sets the second price.
    expect(runReverseAuction([0.5, 0.2, 0.9], 'second-price', 0.4)).toEqual({ winner: 1, price: 0.4 });
    expect(runReverseAuction([0.5, 0.2, 0.9], 'first-price', 0.1)).toBeNull();
    expect(runReverseAuction([0.3, 0.3], 'second-price')).toEqual({ winner: 0, price: 0.3 });
  });

  it('rejects bad parameters with a message naming them', () => {
    expect(() => expectedPrice(0)).toThrow(/number of providers/);
    expect(() => firstPriceBid(0.5, 2, 0)).toThrow(/reserve must be in \(0, 1\]/);
    expect(() => firstPriceBid(0.7, 2, 0.5)).toThrow(/above the reserve/);
    expect(() => runReverseAuction([0.2, 1.2], 'first-price')).toThrow(/costs\[1\] must be in \[0, 1\]/);
    expect(() => runReverseAuction([], 'second-price')).toThrow(/number of providers/);
  });
});

describe('auctions: Monte Carlo against the closed forms', () => {
  for (const n of [2, 3, 5, 10]) {
    it(`E[price] = 2/(n + 1) for n = ${n} in both formats`, () => {
      const auctions = drawCosts(`auctions/no-reserve/n=${n}`, n, DRAWS);
      for (const format of FORMATS) {
        const prices = auctions.map(costs => runReverseAuction(costs, format)?.price ?? Number.NaN);
        meanWithin5se(prices, expectedPrice(n), `${format} n=${n}`);
      }
    });
  }

  for (const n of [2, 3, 5]) {
    for (const reserve of [0.3, 0.7]) {
      it(`reserve r = ${reserve}, n = ${n}: trade probability and prices`, () => {
        const formula = reserveOutcome(n, reserve);
        const auctions = drawCosts(`auctions/reserve=${reserve}/n=${n}`, n, DRAWS);
        for (const format of FORMATS) {
          const results = auctions.map(costs => runReverseAuction(costs, format, reserve));
          const label = `${format} n=${n} r=${reserve}`;
          meanWithin5se(results.map(x => (x ? 1 : 0)), formula.tradeProbability, `${label} P(trade)`);
          meanWithin5se(results.map(x => x?.price ?? 0), formula.expectedPayment, `${label} E[payment]`);
          const traded = results.flatMap(x => (x ? [x.price] : []));
          meanWithin5se(traded, formula.expectedPriceGivenTrade, `${label} E[price | trade]`);
        }
      });
    }
  }
});
