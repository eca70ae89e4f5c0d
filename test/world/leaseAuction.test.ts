// The lease auction on three providers and one tenant, every figure computed by hand (see
// leaseHarness.ts for why the prices are exact). Timeline shared by these tests, block k at 12k s:
//   t=0    providers register and approve the escrow, the tenant approves     -> block 1
//   t=12   the tenant's approval is in; it sends CreateDeployment             -> block 2 (t=24)
//   t=24+  the order is announced; A, B and C bid within microseconds         -> block 3 (t=36)
//   t=84   the bid window (60 s) is over; the tenant leases the cheapest bid  -> block 7 (t=84)
// The lease's escrow is settled from block 7 on, lazily: only when a transaction touches it.
import { describe, expect, it } from 'vitest';
import { LegacyDec } from '../../sim/contracts/leasing/LegacyDec.js';
import { escrowAccountForBid, escrowAccountForDeployment, type LeaseId } from '../../sim/contracts/leasing/ids.js';
import { COMMUNITY_POOL, ESCROW_MODULE } from '../../sim/markets/lease/leaseAuction.js';
import { blockNumber, HOUR_JOB, makeLeaseWorld, PROVIDER_FLOAT, type LeaseTestWorld } from './leaseHarness.js';

const order = { owner: 'tenant:0', dseq: 1, gseq: 1, oseq: 1 };
const leaseOf = (provider: string, dseq = 1): LeaseId => ({ ...order, dseq, provider });

function balances(w: LeaseTestWorld): Record<string, bigint> {
  const of = (a: string): bigint => w.usd.balanceOf(a);
  return {
    A: of('provider:A'),
    B: of('provider:B'),
    C: of('provider:C'),
    tenant: of('tenant:0'),
    pool: of(COMMUNITY_POOL),
    escrow: of(ESCROW_MODULE),
  };
}

