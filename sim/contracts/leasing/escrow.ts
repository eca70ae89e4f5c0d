// Akash v0.38 escrow: accounts that hold a deployment's (or a bid's) deposit, and payments that stream
// it to providers at a per-block rate. Settlement is lazy: nothing runs per block, and the blocks
// elapsed since the last settlement are charged whenever a payment is created, withdrawn or closed, or
// the account is closed. Port of akash-network/node v0.38 x/escrow/keeper/keeper.go.
//
// Coins are real: the escrow's coins sit in the ERC-20 ledger under the module address, deposits are
// pulled with transferFrom (the depositor's allowance to the module stands in for the bank module's
// privileged SendCoinsFromAccountToModule and, for a third-party depositor, the authz deposit grant),
// and payouts go to providers, the community pool and refunded owners. Balances inside the escrow are
// LegacyDec, as on chain; only whole coins move.
//
// A Cosmos transaction that fails is discarded as a whole. Here every public method computes its
// settlement and runs all of its checks before its first write, so a throw leaves everything as it
// was. Where the original skips a save, so does this port: see paymentWithdraw and accountWithdraw.
import { Revert } from '../errors.js';
import type { ERC20 } from '../token/ERC20.js';
import type { Address, TxContext } from '../types.js';
import { LegacyDec } from './LegacyDec.js';
import { accountSettleDistributeWeighted, accountSettleFullBlocks, type SettlementCopies } from './settlement.js';
import { subtractFees, type TakeParams } from './take.js';

export type EscrowScope = 'deployment' | 'bid';
export type EscrowState = 'open' | 'closed' | 'overdrawn';

export interface AccountId {
  readonly scope: EscrowScope;
  /** The deployment or bid id this account belongs to. */
  readonly xid: string;
}

export interface EscrowAccount {
  readonly id: AccountId;
  readonly owner: Address;
  readonly state: EscrowState;
  /** The owner's coins. */
  readonly balance: LegacyDec;
  readonly transferred: LegacyDec;
  readonly settledAt: number;
  /** The one depositor other than the owner allowed at a time (the owner when there is none). */
  readonly depositor: Address;
  /** The depositor's coins, spent before the owner's. */
  readonly funds: LegacyDec;
}

export interface EscrowPayment {
  readonly accountId: AccountId;
  readonly paymentId: string;
  /** Who is paid: the provider. */
  readonly owner: Address;
  readonly state: EscrowState;
  /** Coins per block. */
  readonly rate: LegacyDec;
  /** Earned and not yet withdrawn. */
  readonly balance: LegacyDec;
  /** Whole coins paid out so far, the take fee included. */
  readonly withdrawn: bigint;
}

export type AccountHook = (ctx: TxContext, account: EscrowAccount) => void;
export type PaymentHook = (ctx: TxContext, payment: EscrowPayment) => void;

export interface EscrowConfig {
  readonly token: ERC20;
  /** The denom of the token (take rates are per denom). */
  readonly denom: string;
  /** The escrow module account that holds every deposit. */
  readonly moduleAddress: Address;
  readonly communityPool: Address;
  readonly take: TakeParams;
}

/** An account and its payments, as stored (see `EscrowKeeper.openWriteLog`). */
export interface EscrowRecords {
  readonly account: EscrowAccount;
  /** By payment id, in creation order. */
  readonly payments: ReadonlyMap<string, EscrowPayment>;
}

/** An account and its payments, by payment id in creation order. */
interface AccountEntry extends EscrowRecords {
  account: EscrowAccount;
  readonly payments: Map<string, EscrowPayment>;
  /** The write logs that list this entry since their last take, one bit each (`WriteLog.bit`). */
  listedIn: number;
  /** Until `prune` removes it: `stores` reads this rather than finding the entry by its id again. */
  stored: boolean;
}

/** What a write log lists (see `openWriteLog`). */
export type WritesListed = 'every write' | 'payments ended';

/**
 * One reader of the keeper's writes (see `openWriteLog`): the entries written since its last take,
 * each once; undefined until its first take.
 */
interface WriteLog {
  readonly bit: number;
  readonly lists: WritesListed;
  listed: AccountEntry[] | undefined;
}

/** Readers of the writes at most: one bit each in an entry's `listedIn`. */
const MAX_WRITE_LOGS = 30;

