// Solvers against hand-computed fills (contracts spec §3.1 linear input decay, §3.3 exclusivity,
// §3.4 "the first solver whose profit exceeds its threshold fills"). Chain of the harness: block k
// runs at kernel time 12k with timestamp GENESIS + 12k and number START_BLOCK − 1 + k.
import { describe, expect, it } from 'vitest';
import { SolverAgent, type SolverConfig } from '../../sim/agents/solver.js';
import type { Address } from '../../sim/contracts/types.js';
import type { Fill } from '../../sim/markets/intents/intentAuction.js';
import { GENESIS, START_BLOCK, USD, blockAt, intentOrder, listProvider, makeWorld, type World } from '../markets/intentAuctionHarness.js';

const USER: Address = 'user';
const PROVIDER: Address = 'provider-h100';

interface Observed {
  fill?: Fill;
  block?: number;
  timestamp?: number;
  expired?: boolean;
}

function solver(world: World, address: Address, config: Partial<SolverConfig> = {}): SolverAgent {
  world.mintUsd(address, 1_000n * USD);
  const agent = new SolverAgent(world.ctx, world.market, { index: 0, address, costPerGpuHour: 5, margin: 0.1, latency: 2, ...config });
  agent.start();
  return agent;
}

/** The user funds itself and approves Permit2 in block 1; the intent is posted at kernel time `at`. */
function postAt(world: World, at: number, order: Parameters<typeof intentOrder>[0]): Observed {
  const seen: Observed = {};
  world.mintUsd(order.swapper, 200n * USD);
  world.market.approvePermit2(order.swapper, () => {});
  world.ctx.kernel.schedule(at, () => {
    world.market.postIntent(intentOrder(order), order.gpuModel, 1, {
      onFilled: (fill) => Object.assign(seen, { fill, block: world.ctx.chain.blockNumber, timestamp: world.ctx.chain.timestamp }),
      onExpired: () => (seen.expired = true),
    });
  });
  return seen;
}

/** One GPU-hour of H100, input 60 → 100 USD over 600 s from GENESIS + 5. */
const ONE_GPU_HOUR = { swapper: USER, gpuModel: 'H100', gpuSeconds: 3600n, start: 60n * USD, end: 100n * USD, t0: GENESIS + 5, t1: GENESIS + 605, deadline: GENESIS + 905 };

describe('a solver fills when the decayed input covers its cost and margin', () => {
  it('at the first block whose input reaches cost · 1.1, at the contract-rounded amount', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    const s = solver(world, 'solver-a');
    const seen = postAt(world, 13, ONE_GPU_HOUR);
    world.runTo(blockAt(40));

    // Cost: provider 70 + own 5 = 75 USD for 3600 GPU-seconds; need ⌈75e6 · 1.1⌉ = 82,500,000.
    // Input(t) = 60e6 + ⌊40e6 · (t − t0)/600⌋ ≥ 82.5e6  ⇔  t − t0 ≥ 337.5, so t ≥ GENESIS + 343.
    // Blocks fall on GENESIS + 12k: k = 28 (t − t0 = 331) gives 82,066,666 < 82.5e6; k = 29
    // (t − t0 = 343) gives 60e6 + ⌊40e6 · 343/600⌋ = 60e6 + ⌊22,866,666.67⌋ = 82,866,666.
    expect(seen.timestamp).toBe(GENESIS + 348);
    expect(seen.block).toBe(START_BLOCK - 1 + 29);
    expect(seen.fill?.input).toBe(82_866_666n);
    expect(seen.fill?.capacityCost).toBe(70n * USD);
    expect(world.usd.balanceOf(USER)).toBe(200n * USD - 82_866_666n);
    expect(world.usd.balanceOf('solver-a')).toBe(1_000n * USD + 82_866_666n - 70n * USD);
    expect(world.usd.balanceOf(PROVIDER)).toBe(70n * USD);
    expect(world.market.voucher('H100').balanceOf(USER)).toBe(3600n);
    expect(s.fills).toBe(1);
    // Profit after its own 5 USD: 82,866,666 − 70e6 − 5e6.
    expect(s.profit).toBe(7_866_666n);
  });

  it('never, when even the end price is short of its need: the intent expires after its deadline block', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    const s = solver(world, 'solver-a');
    // End price 82 USD < 82.5 USD needed.
    const seen = postAt(world, 13, { ...ONE_GPU_HOUR, end: 82n * USD });
    world.runTo(blockAt(74));
    expect(seen.expired).toBeUndefined();
    // Deadline GENESIS + 905: block 75 (GENESIS + 900) may still fill; block 76 (GENESIS + 912) is past it.
    world.runTo(blockAt(76));
    expect(seen.expired).toBe(true);
    expect(seen.fill).toBeUndefined();
    expect(s.fills + s.failedFills).toBe(0);
    expect(world.market.openCount).toBe(0);
  });
});

