// Invariants of the lease market, cheap enough to check at every block: each one touches only what
// changed since the last check (new accounts, open accounts, active leases), never the whole history.
import { accountKey, type AccountId, type EscrowAccount, type EscrowKeeper, type EscrowPayment, type EscrowScope } from '../contracts/leasing/escrow.js';
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
 *
 * The sum is kept incrementally, and is still exactly the sum over every stored record: escrow
 * never edits a stored record, it replaces it (contracts/leasing/escrow.ts), so a record read at
 * this check that is the very object read at the last one holds the same values, was found not
 * negative then, and adds nothing new. Only replaced records are summed again and checked for a
 * negative balance (bid accounts hold their deposit unchanged for the bid's whole life).
 */
export function escrowConservation(market: LeaseAuctionMarket): InvariantCheck {
  const escrow = market.akash.escrow;
  const token = escrow.config.token;
  // By scope, then xid, as the keeper holds them: following an account builds no key string.
  const open: Record<EscrowScope, Map<string, Followed<EscrowAccount>>> = { deployment: new Map(), bid: new Map() };
  const paymentKey = (account: AccountId, paymentId: string): string => `${account.xid}/${paymentId}`;
  const openPayments = new Map<string, Followed<EscrowPayment> & { readonly paymentId: string }>();
  // Sums of LegacyDec's underlying integers (10^-18 units): exact, and no Dec allocated per account.
  // `following` is the sum of the followed records' shares as last read, `frozen` what left them.
  let frozen = 0n;
  let following = 0n;
  const unfollow = (f: Followed<unknown>, finalShare: bigint): void => {
    following -= f.share;
    frozen += finalShare;
  };
  market.watchEscrow({
    accountCreated: (id) => open[id.scope].set(id.xid, { key: id.xid, account: id, seen: undefined, share: 0n }),
    paymentCreated: (account, paymentId) => {
      const key = paymentKey(account, paymentId);
      openPayments.set(key, { key, account, paymentId, seen: undefined, share: 0n });
    },
    pruned: ({ account, payments }) => {
      const scope = open[account.id.scope];
      const followed = scope.get(account.id.xid);
      if (followed !== undefined) {
        scope.delete(account.id.xid);
        unfollow(followed, account.balance.raw + account.funds.raw);
      }
      for (const p of payments) {
        const key = paymentKey(account.id, p.paymentId);
        const payment = openPayments.get(key);
        if (payment === undefined) continue;
        openPayments.delete(key);
        unfollow(payment, p.balance.raw);
      }
    },
  });

  return (): ReturnType<InvariantCheck> => {
    for (const accounts of [open.deployment, open.bid]) {
      for (const f of accounts.values()) {
        const a = escrow.getAccount(f.account);
        if (a !== f.seen) {
          if (a.balance.isNegative() || a.funds.isNegative()) {
            return { account: accountKey(f.account), balance: a.balance.toString(), funds: a.funds.toString(), problem: 'negative escrow balance' };
          }
          const share = a.balance.raw + a.funds.raw;
          following += share - f.share;
          f.seen = a;
          f.share = share;
        }
        if (a.state !== 'open') {
          accounts.delete(f.key);
          unfollow(f, f.share);
        }
      }
    }
    for (const f of openPayments.values()) {
      const p = escrow.getPayment(f.account, f.paymentId);
      if (p !== f.seen) {
        if (p.balance.isNegative()) return { payment: f.key, balance: p.balance.toString(), problem: 'negative payment balance' };
        following += p.balance.raw - f.share;
        f.seen = p;
        f.share = p.balance.raw;
      }
      if (p.state !== 'open' && escrow.getAccount(f.account).state !== 'open') {
        openPayments.delete(f.key);
        unfollow(f, f.share);
      }
    }
    const held = frozen + following;
    const module = LegacyDec.fromInt(token.balanceOf(ESCROW_MODULE));
    return module.raw === held ? null : { moduleBalance: module.toString(), accountsAndPayments: LegacyDec.fromRaw(held).toString() };
  };
}

/** An escrow record the conservation check follows: the record last read, and its share then. */
interface Followed<R> {
  /** Its key in the check's map. */
  readonly key: string;
  readonly account: AccountId;
  seen: R | undefined;
  share: bigint;
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
