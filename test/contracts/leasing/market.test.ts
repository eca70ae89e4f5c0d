// The deployment and market state machines of Akash v0.38 (contracts spec §2.1–2.2), end to end with
// real coins. Amounts are worked out by hand: a deposit of D at a rate of r per block leaves D − r·Δh.
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import type { Akash } from '../../../sim/contracts/leasing/akash.js';
import { escrowAccountForBid, escrowAccountForDeployment, escrowPaymentForLease, type BidId, type OrderId } from '../../../sim/contracts/leasing/ids.js';
import { at, chain, dec, ESCROW, gpuGroup, POOL } from './fixture.js';

const FUNDS = 10_000_000n;
const BID_DEPOSIT = 500_000n;
const ORDER: OrderId = { owner: 'tenant', dseq: 1, gseq: 1, oseq: 1 };
const bidOf = (provider: string, order: OrderId = ORDER): BidId => ({ ...order, provider });

function nameOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no error';
}

/** A tenant with a one-group deployment (order price 100/block, deposit 1,000,000) and n providers. */
function market(providers = 3) {
  const names = Array.from({ length: providers }, (_, i) => `p${i + 1}`);
  const { token, akash } = chain(Object.fromEntries([['tenant', FUNDS], ...names.map((n) => [n, FUNDS])]));
  for (const n of names) akash.providers.createProvider(at(n, 0), 'a100', 8);
  akash.deploymentMsgs.createDeployment(at('tenant', 1), 1, [gpuGroup(100)], 1_000_000n);
  return { token, akash };
}

const bid = (akash: Akash, provider: string, price: number, block = 2, order: OrderId = ORDER) =>
  akash.marketMsgs.createBid(at(provider, block), order, dec(price), BID_DEPOSIT);

describe('deployment', () => {
  it('ordersForDeployment lists the orders of one deployment group by group, in the state asked', () => {
    const { akash } = chain({ tenant: FUNDS, p1: FUNDS });
    akash.providers.createProvider(at('p1', 0), 'a100', 8);
    akash.deploymentMsgs.createDeployment(at('tenant', 1), 7, [gpuGroup(100), gpuGroup(50)], 600_000n);
    akash.deploymentMsgs.createDeployment(at('tenant', 1), 8, [gpuGroup(100)], 600_000n);
    const first: OrderId = { owner: 'tenant', dseq: 7, gseq: 1, oseq: 1 };
    akash.marketMsgs.createBid(at('p1', 2), first, dec(90), BID_DEPOSIT);
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1', first));
    const seqs = (state?: 'open' | 'active') => akash.market.ordersForDeployment({ owner: 'tenant', dseq: 7 }, state).map((o) => [o.id.dseq, o.id.gseq, o.id.oseq, o.state]);
    expect(seqs()).toEqual([[7, 1, 1, 'active'], [7, 2, 1, 'open']]);
    expect(seqs('open')).toEqual([[7, 2, 1, 'open']]);
    expect(seqs('active')).toEqual([[7, 1, 1, 'active']]);
  });

  it('CreateDeployment opens one order per group and escrows the deposit', () => {
    const { token, akash } = chain({ tenant: FUNDS });
    akash.deploymentMsgs.createDeployment(at('tenant', 1), 7, [gpuGroup(100), gpuGroup(50)], 600_000n);
    const orders = [...akash.market.orders()];
    expect(orders.map((o) => [o.id.gseq, o.id.oseq, o.state])).toEqual([[1, 1, 'open'], [2, 1, 'open']]);
    expect(akash.escrow.getAccount(escrowAccountForDeployment({ owner: 'tenant', dseq: 7 })).balance.toString()).toBe(dec(600_000).toString());
    expect(token.balanceOf(ESCROW)).toBe(600_000n);
    expect(nameOf(() => akash.deploymentMsgs.createDeployment(at('tenant', 1), 7, [gpuGroup(1)], 600_000n))).toBe('ErrDeploymentExists');
    expect(nameOf(() => akash.deploymentMsgs.createDeployment(at('tenant', 1), 8, [gpuGroup(1)], 499_999n))).toBe('ErrInvalidDeposit');
  });

  it('DepositDeployment tops up without settling; CloseDeployment refunds the rest', () => {
    const { token, akash } = market();
    bid(akash, 'p1', 40);
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1'));
    akash.deploymentMsgs.depositDeployment(at('tenant', 50), ORDER, 500_000n);
    akash.deploymentMsgs.closeDeployment(at('tenant', 103), ORDER);
    // 100 blocks at 40 = 4000 paid; 1,500,000 − 4000 refunded.
    expect(token.balanceOf('tenant')).toBe(FUNDS - 4000n);
    expect(akash.deployments.getDeployment(ORDER)!.state).toBe('closed');
    expect(akash.deployments.getGroup(ORDER)!.state).toBe('closed');
    expect(akash.market.getLease(bidOf('p1'))!.state).toBe('closed');
    expect(akash.market.getOrder(ORDER)!.state).toBe('closed');
    expect(akash.market.getBid(bidOf('p1'))!.state).toBe('closed');
    // Earnings 4000 less the 2 % uakt take, and the bid deposit back.
    expect(token.balanceOf('p1')).toBe(FUNDS + 4000n - 80n);
    expect(token.balanceOf(POOL)).toBe(80n);
    expect(nameOf(() => akash.deploymentMsgs.closeDeployment(at('tenant', 104), ORDER))).toBe('ErrDeploymentClosed');
    expect(nameOf(() => akash.deploymentMsgs.depositDeployment(at('tenant', 104), ORDER, 1n))).toBe('ErrDeploymentClosed');
  });
});