describe('exclusivity', () => {
  // Exclusive filler 'rfq' (own cost 10/h: needs 88 USD) cannot fill at the start price 80 USD.
  // The rival (own cost 2/h) overriding 100 bps delivers ⌈3600 · 1.01⌉ = 3636 GPU-seconds:
  // provider ⌈70e6 · 3636/3600⌉ = 70,700,000, own 2,020,000, need ⌈72,720,000 · 1.1⌉ = 79,992,000 ≤ 80e6.
  const EXCLUSIVE = { ...ONE_GPU_HOUR, start: 80n * USD, end: 100n * USD, t0: GENESIS + 60, t1: GENESIS + 660, deadline: GENESIS + 960, exclusiveFiller: 'rfq' };

  it('a rival fills during the window by delivering overrideBps more compute', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    solver(world, 'rfq', { costPerGpuHour: 10 });
    const rival = solver(world, 'rival', { costPerGpuHour: 2 });
    const seen = postAt(world, 13, { ...EXCLUSIVE, overrideBps: 100n });
    world.runTo(blockAt(10));
    // Posted at 13, the rival's first reachable block is k = 2 (GENESIS + 24), inside the window.
    expect(seen.timestamp).toBe(GENESIS + 24);
    expect(seen.fill?.solver).toBe('rival');
    expect(seen.fill?.input).toBe(80n * USD);
    expect(seen.fill?.reservation.gpuSeconds).toBe(3636n);
    expect(world.market.voucher('H100').balanceOf(USER)).toBe(3636n);
    expect(world.usd.balanceOf('rival')).toBe(1_000n * USD + 80n * USD - 70_700_000n);
    expect(rival.fills).toBe(1);
  });

  it('with no override allowed, a rival waits for the first block strictly after the window', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    solver(world, 'rfq', { costPerGpuHour: 10 });
    solver(world, 'rival', { costPerGpuHour: 2 });
    const seen = postAt(world, 13, { ...EXCLUSIVE, overrideBps: 0n });
    world.runTo(blockAt(20));
    // Without override the rival needs ⌈72e6 · 1.1⌉ = 79.2e6 ≤ 80e6, but only once t > t0 = GENESIS + 60
    // (hasFillingRights is strict): block 5 (GENESIS + 60) is still exclusive, block 6 is not.
    // Input there: 80e6 + ⌊20e6 · 12/600⌋ = 80,400,000.
    expect(seen.timestamp).toBe(GENESIS + 72);
    expect(seen.fill?.solver).toBe('rival');
    expect(seen.fill?.input).toBe(80_400_000n);
    expect(seen.fill?.reservation.gpuSeconds).toBe(3600n);
  });

  it('the exclusive filler fills at once when its price is met', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    solver(world, 'rfq', { costPerGpuHour: 2, latency: 1 });
    solver(world, 'rival', { costPerGpuHour: 2, latency: 1 });
    const seen = postAt(world, 13, { ...EXCLUSIVE, overrideBps: 100n });
    world.runTo(blockAt(10));
    // Both reach block 2; the rival's override costs 79,992,000 ≤ 80e6 too, but the exclusive
    // filler decided first (it registered first) and both fills tip the same: it lands first.
    expect(seen.fill?.solver).toBe('rfq');
    expect(seen.fill?.reservation.gpuSeconds).toBe(3600n);
    expect(world.market.fillReverts).toBe(1);
  });
});

