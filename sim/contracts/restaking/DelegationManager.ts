// Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol (v1.9+, contracts spec
// §1.5–1.6): operators, delegation, operator shares, each staker's deposit scaling factor, and the
// slashable withdrawal queue. Delegation approvers (signatures) and pausing are not modelled: every
// operator accepts every staker.
import { Panic, PanicCode, revert } from '../errors.js';
import { add, mulWad, sub } from '../math.js';
import type { ERC20 } from '../token/ERC20.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';
import { BEACONCHAIN_ETH_STRAT, blockNumber, callFrom, type OperatorSet } from './common.js';
import type { CoreRef, ShareManager } from './core.js';
import { NestedStateMap, StateMap, type Journal } from './Journal.js';
import * as SlashingLib from './SlashingLib.js';
import { Snapshots } from './Snapshots.js';

export interface Withdrawal {
  readonly staker: Address;
  readonly delegatedTo: Address;
  readonly withdrawer: Address;
  readonly nonce: bigint;
  readonly startBlock: number;
  readonly strategies: readonly Address[];
  readonly scaledShares: readonly bigint[];
}

export interface QueuedWithdrawalParams {
  readonly strategies: readonly Address[];
  readonly depositShares: readonly bigint[];
}

// Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getSlashableSharesInQueue (the v1.9+
// formula applied to the scaled shares queued within the last MIN_WITHDRAWAL_DELAY_BLOCKS).
export function slashedSharesInQueue(scaledSharesAdded: bigint, prevMaxMagnitude: bigint, newMaxMagnitude: bigint): bigint {
  if (prevMaxMagnitude === 0n) return 0n;
  return SlashingLib.calcSlashedAmount(mulWad(scaledSharesAdded, prevMaxMagnitude), prevMaxMagnitude, newMaxMagnitude);
}

/** The original hashes the whole struct; (staker, nonce) already identifies a withdrawal uniquely. */
export function calculateWithdrawalRoot(withdrawal: Withdrawal): string {
  return `${withdrawal.staker}#${withdrawal.nonce}`;
}

function sameWithdrawal(a: Withdrawal, b: Withdrawal): boolean {
  return (
    a.staker === b.staker &&
    a.delegatedTo === b.delegatedTo &&
    a.withdrawer === b.withdrawer &&
    a.nonce === b.nonce &&
    a.startBlock === b.startBlock &&
    a.strategies.length === b.strategies.length &&
    a.strategies.every((s, i) => s === b.strategies[i]) &&
    a.scaledShares.length === b.scaledShares.length &&
    a.scaledShares.every((s, i) => s === b.scaledShares[i])
  );
}

export class DelegationManager {
  readonly #ref: CoreRef;
  readonly #journal: Journal;
  readonly #delegatedTo: StateMap<Address, Address>;
  readonly #operatorShares: NestedStateMap<Address, Address, bigint>;
  readonly #depositScalingFactor: NestedStateMap<Address, Address, bigint>;
  readonly #cumulativeScaledShares: NestedStateMap<Address, Address, Snapshots>;
  readonly #cumulativeWithdrawalsQueued: StateMap<Address, bigint>;
  readonly #queuedWithdrawals: StateMap<string, Withdrawal>;

