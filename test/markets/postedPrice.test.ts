// The posted-price market's transactions by hand: the keeper's pokes move the price by the window's
// utilization exactly as the rule says, a purchase goes to the free provider with the lowest cost
// and pays it (less the fee), failing purchases revert by name and move
// nothing, an outage interrupts the job, a job's end wakes a waiting buyer, and a congested chain
// delays the poke. Chain of the harness: block k runs at kernel time 12k, timestamp GENESIS + 12k.
import { describe, expect, it } from 'vitest';
import { PostedProviderAgent } from '../../sim/agents/postedProvider.js';
import { send } from '../../sim/markets/context.js';
import type { Receipt } from '../../sim/chain/transaction.js';
import type { Address } from '../../sim/contracts/types.js';
import type { PostedJob } from '../../sim/markets/posted/capacityPool.js';
import type { PriceUpdate } from '../../sim/markets/posted/contract.js';
import { POSTED_PROTOCOL_FEES } from '../../sim/markets/posted/postedPrice.js';
import { GENESIS, HOUR, USD, blockAt, listProvider, makeWorld, startKeeper, timestampOf, type World } from './postedPriceHarness.js';

const BUYER: Address = 'buyer';
const KEEPER: Address = 'keeper';

function approvedBuyer(world: World, address: Address = BUYER, usd = 100n * USD): void {
  world.mintUsd(address, usd);
  world.market.approve(address, (r) => {
    if (r.status !== 'success') throw new Error('approval failed');
  });
}

interface Bought {
  receipts: Receipt<PostedJob>[];
  ended: { job: PostedJob; interrupted: boolean; at: number }[];
}

function buy(world: World, gpus: number, seconds: number, maxUsd: bigint = 2n * USD, from: Address = BUYER): Bought {
  const out: Bought = { receipts: [], ended: [] };
  world.market.buy(from, 'H100', gpus, seconds, maxUsd, (job, interrupted) => out.ended.push({ job, interrupted, at: world.ctx.kernel.now() }), (r) => out.receipts.push(r));
  return out;
}

function errorOf(receipts: readonly Receipt<unknown>[]): string {
  const r = receipts[0];
  return r?.status === 'reverted' ? r.error : String(r?.status);
}

function jobOf(b: Bought): PostedJob {
  const r = b.receipts[0];
  if (r?.status !== 'success') throw new Error(`purchase did not succeed: ${errorOf(b.receipts)}`);
  return r.value;
}

