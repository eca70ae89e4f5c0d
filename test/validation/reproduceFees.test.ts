// EIP-1559 dynamics on the chain (validation spec §4), with base fees worked out by hand from the
// integer rule b' = b ± ⌊b·|g − T|/T/8⌋ (at least +1 when rising; contracts spec §4).
import { describe, expect, it } from 'vitest';
import { emptyBlocks, fixedPointBand, fullBlocks, isoelasticDemand, perBlockRatios, runFeeMarket } from '../../sim/validation/feeMarket.js';

const GWEI = 1_000_000_000n;

describe('sustained full and empty blocks', () => {
  it('full blocks add ⌊b/8⌋ each: 1, 1.125, 1.265625, 1.423828125 gwei, then 1,601,806,640 wei', () => {
    const run = runFeeMarket({ blocks: 5, initialBaseFee: GWEI, changeDenominator: 8, demand: fullBlocks });
    // 1,423,828,125 / 8 = 177,978,515.6: the floor drops the 0.625 wei.
    expect(run.baseFees).toEqual([1_000_000_000n, 1_125_000_000n, 1_265_625_000n, 1_423_828_125n, 1_601_806_640n]);
    expect(run.utilization).toEqual([2, 2, 2, 2, 2]);
  });

  it('empty blocks take ⌊b/8⌋ each: 669,921,875 − 83,740,234 = 586,181,641, and stop at 7 wei', () => {
    const run = runFeeMarket({ blocks: 300, initialBaseFee: GWEI, changeDenominator: 8, demand: emptyBlocks });
    expect(run.baseFees.slice(0, 5)).toEqual([1_000_000_000n, 875_000_000n, 765_625_000n, 669_921_875n, 586_181_641n]);
    const firstSeven = run.baseFees.indexOf(7n);
    // 8 − ⌊8/8⌋ = 7, and ⌊7/8⌋ = 0 holds it there.
    expect(run.baseFees[firstSeven - 1]).toBe(8n);
    expect(new Set(run.baseFees.slice(firstSeven))).toEqual(new Set([7n]));
  });

  it('bounds each ratio\'s rounding by 1/b of the block it starts from', () => {
    const { ratios, roundingBound } = perBlockRatios([1000n, 1125n, 1265n]);
    expect(ratios).toEqual([1.125, 1265 / 1125]);
    expect(roundingBound).toBe(1 / 1000);
  });
});

describe('price-elastic demand T·(b*/b)^6 with b* = 1.3 gwei', () => {
  const demand = isoelasticDemand(1.3e9, 6);

  it('with step 1/8 (d·ε = 0.75) settles at the target within the fixed-point band', () => {
    const run = runFeeMarket({ blocks: 1000, initialBaseFee: GWEI, changeDenominator: 8, demand });
    // (8 + 6)/1.3e9 + 1/15e6 = 7.744e-8.
    const band = fixedPointBand(1.3e9, 6, 8, run.gasTarget);
    expect(band).toBeCloseTo(14 / 1.3e9 + 1 / 15e6, 20);
    for (const u of run.utilization.slice(-100)) expect(Math.abs(u - 1)).toBeLessThanOrEqual(band);
    expect(Math.abs(Number(run.baseFees.at(-1)) / 1.3e9 - 1)).toBeLessThan(1e-7);
  });

  it('with step 1/2 (d·ε = 3) falls into the 2-cycle u = 2, 1/3 around b_hi = b*·3^(1/6), b_lo = b_hi/1.5', () => {
    // Low fee: demand is capped at 2T, so b_hi = b_lo·(1 + (2 − 1)/2) = 1.5·b_lo. High fee: back to
    // b_lo = b_hi·(1 + (u − 1)/2) needs u = 1/3, and (b*/b_hi)^6 = 1/3 gives b_hi = b*·3^(1/6).
    const run = runFeeMarket({ blocks: 1000, initialBaseFee: GWEI, changeDenominator: 2, demand });
    const high = 1.3e9 * 3 ** (1 / 6);
    const tail = run.baseFees.slice(-10).map(Number);
    // Floors of gas and wei move the cycle by parts in 1e8.
    for (const b of tail) expect(Math.min(Math.abs(b / high - 1), Math.abs((1.5 * b) / high - 1))).toBeLessThan(1e-6);
    for (const u of run.utilization.slice(-10)) expect(Math.min(Math.abs(u - 2), Math.abs(u - 1 / 3))).toBeLessThan(1e-6);
  });
});
