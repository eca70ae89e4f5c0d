// Invariants of the lease market, cheap enough to check at every block: each one touches only what
// changed since the last check (new accounts, open accounts, active leases), never the whole history.
import { accountKey, type AccountId, type EscrowKeeper, type EscrowScope } from '../contracts/leasing/escrow.js';
import { escrowPaymentForLease } from '../contracts/leasing/ids.js';
import { Revert } from '../contracts/errors.js';
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import type { InvariantCheck } from '../metrics/invariants.js';
import type { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import { ESCROW_MODULE } from '../markets/lease/leaseAuction.js';

/**
 * Escrow conservation: the module's whole-coin token balance equals, to 10^-18, every account's
 * balance and funds plus every payment's unwithdrawn balance, fractional dust included. An account
 * that is no longer open never changes again, so its share is frozen once and not re-read; one
 * pruned before this check froze it (the market's watcher) is frozen at its pruned state.
 */
export function escrowConservation(market: LeaseAuctionMarket): InvariantCheck {
  const escrow = market.akash.escrow;
  const token = escrow.config.token;
  // By scope, then xid, as the keeper holds them: following an account builds no key string.
  const open: Record<EscrowScope, Map<string, AccountId>> = { deployment: new Map(), bid: new Map() };
  const paymentKey = (account: AccountId, paymentId: string): string => `${account.xid}/${paymentId}`;
  const openPayments = new Map<string, { account: AccountId; paymentId: string }>();
  // Sums of LegacyDec's underlying integers (10^-18 units): exact, and no Dec allocated per account.
  let frozen = 0n;
  market.watchEscrow({
    accountCreated: (id) => open[id.scope].set(id.xid, id),
    paymentCreated: (account, paymentId) => openPayments.set(paymentKey(account, paymentId), { account, paymentId }),
    pruned: ({ account, payments }) => {
      if (open[account.id.scope].delete(account.id.xid)) frozen += account.balance.raw + account.funds.raw;
      for (const p of payments) if (openPayments.delete(paymentKey(account.id, p.paymentId))) frozen += p.balance.raw;
    },
  });

  return (): ReturnType<InvariantCheck> => {
    let held = frozen;
    for (const accounts of [open.deployment, open.bid]) {
      for (const [xid, id] of accounts) {
        const a = escrow.getAccount(id);
        if (a.balance.isNegative() || a.funds.isNegative()) {
          return { account: accountKey(id), balance: a.balance.toString(), funds: a.funds.toString(), problem: 'negative escrow balance' };
        }
        const share = a.balance.raw + a.funds.raw;
        held += share;
        if (a.state !== 'open') {
          frozen += share;
          accounts.delete(xid);
        }
      }
    }
    for (const [key, { account, paymentId }] of openPayments) {
      const p = escrow.getPayment(account, paymentId);
      if (p.balance.isNegative()) return { payment: key, balance: p.balance.toString(), problem: 'negative payment balance' };
      held += p.balance.raw;
      if (p.state !== 'open' && escrow.getAccount(account).state !== 'open') {
        frozen += p.balance.raw;
        openPayments.delete(key);
      }
    }
    const module = LegacyDec.fromInt(token.balanceOf(ESCROW_MODULE));
    return module.raw === held ? null : { moduleBalance: module.toString(), accountsAndPayments: LegacyDec.fromRaw(held).toString() };
  };
}

/** Every lease the chain's events show as active has an open escrow payment behind it. */
export function noActiveLeaseWithoutPayment(market: LeaseAuctionMarket, escrow: EscrowKeeper): InvariantCheck {
  return () => {
    for (const [key, lease] of market.activeLeases) {
      const onChain = market.lease(lease.id);
      if (onChain === undefined || onChain.state !== 'active') continue; // its end is announced at the receipt
      const account = market.akash.deployments.escrowAccountOf(lease.id);
      const state = paymentState(escrow, account, escrowPaymentForLease(lease.id));
      if (state !== 'open') return { lease: key, payment: state };
    }
    return null;
  };
}

function paymentState(escrow: EscrowKeeper, account: AccountId, paymentId: string): string {
  try {
    return escrow.getPayment(account, paymentId).state;
  } catch (e) {
    if (e instanceof Revert) return 'missing';
    throw e;
  }
}
