// The intent market's transactions, sent by hand: a fill buys the compute and executes the order
// atomically, every failing fill reverts by the original's error name and leaves tokens, capacity
// and the Permit2 nonce as they were, and redemption, lapse and outages move GPUs as described in
// the module header. Chain of the harness: block k runs at kernel time 12k, timestamp GENESIS + 12k.
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../sim/chain/transaction.js';
import type { Address } from '../../sim/contracts/types.js';
import type { ComputeIntent, Fill } from '../../sim/markets/intents/intentAuction.js';
import type { Reservation } from '../../sim/markets/intents/capacityDesk.js';
import { GENESIS, PARAMS, USD, blockAt, intentOrder, listProvider, makeWorld, type World } from './intentAuctionHarness.js';

const USER: Address = 'user';
const SOLVER: Address = 'solver';
const PROVIDER: Address = 'provider';

/** A world with one 8-GPU H100 provider at 70 USD/h, a funded and approved user and solver (all in block 1). */
function setup(): World {
  const world = makeWorld();
  listProvider(world, PROVIDER, 'H100', 8, 70);
  world.mintUsd(USER, 500n * USD);
  world.mintUsd(SOLVER, 1_000n * USD);
  world.market.approvePermit2(USER, () => {});
  world.market.approveVouchers(SOLVER, 'H100', () => {});
  world.runTo(blockAt(1));
  return world;
}

/** 2 GPUs for 1800 s: 3600 GPU-seconds, input 60 → 100 USD over [GENESIS + 24, GENESIS + 624]. */
function post(world: World, overrides: Partial<Parameters<typeof intentOrder>[0]> = {}, gpus = 2): { intent: ComputeIntent; fills: Fill[]; expired: boolean[] } {
  const fills: Fill[] = [];
  const expired: boolean[] = [];
  const order = { swapper: USER, gpuModel: 'H100', gpuSeconds: 3600n, start: 60n * USD, end: 100n * USD, t0: GENESIS + 24, t1: GENESIS + 624, deadline: GENESIS + 924, ...overrides };
  const intent = world.market.postIntent(intentOrder(order), order.gpuModel, gpus, { onFilled: (f) => fills.push(f), onExpired: () => expired.push(true) });
  return { intent, fills, expired };
}

function sendFill(world: World, at: number, intent: ComputeIntent, from = SOLVER, provider = PROVIDER): Receipt<Fill>[] {
  const receipts: Receipt<Fill>[] = [];
  world.ctx.kernel.schedule(at - world.ctx.kernel.now(), () => world.market.fill(from, intent, provider, (r) => receipts.push(r)));
  return receipts;
}

/** Everything a reverted fill must leave unchanged. */
function snapshot(world: World, intent: ComputeIntent): unknown {
  const { market, usd } = world;
  const ts = world.ctx.chain.timestamp;
  return {
    usd: [...usd.holders()].sort(),
    vouchers: market.voucher('H100').totalSupply,
    userVouchers: market.voucher('H100').balanceOf(USER),
    free: market.desk.freeGpus(PROVIDER, ts),
    nonceUsed: market.permit2.isNonceUsed(USER, intent.order.info.nonce),
    reservations: [...market.desk.reservations()].length,
  };
}

function errorOf(receipts: Receipt<unknown>[]): string {
  const r = receipts[0];
  return r?.status === 'reverted' ? r.error : String(r?.status);
}

describe('a fill', () => {
  it('pays the provider, mints and delivers the vouchers, and moves the decayed input to the solver in one transaction', () => {
    const world = setup();
    const { intent, fills } = post(world);
    // Sent at kernel 200, included in block 17 (GENESIS + 204): input 60e6 + ⌊40e6 · 180/600⌋ = 72e6.
    const receipts = sendFill(world, 200, intent);
    world.runTo(blockAt(17));
    expect(receipts[0]?.status).toBe('success');
    expect(fills).toHaveLength(1);
    const fill = fills[0] as Fill;
    expect(fill.input).toBe(72n * USD);
    // 3600 GPU-seconds at 70 USD per GPU-hour.
    expect(fill.capacityCost).toBe(70n * USD);
    expect(world.usd.balanceOf(USER)).toBe(500n * USD - 72n * USD);
    expect(world.usd.balanceOf(SOLVER)).toBe(1_000n * USD + 72n * USD - 70n * USD);
    expect(world.usd.balanceOf(PROVIDER)).toBe(70n * USD);
    expect(world.market.voucher('H100').balanceOf(USER)).toBe(3600n);
    expect(world.market.voucher('H100').balanceOf(SOLVER)).toBe(0n);
    // The 2 GPUs are held for the buyer from the purchase.
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 204)).toBe(6);
    expect(fill.reservation).toMatchObject({ provider: PROVIDER, gpus: 2, gpuSeconds: 3600n, beneficiary: USER, redeemBy: GENESIS + 204 + PARAMS.redeemWindow });
    expect(world.market.isOpen(intent.id)).toBe(false);
    expect([world.market.filled, world.market.inputPaid, world.market.capacityPaid]).toEqual([1, 72n * USD, 70n * USD]);
  });

  it('rounds the capacity price up to the provider: 1001 GPU-seconds at 70 USD/h cost ⌈70e6 · 1001/3600⌉', () => {
    const world = setup();
    const { intent, fills } = post(world, { gpuSeconds: 1001n }, 1);
    sendFill(world, 200, intent);
    world.runTo(blockAt(17));
    // 70e6 · 1001 / 3600 = 19,463,888.9 → 19,463,889.
    expect(fills[0]?.capacityCost).toBe(19_463_889n);
  });
});