/** A settlement computed but not yet written; see `#planSettle`. */
interface Settlement {
  readonly entry: AccountEntry;
  readonly account: EscrowAccount;
  /** The open payments as settled; empty when no block has passed (the original returns nil). */
  readonly payments: EscrowPayment[];
  readonly overdrawn: boolean;
  readonly write: boolean;
}

export const accountKey = (id: AccountId): string => `${id.scope}/${id.xid}`;

/**
 * `dec.Sub(NewDecFromInt(coins))` for `coins` = `dec.TruncateInt()`, on the underlying integers:
 * neither step can overflow (coins · 10^18 is at most |dec|, the difference under 10^18).
 */
function subWholeCoins(dec: LegacyDec, coins: bigint): LegacyDec {
  return LegacyDec.fromRaw(dec.raw - coins * DEC_UNIT);
}
const DEC_UNIT = LegacyDec.ONE.raw;

/**
 * The history `EscrowKeeper.prune` let go of, counted: how many accounts and payments, what they
 * still held (balance and funds; payments' balances, fractional dust included) and what they moved.
 */
export interface PrunedEscrow {
  accounts: number;
  payments: number;
  readonly held: Record<EscrowScope, LegacyDec>;
  readonly transferred: Record<EscrowScope, LegacyDec>;
  paymentBalance: LegacyDec;
  withdrawn: bigint;
}

// Stored records are replaced, never edited. These copy one with some fields changed, written out
// field by field: on Node 20 an object spread of an account cost about ten times as much, and an
// escrow call makes several.
function accountWith(a: EscrowAccount, change: Partial<Omit<EscrowAccount, 'id' | 'owner'>>): EscrowAccount {
  return {
    id: a.id,
    owner: a.owner,
    state: change.state ?? a.state,
    balance: change.balance ?? a.balance,
    transferred: change.transferred ?? a.transferred,
    settledAt: change.settledAt ?? a.settledAt,
    depositor: change.depositor ?? a.depositor,
    funds: change.funds ?? a.funds,
  };
}

function paymentWith(p: EscrowPayment, change: Partial<Pick<EscrowPayment, 'state' | 'balance' | 'withdrawn'>>): EscrowPayment {
  return {
    accountId: p.accountId,
    paymentId: p.paymentId,
    owner: p.owner,
    state: change.state ?? p.state,
    rate: p.rate,
    balance: change.balance ?? p.balance,
    withdrawn: change.withdrawn ?? p.withdrawn,
  };
}

/** The settlement's copies of stored records, field by field as above. */
const SETTLEMENT_COPIES: SettlementCopies<EscrowAccount, EscrowPayment> = {
  account: accountWith,
  payment: (p, balance) => paymentWith(p, { balance }),
};

export class EscrowKeeper {
  readonly config: EscrowConfig;
  /**
   * By scope, then by xid, so a look-up builds no key string (hashing a freshly built key was most
   * of the cost of an escrow call). A public method finds its entry once and works on it.
   */
  readonly #accounts: Readonly<Record<EscrowScope, Map<string, AccountEntry>>> = { deployment: new Map(), bid: new Map() };
  readonly #onAccountClosed: AccountHook[] = [];
  readonly #onPaymentClosed: PaymentHook[] = [];
  /**
   * Not part of the original's state: for each reader (the lab's invariants), the entries written
   * or pruned since its last take (see `openWriteLog`). Every write to an entry (its account
   * replaced, a payment set) and every prune goes through `#wrote`.
   */
  readonly #writeLogs: WriteLog[] = [];
  /** The bits of the write logs taken from at least once (only those list writes), by what they list. */
  readonly #listening: Record<WritesListed, number> = { 'every write': 0, 'payments ended': 0 };
  /** What `prune` removed, counted (not part of the original's state). */
  readonly pruned: PrunedEscrow = {
    accounts: 0,
    payments: 0,
    held: { deployment: LegacyDec.ZERO, bid: LegacyDec.ZERO },
    transferred: { deployment: LegacyDec.ZERO, bid: LegacyDec.ZERO },
    paymentBalance: LegacyDec.ZERO,
    withdrawn: 0n,
  };

  constructor(config: EscrowConfig) {
    this.config = config;
  }

