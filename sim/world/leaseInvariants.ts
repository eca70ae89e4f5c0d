// Invariants of the lease market, cheap enough to check at every block: each one touches only what
// changed since the last check (the escrow accounts written, the active leases), never the whole history.
import { accountKey, type EscrowKeeper, type EscrowRecords } from '../contracts/leasing/escrow.js';
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import type { InvariantCheck } from '../metrics/invariants.js';
import type { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import { ESCROW_MODULE } from '../markets/lease/leaseAuction.js';

/**
 * Escrow conservation: the module's whole-coin token balance equals, to 10^-18, every account's
 * balance and funds plus every payment's unwithdrawn balance, fractional dust included, plus what
 * the pruned accounts and payments held as escrow counted them (`escrow.pruned`).
 *
 * The sum is kept incrementally, and is still exactly the sum over every stored record: the check
 * re-reads only the accounts escrow wrote since the last check (`takeWritten`: every write to an
 * account or its payments is recorded there, and so is a prune), replacing each one's share. A
 * record with a negative balance is reported, and read again at every check until it is not.
 */
export function escrowConservation(market: LeaseAuctionMarket): InvariantCheck {
  const escrow = market.akash.escrow;
  const token = escrow.config.token;
  // Each stored account's share as last read: balance and funds and its payments' balances, as
  // LegacyDec's underlying integers (10^-18 units), so no Dec is allocated per account.
  const shares = new Map<EscrowRecords, bigint>();
  let stored = 0n;
  let negative: EscrowRecords[] = [];

  return (): ReturnType<InvariantCheck> => {
    let problem: ReturnType<InvariantCheck> = null;
    const stillNegative: EscrowRecords[] = [];
    const written = escrow.takeWritten();
    for (const records of negative.length === 0 ? written : new Set([...negative, ...written])) {
      const before = shares.get(records);
      if (!escrow.stores(records)) {
        if (before !== undefined) stored -= before;
        shares.delete(records);
        continue;
      }
      const found = negativeBalance(records);
      if (found !== null) {
        problem ??= found;
        stillNegative.push(records);
      }
      const share = shareOf(records);
      stored += share - (before ?? 0n);
      shares.set(records, share);
    }
    negative = stillNegative;
    if (problem !== null) return problem;
    const { pruned } = escrow;
    const held = stored + pruned.held.deployment.raw + pruned.held.bid.raw + pruned.paymentBalance.raw;
    const module = LegacyDec.fromInt(token.balanceOf(ESCROW_MODULE));
    return module.raw === held ? null : { moduleBalance: module.toString(), accountsAndPayments: LegacyDec.fromRaw(held).toString() };
  };
}

/** What an account holds in escrow: its balance and funds and its payments' unwithdrawn balances (10^-18 units). */
function shareOf({ account, payments }: EscrowRecords): bigint {
  let share = account.balance.raw + account.funds.raw;
  for (const p of payments.values()) share += p.balance.raw;
  return share;
}

function negativeBalance({ account, payments }: EscrowRecords): ReturnType<InvariantCheck> {
  if (account.balance.isNegative() || account.funds.isNegative()) {
    return { account: accountKey(account.id), balance: account.balance.toString(), funds: account.funds.toString(), problem: 'negative escrow balance' };
  }
  for (const p of payments.values()) {
    if (p.balance.isNegative()) return { payment: `${account.id.xid}/${p.paymentId}`, balance: p.balance.toString(), problem: 'negative payment balance' };
  }
  return null;
}

/** Every lease the chain's events show as active has an open escrow payment behind it. */
export function noActiveLeaseWithoutPayment(market: LeaseAuctionMarket, escrow: EscrowKeeper): InvariantCheck {
  const { deployments, market: keeper } = market.akash;
  return () => {
    for (const [key, lease] of market.activeLeases) {
      const record = keeper.bidRecord(lease.id);
      const onChain = record?.lease;
      if (onChain === undefined || onChain.state !== 'active') continue; // its end is announced at the receipt
      const state = escrow.paymentState(deployments.escrowAccountOf(lease.id), record!.paymentId!);
      if (state !== 'open') return { lease: key, payment: state ?? 'missing' };
    }
    return null;
  };
}