  constructor(
    journal: Journal,
    ref: CoreRef,
    readonly address: Address,
    readonly MIN_WITHDRAWAL_DELAY_BLOCKS: number,
  ) {
    this.#journal = journal;
    this.#ref = ref;
    this.#delegatedTo = new StateMap(journal, 'DelegationManager.delegatedTo');
    this.#operatorShares = new NestedStateMap(journal, 'DelegationManager.operatorShares');
    this.#depositScalingFactor = new NestedStateMap(journal, 'DelegationManager.depositScalingFactor');
    this.#cumulativeScaledShares = new NestedStateMap(journal, 'DelegationManager.cumulativeScaledSharesHistory');
    this.#cumulativeWithdrawalsQueued = new StateMap(journal, 'DelegationManager.cumulativeWithdrawalsQueued');
    this.#queuedWithdrawals = new StateMap(journal, 'DelegationManager.queuedWithdrawals');
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol registerAsOperator
  registerAsOperator(ctx: TxContext, allocationDelay: number): void {
    this.#journal.atomic(() => {
      if (this.isDelegated(ctx.sender)) revert('ActivelyDelegated');
      this.#ref.core.allocationManager.setAllocationDelay(callFrom(ctx, this.address), ctx.sender, allocationDelay);
      this.#delegate(ctx.sender, ctx.sender);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol delegateTo
  delegateTo(ctx: TxContext, operator: Address): void {
    this.#journal.atomic(() => {
      if (this.isDelegated(ctx.sender)) revert('ActivelyDelegated');
      if (!this.isOperator(operator)) revert('OperatorNotRegistered');
      this.#delegate(ctx.sender, operator);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol undelegate
  undelegate(ctx: TxContext, staker: Address): string[] {
    return this.#journal.atomic(() => {
      if (!this.isDelegated(staker)) revert('NotActivelyDelegated');
      if (this.isOperator(staker)) revert('OperatorsCannotUndelegate');
      if (ctx.sender !== staker && ctx.sender !== this.delegatedTo(staker)) revert('CallerCannotUndelegate');
      return this.#undelegate(ctx, staker);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol redelegate
  redelegate(ctx: TxContext, newOperator: Address): string[] {
    return this.#journal.atomic(() => {
      const roots = this.undelegate(ctx, ctx.sender);
      this.delegateTo(ctx, newOperator);
      return roots;
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol queueWithdrawals
  queueWithdrawals(ctx: TxContext, params: readonly QueuedWithdrawalParams[]): string[] {
    return this.#journal.atomic(() => {
      const operator = this.delegatedTo(ctx.sender);
      return params.map((p) => {
        if (p.strategies.length !== p.depositShares.length) revert('InputArrayLengthMismatch');
        const slashingFactors = this.#getSlashingFactors(ctx.sender, operator, p.strategies);
        return this.#removeSharesAndQueueWithdrawal(ctx, ctx.sender, operator, p.strategies, p.depositShares, slashingFactors);
      });
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol completeQueuedWithdrawal
  completeQueuedWithdrawal(ctx: TxContext, withdrawal: Withdrawal, tokens: readonly (ERC20 | null)[], receiveAsTokens: boolean): void {
    this.#journal.atomic(() => this.#completeQueuedWithdrawal(ctx, withdrawal, tokens, receiveAsTokens));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol completeQueuedWithdrawals
  completeQueuedWithdrawals(
    ctx: TxContext,
    withdrawals: readonly Withdrawal[],
    tokens: readonly (readonly (ERC20 | null)[])[],
    receiveAsTokens: readonly boolean[],
  ): void {
    this.#journal.atomic(() => {
      // The original indexes the parallel arrays without a length check: a short one is an out-of-bounds panic.
      withdrawals.forEach((w, i) => {
        const t = tokens[i];
        const asTokens = receiveAsTokens[i];
        if (t === undefined || asTokens === undefined) throw new Panic(PanicCode.ARRAY_OUT_OF_BOUNDS);
        this.#completeQueuedWithdrawal(ctx, w, t, asTokens);
      });
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol increaseDelegatedShares
  increaseDelegatedShares(ctx: TxContext, staker: Address, strategy: Address, prevDepositShares: bigint, addedShares: bigint): void {
    this.#journal.atomic(() => {
      const { strategyManager, eigenPodManager } = this.#ref.core;
      if (ctx.sender !== strategyManager.address && ctx.sender !== eigenPodManager.address) {
        revert('OnlyStrategyManagerOrEigenPodManager');
      }
      const operator = this.delegatedTo(staker);
      const maxMagnitude = this.#ref.core.allocationManager.getMaxMagnitude(operator, strategy);
      const slashingFactor = this.#getSlashingFactor(staker, strategy, maxMagnitude);
      this.#increaseDelegation(operator, staker, strategy, prevDepositShares, addedShares, slashingFactor);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol decreaseDelegatedShares
  decreaseDelegatedShares(ctx: TxContext, staker: Address, curDepositShares: bigint, beaconChainSlashingFactorDecrease: bigint): void {
    this.#journal.atomic(() => {
      if (ctx.sender !== this.#ref.core.eigenPodManager.address) revert('OnlyEigenPodManager');
      if (!this.isDelegated(staker)) return;
      const operator = this.delegatedTo(staker);
      const maxMagnitude = this.#ref.core.allocationManager.getMaxMagnitude(operator, BEACONCHAIN_ETH_STRAT);
      const sharesToRemove = SlashingLib.calcWithdrawable(
        curDepositShares,
        this.depositScalingFactorRaw(staker, BEACONCHAIN_ETH_STRAT),
        mulWad(maxMagnitude, beaconChainSlashingFactorDecrease),
      );
      this.#decreaseDelegation(operator, BEACONCHAIN_ETH_STRAT, sharesToRemove);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol slashOperatorShares
  slashOperatorShares(
    ctx: TxContext,
    operator: Address,
    operatorSet: OperatorSet,
    slashId: bigint,
    strategy: Address,
    prevMaxMagnitude: bigint,
    newMaxMagnitude: bigint,
  ): bigint {
    return this.#journal.atomic(() => {
      if (ctx.sender !== this.#ref.core.allocationManager.address) revert('OnlyAllocationManager');
      const block = blockNumber(ctx);
      const operatorShares = this.operatorShares(operator, strategy);
      const operatorSharesSlashed = SlashingLib.calcSlashedAmount(operatorShares, prevMaxMagnitude, newMaxMagnitude);
      const sharesSlashedFromQueue = this.#getSlashableSharesInQueue(operator, strategy, prevMaxMagnitude, newMaxMagnitude, block);
      const totalDepositSharesToSlash = add(operatorSharesSlashed, sharesSlashedFromQueue);
      this.#decreaseDelegation(operator, strategy, operatorSharesSlashed);
      this.#shareManager(strategy).increaseBurnOrRedistributableShares(
        callFrom(ctx, this.address),
        operatorSet,
        slashId,
        strategy,
        totalDepositSharesToSlash,
      );
      return totalDepositSharesToSlash;
    });
  }

  // ---- views ----

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol isDelegated
  isDelegated(staker: Address): boolean {
    return this.#delegatedTo.has(staker);
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol isOperator
  isOperator(operator: Address): boolean {
    return operator !== ZERO_ADDRESS && this.#delegatedTo.get(operator) === operator;
  }

  // Port of eigenlayer-contracts src/contracts/core/storage/DelegationManagerStorage.sol delegatedTo (public mapping)
  delegatedTo(staker: Address): Address {
    return this.#delegatedTo.get(staker) ?? ZERO_ADDRESS;
  }

  // Port of eigenlayer-contracts src/contracts/core/storage/DelegationManagerStorage.sol operatorShares (public mapping)
  operatorShares(operator: Address, strategy: Address): bigint {
    return this.#operatorShares.get(operator, strategy) ?? 0n;
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getOperatorShares
  getOperatorShares(operator: Address, strategies: readonly Address[]): bigint[] {
    return strategies.map((s) => this.operatorShares(operator, s));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol depositScalingFactor
  depositScalingFactor(staker: Address, strategy: Address): bigint {
    return SlashingLib.scalingFactor(this.depositScalingFactorRaw(staker, strategy));
  }

  /** The stored DSF (0 when never set or reset). */
  depositScalingFactorRaw(staker: Address, strategy: Address): bigint {
    return this.#depositScalingFactor.get(staker, strategy) ?? 0n;
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getWithdrawableShares
  getWithdrawableShares(staker: Address, strategies: readonly Address[]): { withdrawableShares: bigint[]; depositShares: bigint[] } {
    const slashingFactors = this.#getSlashingFactors(staker, this.delegatedTo(staker), strategies);
    const depositShares = strategies.map((s) => this.#shareManager(s).stakerDepositShares(staker, s));
    const withdrawableShares = strategies.map((s, i) =>
      SlashingLib.calcWithdrawable(depositShares[i]!, this.depositScalingFactorRaw(staker, s), slashingFactors[i]!),
    );
    return { withdrawableShares, depositShares };
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getDepositedShares
  getDepositedShares(staker: Address): { strategies: Address[]; shares: bigint[] } {
    const { strategies, shares } = this.#ref.core.strategyManager.getDeposits(staker);
    const podOwnerShares = this.#ref.core.eigenPodManager.stakerDepositShares(staker, BEACONCHAIN_ETH_STRAT);
    if (podOwnerShares === 0n) return { strategies, shares };
    return { strategies: [...strategies, BEACONCHAIN_ETH_STRAT], shares: [...shares, podOwnerShares] };
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getSlashableSharesInQueue
  getSlashableSharesInQueue(operator: Address, strategy: Address, block: number): bigint {
    const maxMagnitude = this.#ref.core.allocationManager.getMaxMagnitude(operator, strategy);
    return this.#getSlashableSharesInQueue(operator, strategy, maxMagnitude, 0n, block);
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getQueuedWithdrawal (_getSharesByWithdrawalRoot)
  getQueuedWithdrawal(withdrawalRoot: string, block: number): { withdrawal: Withdrawal; shares: bigint[] } | undefined {
    const withdrawal = this.#queuedWithdrawals.get(withdrawalRoot);
    if (withdrawal === undefined) return undefined;
    const slashableUntil = withdrawal.startBlock + this.MIN_WITHDRAWAL_DELAY_BLOCKS;
    // Until the withdrawal is completable its shares can still be slashed, so read today's factors.
    const slashingFactors =
      slashableUntil < block
        ? this.#getSlashingFactorsAtBlock(withdrawal.staker, withdrawal.delegatedTo, withdrawal.strategies, slashableUntil)
        : this.#getSlashingFactors(withdrawal.staker, withdrawal.delegatedTo, withdrawal.strategies);
    const shares = withdrawal.scaledShares.map((s, i) => SlashingLib.scaleForCompleteWithdrawal(s, slashingFactors[i]!));
    return { withdrawal, shares };
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol getQueuedWithdrawalRoots
  getQueuedWithdrawalRoots(staker: Address): string[] {
    return [...this.#queuedWithdrawals.entries()].filter(([, w]) => w.staker === staker).map(([root]) => root);
  }

  /** Every pending withdrawal, oldest first. */
  queuedWithdrawals(): Withdrawal[] {
    return [...this.#queuedWithdrawals.entries()].map(([, w]) => w);
  }

  /** Every registered operator. */
  operators(): Address[] {
    return [...this.#delegatedTo.entries()].filter(([s, o]) => s === o).map(([s]) => s);
  }

  /** Every delegated staker (operators included: they are delegated to themselves). */
  delegatedStakers(): Address[] {
    return [...this.#delegatedTo.keys()];
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol minWithdrawalDelayBlocks
  minWithdrawalDelayBlocks(): number {
    return this.MIN_WITHDRAWAL_DELAY_BLOCKS;
  }

  // ---- internals ----

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _delegate
  #delegate(staker: Address, operator: Address): void {
    const { strategies, shares } = this.getDepositedShares(staker);
    // Slashing the operator suffered before this delegation is forgiven through the DSF.
    const operatorSlashingFactors = this.#getSlashingFactors(ZERO_ADDRESS, operator, strategies);
    this.#delegatedTo.set(staker, operator);
    strategies.forEach((strategy, i) => {
      let added = shares[i]!;
      if (strategy === BEACONCHAIN_ETH_STRAT) {
        const bcsf = this.#ref.core.eigenPodManager.beaconChainSlashingFactor(staker);
        added = SlashingLib.calcWithdrawable(added, this.depositScalingFactorRaw(staker, strategy), bcsf);
      }
      this.#increaseDelegation(operator, staker, strategy, 0n, added, operatorSlashingFactors[i]!);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _undelegate
  #undelegate(ctx: TxContext, staker: Address): string[] {
    const operator = this.delegatedTo(staker);
    this.#delegatedTo.delete(staker);
    const { strategies, shares } = this.getDepositedShares(staker);
    if (strategies.length === 0) return [];
    const slashingFactors = this.#getSlashingFactors(staker, operator, strategies);
    // One withdrawal per strategy, as the original does for UX reasons.
    return strategies.map((s, i) =>
      this.#removeSharesAndQueueWithdrawal(ctx, staker, operator, [s], [shares[i]!], [slashingFactors[i]!]),
    );
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _removeSharesAndQueueWithdrawal
  #removeSharesAndQueueWithdrawal(
    ctx: TxContext,
    staker: Address,
    operator: Address,
    strategies: readonly Address[],
    depositSharesToWithdraw: readonly bigint[],
    slashingFactors: readonly bigint[],
  ): string {
    if (staker === ZERO_ADDRESS) revert('InputAddressZero');
    if (strategies.length === 0) revert('InputArrayLengthZero');
    const block = blockNumber(ctx);
    const scaledShares = strategies.map((strategy, i) => {
      const dsf = this.depositScalingFactorRaw(staker, strategy);
      const depositShares = depositSharesToWithdraw[i]!;
      const withdrawable = SlashingLib.calcWithdrawable(depositShares, dsf, slashingFactors[i]!);
      const scaled = SlashingLib.scaleForQueueWithdrawal(dsf, depositShares);
      if (operator !== ZERO_ADDRESS) {
        // Queued shares stay slashable for MIN_WITHDRAWAL_DELAY_BLOCKS: remember when they left.
        this.#addQueuedSlashableShares(operator, strategy, scaled, block);
        this.#decreaseDelegation(operator, strategy, withdrawable);
      }
      const sharesAfter = this.#shareManager(strategy).removeDepositShares(callFrom(ctx, this.address), staker, strategy, depositShares);
      if (sharesAfter === 0n) this.#depositScalingFactor.delete(staker, strategy);
      return scaled;
    });
    const nonce = this.#cumulativeWithdrawalsQueued.get(staker) ?? 0n;
    this.#cumulativeWithdrawalsQueued.set(staker, nonce + 1n);
    // Frozen: views hand out the stored withdrawal itself.
    const withdrawal: Withdrawal = Object.freeze({
      staker,
      delegatedTo: operator,
      withdrawer: staker,
      nonce,
      startBlock: block,
      strategies: Object.freeze([...strategies]),
      scaledShares: Object.freeze(scaledShares),
    });
    const root = calculateWithdrawalRoot(withdrawal);
    this.#queuedWithdrawals.set(root, withdrawal);
    return root;
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _completeQueuedWithdrawal
  #completeQueuedWithdrawal(ctx: TxContext, withdrawal: Withdrawal, tokens: readonly (ERC20 | null)[], receiveAsTokens: boolean): void {
    if (tokens.length !== withdrawal.strategies.length) revert('InputArrayLengthMismatch');
    if (ctx.sender !== withdrawal.withdrawer) revert('WithdrawerNotCaller');
    const root = calculateWithdrawalRoot(withdrawal);
    const stored = this.#queuedWithdrawals.get(root);
    if (stored === undefined || !sameWithdrawal(stored, withdrawal)) revert('WithdrawalNotQueued');
    // Slashable through slashableUntil inclusive; completable strictly after it.
    const slashableUntil = withdrawal.startBlock + this.MIN_WITHDRAWAL_DELAY_BLOCKS;
    if (!(blockNumber(ctx) > slashableUntil)) revert('WithdrawalDelayNotElapsed');
    const { staker, delegatedTo, strategies } = withdrawal;
    const prevSlashingFactors = this.#getSlashingFactorsAtBlock(staker, delegatedTo, strategies, slashableUntil);
    this.#queuedWithdrawals.delete(root);

    const newOperator = this.delegatedTo(withdrawal.staker);
    const newSlashingFactors = this.#getSlashingFactors(withdrawal.staker, newOperator, withdrawal.strategies);
    withdrawal.strategies.forEach((strategy, i) => {
      const shareManager = this.#shareManager(strategy);
      const sharesToWithdraw = SlashingLib.scaleForCompleteWithdrawal(withdrawal.scaledShares[i]!, prevSlashingFactors[i]!);
      if (sharesToWithdraw === 0n) return;
      const asCaller = callFrom(ctx, this.address);
      if (receiveAsTokens) {
        shareManager.withdrawSharesAsTokens(asCaller, withdrawal.staker, strategy, tokens[i]!, sharesToWithdraw);
      } else {
        const [prevDepositShares, addedShares] = shareManager.addShares(asCaller, withdrawal.staker, strategy, sharesToWithdraw);
        this.#increaseDelegation(newOperator, withdrawal.staker, strategy, prevDepositShares, addedShares, newSlashingFactors[i]!);
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _increaseDelegation
  #increaseDelegation(
    operator: Address,
    staker: Address,
    strategy: Address,
    prevDepositShares: bigint,
    addedShares: bigint,
    slashingFactor: bigint,
  ): void {
    if (slashingFactor === 0n) revert('FullySlashed');
    if (addedShares === 0n) return;
    const dsf = SlashingLib.update(this.#depositScalingFactor.get(staker, strategy) ?? 0n, prevDepositShares, addedShares, slashingFactor);
    this.#depositScalingFactor.set(staker, strategy, dsf);
    if (this.isDelegated(staker)) {
      this.#operatorShares.set(operator, strategy, add(this.#operatorShares.get(operator, strategy) ?? 0n, addedShares));
    }
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _decreaseDelegation
  #decreaseDelegation(operator: Address, strategy: Address, sharesToDecrease: bigint): void {
    this.#operatorShares.set(operator, strategy, sub(this.#operatorShares.get(operator, strategy) ?? 0n, sharesToDecrease));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getSlashableSharesInQueue
  #getSlashableSharesInQueue(
    operator: Address,
    strategy: Address,
    prevMaxMagnitude: bigint,
    newMaxMagnitude: bigint,
    block: number,
  ): bigint {
    if (prevMaxMagnitude === 0n) return 0n;
    const history = this.#cumulativeScaledShares.get(operator, strategy);
    // uint32 arithmetic in the original: before block MIN_WITHDRAWAL_DELAY_BLOCKS + 1 this underflows (Panic 0x11).
    const lookupBlock = Number(sub(sub(BigInt(block), BigInt(this.MIN_WITHDRAWAL_DELAY_BLOCKS)), 1n));
    const current = history?.latest() ?? 0n;
    const before = history?.upperLookup(lookupBlock) ?? 0n;
    return slashedSharesInQueue(current - before, prevMaxMagnitude, newMaxMagnitude);
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _addQueuedSlashableShares
  #addQueuedSlashableShares(operator: Address, strategy: Address, scaledShares: bigint, block: number): void {
    let history = this.#cumulativeScaledShares.get(operator, strategy);
    if (history === undefined) {
      history = Snapshots.defaultZeroHistory(this.#journal);
      this.#cumulativeScaledShares.set(operator, strategy, history);
    }
    history.push(block, add(history.latest(), scaledShares));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getSlashingFactor
  #getSlashingFactor(staker: Address, strategy: Address, operatorMaxMagnitude: bigint): bigint {
    if (strategy === BEACONCHAIN_ETH_STRAT) {
      return mulWad(operatorMaxMagnitude, this.#ref.core.eigenPodManager.beaconChainSlashingFactor(staker));
    }
    return operatorMaxMagnitude;
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getSlashingFactors
  #getSlashingFactors(staker: Address, operator: Address, strategies: readonly Address[]): bigint[] {
    const am = this.#ref.core.allocationManager;
    return strategies.map((s) => this.#getSlashingFactor(staker, s, am.getMaxMagnitude(operator, s)));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getSlashingFactorsAtBlock
  #getSlashingFactorsAtBlock(staker: Address, operator: Address, strategies: readonly Address[], block: number): bigint[] {
    const am = this.#ref.core.allocationManager;
    return strategies.map((s) => this.#getSlashingFactor(staker, s, am.getMaxMagnitudeAtBlock(operator, s, block)));
  }

  // Port of eigenlayer-contracts src/contracts/core/DelegationManager.sol _getShareManager
  #shareManager(strategy: Address): ShareManager {
    return strategy === BEACONCHAIN_ETH_STRAT ? this.#ref.core.eigenPodManager : this.#ref.core.strategyManager;
  }
}