describe('CreateBid', () => {
  it('escrows the bid deposit', () => {
    const { token, akash } = market();
    const id = bid(akash, 'p1', 90);
    expect(akash.market.bidsForOrder(ORDER, 'open').map((b) => b.id.provider)).toEqual(['p1']);
    expect(akash.escrow.getAccount(escrowAccountForBid(id)).balance.toString()).toBe(dec(500_000).toString());
    expect(token.balanceOf('p1')).toBe(FUNDS - BID_DEPOSIT);
  });

  it('rejects bids as the original does', () => {
    const { akash } = market();
    akash.providers.createProvider(at('h100-shop', 0), 'h100', 8);
    akash.providers.createProvider(at('tiny', 0), 'a100', 0);
    const create = (provider: string, price: number | string, deposit = BID_DEPOSIT, order = ORDER) =>
      nameOf(() => akash.marketMsgs.createBid(at(provider, 2), order, dec(price), deposit));
    expect(create('p1', 90, BID_DEPOSIT - 1n)).toBe('ErrInvalidDeposit');
    expect(create('p1', 90, BID_DEPOSIT, { ...ORDER, oseq: 2 })).toBe('ErrOrderNotFound');
    expect(create('p1', '-1')).toBe('ErrBidInvalidPrice');
    expect(create('p1', '100.000000000000000001')).toBe('ErrBidOverOrder');
    expect(create('stranger', 90)).toBe('ErrUnknownProvider');
    expect(create('h100-shop', 90)).toBe('ErrAttributeMismatch');
    expect(create('tiny', 90)).toBe('ErrCapabilitiesMismatch');
    expect(create('p1', 100)).toBe('no error');
    expect(create('p1', 90)).toBe('ErrBidExists');
  });

  it('lets OrderMaxBids + 1 = 21 bids in and refuses the 22nd', () => {
    const { akash } = market(22);
    for (let i = 1; i <= 21; i++) bid(akash, `p${i}`, 50);
    expect(nameOf(() => bid(akash, 'p22', 50))).toBe('ErrInvalidBid');
    expect(akash.market.bidsForOrder(ORDER).length).toBe(21);
  });
});

