// Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol (v1.5+ burn-or-redistribute
// accounting): deposits into whitelisted strategies, each staker's deposit shares and strategy list,
// and the shares slashed per (operator set, slash id, strategy) awaiting clearance.
import { revert } from '../errors.js';
import { add } from '../math.js';
import type { ERC20 } from '../token/ERC20.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';
import { callFrom, MAX_STAKER_STRATEGY_LIST_LENGTH, mapKey, operatorSetKey, type OperatorSet } from './common.js';
import type { CoreRef, ShareManager } from './core.js';
import { NestedStateMap, StateMap, type Journal } from './Journal.js';
import { StrategyBase } from './StrategyBase.js';

export interface SlashedShares {
  readonly strategy: Address;
  readonly shares: bigint;
}

export interface PendingSlash {
  readonly operatorSet: OperatorSet;
  readonly slashId: bigint;
  readonly entries: readonly SlashedShares[];
}

export class StrategyManager implements ShareManager {
  readonly #ref: CoreRef;
  readonly #journal: Journal;
  /** Deployed strategies by address (contract code, not state). */
  readonly #strategies = new Map<Address, StrategyBase>();
  readonly #whitelisted: StateMap<Address, true>;
  readonly #depositShares: NestedStateMap<Address, Address, bigint>;
  readonly #strategyList: StateMap<Address, readonly Address[]>;
  // EnumerableMap strategy -> shares per (operator set, slash id), kept in insertion order.
  readonly #burnOrRedistributable: StateMap<string, PendingSlash>;

  constructor(
    journal: Journal,
    ref: CoreRef,
    readonly address: Address,
    readonly strategyWhitelister: Address,
  ) {
    this.#journal = journal;
    this.#ref = ref;
    this.#whitelisted = new StateMap(journal, 'StrategyManager.strategyIsWhitelistedForDeposit');
    this.#depositShares = new NestedStateMap(journal, 'StrategyManager.stakerDepositShares');
    this.#strategyList = new StateMap(journal, 'StrategyManager.stakerStrategyList');
    this.#burnOrRedistributable = new StateMap(journal, 'StrategyManager.burnOrRedistributableShares');
  }

