// Port of eigenlayer-contracts src/contracts/strategies/StrategyBase.sol: a vault of one underlying
// token whose shares are priced with virtual offsets (1e3 shares, 1e3 tokens) against inflation attacks.
import { revert } from '../errors.js';
import { add, div, mul, sub } from '../math.js';
import type { ERC20 } from '../token/ERC20.js';
import type { Address, TxContext } from '../types.js';
import { callFrom } from './common.js';
import { StateCell, type Journal } from './Journal.js';

export const SHARES_OFFSET = 10n ** 3n;
export const BALANCE_OFFSET = 10n ** 3n;
export const MAX_TOTAL_SHARES = 10n ** 38n - 1n;

export class StrategyBase {
  readonly #journal: Journal;
  readonly #totalShares: StateCell<bigint>;

  constructor(
    journal: Journal,
    readonly address: Address,
    readonly underlyingToken: ERC20,
    readonly strategyManager: Address,
  ) {
    this.#journal = journal;
    this.#totalShares = new StateCell(journal, `StrategyBase[${address}].totalShares`, 0n);
  }

  get totalShares(): bigint {
    return this.#totalShares.value;
  }

  // Port of eigenlayer-contracts src/contracts/strategies/StrategyBase.sol deposit
  // The StrategyManager has already moved `amount` tokens into this strategy.
  deposit(ctx: TxContext, token: ERC20, amount: bigint): bigint {
    this.#onlyStrategyManager(ctx);
    const newShares = this.#newShares(token, amount, this.underlyingToken.balanceOf(this.address));
    this.#totalShares.set(this.totalShares + newShares);
    return newShares;
  }

  /**
   * The shares `deposit` would mint once `amount` more tokens arrive, with all of its checks. Lets
   * the StrategyManager validate a deposit before any token moves.
   */
  previewDeposit(token: ERC20, amount: bigint): bigint {
    return this.#newShares(token, amount, add(this.underlyingToken.balanceOf(this.address), amount));
  }

  // The checks and arithmetic of StrategyBase.deposit, for a token balance that includes the deposit.
  #newShares(token: ERC20, amount: bigint, balanceAfterTransfer: bigint): bigint {
    this.#onlyUnderlyingToken(token);
    const priorTotalShares = this.totalShares;
    const virtualShareAmount = add(priorTotalShares, SHARES_OFFSET);
    const virtualTokenBalance = add(balanceAfterTransfer, BALANCE_OFFSET);
    const virtualPriorTokenBalance = sub(virtualTokenBalance, amount);
    const newShares = div(mul(amount, virtualShareAmount), virtualPriorTokenBalance);
    if (newShares === 0n) revert('NewSharesZero');
    if (add(priorTotalShares, newShares) > MAX_TOTAL_SHARES) revert('TotalSharesExceedsMax');
    return newShares;
  }

  // Port of eigenlayer-contracts src/contracts/strategies/StrategyBase.sol withdraw (+ _afterWithdrawal)
  withdraw(ctx: TxContext, recipient: Address, token: ERC20, amountShares: bigint): bigint {
    this.#onlyStrategyManager(ctx);
    this.#onlyUnderlyingToken(token);
    const priorTotalShares = this.totalShares;
    if (amountShares > priorTotalShares) revert('WithdrawalAmountExceedsTotalDeposits');
    const amountToSend = this.sharesToUnderlyingView(amountShares);
    this.#totalShares.set(priorTotalShares - amountShares);
    this.underlyingToken.transfer(callFrom(ctx, this.address), recipient, amountToSend);
    // The token ledger is not journaled: if the enclosing call reverts, send the tokens back.
    this.#journal.record(() => this.underlyingToken.transfer(callFrom(ctx, recipient), this.address, amountToSend));
    return amountToSend;
  }

  // Port of eigenlayer-contracts src/contracts/strategies/StrategyBase.sol sharesToUnderlyingView
  sharesToUnderlyingView(amountShares: bigint): bigint {
    const virtualTotalShares = add(this.totalShares, SHARES_OFFSET);
    const virtualTokenBalance = add(this.underlyingToken.balanceOf(this.address), BALANCE_OFFSET);
    return div(mul(virtualTokenBalance, amountShares), virtualTotalShares);
  }

  // Port of eigenlayer-contracts src/contracts/strategies/StrategyBase.sol underlyingToSharesView
  underlyingToSharesView(amountUnderlying: bigint): bigint {
    const virtualTotalShares = add(this.totalShares, SHARES_OFFSET);
    const virtualTokenBalance = add(this.underlyingToken.balanceOf(this.address), BALANCE_OFFSET);
    return div(mul(amountUnderlying, virtualTotalShares), virtualTokenBalance);
  }

  #onlyStrategyManager(ctx: TxContext): void {
    if (ctx.sender !== this.strategyManager) revert('OnlyStrategyManager');
  }

  #onlyUnderlyingToken(token: ERC20): void {
    if (token !== this.underlyingToken) revert('OnlyUnderlyingToken');
  }
}
