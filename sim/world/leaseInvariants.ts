// Invariants of the lease market, cheap enough to check at every block: each one touches only what
// changed since the last check (the escrow accounts written, the leases written), never the whole history.
import { accountKey, type EscrowKeeper, type EscrowRecords, type EscrowState } from '../contracts/leasing/escrow.js';
import { bidKey, leaseIdFromEscrowAccount } from '../contracts/leasing/ids.js';
import type { BidRecord } from '../contracts/leasing/market.js';
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import type { InvariantCheck } from '../metrics/invariants.js';
import type { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import { ESCROW_MODULE } from '../markets/lease/leaseAuction.js';

/**
 * Escrow conservation: the module's whole-coin token balance equals, to 10^-18, every account's
 * balance and funds plus every payment's unwithdrawn balance, fractional dust included, plus what
 * the pruned accounts and payments held as escrow counted them (`escrow.pruned`).
 *
 * The sum is kept incrementally: the check re-reads only the accounts escrow wrote since the last
 * check (its write log, `openWriteLog`: every write to an account or its payments is recorded there,
 * and so is a prune), replacing each one's share, so it is the sum over every stored record. A
 * record with a negative balance is the exception: it keeps its last share while it is negative,
 * is reported before any sum is compared, and is read again at every check until it is not.
 */
export function escrowConservation(market: LeaseAuctionMarket): InvariantCheck {
  const escrow = market.akash.escrow;
  const token = escrow.config.token;
  const takeWritten = escrow.openWriteLog();
  // Each stored account's share as last read: balance and funds and its payments' balances, as
  // LegacyDec's underlying integers (10^-18 units), so no Dec is allocated per account.
  const shares = new Map<EscrowRecords, bigint>();
  let stored = 0n;
  let negative: EscrowRecords[] = [];

  return (): ReturnType<InvariantCheck> => {
    let problem: ReturnType<InvariantCheck> = null;
    const stillNegative: EscrowRecords[] = [];
    const written = takeWritten();
    for (const records of negative.length === 0 ? written : new Set([...negative, ...written])) {
      const before = shares.get(records);
      if (!escrow.stores(records)) {
        if (before !== undefined) stored -= before;
        shares.delete(records);
        continue;
      }
      const share = shareOf(records);
      if (share === undefined) {
        problem ??= negativeBalance(records);
        stillNegative.push(records);
        continue;
      }
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

/**
 * What an account holds in escrow: its balance and funds and its payments' unwithdrawn balances
 * (10^-18 units); undefined when any of them is negative (see `negativeBalance`).
 */
function shareOf({ account, payments }: EscrowRecords): bigint | undefined {
  const { balance, funds } = account;
  if (balance.raw < 0n || funds.raw < 0n) return undefined;
  let share = balance.raw + funds.raw;
  for (const p of payments.values()) {
    if (p.balance.raw < 0n) return undefined;
    share += p.balance.raw;
  }
  return share;
}

/** What is negative in an account `shareOf` found negative. */
function negativeBalance({ account, payments }: EscrowRecords): NonNullable<ReturnType<InvariantCheck>> {
  if (account.balance.isNegative() || account.funds.isNegative()) {
    return { account: accountKey(account.id), balance: account.balance.toString(), funds: account.funds.toString(), problem: 'negative escrow balance' };
  }
  for (const p of payments.values()) {
    if (p.balance.isNegative()) return { payment: `${account.id.xid}/${p.paymentId}`, balance: p.balance.toString(), problem: 'negative payment balance' };
  }
  throw new Error('negativeBalance: nothing negative');
}

/**
 * Every lease the chain's events show as active (the market's `activeLeases`) and the market keeper
 * holds as active has an open escrow payment behind it.
 *
 * A lease can break this only when something it depends on is written: its payment (escrow's write
 * log of payments ended lists its account: a payment closed or overdrawn, an account pruned), its record in the market
 * keeper (its lease write log, `openLeaseWriteLog`: created or closed), or `activeLeases`, which the market adds a lease to
 * at the receipt of its creation. So a check looks only at the leases those writes name: payments no
 * longer open, or gone, in the accounts escrow wrote; leases the keeper wrote; and the leases it
 * still watches, held active by the keeper over a payment that is not open, which are broken for as
 * long as `activeLeases` holds them. Both logs give everything at their first take, so the first
 * check looks at every lease. When one is broken the check walks `activeLeases` whole, so it reports
 * the lease a walk reports (the first broken one in `activeLeases`' order).
 */
export function noActiveLeaseWithoutPayment(market: LeaseAuctionMarket, escrow: EscrowKeeper): InvariantCheck {
  const { deployments, market: keeper } = market.akash;
  const takePaymentsEnded = escrow.openWriteLog('payments ended');
  const takeLeasesWritten = keeper.openLeaseWriteLog();
  /** The keeper's records of the leases it holds active over a payment that is not open. */
  let watched = new Set<BidRecord>();

  /** The state of the payment under the lease of `record` ('missing' when there is none). */
  const paymentOf = (record: BidRecord): EscrowState | 'missing' =>
    escrow.paymentState(deployments.escrowAccountOf(record.bid.id), record.paymentId!) ?? 'missing';

  return () => {
    // The keeper's records of the leases the writes name, held active (the only ones that can break it).
    const named = watched;
    for (const records of takePaymentsEnded()) {
      const { account } = records;
      if (account.id.scope !== 'deployment') continue;
      // Only an account no longer open can have been pruned.
      const pruned = account.state !== 'open' && !escrow.stores(records);
      for (const payment of records.payments.values()) {
        if (!pruned && payment.state === 'open') continue;
        const id = leaseIdFromEscrowAccount(account.id, payment.paymentId);
        const record = id === undefined ? undefined : keeper.bidRecord(id);
        if (record?.lease?.state === 'active') named.add(record);
      }
    }
    for (const record of takeLeasesWritten()) if (record.lease?.state === 'active') named.add(record);

    watched = new Set();
    let broken = false;
    for (const record of named) {
      // A watched record may have been closed or pruned since (a pruned one would only cost the walk
      // below, which decides what is reported).
      if (record.lease?.state !== 'active' || paymentOf(record) === 'open' || keeper.bidRecord(record.bid.id) !== record) continue;
      watched.add(record);
      if (market.activeLeases.has(bidKey(record.bid.id))) broken = true;
    }
    if (!broken) return null;
    for (const [key, lease] of market.activeLeases) {
      const record = keeper.bidRecord(lease.id);
      if (record?.lease?.state !== 'active') continue;
      const payment = paymentOf(record);
      if (payment !== 'open') return { lease: key, payment };
    }
    return null;
  };
}
