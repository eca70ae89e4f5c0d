// The arithmetic of Akash v0.38 lazy escrow settlement, kept pure so that a keeper can compute a whole
// settlement (and fail) before it writes anything. Port of akash-network/node v0.38
// x/escrow/keeper/keeper.go accountSettleFullBlocks and accountSettleDistributeWeighted.
import { Revert } from '../errors.js';
import { inDecRange, LegacyDec } from './LegacyDec.js';

export interface SettlingAccount {
  readonly balance: LegacyDec;
  /** Coins from a depositor other than the owner; spent before the owner's balance. */
  readonly funds: LegacyDec;
  readonly transferred: LegacyDec;
}

export interface SettlingPayment {
  readonly rate: LegacyDec;
  readonly balance: LegacyDec;
}

/**
 * How a settlement copies a record with new balances. The keeper passes copies written out field by
 * field (contracts/leasing/escrow.ts: on Node 20 a spread of a record cost about ten times as much);
 * the default spreads, for any record shape.
 */
export interface SettlementCopies<A, P> {
  account(a: A, balances: { balance: LegacyDec; funds: LegacyDec; transferred: LegacyDec }): A;
  payment(p: P, balance: LegacyDec): P;
}

function spreadCopies<A, P>(): SettlementCopies<A, P> {
  return { account: (a, balances) => ({ ...a, ...balances }), payment: (p, balance) => ({ ...p, balance }) };
}

export interface FullBlocksResult<A, P> {
  readonly account: A;
  readonly payments: P[];
  readonly overdrawn: boolean;
  /** What is left to split by weight when the account could not pay every elapsed block. */
  readonly remaining: LegacyDec;
}

/**
 * Under this, Quo of an available balance by any positive rate fits a LegacyDec: the quotient is at
 * most available · 10^18 < 2^255 · 2^60, the bound of decimal.go's overflow panic.
 */
const QUO_CANNOT_OVERFLOW = 1n << 255n;

// Port of akash-network/node v0.38 x/escrow/keeper/keeper.go accountSettleFullBlocks
export function accountSettleFullBlocks<A extends SettlingAccount, P extends SettlingPayment>(
  account: A,
  payments: readonly P[],
  heightDelta: bigint,
  blockRate: LegacyDec,
  copies: SettlementCopies<A, P> = spreadCopies(),
): FullBlocksResult<A, P> {
  // balance.add(funds), checked as Add checks it, without building the LegacyDec.
  const available = inDecRange(account.balance.raw + account.funds.raw);
  // Quo rounds at the 18th decimal, so a balance a hair short of n blocks can still pay n blocks.
  // Most settlements find every elapsed block covered (available >= heightDelta · rate): then Quo's
  // quotient, truncated, is at least heightDelta, and the cap below makes it heightDelta, so the
  // division is skipped. Only for a positive rate (Quo panics on zero) and a balance under
  // QUO_CANNOT_OVERFLOW (Quo's overflow panic cannot happen), so the result and the panics are Quo's.
  // (A negative balance is never covered: heightDelta is not negative, so heightDelta · rate is not.)
  const rate = blockRate.raw;
  const covered = rate > 0n && available < QUO_CANNOT_OVERFLOW && available >= heightDelta * rate;
  let fullBlocks = covered ? heightDelta : LegacyDec.fromRaw(available).quo(blockRate).truncateInt();
  if (fullBlocks > heightDelta) fullBlocks = heightDelta;

  // x.Mul(NewDec(fullBlocks)) is x · fullBlocks exactly (the product is a multiple of 10^18, which
  // chopPrecisionAndRound leaves as it is), so MulInt gives the same LegacyDec and the same overflow
  // check. NewDec(fullBlocks) itself cannot overflow: fullBlocks is at most Quo's quotient or heightDelta.
  const paid = payments.map((p) => copies.payment(p, p.balance.add(decCoin(p.rate.mulInt(fullBlocks)))));
  const transferred = decCoin(blockRate.mulInt(fullBlocks));

  let balance = account.balance;
  let funds = account.funds.sub(transferred);
  if (funds.isNegative()) {
    balance = balance.sub(funds.abs());
    funds = LegacyDec.ZERO;
  }

  const overdrawn = fullBlocks !== heightDelta;
  const remaining = overdrawn ? balance.add(funds) : LegacyDec.ZERO;
  // Once overdrawn, only `balance` takes part in the split: the funds are folded into it.
  const settled = overdrawn
    ? copies.account(account, { transferred: account.transferred.add(transferred), balance: remaining, funds: LegacyDec.ZERO })
    : copies.account(account, { transferred: account.transferred.add(transferred), balance, funds });
  return { account: settled, payments: paid, overdrawn, remaining };
}

// Port of akash-network/node v0.38 x/escrow/keeper/keeper.go accountSettleDistributeWeighted
export function accountSettleDistributeWeighted<A extends SettlingAccount, P extends SettlingPayment>(
  account: A,
  payments: readonly P[],
  blockRate: LegacyDec,
  remaining: LegacyDec,
  copies: SettlementCopies<A, P> = spreadCopies(),
): { account: A; payments: P[]; remaining: LegacyDec } {
  let total = LegacyDec.ZERO;
  const paid = payments.map((p) => {
    const share = decCoin(remaining.mul(p.rate).quo(blockRate));
    total = total.add(share);
    return copies.payment(p, p.balance.add(share));
  });
  return {
    account: copies.account(account, { transferred: account.transferred.add(total), balance: subCoin(account.balance, total), funds: account.funds }),
    payments: paid,
    remaining: subCoin(remaining, total),
  };
}

// cosmos-sdk NewDecCoinFromDec and DecCoin.Sub panic on a negative amount; baseapp turns the panic of
// a transaction into ErrPanic and discards the transaction. Rounding can get there (a balance left at
// -1e-18 by the full-blocks step), so the port fails the same way instead of carrying on.
function decCoin(amount: LegacyDec): LegacyDec {
  if (amount.isNegative()) throw new Revert('ErrPanic', `negative decimal coin amount: ${amount.toString()}`);
  return amount;
}

function subCoin(a: LegacyDec, b: LegacyDec): LegacyDec {
  return decCoin(a.sub(b));
}