describe('price adjustments through the keeper', () => {
  it('moves the price by +12.5% for each full window and by the measured share after the job ends', () => {
    const world = makeWorld();
    // Listing, approval and purchase all land in block 1 (GENESIS + 12), in that order.
    listProvider(world, 'P', 8, 1);
    approvedBuyer(world);
    const bought = buy(world, 8, 2 * HOUR);
    const updates: PriceUpdate[] = [];
    world.market.onPriceAdjusted((u) => updates.push(u));
    const keeper = startKeeper(world, KEEPER);
    world.runTo(3 * HOUR + 1);

    expect(jobOf(bought)).toMatchObject({ provider: 'P', startedAt: timestampOf(1), endsAt: timestampOf(1) + 7200, cost: 32n * USD });
    expect(updates.map((u) => [u.windowStart, u.timestamp])).toEqual([
      [GENESIS, GENESIS + HOUR],
      [GENESIS + HOUR, GENESIS + 2 * HOUR],
      [GENESIS + 2 * HOUR, GENESIS + 3 * HOUR],
    ]);
    const windows = updates.map((u) => u.adjustments[0]!);
    // Window 1: the provider is listed and fully used from GENESIS + 12: 8·3588 of 8·3588 GPU-seconds.
    expect(windows[0]).toEqual({ gpuModel: 'H100', utilization: { busy: 28_704n, available: 28_704n }, before: 2_000_000n, after: 2_250_000n });
    // Window 2: full again, +12.5%.
    expect(windows[1]?.after).toBe(2_531_250n);
    // Window 3: the job ends at GENESIS + 7212, so 8·12 = 96 of 28,800 GPU-seconds: x = (1/300 − 1/2)/(1/2),
    // gas 124,166,666,666,666,666 below target, decrease ⌊0.124166… · 2,531,250⌋ = 314,296.
    expect(windows[2]?.utilization).toEqual({ busy: 96n, available: 28_800n });
    expect(windows[2]?.after).toBe(2_216_954n);
    expect(world.market.price('H100')).toBe(2_216_954n);
    expect(keeper.pokes).toBe(3);
    expect(keeper.delaySeconds).toBe(0);
    // The buyer paid 2 USD × 8 GPUs × 2 hours to the provider.
    expect(world.usd.balanceOf('P')).toBe(32n * USD);
    expect(world.usd.balanceOf(BUYER)).toBe(68n * USD);
    expect(bought.ended).toEqual([{ job: jobOf(bought), interrupted: false, at: 7212 }]);
  });

  it('refuses a poke before the interval has passed, by name', () => {
    const world = makeWorld();
    const receipts: Receipt<PriceUpdate>[] = [];
    world.market.poke(KEEPER, (r) => receipts.push(r));
    world.runTo(blockAt(1));
    expect(errorOf(receipts)).toBe('PriceUpdateTooEarly');
    expect(world.market.contract.lastAdjustedAt).toBe(GENESIS);
  });

  it('is delayed by congestion: outbid for five full blocks, the poke lands 60 s late and pays its gas', () => {
    // One 200k-gas transaction fills a block; five urgent ones sent just before the hour take the
    // blocks at 3600 … 3648, so the keeper's normal-tip poke (sent at 3600) makes the block at 3660.
    const world = makeWorld({}, { gasLimit: 200_000, gasTable: { 'Spam.fill': 200_000 }, payGas: true });
    world.mintGas(KEEPER);
    world.mintGas('spammer');
    world.at(HOUR - 10, () => {
      for (let i = 0; i < 5; i++) send(world.ctx, 'spammer', 'Spam.fill', () => undefined, undefined, 'urgent');
    });
    const updates: PriceUpdate[] = [];
    world.market.onPriceAdjusted((u) => updates.push(u));
    const keeper = startKeeper(world, KEEPER);
    world.runTo(HOUR + 100);
    expect(updates.map((u) => u.timestamp)).toEqual([GENESIS + HOUR + 60]);
    expect(keeper.delaySeconds).toBe(60);
    expect(world.market.contract.nextAdjustmentAt).toBe(GENESIS + 2 * HOUR + 60);
    expect(keeper.gasPaid > 0n).toBe(true);
    expect(world.native.balanceOf(KEEPER)).toBe(10n ** 18n - keeper.gasPaid);
  });
});