describe('first valid fill wins', () => {
  it('between two solvers aiming at the same block, the one that sends first; the other reverts InvalidNonce', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    const slow = solver(world, 'slow', { latency: 5 });
    const fast = solver(world, 'fast', { latency: 1 });
    const seen = postAt(world, 13, ONE_GPU_HOUR);
    const reverts: string[] = [];
    world.ctx.chain.onBlock((b) => {
      if (b.reverts > 0) reverts.push(`block ${b.number - START_BLOCK + 1}`);
    });
    world.runTo(blockAt(40));
    // Both see block 28 and aim at block 29; 'fast' sends at 336 + 1, 'slow' at 336 + 5.
    expect(seen.fill?.solver).toBe('fast');
    expect(seen.timestamp).toBe(GENESIS + 348);
    expect(fast.fills).toBe(1);
    expect(slow.fills).toBe(0);
    expect(slow.failedFills).toBe(1);
    expect(reverts).toEqual(['block 29']);
    // The loser paid nothing but (here unpriced) gas: its USD is untouched.
    expect(world.usd.balanceOf('slow')).toBe(1_000n * USD);
  });

  it('a solver with the lower margin fills earlier, and the other never sends', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    const greedy = solver(world, 'greedy', { margin: 0.2 });
    const lean = solver(world, 'lean', { margin: 0.05 });
    const seen = postAt(world, 13, ONE_GPU_HOUR);
    world.runTo(blockAt(60));
    // lean needs ⌈75e6 · 1.05⌉ = 78.75e6: t − t0 ≥ 18.75e6 · 600/40e6 = 281.25 → t ≥ GENESIS + 287,
    // first block GENESIS + 288 (k = 24): input 60e6 + ⌊40e6 · 283/600⌋ = 78,866,666.
    expect(seen.fill?.solver).toBe('lean');
    expect(seen.timestamp).toBe(GENESIS + 288);
    expect(seen.fill?.input).toBe(78_866_666n);
    expect(lean.fills).toBe(1);
    expect(greedy.fills + greedy.failedFills).toBe(0);
  });
});

describe('several fills at once', () => {
  it('a solver never aims two of its own fills at the same last GPU: the second goes to the next provider', () => {
    const world = makeWorld();
    listProvider(world, 'one', 'H100', 1, 70);
    listProvider(world, 'two', 'H100', 1, 71);
    const s = solver(world, 'solver-a');
    // Two users post at 13 with a start price (90 USD) above the need at either provider
    // (⌈75e6 · 1.1⌉ = 82.5e6 at 'one', ⌈76e6 · 1.1⌉ = 83.6e6 at 'two'): both fills go to block 2.
    const first = postAt(world, 13, { ...ONE_GPU_HOUR, start: 90n * USD });
    const second = postAt(world, 13, { ...ONE_GPU_HOUR, swapper: 'user-2', start: 90n * USD });
    world.runTo(blockAt(3));
    expect([first.fill?.reservation.provider, second.fill?.reservation.provider]).toEqual(['one', 'two']);
    expect([first.timestamp, second.timestamp]).toEqual([GENESIS + 24, GENESIS + 24]);
    expect(s.failedFills).toBe(0);
    expect([world.usd.balanceOf('one'), world.usd.balanceOf('two')]).toEqual([70n * USD, 71n * USD]);
  });
});

describe('capital', () => {
  it('a solver without the USD to pay the provider does not fill', () => {
    const world = makeWorld();
    listProvider(world, PROVIDER, 'H100', 8, 70);
    const poor = new SolverAgent(world.ctx, world.market, { index: 0, address: 'poor', costPerGpuHour: 5, margin: 0.1, latency: 2 });
    world.mintUsd('poor', 69n * USD);
    poor.start();
    const seen = postAt(world, 13, ONE_GPU_HOUR);
    world.runTo(blockAt(80));
    expect(seen.fill).toBeUndefined();
    expect(seen.expired).toBe(true);
    expect(poor.fills + poor.failedFills).toBe(0);
  });
});