describe('CreateLease', () => {
  it('matches the bid the tenant names, at its price, and refunds every other bid', () => {
    const { token, akash } = market();
    bid(akash, 'p1', 30);
    bid(akash, 'p2', 60);
    bid(akash, 'p3', 90);
    // The tenant's choice, not the cheapest.
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p2'));
    const payment = akash.escrow.getPayment(escrowAccountForDeployment(ORDER), escrowPaymentForLease(bidOf('p2')));
    expect(payment.rate.toString()).toBe(dec(60).toString());
    expect(payment.owner).toBe('p2');
    expect(akash.market.getOrder(ORDER)!.state).toBe('active');
    expect(akash.market.bidsForOrder(ORDER).map((b) => [b.id.provider, b.state])).toEqual([['p1', 'lost'], ['p2', 'active'], ['p3', 'lost']]);
    expect(akash.market.getLease(bidOf('p2'))!.state).toBe('active');
    expect([token.balanceOf('p1'), token.balanceOf('p2'), token.balanceOf('p3')]).toEqual([FUNDS, FUNDS - BID_DEPOSIT, FUNDS]);
  });

  it('refuses a second lease, a late bid, and anyone but the tenant', () => {
    const { akash } = market();
    bid(akash, 'p1', 30);
    bid(akash, 'p2', 60);
    expect(nameOf(() => akash.marketMsgs.createLease(at('p1', 3), bidOf('p1')))).toBe('ErrUnauthorized');
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1'));
    expect(nameOf(() => akash.marketMsgs.createLease(at('tenant', 3), bidOf('p2')))).toBe('ErrBidNotOpen');
    expect(nameOf(() => bid(akash, 'p3', 10))).toBe('ErrOrderActive');
  });
});