describe('a purchase', () => {
  /** Providers A (4 GPUs at cost 1.5), B (4 at 1.0) and C (8 at 3.0, above the 2 USD price), listed in block 1; a 2.5% fee. */
  function threeProviders(): World {
    const world = makeWorld({ protocolFeeBps: 250 });
    listProvider(world, 'A', 4, 1.5);
    listProvider(world, 'B', 4, 1);
    listProvider(world, 'C', 8, 3);
    approvedBuyer(world);
    world.runTo(blockAt(1));
    return world;
  }

  it('goes to the free provider with the lowest cost, and pays it less the fee', () => {
    const world = threeProviders();
    // All five in block 2, in this order: B has 2 free after the first, so the 4-GPU job goes to A,
    // the next 2 GPUs to B, the 1-GPU job to C (cost above the price: it serves all the same), and
    // 8 GPUs find no provider with that many free.
    const first = buy(world, 2, 1800);
    const second = buy(world, 4, 1800);
    const third = buy(world, 2, 1800);
    const fourth = buy(world, 1, 1800);
    const fifth = buy(world, 8, 1800);
    world.runTo(blockAt(2));
    expect([first, second, third, fourth].map((b) => jobOf(b).provider)).toEqual(['B', 'A', 'B', 'C']);
    expect(errorOf(fifth.receipts)).toBe('NoCapacity');
    // 2 GPUs × 0.5 h × 2 USD = 2 USD, fee 2.5% = 0.05 USD; 4 GPUs: 4 USD, fee 0.1 USD; 1 GPU: 1 USD, fee 0.025.
    expect(jobOf(first)).toMatchObject({ cost: 2n * USD, fee: 50_000n, pricePerGpuHour: 2n * USD });
    expect(jobOf(second)).toMatchObject({ cost: 4n * USD, fee: 100_000n });
    expect(world.usd.balanceOf('A')).toBe(3_900_000n);
    expect(world.usd.balanceOf('B')).toBe(3_900_000n);
    expect(world.usd.balanceOf('C')).toBe(975_000n);
    expect(world.usd.balanceOf(POSTED_PROTOCOL_FEES)).toBe(225_000n);
    expect(world.usd.balanceOf(BUYER)).toBe(91n * USD);
    expect(world.market.paid).toBe(9n * USD);
    expect(world.market.fees).toBe(225_000n);
    expect([...world.market.purchaseReverts]).toEqual([['NoCapacity', 1]]);
    expect(world.market.busyGpus('H100')).toBe(9);
    expect(world.market.availableGpus('H100')).toBe(16);
  });

  it('rounds the payment up and the fee down: 1 GPU for 1 s at 2 USD/h is 556 micro-USD, 13 of them the fee', () => {
    const world = threeProviders();
    const b = buy(world, 1, 1);
    world.runTo(blockAt(2));
    // 2,000,000 / 3600 = 555.56 → 556; 2.5% of 556 = 13.9 → 13.
    expect(jobOf(b)).toMatchObject({ cost: 556n, fee: 13n });
    expect(world.usd.balanceOf('B')).toBe(543n);
  });

  it.each([
    ['PriceAboveLimit', (w: World) => buy(w, 1, 600, 1_999_999n)],
    ['ERC20InsufficientAllowance', (w: World) => buy(w, 1, 600, 2n * USD, 'stranger')],
    ['ERC20InsufficientBalance', (w: World) => buy(w, 4, 100 * HOUR)],
    ['InvalidJob', (w: World) => buy(w, 0, 600)],
  ])('reverts with %s and moves nothing', (name, attempt) => {
    const world = threeProviders();
    const balances = [...world.usd.holders()];
    const b = attempt(world);
    world.runTo(blockAt(2));
    expect(errorOf(b.receipts)).toBe(name);
    expect([...world.usd.holders()]).toEqual(balances);
    expect(world.market.busyGpus('H100')).toBe(0);
    expect(world.market.purchases).toBe(0);
  });
});

describe('an outage', () => {
  it('interrupts the job when the provider reports it, and the window counts only what ran', () => {
    const world = makeWorld();
    listProvider(world, 'P', 8, 1);
    approvedBuyer(world);
    const bought = buy(world, 8, 2 * HOUR);
    const updates: PriceUpdate[] = [];
    world.market.onPriceAdjusted((u) => updates.push(u));
    startKeeper(world, KEEPER);
    // Reported at 1800, in the block at GENESIS + 1800.
    world.at(1800, () => world.market.setAvailability('P', false, () => {}));
    world.runTo(2 * HOUR + 1);

    expect(bought.ended).toHaveLength(1);
    expect(bought.ended[0]).toMatchObject({ interrupted: true, at: 1800 });
    expect(bought.ended[0]?.job.interruptedAt).toBe(GENESIS + 1800);
    expect(world.market.interruptions).toBe(1);
    expect(world.market.availableGpus('H100')).toBe(0);
    // Window 1: up and fully used for 1788 s of it (8·1788 = 14,304 GPU-seconds each): u = 1.
    expect(updates[0]?.adjustments[0]).toMatchObject({ utilization: { busy: 14_304n, available: 14_304n }, after: 2_250_000n });
    // Window 2: nothing available at all: the price holds.
    expect(updates[1]?.adjustments[0]).toMatchObject({ utilization: { busy: 0n, available: 0n }, after: 2_250_000n });
    // Nothing is refunded: the provider keeps the 32 USD.
    expect(world.usd.balanceOf('P')).toBe(32n * USD);
  });
});