describe('a fill that fails reverts by name and changes nothing', () => {
  const cases: { name: string; error: string; arrange: (world: World, intent: ComputeIntent) => { at: number; from?: Address; provider?: Address; intent?: ComputeIntent } }[] = [
    {
      name: 'a second fill of the same intent (Permit2 nonce)',
      error: 'InvalidNonce',
      arrange: (world, intent) => {
        sendFill(world, 100, intent);
        world.mintUsd('other', 1_000n * USD);
        world.market.approveVouchers('other', 'H100', () => {});
        world.runTo(blockAt(9));
        return { at: 110, from: 'other' };
      },
    },
    { name: 'a fill after the deadline', error: 'SignatureExpired', arrange: () => ({ at: 925 }) },
    {
      name: 'a fill on a provider without enough free GPUs',
      error: 'InsufficientCapacity',
      arrange: (world) => {
        listProvider(world, 'small', 'H100', 1, 10);
        return { at: 100, provider: 'small' };
      },
    },
    {
      name: 'a fill on a provider that is down',
      error: 'ProviderUnavailable',
      arrange: (world) => {
        world.market.setAvailability(PROVIDER, false, () => {});
        return { at: 100 };
      },
    },
    {
      name: 'a fill buying another GPU model',
      error: 'WrongGpuModel',
      arrange: (world) => {
        listProvider(world, 'a100', 'A100', 8, 1);
        return { at: 100, provider: 'a100' };
      },
    },
    {
      name: 'a fill by a solver who has not approved the reactor for vouchers',
      error: 'Error',
      arrange: (world) => {
        world.mintUsd('lazy', 1_000n * USD);
        return { at: 100, from: 'lazy' };
      },
    },
    {
      name: 'a fill by a solver who cannot pay the provider',
      error: 'ERC20InsufficientBalance',
      arrange: (world) => {
        world.mintUsd('poor', 69n * USD);
        world.market.approveVouchers('poor', 'H100', () => {});
        return { at: 100, from: 'poor' };
      },
    },
    {
      name: 'a rival fill during strict exclusivity',
      error: 'NoExclusiveOverride',
      arrange: (world) => {
        const exclusive = post(world, { nonce: 1n, exclusiveFiller: 'rfq', overrideBps: 0n });
        return { at: 20, intent: exclusive.intent };
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.error}`, () => {
      const world = setup();
      const { intent } = post(world);
      const plan = c.arrange(world, intent);
      const target = plan.intent ?? intent;
      world.runTo(plan.at - 1e-3);
      const before = snapshot(world, target);
      const receipts = sendFill(world, plan.at, target, plan.from, plan.provider);
      world.runTo(Math.ceil(plan.at / 12) * 12);
      expect(errorOf(receipts)).toBe(c.error);
      expect(snapshot(world, target)).toEqual(before);
    });
  }
});

describe('redemption, lapse and outages', () => {
  function filled(world: World): Fill {
    const { intent, fills } = post(world);
    sendFill(world, 200, intent);
    world.runTo(blockAt(17));
    return fills[0] as Fill;
  }

  it('the user burns its vouchers to start; the GPUs are held for ⌈gpuSeconds / gpus⌉ s and then come free', () => {
    const world = setup();
    const fill = filled(world);
    const ended: [number, boolean][] = [];
    const freed: string[] = [];
    world.market.onCapacityFreed((m) => freed.push(m));
    world.market.redeem(USER, fill.reservation.id, (_r, interrupted) => ended.push([world.ctx.kernel.now(), interrupted]), () => {});
    world.runTo(blockAt(18));
    const r = world.market.desk.reservation(fill.reservation.id) as Reservation;
    // Redeemed in block 18 (GENESIS + 216); 3600 GPU-seconds on 2 GPUs run 1800 s.
    expect([r.startedAt, r.endsAt]).toEqual([GENESIS + 216, GENESIS + 2016]);
    expect(world.market.voucher('H100').totalSupply).toBe(0n);
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 2015)).toBe(6);
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 2016)).toBe(8);
    world.runTo(2016);
    expect(ended).toEqual([[2016, false]]);
    expect(freed).toEqual(['H100']);
  });

  it('only the beneficiary may redeem, once, within the redeem window', () => {
    const world = setup();
    const fill = filled(world);
    const errors: string[] = [];
    const note = (r: Receipt<unknown>): void => void errors.push(r.status === 'reverted' ? r.error : r.status);
    world.market.redeem('someone', fill.reservation.id, () => {}, note);
    world.runTo(blockAt(18));
    // Redeem window 120 s from GENESIS + 204: block 28 (GENESIS + 336) is past GENESIS + 324.
    world.runTo(blockAt(27));
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 324)).toBe(6);
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 325)).toBe(8);
    world.market.redeem(USER, fill.reservation.id, () => {}, note);
    world.runTo(blockAt(28));
    expect(errors).toEqual(['NotBeneficiary', 'ReservationExpired']);
    // The unredeemed vouchers stay with the user: supply equals the unredeemed purchases.
    expect(world.market.voucher('H100').totalSupply).toBe(3600n);
  });

  it('an outage ends the running job at once (an SLA breach) and the GPUs return with the provider', () => {
    const world = setup();
    const fill = filled(world);
    const ended: boolean[] = [];
    world.market.redeem(USER, fill.reservation.id, (_r, interrupted) => ended.push(interrupted), () => {});
    world.runTo(blockAt(18));
    world.ctx.kernel.schedule(500 - world.ctx.kernel.now(), () => world.market.setAvailability(PROVIDER, false, () => {}));
    world.runTo(blockAt(42));
    // Reported in block 42 (GENESIS + 504).
    expect(ended).toEqual([true]);
    expect(world.market.interruptions).toBe(1);
    expect(world.market.desk.reservation(fill.reservation.id)?.interruptedAt).toBe(GENESIS + 504);
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 504)).toBe(0);
    world.market.setAvailability(PROVIDER, true, () => {});
    world.runTo(blockAt(43));
    expect(world.market.desk.freeGpus(PROVIDER, GENESIS + 516)).toBe(8);
    // The job's planned end passes without a second report.
    world.runTo(2100);
    expect(ended).toEqual([true]);
  });
});

describe('the book', () => {
  it('offers each solver the cheapest provider with enough free GPUs, cheapest first and listing order on ties', () => {
    const world = makeWorld();
    listProvider(world, 'dear', 'H100', 8, 90);
    listProvider(world, 'cheap-small', 'H100', 1, 50);
    listProvider(world, 'cheap-big', 'H100', 4, 50);
    listProvider(world, 'cheap-later', 'H100', 4, 50);
    world.runTo(blockAt(1));
    const offer = (gpus: number): string | undefined => world.market.cheapestOffer('H100', gpus, GENESIS + 12)?.provider;
    expect([offer(1), offer(2), offer(5), offer(9)]).toEqual(['cheap-small', 'cheap-big', 'dear', undefined]);
  });

  it('rejects an order it cannot carry, with the reason', () => {
    const world = setup();
    expect(() => post(world, { gpuModel: 'TPU' })).toThrow(/output is not the TPU voucher/);
    const order = intentOrder({ swapper: USER, gpuModel: 'H100', gpuSeconds: 10n, start: 1n, end: 2n, t0: 0, t1: 1, deadline: 2 });
    const toOther = { ...order, outputs: [{ ...order.outputs[0]!, recipient: 'someone' }] };
    expect(() => world.market.postIntent(toOther, 'H100', 1, { onFilled: () => {}, onExpired: () => {} })).toThrow(/someone other than the swapper/);
  });

  it('rejects parameters the reactor could not honour', () => {
    expect(() => makeWorld({ startPriceFactor: 1.2, endPriceFactor: 1 })).toThrow(/decays upward/);
    expect(() => makeWorld({ decayWindow: 0 })).toThrow(/decayWindow/);
  });
});
