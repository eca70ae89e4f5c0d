// Validation (specs/validation.md §4, after Leonardos et al., AFT 2021, arXiv 2102.10567): with demand
// elastic in price, a small step brings the posted price to the level where demand fills the target;
// a large step makes it oscillate without decaying. The whole market runs: buyers approve, buy at
// the posted price through the chain, and the keeper pokes every hour.
//
// Demand, deterministic so that the bounds below are exact: a buyer every 30 s (120 an hour), each
// for 1 GPU during exactly one adjustment interval (1 h), leaving if the price is above its
// willingness to pay. The i-th buyer's willingness is 2 + frac(i·φ) USD (φ = golden ratio − 1), a
// Kronecker sequence equidistributed on [2, 3]. Supply: 100 GPUs at zero cost. Target u* = 1/2.
//   Fluid model: at price p a share (3 − p) of arrivals buy, so 120·(3 − p) GPUs are busy and
//   u(p) = 1.2·(3 − p) (capped at 1): u(p*) = 1/2 at p* = 3 − 5/12 ≈ 2.5833 USD.
//   Jobs outlast the window they start in by up to an hour, so u_k = (a(p_{k−1}) + a(p_k))/2 and
//   the linearised rule is δ_{k+1} = δ_k − g·(δ_k + δ_{k−1}) with g = 1.2·p*·s (linear curve;
//   ln(1 + s) for s on the exponential one). Its roots have modulus √g: stable iff g < 1, i.e.
//   s < 0.32. s = 1/8: √g = 0.62, converging. s = 1/2: √g = 1.24, growing until utilization hits
//   0 or 1, where the rule's nonlinearity holds it in a cycle.
// Tolerance of convergence: the only noise is the willingness sequence. Any 120 consecutive points
// of a Kronecker sequence have the extreme discrepancy of the first 120 (a rotation), which is
// N·D_N = 2.73 points (computed below), so a window's buyers differ from the fluid count by at most
// 2.73 of 100 GPUs (0.0273). Fed back through the price, whose error shrinks by 0.62 a window,
// the deviation stays within 0.0273/(1 − 0.62) = 0.072 of u*: we allow 0.075, and the price
// 0.075/1.2 = 0.0625 USD of p*.
import { describe, expect, it } from 'vitest';
import { PostedBuyerAgent } from '../../sim/agents/postedBuyer.js';
import type { PriceCurve } from '../../sim/markets/posted/priceRule.js';
import { HOUR, listProvider, makeWorld, startKeeper } from './postedPriceHarness.js';

const PHI = (Math.sqrt(5) - 1) / 2;
const WINDOWS = 60;
/** At modulus 0.62, 24 windows shrink the start's deviation by 0.62^24 < 1e-4. */
const BURN_IN = 24;
const TARGET = 0.5;
const P_STAR = 3 - 5 / 12;

interface Window {
  readonly u: number;
  readonly price: number;
}

function simulate(step: number, curve: PriceCurve): Window[] {
  const world = makeWorld({ step, curve, queueWhenFull: false, targetUtilization: TARGET, gpuModels: [{ name: 'H100', initialPrice: 2, minPrice: 0.05, maxPrice: 10_000 }] });
  for (let i = 0; i < 10; i++) listProvider(world, `provider-${i}`, 10, 0);
  const windows: Window[] = [];
  world.market.onPriceAdjusted((update) => {
    const a = update.adjustments[0]!;
    windows.push({ u: Number(a.utilization.busy) / Number(a.utilization.available), price: Number(a.after) / 1e6 });
  });
  startKeeper(world, 'keeper');
  let i = 0;
  const arrive = (): void => {
    i++;
    const job = { id: i, gpuModel: 'H100', gpus: 1, duration: HOUR, wtpPerGpuHour: 2 + ((i * PHI) % 1), patience: 600 };
    const buyer = new PostedBuyerAgent(world.ctx, world.market, `buyer-${i}`, job, { budgetCover: 1 }, () => {});
    world.mintUsd(buyer.address, buyer.budget());
    buyer.start();
    world.ctx.kernel.schedule(30, arrive);
  };
  world.ctx.kernel.schedule(30, arrive);
  world.runTo(WINDOWS * HOUR + 1);
  return windows;
}

/** Extreme discrepancy of the first n points of frac(i·φ), times n. */
function kroneckerDiscrepancy(n: number): number {
  const xs = Array.from({ length: n }, (_, k) => ((k + 1) * PHI) % 1).sort((a, b) => a - b);
  const gaps = xs.map((x, k) => (k + 1) / n - x);
  return n * (1 / n + Math.max(...gaps) - Math.min(...gaps));
}

describe('posted price under price-elastic demand', () => {
  it('has the willingness sequence the tolerance assumes: 120 consecutive points are off by at most 2.73', () => {
    expect(kroneckerDiscrepancy(120)).toBeCloseTo(2.73, 2);
  });

  it.each(['linear', 'exponential'] as const)('with a small step (1/8, %s) converges to the price at which demand fills the target', (curve) => {
    const windows = simulate(1 / 8, curve);
    expect(windows).toHaveLength(WINDOWS);
    // It starts away from the target: at 2 USD demand would fill 120 of 100 GPUs, so once the first
    // hour's jobs are all running (the first window fills up from empty) the GPUs are nearly all busy.
    expect(windows[1]!.u).toBeGreaterThan(0.9);
    for (const w of windows.slice(BURN_IN)) {
      expect(Math.abs(w.u - TARGET)).toBeLessThanOrEqual(0.075);
      expect(Math.abs(w.price - P_STAR)).toBeLessThanOrEqual(0.0625);
    }
  });

  it.each(['linear', 'exponential'] as const)('with a large step (1/2, %s) oscillates around the target without decaying', (curve) => {
    const late = simulate(1 / 2, curve).slice(BURN_IN);
    const deviations = late.map((w) => w.u - TARGET);
    // Sign changes of u − u*, counting only clear deviations (beyond the 0.075 of noise).
    const clear = deviations.filter((d) => Math.abs(d) > 0.075);
    const signChanges = clear.slice(1).filter((d, k) => Math.sign(d) !== Math.sign(clear[k]!)).length;
    expect(signChanges).toBeGreaterThanOrEqual(8);
    const half = late.length / 2;
    const amplitude = (ds: number[]): number => Math.max(...ds.map(Math.abs));
    const early = amplitude(deviations.slice(0, half));
    const later = amplitude(deviations.slice(half));
    expect(early).toBeGreaterThan(0.3);
    expect(later).toBeGreaterThanOrEqual(0.8 * early);
  });
});