  /** Deploys a StrategyBase for `token` at `address` (a contract deployment, so it is not a transaction). */
  deployStrategy(address: Address, token: ERC20): StrategyBase {
    if (this.#strategies.has(address)) throw new Error(`a strategy already exists at ${address}`);
    const strategy = new StrategyBase(this.#journal, address, token, this.address);
    this.#strategies.set(address, strategy);
    return strategy;
  }

  strategy(address: Address): StrategyBase {
    const s = this.#strategies.get(address);
    if (s === undefined) throw new RangeError(`no strategy deployed at ${address}`);
    return s;
  }

  /** Every deployed strategy. */
  strategies(): StrategyBase[] {
    return [...this.#strategies.values()];
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol addStrategiesToDepositWhitelist
  addStrategiesToDepositWhitelist(ctx: TxContext, strategies: readonly Address[]): void {
    this.#journal.atomic(() => {
      if (ctx.sender !== this.strategyWhitelister) revert('OnlyStrategyWhitelister');
      for (const s of strategies) {
        this.strategy(s);
        this.#whitelisted.set(s, true);
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/storage/StrategyManagerStorage.sol strategyIsWhitelistedForDeposit (public mapping)
  strategyIsWhitelistedForDeposit(strategy: Address): boolean {
    return this.#whitelisted.has(strategy);
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol depositIntoStrategy (+ _depositIntoStrategy)
  depositIntoStrategy(ctx: TxContext, strategyAddress: Address, token: ERC20, amount: bigint): bigint {
    return this.#journal.atomic(() => {
      const staker = ctx.sender;
      const asCaller = callFrom(ctx, this.address);
      if (!this.#whitelisted.has(strategyAddress)) revert('StrategyNotWhitelisted');
      const strategy = this.strategy(strategyAddress);
      // The original moves the tokens first and lets later steps revert. Here every later check runs
      // before any token moves (the ledger is not journaled), in the original's order: the token's
      // own errors first, then the strategy's, then the share accounting's.
      if (token.balanceOf(staker) < amount || token.allowance(staker, this.address) < amount) {
        token.transferFrom(asCaller, staker, strategyAddress, amount); // throws the ledger's error, moving nothing
      }
      const shares = strategy.previewDeposit(token, amount);
      const [prevDepositShares, addedShares] = this.#addShares(staker, strategyAddress, shares);
      this.#ref.core.delegationManager.increaseDelegatedShares(asCaller, staker, strategyAddress, prevDepositShares, addedShares);
      token.transferFrom(asCaller, staker, strategyAddress, amount);
      strategy.deposit(asCaller, token, amount);
      return shares;
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol addShares
  addShares(ctx: TxContext, staker: Address, strategy: Address, shares: bigint): readonly [bigint, bigint] {
    return this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      return this.#addShares(staker, strategy, shares);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol removeDepositShares
  removeDepositShares(ctx: TxContext, staker: Address, strategy: Address, depositSharesToRemove: bigint): bigint {
    return this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      return this.#removeDepositShares(staker, strategy, depositSharesToRemove);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol withdrawSharesAsTokens
  withdrawSharesAsTokens(ctx: TxContext, staker: Address, strategy: Address, token: ERC20 | null, shares: bigint): void {
    this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      if (token === null) revert('OnlyUnderlyingToken');
      this.strategy(strategy).withdraw(callFrom(ctx, this.address), staker, token, shares);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol increaseBurnOrRedistributableShares
  increaseBurnOrRedistributableShares(
    ctx: TxContext,
    operatorSet: OperatorSet,
    slashId: bigint,
    strategy: Address,
    addedSharesToBurn: bigint,
  ): void {
    this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      const key = mapKey(operatorSetKey(operatorSet), slashId.toString());
      const slash = this.#burnOrRedistributable.get(key);
      const entries = slash?.entries ?? [];
      if (entries.some((e) => e.strategy === strategy)) revert('StrategyAlreadyInSlash');
      this.#burnOrRedistributable.set(
        key,
        Object.freeze({
          operatorSet: Object.freeze({ avs: operatorSet.avs, id: operatorSet.id }),
          slashId,
          entries: Object.freeze([...entries, Object.freeze({ strategy, shares: addedSharesToBurn })]),
        }),
      );
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol clearBurnOrRedistributableShares
  clearBurnOrRedistributableShares(ctx: TxContext, operatorSet: OperatorSet, slashId: bigint): bigint[] {
    return this.#journal.atomic(() => {
      const key = mapKey(operatorSetKey(operatorSet), slashId.toString());
      const strategies = (this.#burnOrRedistributable.get(key)?.entries ?? []).map((e) => e.strategy);
      return strategies.map((s) => this.clearBurnOrRedistributableSharesByStrategy(ctx, operatorSet, slashId, s));
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol clearBurnOrRedistributableSharesByStrategy
  clearBurnOrRedistributableSharesByStrategy(ctx: TxContext, operatorSet: OperatorSet, slashId: bigint, strategy: Address): bigint {
    return this.#journal.atomic(() => {
      const key = mapKey(operatorSetKey(operatorSet), slashId.toString());
      const slash = this.#burnOrRedistributable.get(key);
      const sharesToBurn = slash?.entries.find((e) => e.strategy === strategy)?.shares ?? 0n;
      if (slash !== undefined) {
        const rest = slash.entries.filter((e) => e.strategy !== strategy);
        if (rest.length === 0) this.#burnOrRedistributable.delete(key);
        else this.#burnOrRedistributable.set(key, Object.freeze({ ...slash, entries: Object.freeze(rest) }));
      }
      if (sharesToBurn === 0n) return 0n;
      const recipient = this.#ref.core.allocationManager.getRedistributionRecipient(operatorSet);
      const s = this.strategy(strategy);
      return s.withdraw(callFrom(ctx, this.address), recipient, s.underlyingToken, sharesToBurn);
    });
  }

  // ---- views ----

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol stakerDepositShares
  stakerDepositShares(staker: Address, strategy: Address): bigint {
    return this.#depositShares.get(staker, strategy) ?? 0n;
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol getDeposits
  getDeposits(staker: Address): { strategies: Address[]; shares: bigint[] } {
    const strategies = [...(this.#strategyList.get(staker) ?? [])];
    return { strategies, shares: strategies.map((s) => this.stakerDepositShares(staker, s)) };
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol stakerStrategyListLength
  stakerStrategyListLength(staker: Address): number {
    return this.#strategyList.get(staker)?.length ?? 0;
  }

  /** Every staker holding deposit shares in some strategy. */
  stakers(): Address[] {
    return [...this.#strategyList.keys()];
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol getBurnOrRedistributableShares
  getBurnOrRedistributableShares(operatorSet: OperatorSet, slashId: bigint): readonly SlashedShares[] {
    return this.#burnOrRedistributable.get(mapKey(operatorSetKey(operatorSet), slashId.toString()))?.entries ?? [];
  }

  /** Every slash whose shares are still waiting for clearBurnOrRedistributableShares. */
  pendingSlashes(): PendingSlash[] {
    return [...this.#burnOrRedistributable.entries()].map(([, v]) => v);
  }

  // ---- internals ----

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol _addShares
  #addShares(staker: Address, strategy: Address, shares: bigint): readonly [bigint, bigint] {
    if (staker === ZERO_ADDRESS) revert('StakerAddressZero');
    if (shares === 0n) revert('SharesAmountZero');
    const prevDepositShares = this.stakerDepositShares(staker, strategy);
    if (prevDepositShares === 0n) {
      const list = this.#strategyList.get(staker) ?? [];
      if (list.length >= MAX_STAKER_STRATEGY_LIST_LENGTH) revert('MaxStrategiesExceeded');
      this.#strategyList.set(staker, [...list, strategy]);
    }
    this.#depositShares.set(staker, strategy, add(prevDepositShares, shares));
    return [prevDepositShares, shares];
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol _removeDepositShares
  #removeDepositShares(staker: Address, strategy: Address, depositSharesToRemove: bigint): bigint {
    if (depositSharesToRemove === 0n) revert('SharesAmountZero');
    const userDepositShares = this.stakerDepositShares(staker, strategy);
    if (depositSharesToRemove > userDepositShares) revert('SharesAmountTooHigh');
    const remaining = userDepositShares - depositSharesToRemove;
    if (remaining === 0n) {
      this.#depositShares.delete(staker, strategy);
      this.#removeStrategyFromStakerStrategyList(staker, strategy);
    } else {
      this.#depositShares.set(staker, strategy, remaining);
    }
    return remaining;
  }

  // Port of eigenlayer-contracts src/contracts/core/StrategyManager.sol _removeStrategyFromStakerStrategyList
  #removeStrategyFromStakerStrategyList(staker: Address, strategy: Address): void {
    const list = [...(this.#strategyList.get(staker) ?? [])];
    const at = list.indexOf(strategy);
    if (at < 0) revert('StrategyNotFound');
    // Swap with the last entry and pop, as the original does: list order is not preserved.
    list[at] = list[list.length - 1]!;
    list.pop();
    if (list.length === 0) this.#strategyList.delete(staker);
    else this.#strategyList.set(staker, list);
  }

  #onlyDelegationManager(ctx: TxContext): void {
    if (ctx.sender !== this.#ref.core.delegationManager.address) revert('OnlyDelegationManager');
  }
}