describe('closing', () => {
  it('CloseLease closes lease, bid and order, pays the provider, and opens order oseq 2', () => {
    const { token, akash } = market();
    bid(akash, 'p1', 40);
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1'));
    akash.marketMsgs.closeLease(at('tenant', 53), bidOf('p1'));
    expect(akash.market.getLease(bidOf('p1'))).toMatchObject({ state: 'closed', closedOn: 53 });
    expect(akash.market.getBid(bidOf('p1'))!.state).toBe('closed');
    expect(akash.market.getOrder(ORDER)!.state).toBe('closed');
    expect(akash.market.getOrder({ ...ORDER, oseq: 2 })!.state).toBe('open');
    expect(akash.deployments.getGroup(ORDER)!.state).toBe('open');
    // 50 blocks at 40 = 2000, less 40 take; the bid deposit is back.
    expect(token.balanceOf('p1')).toBe(FUNDS + 1960n);
    const payment = akash.escrow.getPayment(escrowAccountForDeployment(ORDER), escrowPaymentForLease(bidOf('p1')));
    expect(payment).toMatchObject({ state: 'closed', withdrawn: 2000n });
    // The new order is auctioned again.
    expect(nameOf(() => bid(akash, 'p2', 70, 54, { ...ORDER, oseq: 2 }))).toBe('no error');
    expect(nameOf(() => akash.marketMsgs.closeLease(at('tenant', 54), bidOf('p1')))).toBe('ErrOrderClosed');
    expect(nameOf(() => bid(akash, 'p3', 70, 54))).toBe('ErrOrderClosed');
  });

  it('CloseBid on a won bid ends the lease and pauses the group: no new order', () => {
    const { akash } = market();
    bid(akash, 'p1', 40);
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1'));
    akash.marketMsgs.closeBid(at('p1', 13), bidOf('p1'));
    expect(akash.deployments.getGroup(ORDER)!.state).toBe('paused');
    expect(akash.market.getLease(bidOf('p1'))!.state).toBe('closed');
    expect(akash.market.getOrder(ORDER)!.state).toBe('closed');
    expect([...akash.market.orders()].length).toBe(1);
    expect(akash.escrow.getPayment(escrowAccountForDeployment(ORDER), escrowPaymentForLease(bidOf('p1'))).withdrawn).toBe(400n);
    expect(nameOf(() => akash.marketMsgs.closeBid(at('p1', 14), bidOf('p1')))).toBe('ErrLeaseNotActive');
  });

  it('CloseBid on an open bid refunds it; a lost bid has no lease to close', () => {
    const { token, akash } = market();
    bid(akash, 'p1', 40);
    bid(akash, 'p2', 50);
    akash.marketMsgs.closeBid(at('p2', 3), bidOf('p2'));
    expect(akash.market.getBid(bidOf('p2'))!.state).toBe('closed');
    expect(token.balanceOf('p2')).toBe(FUNDS);
    expect(nameOf(() => akash.marketMsgs.closeBid(at('p3', 3), bidOf('p3')))).toBe('ErrUnknownBid');
  });

  it('an overdraft found by WithdrawLease closes the deployment: insufficient_funds, orders and bids closed', () => {
    const { token, akash } = market();
    bid(akash, 'p1', 100);
    bid(akash, 'p2', 100);
    akash.marketMsgs.createLease(at('tenant', 1), bidOf('p1'));
    // 1,000,000 at 100/block lasts 10,000 blocks.
    akash.marketMsgs.withdrawLease(at('p1', 20_001), bidOf('p1'));
    expect(akash.deployments.getDeployment(ORDER)!.state).toBe('closed');
    expect(akash.deployments.getGroup(ORDER)!.state).toBe('insufficient_funds');
    expect(akash.market.getLease(bidOf('p1'))!.state).toBe('insufficient_funds');
    expect(akash.market.getOrder(ORDER)!.state).toBe('closed');
    expect(akash.market.getBid(bidOf('p1'))!.state).toBe('closed');
    expect(akash.escrow.getAccount(escrowAccountForDeployment(ORDER)).state).toBe('overdrawn');
    // The whole deposit went to the provider (2 % take), and both bid deposits came back.
    expect(token.balanceOf('p1')).toBe(FUNDS + 980_000n);
    expect(token.balanceOf('p2')).toBe(FUNDS);
    expect(token.balanceOf(POOL)).toBe(20_000n);
    expect(token.balanceOf(ESCROW)).toBe(0n);
    expect(nameOf(() => akash.deploymentMsgs.depositDeployment(at('tenant', 20_002), ORDER, 1n))).toBe('ErrDeploymentClosed');
    expect(nameOf(() => akash.marketMsgs.withdrawLease(at('p1', 20_002), bidOf('p1')))).toBe('ErrPaymentClosed');
  });

  it('a CloseLease that finds the account overdrawn ends the deployment instead of re-auctioning', () => {
    const { akash } = market();
    bid(akash, 'p1', 100);
    akash.marketMsgs.createLease(at('tenant', 1), bidOf('p1'));
    akash.marketMsgs.closeLease(at('tenant', 20_001), bidOf('p1'));
    expect(akash.deployments.getGroup(ORDER)!.state).toBe('insufficient_funds');
    expect([...akash.market.orders()].length).toBe(1);
  });

  // Not a port's rule but one the lab relies on: the lease market follows a lease through the record
  // it read when the lease was created (sim/markets/lease/followedLeases.ts) and reads its state live,
  // so the keeper must keep one record per bid for the bid's life and update it in place.
  it('keeps one record per bid for its life, updated in place from bid to lease to closed', () => {
    const { akash } = market();
    bid(akash, 'p1', 100);
    const record = akash.market.bidRecord(bidOf('p1'))!;
    akash.marketMsgs.createLease(at('tenant', 3), bidOf('p1'));
    expect(akash.market.bidRecord(bidOf('p1'))).toBe(record);
    expect([record.bid.state, record.lease?.state]).toEqual(['active', 'active']);
    akash.marketMsgs.closeLease(at('tenant', 4), bidOf('p1'));
    expect(akash.market.bidRecord(bidOf('p1'))).toBe(record);
    expect([record.bid.state, record.lease?.state]).toEqual(['closed', 'closed']);
  });
});