  // Port of x/escrow/keeper/keeper.go AddOnAccountClosedHook
  addOnAccountClosedHook(hook: AccountHook): this {
    this.#onAccountClosed.push(hook);
    return this;
  }

  // Port of x/escrow/keeper/keeper.go AddOnPaymentClosedHook
  addOnPaymentClosedHook(hook: PaymentHook): this {
    this.#onPaymentClosed.push(hook);
    return this;
  }

  // Port of x/escrow/keeper/keeper.go GetAccount
  getAccount(id: AccountId): EscrowAccount {
    return this.#entry(id).account;
  }

  // Port of x/escrow/keeper/keeper.go GetPayment
  getPayment(id: AccountId, paymentId: string): EscrowPayment {
    return this.#payment(id, paymentId);
  }

  /** Not a port: GetPayment's state, without the revert: undefined for a payment not found. */
  paymentState(id: AccountId, paymentId: string): EscrowState | undefined {
    return this.#accounts[id.scope]?.get(id.xid)?.payments.get(paymentId)?.state;
  }

  /** Whether the account exists (not pruned, see `prune`). Not a port: GetAccount's not-found, without the revert. */
  hasAccount(id: AccountId): boolean {
    return this.#accounts[id.scope].has(id.xid);
  }

  /** Not a port: GetAccount's state, without the revert: undefined for an account not found (or pruned). */
  accountState(id: AccountId): EscrowState | undefined {
    return this.#accounts[id.scope].get(id.xid)?.account.state;
  }

  /**
   * Not a port: the lab's state pruning. Akash keeps closed accounts in state; a simulation of
   * months cannot keep every one. Removes an account that is no longer open (closed or overdrawn:
   * neither changes again) with its payments, adding what they held and moved to `pruned`, and
   * returns true; false (and nothing removed) for an open or unknown account. Afterwards the
   * account reads as never created (ErrAccountNotFound).
   */
  prune(id: AccountId): boolean {
    const scope = this.#accounts[id.scope];
    const entry = scope.get(id.xid);
    if (entry === undefined || entry.account.state === 'open') return false;
    const { account } = entry;
    const counted = this.pruned;
    counted.accounts++;
    counted.held[id.scope] = counted.held[id.scope].add(account.balance).add(account.funds);
    counted.transferred[id.scope] = counted.transferred[id.scope].add(account.transferred);
    for (const p of entry.payments.values()) {
      counted.payments++;
      counted.paymentBalance = counted.paymentBalance.add(p.balance);
      counted.withdrawn += p.withdrawn;
    }
    scope.delete(id.xid);
    entry.stored = false;
    this.#wrote(entry, entry.payments.size > 0);
    return true;
  }

