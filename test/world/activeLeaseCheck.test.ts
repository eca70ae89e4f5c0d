// no_active_lease_without_payment looks only at the leases that writes name (escrow's write log, the
// market keeper's lease write log, `openLeaseWriteLog`) and the ones it watches. The oracle here is the definition, a
// walk over every active lease after every step; the steps plant the bookkeeping bugs that break the
// invariant in each way a write can: a payment closed under a lease the keeper keeps active (named by
// escrow's log), still broken at the next check with nothing written (the watched leases), a broken
// lease the market lists only later, and a lease created over a payment that does not exist (named by
// the keeper's log alone). Leaving out the watched leases, escrow's log or the keeper's log turns the
// check red here (each was planted and seen red).
import { describe, expect, it } from 'vitest';
import { bidKey, escrowAccountForDeployment, type BidId, type DeploymentId } from '../../sim/contracts/leasing/ids.js';
import type { Lease } from '../../sim/contracts/leasing/market.js';
import type { LeaseAuctionMarket } from '../../sim/markets/lease/leaseAuction.js';
import { noActiveLeaseWithoutPayment } from '../../sim/world/leaseInvariants.js';
import { at, chain, dec, gpuGroup } from '../contracts/leasing/fixture.js';

const FUNDS = 100_000_000n;

describe('no_active_lease_without_payment, following the writes', () => {
  it('finds what a walk over every active lease finds, after every step', () => {
    const { akash } = chain({ tenant: FUNDS, p1: FUNDS, p2: FUNDS, p3: FUNDS });
    for (const p of ['p1', 'p2', 'p3']) akash.providers.createProvider(at(p, 0), 'a100', 8);
    const activeLeases = new Map<string, Lease>();
    const market = { akash, activeLeases } as unknown as LeaseAuctionMarket;
    const check = noActiveLeaseWithoutPayment(market, akash.escrow);
    // The definition: the first lease of activeLeases the keeper holds active over a payment not open.
    const walk = () => {
      for (const [key, lease] of activeLeases) {
        const record = akash.market.bidRecord(lease.id);
        if (record?.lease?.state !== 'active') continue;
        const state = akash.escrow.paymentState(akash.deployments.escrowAccountOf(lease.id), record.paymentId!);
        if (state !== 'open') return { lease: key, payment: state ?? 'missing' };
      }
      return null;
    };
    let block = 1;
    const deployWithBid = (dseq: number, provider: string): BidId => {
      akash.deploymentMsgs.createDeployment(at('tenant', block), dseq, [gpuGroup(100)], 1_000_000n);
      const order = akash.market.ordersForDeployment({ owner: 'tenant', dseq })[0]!.id;
      return akash.marketMsgs.createBid(at(provider, block), order, dec(90), 500_000n);
    };
    const list = (id: BidId) => activeLeases.set(bidKey(id), akash.market.getLease(id)!);
    const deployment = (id: BidId): DeploymentId => ({ owner: id.owner, dseq: id.dseq });
    const steps: [string, () => void][] = [
      ['a lease, listed at its receipt', () => {
        const first = deployWithBid(1, 'p1');
        akash.marketMsgs.createLease(at('tenant', block), first);
        list(first);
      }],
      ['withdrawn from', () => akash.marketMsgs.withdrawLease(at('p1', block), { owner: 'tenant', dseq: 1, gseq: 1, oseq: 1, provider: 'p1' })],
      ['the keeper stops closing leases; the tenant closes deployment 1', () => {
        akash.market.onLeaseClosed = () => undefined;
        akash.deploymentMsgs.closeDeployment(at('tenant', block), { owner: 'tenant', dseq: 1 });
      }],
      ['nothing written', () => undefined],
      ['a second lease, closed the same way before the market lists it', () => {
        const second = deployWithBid(2, 'p2');
        akash.marketMsgs.createLease(at('tenant', block), second);
        // Blocks later, so the close pays something out and its closed payment is saved.
        akash.deploymentMsgs.closeDeployment(at('tenant', block + 5), deployment(second));
      }],
      ['the first unlisted', () => activeLeases.clear()],
      ['the second listed late', () => list({ owner: 'tenant', dseq: 2, gseq: 1, oseq: 1, provider: 'p2' })],
      ['the second unlisted', () => activeLeases.clear()],
      ['a lease over a payment that does not exist', () => {
        const third = deployWithBid(3, 'p3');
        akash.market.createLease(at('tenant', block), akash.market.getBid(third)!, 'no-such-payment');
        list(third);
      }],
    ];
    const found: string[] = [];
    for (const [what, step] of steps) {
      block += 10;
      step();
      const expected = walk();
      expect(check(), what).toEqual(expected);
      if (expected !== null) found.push(`${what}: ${expected.lease} ${expected.payment}`);
    }
    // The steps do break the invariant, each way once.
    expect(found).toEqual([
      'the keeper stops closing leases; the tenant closes deployment 1: tenant/1/1/1/p1 closed',
      'nothing written: tenant/1/1/1/p1 closed',
      'a second lease, closed the same way before the market lists it: tenant/1/1/1/p1 closed',
      'the second listed late: tenant/2/1/1/p2 closed',
      'a lease over a payment that does not exist: tenant/3/1/1/p3 missing',
    ]);
    expect(akash.escrow.hasAccount(escrowAccountForDeployment({ owner: 'tenant', dseq: 3 }))).toBe(true);
  });
});

describe('MarketKeeper.openLeaseWriteLog', () => {
  it('names every record whose lease was created or replaced, each once', () => {
    const { akash } = chain({ tenant: FUNDS, p1: FUNDS, p2: FUNDS });
    for (const p of ['p1', 'p2']) akash.providers.createProvider(at(p, 0), 'a100', 8);
    const takeLeasesWritten = akash.market.openLeaseWriteLog();
    expect(takeLeasesWritten()).toEqual([]);
    // One reader only: a second would take half the writes from the first.
    expect(() => akash.market.openLeaseWriteLog()).toThrow(/already open/);
    const leases = () => new Map([...akash.market.bids()].map((b) => [bidKey(b.id), akash.market.getLease(b.id)]));
    const order = { owner: 'tenant', dseq: 1, gseq: 1, oseq: 1 };
    const steps: [string, () => void][] = [
      ['deploy and bid', () => {
        akash.deploymentMsgs.createDeployment(at('tenant', 1), 1, [gpuGroup(100)], 1_000_000n);
        akash.marketMsgs.createBid(at('p1', 1), order, dec(90), 500_000n);
        akash.marketMsgs.createBid(at('p2', 1), order, dec(95), 500_000n);
      }],
      ['create a lease', () => akash.marketMsgs.createLease(at('tenant', 2), { ...order, provider: 'p1' })],
      ['close it', () => akash.marketMsgs.closeLease(at('tenant', 5), { ...order, provider: 'p1' })],
      ['a new order won and its deployment closed', () => {
        const next = { ...order, oseq: 2 };
        akash.marketMsgs.createBid(at('p2', 6), next, dec(95), 500_000n);
        akash.marketMsgs.createLease(at('tenant', 7), { ...next, provider: 'p2' });
        akash.deploymentMsgs.closeDeployment(at('tenant', 9), { owner: 'tenant', dseq: 1 });
      }],
    ];
    for (const [what, step] of steps) {
      const before = leases();
      step();
      const after = leases();
      const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
      const named = takeLeasesWritten().map((r) => bidKey(r.bid.id));
      expect(named.sort(), what).toEqual(changed.sort());
    }
  });
});