describe('lease auction, by hand', () => {
  it('the cheapest of three cost-plus bids wins at its exact per-block price, and escrow pays it at close', () => {
    const w = makeLeaseWorld();
    w.addTenant(HOUR_JOB);

    w.runTo(36);
    // Each bid is cost / 0.8 · 1.25 per GPU-hour, times 10^4 for 3 GPUs on 12 s blocks.
    // In the order the random latencies sent them; sorted, so only the prices are asserted.
    const bids = w.market.openBids(order).map((b) => [b.id.provider, b.price.toString(), b.createdAt]);
    expect(bids.sort()).toEqual([
      ['provider:A', '25000.000000000000000000', blockNumber(3)],
      ['provider:B', '30000.000000000000000000', blockNumber(3)],
      ['provider:C', '31250.000000000000000000', blockNumber(3)],
    ]);
    // Each bid locked its 5 USD deposit.
    expect(balances(w)).toMatchObject({ A: PROVIDER_FLOAT - 5_000_000n, B: PROVIDER_FLOAT - 5_000_000n, C: PROVIDER_FLOAT - 5_000_000n });

    w.runTo(84);
    const lease = w.market.lease(leaseOf('provider:A'))!;
    expect(lease.state).toBe('active');
    expect(lease.createdAt).toBe(blockNumber(7));
    expect(lease.price.equal(LegacyDec.fromInt(25_000n))).toBe(true);
    // The losers are refunded their deposits at once, in the lease's own transaction.
    expect(w.market.akash.market.getBid(leaseOf('provider:B'))!.state).toBe('lost');
    expect(w.market.akash.escrow.getAccount(escrowAccountForBid(leaseOf('provider:C'))).state).toBe('closed');
    expect(balances(w)).toMatchObject({ A: PROVIDER_FLOAT - 5_000_000n, B: PROVIDER_FLOAT, C: PROVIDER_FLOAT });

    // The job runs 3600 s from the lease at t=84: the tenant closes at t=3684, in block 307.
    w.runTo(4000);
    const closed = w.market.lease(leaseOf('provider:A'))!;
    expect([closed.state, closed.closedOn]).toEqual(['closed', blockNumber(307)]);
    // Paid: 300 blocks (7 to 307) · 25,000 = 7,500,000; fee ⌊7,500,000 · 0.2⌋ = 1,500,000.
    // The deposit was 300 blocks at the tenant's 40,000 = 12,000,000; refund 12,000,000 − 7,500,000.
    // A also gets its 5 USD bid deposit back when its bid closes with the deployment.
    expect(balances(w)).toEqual({
      A: PROVIDER_FLOAT + 6_000_000n,
      B: PROVIDER_FLOAT,
      C: PROVIDER_FLOAT,
      tenant: 4_500_000n,
      pool: 1_500_000n,
      escrow: 0n,
    });
    expect(w.market.paidOut).toBe(7_500_000n);
    expect(w.market.activeLeases.size).toBe(0);
    expect(w.reports).toEqual([{ job: HOUR_JOB, outcome: 'completed', wait: 84, interruptions: 0, prices: [2.5] }]);
    expect(w.checker.report()).toMatchObject({ checks: 333, violationCount: 0 });
  });

  it('an outage of the winner interrupts the lease; the tenant redeploys the rest of the job and the next cheapest wins', () => {
    const w = makeLeaseWorld();
    w.addTenant(HOUR_JOB);
    w.ctx.kernel.schedule(1290, () => w.providers.A.beginOutage());

    // A closes its bid at t=1290, in block 108 (t=1296): 101 blocks since block 7.
    w.runTo(1296);
    const first = w.market.lease(leaseOf('provider:A'))!;
    expect([first.state, first.closedOn]).toEqual(['closed', blockNumber(108)]);
    // 101 · 25,000 = 2,525,000 paid; fee ⌊505,000⌋; A nets 2,020,000 and has its deposit back.
    expect(balances(w)).toMatchObject({ A: PROVIDER_FLOAT + 2_020_000n, pool: 505_000n });

    // The tenant closes deployment 1 (block 109, refund 12,000,000 − 2,525,000 = 9,475,000) and
    // redeploys the remaining 3600 − (1296 − 84) = 2388 s: ⌈2388/12⌉ = 199 blocks at 40,000 =
    // 7,960,000 deposited in block 110 (t=1320). A is down, so B and C bid (block 111) and B wins
    // at t=1380 (block 115). B's lease runs 2388 s to t=3768, block 314: 199 blocks · 30,000.
    w.runTo(4000);
    const second = w.market.lease(leaseOf('provider:B', 2))!;
    expect([second.createdAt, second.price.toString(), second.state, second.closedOn]).toEqual([
      blockNumber(115),
      '30000.000000000000000000',
      'closed',
      blockNumber(314),
    ]);
    expect(w.market.lease(leaseOf('provider:A', 2))).toBeUndefined();
    // B: 5,970,000 paid, fee 1,194,000, nets 4,776,000. Tenant: 12,000,000 − 2,525,000 − 5,970,000.
    expect(balances(w)).toEqual({
      A: PROVIDER_FLOAT + 2_020_000n,
      B: PROVIDER_FLOAT + 4_776_000n,
      C: PROVIDER_FLOAT,
      tenant: 3_505_000n,
      pool: 505_000n + 1_194_000n,
      escrow: 0n,
    });
    expect(w.reports).toEqual([{ job: HOUR_JOB, outcome: 'completed', wait: 84, interruptions: 1, prices: [2.5, 3] }]);
    expect(w.checker.report().violationCount).toBe(0);
  });

  it('an order priced below every ask gets no bid; the tenant gives up at its patience and is refunded in full', () => {
    const w = makeLeaseWorld();
    // 2 USD per GPU-hour (20,000 micro-USD per block) is below A's ask of 2.5: nobody bids.
    const job = { ...HOUR_JOB, wtpPerGpuHour: 2 };
    w.addTenant(job);
    // Deposit 300 · 20,000 = 6,000,000 in block 2. With no bid the tenant redeploys: it closes in
    // the block of its look, deploys again in the next and looks 60 s later, so it looks at
    // t = 84 + 72k. It gives up at the first look after which another window would pass its
    // 1800 s patience: 84 + 72 · 24 = 1812 (1812 + 60 > 1800; 1740 + 60 is not), closing that
    // deployment in the block of t = 1812.
    w.runTo(1811);
    expect(w.reports).toEqual([]);
    expect(w.usd.balanceOf('tenant:0')).toBe(0n);
    w.runTo(1812);
    expect(w.market.openBids(order)).toEqual([]);
    expect(w.market.akash.deployments.getDeployment(order)!.state).toBe('closed');
    expect(w.reports).toEqual([{ job, outcome: 'unserved', wait: Number.NaN, interruptions: 0, prices: [] }]);
    expect(balances(w)).toEqual({ A: PROVIDER_FLOAT, B: PROVIDER_FLOAT, C: PROVIDER_FLOAT, tenant: 6_000_000n, pool: 0n, escrow: 0n });
  });

  it('a tenant no provider serves gives up after maxEmptyOrders orders in a row that drew no bid, whatever its patience', () => {
    const w = makeLeaseWorld();
    const job = { ...HOUR_JOB, wtpPerGpuHour: 2, patience: 10 * 365 * 86_400 };
    w.addTenant(job, { maxEmptyOrders: 3 });
    // Looks at t = 84 + 72k as above: the first two find no bid and redeploy, the third (t = 228)
    // is the third empty order in a row, and the tenant gives up in the block of its look.
    w.runTo(227);
    expect(w.reports).toEqual([]);
    w.runTo(228);
    expect(w.reports).toEqual([{ job, outcome: 'unserved', wait: Number.NaN, interruptions: 0, prices: [] }]);
  });

  it('a deposit covering half the job runs dry: the settlement after block 247 ends the lease insufficient_funds', () => {
    const w = makeLeaseWorld();
    // Budget and deposit: ⌈12,000,000 · 0.5⌉ = 6,000,000, which pays 240 blocks at 25,000: blocks 7 to 247.
    w.addTenant(HOUR_JOB, { depositCover: 0.5 });
    const lease = leaseOf('provider:A');
    const withdraw = (): void => w.market.withdrawLease('provider:A', lease, () => {});
    // Two withdrawals by the provider: block 167 (t=2004) and block 259 (t=3108).
    w.ctx.kernel.schedule(2000, withdraw);
    w.ctx.kernel.schedule(3100, withdraw);

    // The first settles 160 blocks: 4,000,000 paid, fee 800,000, A nets 3,200,000.
    w.runTo(2004);
    expect(w.market.lease(lease)!.state).toBe('active');
    expect(balances(w)).toMatchObject({ A: PROVIDER_FLOAT - 5_000_000n + 3_200_000n, pool: 800_000n });
    expect(w.market.akash.escrow.getAccount(escrowAccountForDeployment(order)).balance.toString()).toBe('2000000.000000000000000000');

    // The second finds 92 blocks due and 80 paid for (2,000,000 / 25,000): the account is overdrawn.
    w.runTo(3108);
    const dry = w.market.lease(lease)!;
    expect([dry.state, dry.closedOn]).toEqual(['insufficient_funds', blockNumber(259)]);
    expect(w.market.akash.deployments.getGroup(order)!.state).toBe('insufficient_funds');
    // The last 2,000,000: fee 400,000, A nets 1,600,000 and gets its bid deposit back.
    expect(balances(w)).toEqual({
      A: PROVIDER_FLOAT + 4_800_000n,
      B: PROVIDER_FLOAT,
      C: PROVIDER_FLOAT,
      tenant: 0n,
      pool: 1_200_000n,
      escrow: 0n,
    });

    // The tenant counts the interruption, finds its deployment already closed, and cannot fund
    // the remaining 576 s (a 960,000 deposit) with nothing left: the job fails.
    w.runTo(3200);
    expect(w.reports).toEqual([{ job: HOUR_JOB, outcome: 'failed', wait: 84, interruptions: 1, prices: [2.5] }]);
    expect(w.checker.report().violationCount).toBe(0);
  });
});