  /**
   * Not a port: a reader of the keeper's writes, for the lab's invariants, which then re-read only
   * what changed. Each call of the returned function gives the accounts (with their payments)
   * written since its previous call, each once: created, deposited to, settled, withdrawn from,
   * closed, or pruned (then `stores` says false); or, for 'payments ended', only those where a
   * payment was stored no longer open (closed or overdrawn) or that were pruned with payments. Its first call
   * gives every stored account and starts the record. Readers are independent: one taking does not
   * empty another's record.
   */
  openWriteLog(lists: WritesListed = 'every write'): () => EscrowRecords[] {
    if (this.#writeLogs.length === MAX_WRITE_LOGS) throw new RangeError(`at most ${MAX_WRITE_LOGS} escrow write logs`);
    const log: WriteLog = { bit: 1 << this.#writeLogs.length, lists, listed: undefined };
    this.#writeLogs.push(log);
    return () => {
      const taken = log.listed;
      log.listed = [];
      this.#listening[lists] |= log.bit;
      if (taken === undefined) return [...this.#entries()];
      for (const entry of taken) entry.listedIn &= ~log.bit;
      return taken;
    };
  }

  /**
   * Not a port: whether `records`, as read from this keeper's write logs, is an
   * account it still stores (not pruned since it was read).
   */
  stores(records: EscrowRecords): boolean {
    return (records as AccountEntry).stored;
  }

  /** Every account (WithAccounts): the deployments' in creation order, then the bids'. */
  *accounts(): IterableIterator<EscrowAccount> {
    for (const entry of this.#entries()) yield entry.account;
  }

  /** Every payment (WithPayments), account by account as `accounts()` goes, each account's in creation order. */
  *payments(): IterableIterator<EscrowPayment> {
    for (const entry of this.#entries()) yield* entry.payments.values();
  }

  // Port of x/escrow/keeper/keeper.go AccountCreate
  accountCreate(ctx: TxContext, id: AccountId, owner: Address, depositor: Address, deposit: bigint): void {
    const scope = this.#accounts[id.scope];
    if (scope.has(id.xid)) throw new Revert('ErrAccountExists', accountKey(id));
    const empty: EscrowAccount = {
      id,
      owner,
      state: 'open',
      balance: LegacyDec.ZERO,
      transferred: LegacyDec.ZERO,
      settledAt: ctx.block,
      depositor,
      funds: LegacyDec.ZERO,
    };
    const entry: AccountEntry = { account: this.#fetchDeposit(ctx, empty, depositor, deposit), payments: new Map(), listedIn: 0, stored: true };
    scope.set(id.xid, entry);
    this.#wrote(entry);
  }

  // Port of x/escrow/keeper/keeper.go AccountDeposit: adds coins without settling
  accountDeposit(ctx: TxContext, id: AccountId, depositor: Address, amount: bigint): void {
    const entry = this.#entry(id);
    let account = entry.account;
    if (account.state !== 'open') throw new Revert('ErrAccountClosed', accountKey(id));
    if (depositor !== account.owner) {
      if (account.depositor === account.owner) account = accountWith(account, { depositor });
      else if (account.depositor !== depositor) throw new Revert('ErrInvalidAccountDepositor', depositor);
    }
    entry.account = this.#fetchDeposit(ctx, account, depositor, amount);
    this.#wrote(entry);
  }

  // Port of x/escrow/keeper/keeper.go AccountSettle: returns whether the account is now overdrawn
  accountSettle(ctx: TxContext, id: AccountId): boolean {
    return this.#applySettle(ctx, this.#planSettle(ctx, this.#entry(id))).overdrawn;
  }

  // Port of x/escrow/keeper/keeper.go AccountClose
  accountClose(ctx: TxContext, id: AccountId): void {
    const settled = this.#applySettle(ctx, this.#planSettle(ctx, this.#entry(id)));
    if (settled.overdrawn) return;
    const { entry } = settled;
    const account = this.#accountWithdraw(ctx, entry, accountWith(settled.account, { state: 'closed' }));
    const payments = settled.payments.map((p) => this.#paymentWithdraw(ctx, entry, paymentWith(p, { state: 'closed' })));
    for (const hook of this.#onAccountClosed) hook(ctx, account);
    for (const hook of this.#onPaymentClosed) for (const p of payments) hook(ctx, p);
  }

  // Port of x/escrow/keeper/keeper.go PaymentCreate
  paymentCreate(ctx: TxContext, id: AccountId, paymentId: string, owner: Address, rate: LegacyDec): void {
    const plan = this.#planSettle(ctx, this.#entry(id));
    // The original settles first and then fails, which discards the overdraft with the transaction.
    if (plan.overdrawn) throw new Revert('ErrAccountOverdrawn', accountKey(id));
    if (rate.isZero()) throw new Revert('ErrPaymentRateZero');
    if (rate.isNegative()) throw new Revert('ErrPanic', `negative decimal coin amount: ${rate.toString()}`);
    if (plan.entry.payments.has(paymentId)) throw new Revert('ErrPaymentExists', paymentId);
    this.#applySettle(ctx, plan);
    plan.entry.payments.set(paymentId, { accountId: id, paymentId, owner, state: 'open', rate, balance: LegacyDec.ZERO, withdrawn: 0n });
    this.#wrote(plan.entry);
  }

  // Port of x/escrow/keeper/keeper.go PaymentWithdraw
  paymentWithdraw(ctx: TxContext, id: AccountId, paymentId: string): void {
    const { entry, overdrawn } = this.#applySettle(ctx, this.#planSettle(ctx, this.#openPaymentEntry(id, paymentId)));
    if (overdrawn) return;
    this.#paymentWithdraw(ctx, entry, entry.payments.get(paymentId)!);
  }

  /** Throws what `paymentClose` would throw now; lets a handler check before its own writes. */
  checkPaymentClose(ctx: TxContext, id: AccountId, paymentId: string): void {
    this.#planSettle(ctx, this.#openPaymentEntry(id, paymentId));
  }

  // Port of x/escrow/keeper/keeper.go PaymentClose
  paymentClose(ctx: TxContext, id: AccountId, paymentId: string): void {
    const { entry, overdrawn } = this.#applySettle(ctx, this.#planSettle(ctx, this.#openPaymentEntry(id, paymentId)));
    if (overdrawn) return;
    const payment = this.#paymentWithdraw(ctx, entry, paymentWith(entry.payments.get(paymentId)!, { state: 'closed' }));
    for (const hook of this.#onPaymentClosed) hook(ctx, payment);
  }

  /**
   * The account of an open payment: ErrPaymentNotFound, then ErrPaymentClosed, as the original
   * checks them. Finds the account once for the whole call (each look-up hashes the xid).
   */
  #openPaymentEntry(id: AccountId, paymentId: string): AccountEntry {
    const entry = this.#accounts[id.scope]?.get(id.xid);
    const payment = entry?.payments.get(paymentId);
    if (entry === undefined || payment === undefined) throw new Revert('ErrPaymentNotFound', accountKey(id), paymentId);
    if (payment.state !== 'open') throw new Revert('ErrPaymentClosed', paymentId);
    return entry;
  }

  #entry(id: AccountId): AccountEntry {
    const entry = this.#accounts[id.scope]?.get(id.xid);
    if (entry === undefined) throw new Revert('ErrAccountNotFound', accountKey(id));
    return entry;
  }

  *#entries(): IterableIterator<AccountEntry> {
    yield* this.#accounts.deployment.values();
    yield* this.#accounts.bid.values();
  }

  #payment(id: AccountId, paymentId: string): EscrowPayment {
    const payment = this.#accounts[id.scope]?.get(id.xid)?.payments.get(paymentId);
    if (payment === undefined) throw new Revert('ErrPaymentNotFound', accountKey(id), paymentId);
    return payment;
  }

  // The computing half of x/escrow/keeper/keeper.go doAccountSettle: everything that can fail, no writes.
  #planSettle(ctx: TxContext, entry: AccountEntry): Settlement {
    const stored = entry.account;
    if (stored.state !== 'open') throw new Revert('ErrAccountClosed', accountKey(stored.id));
    const heightDelta = BigInt(ctx.block - stored.settledAt);
    if (heightDelta === 0n) return { entry, account: stored, payments: [], overdrawn: false, write: false };

    const account = accountWith(stored, { settledAt: ctx.block });
    const open: EscrowPayment[] = [];
    for (const p of entry.payments.values()) if (p.state === 'open') open.push(p);
    if (open.length === 0) return { entry, account, payments: [], overdrawn: false, write: true };

    // The sum of the open payments' rates (0 + the first is the first: no Dec added to zero).
    let blockRate = open[0]!.rate;
    for (let i = 1; i < open.length; i++) blockRate = blockRate.add(open[i]!.rate);
    // The depositor's grant is never revoked in the lab, so the refund of funds to a depositor whose
    // authorization lapsed (v0.38 doAccountSettle) has nothing to do here.
    const full = accountSettleFullBlocks(account, open, heightDelta, blockRate, SETTLEMENT_COPIES);
    if (!full.overdrawn) return { entry, account: full.account, payments: full.payments, overdrawn: false, write: true };

    const split = accountSettleDistributeWeighted(full.account, full.payments, blockRate, full.remaining, SETTLEMENT_COPIES);
    if (split.remaining.gt(LegacyDec.ONE)) {
      throw new Revert('ErrInvalidSettlement', `${split.remaining.toString()} remains`);
    }
    return {
      entry,
      account: accountWith(split.account, { state: 'overdrawn' }),
      payments: split.payments.map((p) => paymentWith(p, { state: 'overdrawn' })),
      overdrawn: true,
      write: true,
    };
  }

  // The writing half of doAccountSettle: cannot fail once the plan exists.
  #applySettle(ctx: TxContext, plan: Settlement): Settlement {
    if (!plan.write) return plan;
    const { entry } = plan;
    entry.account = plan.account;
    for (const p of plan.payments) entry.payments.set(p.paymentId, p);
    this.#wrote(entry, plan.overdrawn);
    if (!plan.overdrawn) return plan;
    const payments = plan.payments.map((p) => this.#paymentWithdraw(ctx, entry, p));
    for (const hook of this.#onAccountClosed) hook(ctx, plan.account);
    for (const hook of this.#onPaymentClosed) for (const p of payments) hook(ctx, p);
    return { ...plan, payments };
  }

  // Port of x/escrow/keeper/keeper.go fetchDepositToAccount: the owner's coins to balance, others' to funds
  #fetchDeposit(ctx: TxContext, account: EscrowAccount, depositor: Address, amount: bigint): EscrowAccount {
    const { token, moduleAddress } = this.config;
    // The only call here that can fail, and it fails atomically before any write of ours.
    token.transferFrom(this.#moduleCtx(ctx), depositor, moduleAddress, amount);
    const coins = LegacyDec.fromInt(amount);
    return depositor === account.owner
      ? accountWith(account, { balance: account.balance.add(coins) })
      : accountWith(account, { funds: account.funds.add(coins) });
  }

  // Port of x/escrow/keeper/keeper.go accountWithdraw: refunds whole coins. Like the original it saves
  // nothing when both balance and funds are under one coin, so a closed state set by the caller is lost.
  #accountWithdraw(ctx: TxContext, entry: AccountEntry, account: EscrowAccount): EscrowAccount {
    if (account.balance.lt(LegacyDec.ONE) && account.funds.lt(LegacyDec.ONE)) return account;
    let result = account;
    const moduleCtx = this.#moduleCtx(ctx);
    if (!account.balance.lt(LegacyDec.ONE)) {
      const refund = account.balance.truncateInt();
      this.#payOut(moduleCtx, account.owner, refund);
      result = accountWith(result, { balance: subWholeCoins(result.balance, refund) });
    }
    if (!account.funds.lt(LegacyDec.ONE)) {
      const refund = account.funds.truncateInt();
      this.#payOut(moduleCtx, account.depositor, refund);
      result = accountWith(result, { funds: subWholeCoins(result.funds, refund) });
    }
    entry.account = result;
    this.#wrote(entry);
    return result;
  }

  // Port of x/escrow/keeper/keeper.go paymentWithdraw: pays the whole coins earned, less the take fee.
  // Like the original it saves nothing when under one coin is due, so a state set by the caller is lost.
  #paymentWithdraw(ctx: TxContext, entry: AccountEntry, payment: EscrowPayment): EscrowPayment {
    const raw = payment.balance.truncateInt();
    if (raw === 0n) return payment;
    const { earnings, fee } = subtractFees(this.config.take, this.config.denom, raw);
    const moduleCtx = this.#moduleCtx(ctx);
    this.#payOut(moduleCtx, this.config.communityPool, fee);
    this.#payOut(moduleCtx, payment.owner, earnings);
    const paid = paymentWith(payment, { withdrawn: payment.withdrawn + raw, balance: subWholeCoins(payment.balance, raw) });
    entry.payments.set(paid.paymentId, paid);
    this.#wrote(entry, paid.state !== 'open');
    return paid;
  }

  /** Lists a write of `entry` in the logs that listen; `endsPayment` when it stored a payment no longer open, or pruned one. */
  #wrote(entry: AccountEntry, endsPayment = false): void {
    const listening = endsPayment ? this.#listening['every write'] | this.#listening['payments ended'] : this.#listening['every write'];
    // The logs that listen and do not list the entry yet: usually none, as most entries are
    // written more than once between two takes.
    const unlisted = listening & ~entry.listedIn;
    if (unlisted === 0) return;
    entry.listedIn |= unlisted;
    for (const log of this.#writeLogs) if ((unlisted & log.bit) !== 0) log.listed!.push(entry);
  }

  /** A transfer from the module account; `moduleCtx` is `#moduleCtx` of the call's context. */
  #payOut(moduleCtx: TxContext, to: Address, amount: bigint): void {
    if (amount > 0n) this.config.token.transfer(moduleCtx, to, amount);
  }

  #moduleCtx(ctx: TxContext): TxContext {
    return { sender: this.config.moduleAddress, block: ctx.block, timestamp: ctx.timestamp };
  }
}