describe('the waiting queue', () => {
  it('wakes a waiting buyer when a job ends, and not one whose limit is below the price', () => {
    const world = makeWorld();
    listProvider(world, 'P', 8, 1);
    approvedBuyer(world);
    buy(world, 8, 600);
    const woken: [string, number][] = [];
    world.at(blockAt(2), () => {
      world.market.waitToBuy('H100', 4, 2n * USD, () => woken.push(['willing', world.ctx.kernel.now()]));
      world.market.waitToBuy('H100', 4, 1_500_000n, () => woken.push(['priced out', world.ctx.kernel.now()]));
      expect(world.market.waitingCount).toBe(2);
    });
    world.runTo(blockAt(60));
    // The job of block 1 ends at GENESIS + 612, kernel time 612.
    expect(woken).toEqual([['willing', 612]]);
    expect(world.market.waitingCount).toBe(1);
  });

  it('wakes no more buyers than there are free GPUs, in arrival order', () => {
    const world = makeWorld();
    listProvider(world, 'P', 8, 1);
    for (const name of [BUYER, 'x', 'y', 'z']) approvedBuyer(world, name);
    buy(world, 8, 600);
    const woken: string[] = [];
    world.at(blockAt(2), () => {
      for (const name of ['x', 'y', 'z']) {
        world.market.waitToBuy('H100', 4, 2n * USD, () => {
          woken.push(name);
          buy(world, 4, 600, 2n * USD, name);
        });
      }
    });
    world.runTo(blockAt(60));
    expect(woken).toEqual(['x', 'y']);
  });
});

describe('a provider agent', () => {
  /** A posted-price provider with no exit policy, whose outages the test sets off. */
  function provider(world: World): PostedProviderAgent {
    const agent = new PostedProviderAgent(world.ctx, world.market, {
      index: 0,
      address: 'S',
      gpuModel: 'H100',
      gpus: 8,
      costPerGpuHour: 1,
      mtbf: Number.POSITIVE_INFINITY,
      mttr: 1,
      exit: { enabled: false, after: 0, returnAfter: 0, checkInterval: HOUR, window: HOUR },
    });
    agent.start();
    return agent;
  }

  it('is listed, and its outages and repairs are reported as they happen', () => {
    const world = makeWorld();
    const s = provider(world);
    world.runTo(blockAt(1));
    expect(world.market.availableGpus('H100')).toBe(8);
    world.at(blockAt(5), () => s.beginOutage());
    world.runTo(blockAt(5));
    expect(world.market.availableGpus('H100')).toBe(0);
    world.at(blockAt(9), () => s.endOutage());
    world.runTo(blockAt(9));
    expect(world.market.availableGpus('H100')).toBe(8);
  });

  it('reports an outage that began before its listing was on chain, once it is', () => {
    const world = makeWorld();
    const s = provider(world);
    world.at(5, () => s.beginOutage());
    world.runTo(blockAt(1));
    // Listed in block 1 (up, as every listing starts); the outage report follows in block 2.
    expect(world.market.availableGpus('H100')).toBe(8);
    world.runTo(blockAt(2));
    expect(world.market.availableGpus('H100')).toBe(0);
  });
});

describe('views for metrics', () => {
  it('keep the latest adjustment of each model', () => {
    const world = makeWorld();
    listProvider(world, 'P', 8, 1);
    startKeeper(world, KEEPER);
    expect(world.market.lastAdjustment('H100')).toBeUndefined();
    world.runTo(HOUR);
    // Listed from GENESIS + 12 and never used: u = 0, −12.5%.
    expect(world.market.lastAdjustment('H100')).toEqual({ gpuModel: 'H100', utilization: { busy: 0n, available: 28_704n }, before: 2_000_000n, after: 1_750_000n });
    expect(world.market.priceUsd('H100')).toBe(1.75);
    expect(world.market.adjustments).toBe(1);
  });
});

describe('a listing', () => {
  it('may not shrink below the GPUs its jobs hold, and may not change model', () => {
    const world = makeWorld({ gpuModels: [{ name: 'H100', initialPrice: 2, minPrice: 0.05, maxPrice: 10_000 }, { name: 'A100', initialPrice: 1, minPrice: 0.05, maxPrice: 10_000 }] });
    listProvider(world, 'P', 8, 1);
    approvedBuyer(world);
    buy(world, 6, HOUR);
    world.runTo(blockAt(1));
    const receipts: Receipt<void>[] = [];
    world.market.listProvider('P', 'H100', 5, 1, (r) => receipts.push(r));
    world.market.listProvider('P', 'A100', 8, 1, (r) => receipts.push(r));
    world.market.listProvider('P', 'H100', 6, 1, (r) => receipts.push(r));
    world.runTo(blockAt(2));
    expect(receipts.map((r) => (r.status === 'reverted' ? r.error : r.status))).toEqual(['GpusInUse', 'WrongGpuModel', 'success']);
    expect(world.market.availableGpus('H100')).toBe(6);
    expect(world.market.availableGpus('A100')).toBe(0);
  });
});

describe('a closed listing', () => {
  it('takes no new job and leaves the books from its block; its job runs to the end; reopening puts back what the job has left', () => {
    const world = makeWorld();
    // P (cost 1) and Q (cost 2) list 4 GPUs each in block 1; the buyer's 3-GPU job of 600 s goes to
    // P, the cheaper, in block 1 too.
    listProvider(world, 'P', 4, 1);
    listProvider(world, 'Q', 4, 2);
    approvedBuyer(world);
    const first = buy(world, 3, 600);
    world.runTo(blockAt(1));
    expect(jobOf(first).provider).toBe('P');
    const pool = world.market.contract.pool;

    // P closes in block 2 (t = GENESIS + 24): from then its 4 GPUs and its job are off the books.
    const closes: Receipt<boolean>[] = [];
    world.market.setOpen('P', false, (r) => closes.push(r));
    world.runTo(blockAt(2));
    expect(closes.map((r) => r.status === 'success' && r.value)).toEqual([true]);
    expect(world.market.availableGpus('H100')).toBe(4);
    expect(world.market.busyGpus('H100')).toBe(0);
    expect(pool.heldGpus('P', timestampOf(2))).toBe(3);
    // Available: 8 GPUs · 12 s (block 1 to 2), then Q's 4 only. Busy: P's 3 GPUs · 12 s before it closed.
    expect(pool.availableIntegral('H100', timestampOf(2) + 100)).toBe(8n * 12n + 4n * 100n);
    expect(pool.busyIntegral('H100', timestampOf(2) + 100)).toBe(3n * 12n);
    // P's own books still count its job whole: 3 GPUs from block 1.
    expect(pool.busyIntegralOf('P', timestampOf(2) + 100)).toBe(3n * 112n);
    expect(pool.heldUntil('P', timestampOf(2))).toBe(timestampOf(1) + 600);

    // A new 1-GPU job goes to Q, though P has a free GPU.
    const second = buy(world, 1, 600);
    world.runTo(blockAt(3));
    expect(jobOf(second).provider).toBe('Q');

    // P reopens in block 4 (t = GENESIS + 48): its 4 GPUs and the 600 − 36 s its job has left are back.
    world.market.setOpen('P', true, () => {});
    world.runTo(blockAt(4));
    const at = timestampOf(4) + 10;
    expect(world.market.availableGpus('H100')).toBe(8);
    // Busy: P's 3 GPUs for 12 s before closing and 10 s since reopening, Q's 1 GPU since block 3.
    expect(pool.busyIntegral('H100', at)).toBe(3n * 12n + 3n * 10n + 1n * BigInt(at - timestampOf(3)));
    // The job ran undisturbed to its end.
    world.runTo(blockAt(60));
    expect(first.ended).toEqual([{ job: jobOf(first), interrupted: false, at: 612 }]);
  });

  it('reverts for an unknown provider and changes nothing when already in the asked state', () => {
    const world = makeWorld();
    listProvider(world, 'P', 4, 1);
    const receipts: Receipt<boolean>[] = [];
    world.market.setOpen('X', false, (r) => receipts.push(r));
    world.market.setOpen('P', true, (r) => receipts.push(r));
    world.runTo(blockAt(1));
    expect(receipts.map((r) => (r.status === 'reverted' ? r.error : r.status === 'success' ? r.value : r.status))).toEqual(['UnknownProvider', false]);
  });
});
