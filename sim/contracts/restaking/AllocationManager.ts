// Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol and AllocationManagerView.sol
// (v1.9+, contracts spec §1.3–1.4): operator sets and their slashers, registration with a post-exit
// slashable window, magnitudes allocated per (operator, operator set, strategy) with allocation and
// deallocation delays, and slashing. AVS registrar callbacks, permissions appointees and pausing are
// not modelled: only the operator (or AVS) itself may act for itself.
import { revert } from '../errors.js';
import { assertUint, divWad, mulWad, mulWadRoundUp, sub, toUint, WAD } from '../math.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';
import {
  BEACONCHAIN_ETH_STRAT,
  blockNumber,
  callFrom,
  checkCanCall,
  compareAddresses,
  DEFAULT_BURN_ADDRESS,
  mapKey,
  operatorSetKey,
  type OperatorSet,
} from './common.js';
import type { CoreRef } from './core.js';
import { NestedStateMap, StateMap, type Journal, type WriteClock } from './Journal.js';
import { Snapshots } from './Snapshots.js';

export interface Allocation {
  readonly currentMagnitude: bigint;
  /** int128: negative for a pending deallocation, positive for a pending allocation. */
  readonly pendingDiff: bigint;
  readonly effectBlock: number;
}

export interface StrategyInfo {
  readonly maxMagnitude: bigint;
  readonly encumberedMagnitude: bigint;
}

export interface CreateSetParams {
  readonly operatorSetId: number;
  readonly strategies: readonly Address[];
  /** CreateSetParamsV2.slasher; the v1 form (no slasher) makes the AVS its own slasher. */
  readonly slasher?: Address;
}

export interface AllocateParams {
  readonly operatorSet: OperatorSet;
  readonly strategies: readonly Address[];
  readonly newMagnitudes: readonly bigint[];
}

export interface RegisterParams {
  readonly avs: Address;
  readonly operatorSetIds: readonly number[];
}

export interface DeregisterParams {
  readonly operator: Address;
  readonly avs: Address;
  readonly operatorSetIds: readonly number[];
}

export interface SlashingParams {
  readonly operator: Address;
  readonly operatorSetId: number;
  readonly strategies: readonly Address[];
  readonly wadsToSlash: readonly bigint[];
  readonly description: string;
}

export interface SlashResult {
  readonly slashId: bigint;
  /** Shares burned or redistributed per strategy (0 where nothing was allocated). */
  readonly shares: readonly bigint[];
  /** Fraction of the operator's total magnitude removed per strategy (divWad, floor; the event's wadSlashed). */
  readonly wadSlashed: readonly bigint[];
}

export interface AllocationRecord {
  readonly operator: Address;
  readonly operatorSet: OperatorSet;
  readonly strategy: Address;
  readonly allocation: Allocation;
}

interface RegistrationStatus {
  readonly registered: boolean;
  readonly slashableUntil: number;
}

interface AllocationDelayInfo {
  readonly delay: number;
  readonly isSet: boolean;
  readonly pendingDelay: number;
  readonly effectBlock: number;
}

interface SlasherParams {
  readonly slasher: Address;
  readonly pendingSlasher: Address;
  readonly effectBlock: number;
}

const EMPTY_ALLOCATION: Allocation = { currentMagnitude: 0n, pendingDiff: 0n, effectBlock: 0 };

// Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _addInt128 (SafeCast.toUint64)
function addInt128(a: bigint, b: bigint): bigint {
  return toUint(a + b, 64);
}

export function requireValidWadToSlash(wadToSlash: bigint): void {
  if (!(0n < wadToSlash && wadToSlash <= WAD)) revert('InvalidWadToSlash');
}

export interface MagnitudeSlash {
  readonly allocation: Allocation;
  readonly info: StrategyInfo;
  readonly slashedMagnitude: bigint;
  /** The share of the operator's whole magnitude removed (divWad, floor), as in the OperatorSlashed event. */
  readonly wadSlashed: bigint;
}

// Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _slashOperator (steps 3-4, the magnitude arithmetic).
// Magnitudes are uint64 and pendingDiff an int128 bounded by them, so the original's uint64 casts never truncate.
export function slashMagnitude(allocation: Allocation, info: StrategyInfo, wadToSlash: bigint): MagnitudeSlash {
  // Rounded up so that repeated small slashes never round down to nothing.
  const slashedMagnitude = mulWadRoundUp(allocation.currentMagnitude, wadToSlash);
  const wadSlashed = divWad(slashedMagnitude, info.maxMagnitude);
  const currentMagnitude = sub(allocation.currentMagnitude, slashedMagnitude);
  const maxMagnitude = sub(info.maxMagnitude, slashedMagnitude);
  const encumberedMagnitude = sub(info.encumberedMagnitude, slashedMagnitude);
  let pendingDiff = allocation.pendingDiff;
  if (pendingDiff < 0n) {
    // A pending deallocation is slashed too, so less magnitude is freed when it completes.
    pendingDiff += mulWadRoundUp(-pendingDiff, wadToSlash);
  }
  return {
    allocation: { currentMagnitude, pendingDiff, effectBlock: allocation.effectBlock },
    info: { maxMagnitude, encumberedMagnitude },
    slashedMagnitude,
    wadSlashed,
  };
}

export class AllocationManager {
  readonly #ref: CoreRef;
  readonly #journal: Journal;
  /** Counts writes to this contract's state (every store below is given it); see `writes`. */
  readonly #clock: WriteClock;
  readonly #avsRegisteredMetadata: StateMap<Address, true>;
  readonly #operatorSets: StateMap<string, OperatorSet>;
  readonly #operatorSetStrategies: StateMap<string, readonly Address[]>;
  readonly #operatorSetMembers: StateMap<string, readonly Address[]>;
  readonly #redistributionRecipients: StateMap<string, Address>;
  readonly #slashers: StateMap<string, SlasherParams>;
  readonly #slashIds: StateMap<string, bigint>;
  readonly #registrationStatus: NestedStateMap<Address, string, RegistrationStatus>;
  readonly #allocationDelayInfo: StateMap<Address, AllocationDelayInfo>;
  readonly #maxMagnitudeHistory: NestedStateMap<Address, Address, Snapshots>;
  readonly #encumberedMagnitude: NestedStateMap<Address, Address, bigint>;
  readonly #deallocationQueue: NestedStateMap<Address, Address, readonly string[]>;
  readonly #allocations: StateMap<string, AllocationRecord>;

  constructor(
    journal: Journal,
    ref: CoreRef,
    readonly address: Address,
    readonly DEALLOCATION_DELAY: number,
    readonly ALLOCATION_CONFIGURATION_DELAY: number,
    /** The EIGEN strategy, which redistributing operator sets may not hold (ZERO_ADDRESS if none). */
    readonly eigenStrategy: Address = ZERO_ADDRESS,
  ) {
    this.#journal = journal;
    this.#ref = ref;
    this.#clock = journal.clock();
    const map = <K, V>(name: string) => new StateMap<K, V>(journal, `AllocationManager.${name}`, this.#clock);
    const nested = <K1 extends string, K2 extends string, V>(name: string) => new NestedStateMap<K1, K2, V>(journal, `AllocationManager.${name}`, this.#clock);
    this.#avsRegisteredMetadata = map('avsRegisteredMetadata');
    this.#operatorSets = map('operatorSets');
    this.#operatorSetStrategies = map('operatorSetStrategies');
    this.#operatorSetMembers = map('operatorSetMembers');
    this.#redistributionRecipients = map('redistributionRecipients');
    this.#slashers = map('slashers');
    this.#slashIds = map('slashIds');
    this.#registrationStatus = nested('registrationStatus');
    this.#allocationDelayInfo = map('allocationDelayInfo');
    this.#maxMagnitudeHistory = nested('maxMagnitudeHistory');
    this.#encumberedMagnitude = nested('encumberedMagnitude');
    this.#deallocationQueue = nested('deallocationQueue');
    this.#allocations = map('allocations');
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol slashOperator (+ _slashOperator)
  slashOperator(ctx: TxContext, avs: Address, params: SlashingParams): SlashResult {
    return this.#journal.atomic(() => {
      const block = blockNumber(ctx);
      const operatorSet: OperatorSet = { avs, id: params.operatorSetId };
      const setKey = operatorSetKey(operatorSet);
      if (params.strategies.length !== params.wadsToSlash.length) revert('InputArrayLengthMismatch');
      if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
      if (!this.isOperatorSlashable(params.operator, operatorSet, block)) revert('OperatorNotSlashable');
      if (ctx.sender !== this.getSlasher(operatorSet, block)) revert('InvalidCaller');

      const slashId = (this.#slashIds.get(setKey) ?? 0n) + 1n;
      this.#slashIds.set(setKey, slashId);
      const shares: bigint[] = [];
      const wadSlashed: bigint[] = [];
      params.strategies.forEach((strategy, i) => {
        const wadToSlash = params.wadsToSlash[i]!;
        if (i > 0 && !(compareAddresses(strategy, params.strategies[i - 1]!) > 0)) revert('StrategiesMustBeInAscendingOrder');
        requireValidWadToSlash(wadToSlash);
        if (!this.#operatorSetStrategies.get(setKey)?.includes(strategy)) revert('StrategyNotInOperatorSet');

        const { info, allocation } = this.#getUpdatedAllocation(params.operator, operatorSet, strategy, block);
        // Nothing allocated (or nothing active yet): nothing to slash.
        if (allocation.currentMagnitude === 0n) {
          shares.push(0n);
          wadSlashed.push(0n);
          return;
        }
        const prevMaxMagnitude = info.maxMagnitude;
        const slashed = slashMagnitude(allocation, info, wadToSlash);
        wadSlashed.push(slashed.wadSlashed);
        const { info: newInfo, allocation: newAllocation } = slashed;
        this.#updateAllocationInfo(params.operator, operatorSet, strategy, newInfo, newAllocation);
        this.#updateMaxMagnitude(params.operator, strategy, newInfo.maxMagnitude, block);
        shares.push(
          this.#ref.core.delegationManager.slashOperatorShares(
            callFrom(ctx, this.address),
            params.operator,
            operatorSet,
            slashId,
            strategy,
            prevMaxMagnitude,
            newInfo.maxMagnitude,
          ),
        );
      });
      return { slashId, shares, wadSlashed };
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol modifyAllocations
  modifyAllocations(ctx: TxContext, operator: Address, params: readonly AllocateParams[]): void {
    this.#journal.atomic(() => {
      const block = blockNumber(ctx);
      checkCanCall(ctx, operator);
      const { isSet, delay: operatorAllocationDelay } = this.getAllocationDelay(operator, block);
      if (!isSet) revert('UninitializedAllocationDelay');

      for (const p of params) {
        if (p.strategies.length !== p.newMagnitudes.length) revert('InputArrayLengthMismatch');
        if (!this.isOperatorSet(p.operatorSet)) revert('InvalidOperatorSet');
        const operatorIsSlashable = this.isOperatorSlashable(operator, p.operatorSet, block);
        p.strategies.forEach((strategy, j) => {
          const newMagnitude = assertUint(p.newMagnitudes[j]!, 64);
          // Free any deallocations that have completed so their magnitude can be reused.
          this.#clearDeallocationQueue(operator, strategy, 0xffff, block);
          const { info, allocation } = this.#getUpdatedAllocation(operator, p.operatorSet, strategy, block);
          if (allocation.effectBlock !== 0) revert('ModificationAlreadyPending');
          const isSlashable = this.#isAllocationSlashable(p.operatorSet, strategy, allocation, operatorIsSlashable);
          const pendingDiff = newMagnitude - allocation.currentMagnitude;
          if (pendingDiff === 0n) revert('SameMagnitude');

          let newInfo = info;
          let newAllocation: Allocation;
          if (pendingDiff < 0n) {
            if (isSlashable) {
              // Stays slashable through block + DEALLOCATION_DELAY; freed the block after.
              const queue = this.#deallocationQueue.get(operator, strategy) ?? [];
              this.#deallocationQueue.set(operator, strategy, [...queue, operatorSetKey(p.operatorSet)]);
              newAllocation = { ...allocation, pendingDiff, effectBlock: block + this.DEALLOCATION_DELAY + 1 };
            } else {
              newInfo = { ...info, encumberedMagnitude: addInt128(info.encumberedMagnitude, pendingDiff) };
              newAllocation = { currentMagnitude: newMagnitude, pendingDiff: 0n, effectBlock: block };
            }
          } else {
            // Encumbered at once; slashable only after the operator's allocation delay.
            newInfo = { ...info, encumberedMagnitude: addInt128(info.encumberedMagnitude, pendingDiff) };
            if (newInfo.encumberedMagnitude > newInfo.maxMagnitude) revert('InsufficientMagnitude');
            newAllocation = { ...allocation, pendingDiff, effectBlock: block + operatorAllocationDelay };
          }
          this.#updateAllocationInfo(operator, p.operatorSet, strategy, newInfo, newAllocation);
        });
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol clearDeallocationQueue
  clearDeallocationQueue(ctx: TxContext, operator: Address, strategies: readonly Address[], numToClear: readonly number[]): void {
    this.#journal.atomic(() => {
      if (strategies.length !== numToClear.length) revert('InputArrayLengthMismatch');
      strategies.forEach((s, i) => this.#clearDeallocationQueue(operator, s, numToClear[i]!, blockNumber(ctx)));
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol registerForOperatorSets
  registerForOperatorSets(ctx: TxContext, operator: Address, params: RegisterParams): void {
    this.#journal.atomic(() => {
      const block = blockNumber(ctx);
      checkCanCall(ctx, operator);
      if (!this.#ref.core.delegationManager.isOperator(operator)) revert('InvalidOperator');
      for (const id of params.operatorSetIds) {
        const operatorSet: OperatorSet = { avs: params.avs, id };
        if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
        // Also refuses re-registration while a previous registration is still slashable.
        if (this.isOperatorSlashable(operator, operatorSet, block)) revert('AlreadyMemberOfSet');
        const setKey = operatorSetKey(operatorSet);
        const members = this.#operatorSetMembers.get(setKey) ?? [];
        if (!members.includes(operator)) this.#operatorSetMembers.set(setKey, [...members, operator]);
        const status = this.#registrationStatus.get(operator, setKey) ?? { registered: false, slashableUntil: 0 };
        this.#registrationStatus.set(operator, setKey, { ...status, registered: true });
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol deregisterFromOperatorSets
  deregisterFromOperatorSets(ctx: TxContext, params: DeregisterParams): void {
    this.#journal.atomic(() => {
      const block = blockNumber(ctx);
      if (ctx.sender !== params.operator && ctx.sender !== params.avs) revert('InvalidCaller');
      for (const id of params.operatorSetIds) {
        const operatorSet: OperatorSet = { avs: params.avs, id };
        if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
        const setKey = operatorSetKey(operatorSet);
        if (!this.#registrationStatus.get(params.operator, setKey)?.registered) revert('NotMemberOfSet');
        const members = (this.#operatorSetMembers.get(setKey) ?? []).filter((m) => m !== params.operator);
        if (members.length === 0) this.#operatorSetMembers.delete(setKey);
        else this.#operatorSetMembers.set(setKey, members);
        this.#registrationStatus.set(params.operator, setKey, { registered: false, slashableUntil: block + this.DEALLOCATION_DELAY });
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol setAllocationDelay
  setAllocationDelay(ctx: TxContext, operator: Address, delay: number): void {
    this.#journal.atomic(() => {
      // Operators newly registered through the DelegationManager get their delay at once.
      const newlyRegistered = ctx.sender === this.#ref.core.delegationManager.address;
      if (!newlyRegistered) {
        checkCanCall(ctx, operator);
        if (!this.#ref.core.delegationManager.isOperator(operator)) revert('InvalidOperator');
      }
      this.#setAllocationDelay(operator, delay, newlyRegistered, blockNumber(ctx));
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol updateAVSMetadataURI
  updateAVSMetadataURI(ctx: TxContext, avs: Address, _metadataURI: string): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, avs);
      if (!this.#avsRegisteredMetadata.has(avs)) this.#avsRegisteredMetadata.set(avs, true);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol createOperatorSets
  createOperatorSets(ctx: TxContext, avs: Address, params: readonly CreateSetParams[]): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, avs);
      if (!this.#avsRegisteredMetadata.has(avs)) revert('NonexistentAVSMetadata');
      for (const p of params) this.#createOperatorSet(avs, p, DEFAULT_BURN_ADDRESS, blockNumber(ctx));
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol createRedistributingOperatorSets
  createRedistributingOperatorSets(
    ctx: TxContext,
    avs: Address,
    params: readonly CreateSetParams[],
    redistributionRecipients: readonly Address[],
  ): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, avs);
      if (params.length !== redistributionRecipients.length) revert('InputArrayLengthMismatch');
      if (!this.#avsRegisteredMetadata.has(avs)) revert('NonexistentAVSMetadata');
      params.forEach((p, i) => {
        const recipient = redistributionRecipients[i]!;
        if (recipient === ZERO_ADDRESS) revert('InputAddressZero');
        if (recipient === DEFAULT_BURN_ADDRESS) revert('InvalidRedistributionRecipient');
        this.#createOperatorSet(avs, p, recipient, blockNumber(ctx));
      });
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol addStrategiesToOperatorSet
  addStrategiesToOperatorSet(ctx: TxContext, avs: Address, operatorSetId: number, strategies: readonly Address[]): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, avs);
      const operatorSet: OperatorSet = { avs, id: operatorSetId };
      if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
      const redistributing = this.isRedistributingOperatorSet(operatorSet);
      for (const s of strategies) this.#addStrategyToOperatorSet(operatorSet, s, redistributing);
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol removeStrategiesFromOperatorSet
  removeStrategiesFromOperatorSet(ctx: TxContext, avs: Address, operatorSetId: number, strategies: readonly Address[]): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, avs);
      const operatorSet: OperatorSet = { avs, id: operatorSetId };
      if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
      const setKey = operatorSetKey(operatorSet);
      for (const s of strategies) {
        const current = this.#operatorSetStrategies.get(setKey) ?? [];
        if (!current.includes(s)) revert('StrategyNotInOperatorSet');
        this.#operatorSetStrategies.set(setKey, current.filter((x) => x !== s));
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol updateSlasher
  updateSlasher(ctx: TxContext, operatorSet: OperatorSet, slasher: Address): void {
    this.#journal.atomic(() => {
      checkCanCall(ctx, operatorSet.avs);
      if (!this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
      if (this.getSlasher(operatorSet, blockNumber(ctx)) === ZERO_ADDRESS) revert('SlasherNotSet');
      this.#updateSlasher(operatorSet, slasher, false, blockNumber(ctx));
    });
  }

  // ---- views (those that read block.number take the current block) ----

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol isOperatorSet
  isOperatorSet(operatorSet: OperatorSet): boolean {
    return this.#operatorSets.has(operatorSetKey(operatorSet));
  }

  /** Every operator set, in creation order. */
  getOperatorSets(): OperatorSet[] {
    return [...this.#operatorSets.entries()].map(([, s]) => s);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getStrategiesInOperatorSet
  getStrategiesInOperatorSet(operatorSet: OperatorSet): Address[] {
    return [...(this.#operatorSetStrategies.get(operatorSetKey(operatorSet)) ?? [])];
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getMembers
  getMembers(operatorSet: OperatorSet): Address[] {
    return [...(this.#operatorSetMembers.get(operatorSetKey(operatorSet)) ?? [])];
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getSlashCount
  getSlashCount(operatorSet: OperatorSet): bigint {
    return this.#slashIds.get(operatorSetKey(operatorSet)) ?? 0n;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol isOperatorSlashable
  isOperatorSlashable(operator: Address, operatorSet: OperatorSet, block: number): boolean {
    const status = this.#registrationStatus.get(operator, operatorSetKey(operatorSet)) ?? { registered: false, slashableUntil: 0 };
    // slashableUntil is the last block in which the operator can still be slashed.
    return status.registered || block <= status.slashableUntil;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getRedistributionRecipient
  getRedistributionRecipient(operatorSet: OperatorSet): Address {
    return this.#redistributionRecipients.get(operatorSetKey(operatorSet)) ?? DEFAULT_BURN_ADDRESS;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol isRedistributingOperatorSet
  isRedistributingOperatorSet(operatorSet: OperatorSet): boolean {
    return this.getRedistributionRecipient(operatorSet) !== DEFAULT_BURN_ADDRESS;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol getSlasher
  getSlasher(operatorSet: OperatorSet, block: number): Address {
    const params = this.#slashers.get(operatorSetKey(operatorSet));
    if (params === undefined) return ZERO_ADDRESS;
    return params.effectBlock !== 0 && block >= params.effectBlock ? params.pendingSlasher : params.slasher;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getAllocationDelay
  getAllocationDelay(operator: Address, block: number): { isSet: boolean; delay: number } {
    const info = this.#allocationDelayInfo.get(operator);
    if (info === undefined) return { isSet: false, delay: 0 };
    if (info.effectBlock !== 0 && block >= info.effectBlock) return { isSet: true, delay: info.pendingDelay };
    return { isSet: info.isSet, delay: info.delay };
  }

  /**
   * Not part of the originals: a count that moves with every write to this contract's state and
   * every rollback, so a reader may keep what it derived from allocations and magnitudes alone
   * (views at a block also change, with no write, when a pending change takes effect).
   */
  get writes(): number {
    return this.#clock.writes;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getMaxMagnitude
  getMaxMagnitude(operator: Address, strategy: Address): bigint {
    return this.#maxMagnitudeHistory.get(operator, strategy)?.latest() ?? WAD;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getMaxMagnitudesAtBlock (one strategy)
  getMaxMagnitudeAtBlock(operator: Address, strategy: Address, block: number): bigint {
    return this.#maxMagnitudeHistory.get(operator, strategy)?.upperLookup(block) ?? WAD;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getAllocation
  getAllocation(operator: Address, operatorSet: OperatorSet, strategy: Address, block: number): Allocation {
    return this.#getUpdatedAllocation(operator, operatorSet, strategy, block).allocation;
  }

  /** Every stored allocation (pending changes not applied), for the world and invariant checks. */
  allocations(): AllocationRecord[] {
    return [...this.#allocations.entries()].map(([, r]) => r);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getEncumberedMagnitude
  getEncumberedMagnitude(operator: Address, strategy: Address, block: number): bigint {
    return this.#getFreeAndUsedMagnitude(operator, strategy, block).encumbered;
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getAllocatableMagnitude
  getAllocatableMagnitude(operator: Address, strategy: Address, block: number): bigint {
    return this.#getFreeAndUsedMagnitude(operator, strategy, block).allocatable;
  }

  /** The stored encumbered magnitude, without simulating matured deallocations. */
  encumberedMagnitudeStored(operator: Address, strategy: Address): bigint {
    return this.#encumberedMagnitude.get(operator, strategy) ?? 0n;
  }

  /** Operator sets with a pending deallocation of `strategy`, oldest first. */
  deallocationQueue(operator: Address, strategy: Address): readonly string[] {
    return this.#deallocationQueue.get(operator, strategy) ?? [];
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getAllocatedStake
  getAllocatedStake(operatorSet: OperatorSet, operators: readonly Address[], strategies: readonly Address[], block: number): bigint[][] {
    return this.#getMinimumAllocatedStake(operatorSet, operators, strategies, block, block);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol getMinimumSlashableStake
  getMinimumSlashableStake(
    operatorSet: OperatorSet,
    operators: readonly Address[],
    strategies: readonly Address[],
    futureBlock: number,
    block: number,
  ): bigint[][] {
    const stake = this.#getMinimumAllocatedStake(operatorSet, operators, strategies, futureBlock, block);
    return stake.map((row, i) => (this.isOperatorSlashable(operators[i]!, operatorSet, block) ? row : row.map(() => 0n)));
  }

  // ---- internals ----

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol _getMinimumAllocatedStake
  #getMinimumAllocatedStake(
    operatorSet: OperatorSet,
    operators: readonly Address[],
    strategies: readonly Address[],
    futureBlock: number,
    block: number,
  ): bigint[][] {
    const delegation = this.#ref.core.delegationManager;
    return operators.map((operator) =>
      strategies.map((strategy) => {
        const maxMagnitude = this.getMaxMagnitude(operator, strategy);
        // Mirrors FullySlashed in the DelegationManager: no division by a zero magnitude.
        if (maxMagnitude === 0n) return 0n;
        const alloc = this.getAllocation(operator, operatorSet, strategy, block);
        // Only a deallocation that lands by futureBlock lowers the minimum; allocations never do.
        const landsInTime = alloc.effectBlock <= futureBlock && alloc.pendingDiff < 0n;
        const magnitude = landsInTime ? addInt128(alloc.currentMagnitude, alloc.pendingDiff) : alloc.currentMagnitude;
        const slashableProportion = divWad(magnitude, maxMagnitude);
        return mulWad(delegation.operatorShares(operator, strategy), slashableProportion);
      }),
    );
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManagerView.sol _getFreeAndUsedMagnitude
  #getFreeAndUsedMagnitude(operator: Address, strategy: Address, block: number): { encumbered: bigint; allocatable: bigint } {
    let encumbered = this.encumberedMagnitudeStored(operator, strategy);
    for (const setKey of this.deallocationQueue(operator, strategy)) {
      const allocation = this.#allocations.get(mapKey(operator, setKey, strategy))?.allocation ?? EMPTY_ALLOCATION;
      if (block < allocation.effectBlock) break;
      encumbered = addInt128(encumbered, allocation.pendingDiff);
    }
    return { encumbered, allocatable: sub(this.getMaxMagnitude(operator, strategy), encumbered) };
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _getUpdatedAllocation
  #getUpdatedAllocation(
    operator: Address,
    operatorSet: OperatorSet,
    strategy: Address,
    block: number,
  ): { info: StrategyInfo; allocation: Allocation } {
    const info: StrategyInfo = {
      maxMagnitude: this.getMaxMagnitude(operator, strategy),
      encumberedMagnitude: this.encumberedMagnitudeStored(operator, strategy),
    };
    const allocation = this.#allocations.get(mapKey(operator, operatorSetKey(operatorSet), strategy))?.allocation ?? EMPTY_ALLOCATION;
    if (block < allocation.effectBlock) return { info, allocation };
    // The pending change has matured: view it as applied.
    return {
      info:
        allocation.pendingDiff < 0n
          ? { ...info, encumberedMagnitude: addInt128(info.encumberedMagnitude, allocation.pendingDiff) }
          : info,
      allocation: { currentMagnitude: addInt128(allocation.currentMagnitude, allocation.pendingDiff), pendingDiff: 0n, effectBlock: 0 },
    };
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _updateAllocationInfo
  #updateAllocationInfo(operator: Address, operatorSet: OperatorSet, strategy: Address, info: StrategyInfo, allocation: Allocation): void {
    if (this.encumberedMagnitudeStored(operator, strategy) !== info.encumberedMagnitude) {
      this.#encumberedMagnitude.set(operator, strategy, info.encumberedMagnitude);
    }
    const allocKey = mapKey(operator, operatorSetKey(operatorSet), strategy);
    if (allocation.currentMagnitude === 0n && allocation.pendingDiff === 0n && allocation.effectBlock === 0) {
      this.#allocations.delete(allocKey);
    } else {
      // Copied and frozen: the caller's objects must not alias stored state, and views hand this record out.
      const storedSet = Object.freeze({ avs: operatorSet.avs, id: operatorSet.id });
      const record = { operator, operatorSet: storedSet, strategy, allocation: Object.freeze({ ...allocation }) };
      this.#allocations.set(allocKey, Object.freeze(record));
    }
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _updateMaxMagnitude
  #updateMaxMagnitude(operator: Address, strategy: Address, newMaxMagnitude: bigint, block: number): void {
    let history = this.#maxMagnitudeHistory.get(operator, strategy);
    if (history === undefined) {
      history = Snapshots.defaultWadHistory(this.#journal, this.#clock);
      this.#maxMagnitudeHistory.set(operator, strategy, history);
    }
    history.push(block, newMaxMagnitude);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _clearDeallocationQueue
  #clearDeallocationQueue(operator: Address, strategy: Address, numToClear: number, block: number): void {
    const queue = this.#deallocationQueue.get(operator, strategy) ?? [];
    let cleared = 0;
    while (cleared < queue.length && cleared < numToClear) {
      const setKey = queue[cleared]!;
      const record = this.#allocations.get(mapKey(operator, setKey, strategy));
      const operatorSet = record?.operatorSet ?? this.#operatorSets.get(setKey)!;
      const { info, allocation } = this.#getUpdatedAllocation(operator, operatorSet, strategy, block);
      // The queue is ordered by effect block, so the first immature entry ends the sweep.
      if (block < allocation.effectBlock) break;
      this.#updateAllocationInfo(operator, operatorSet, strategy, info, allocation);
      cleared++;
    }
    if (cleared === 0) return;
    const rest = queue.slice(cleared);
    if (rest.length === 0) this.#deallocationQueue.delete(operator, strategy);
    else this.#deallocationQueue.set(operator, strategy, rest);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _setAllocationDelay
  #setAllocationDelay(operator: Address, delay: number, newlyRegistered: boolean, block: number): void {
    let info = this.#allocationDelayInfo.get(operator) ?? { delay: 0, isSet: false, pendingDelay: 0, effectBlock: 0 };
    if (info.effectBlock !== 0 && block >= info.effectBlock) info = { ...info, delay: info.pendingDelay, isSet: true };
    const effectBlock = newlyRegistered ? block : block + this.ALLOCATION_CONFIGURATION_DELAY + 1;
    this.#allocationDelayInfo.set(operator, { ...info, pendingDelay: delay, effectBlock });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _createOperatorSet
  #createOperatorSet(avs: Address, params: CreateSetParams, redistributionRecipient: Address, block: number): void {
    const operatorSet: OperatorSet = { avs, id: params.operatorSetId };
    if (this.isOperatorSet(operatorSet)) revert('InvalidOperatorSet');
    const setKey = operatorSetKey(operatorSet);
    this.#operatorSets.set(setKey, Object.freeze(operatorSet));
    const redistributing = redistributionRecipient !== DEFAULT_BURN_ADDRESS;
    if (redistributing) this.#redistributionRecipients.set(setKey, redistributionRecipient);
    for (const s of params.strategies) this.#addStrategyToOperatorSet(operatorSet, s, redistributing);
    this.#updateSlasher(operatorSet, params.slasher ?? avs, true, block);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _addStrategyToOperatorSet
  #addStrategyToOperatorSet(operatorSet: OperatorSet, strategy: Address, redistributing: boolean): void {
    // Beacon-chain ETH and EIGEN cannot be redistributed.
    if (redistributing && (strategy === BEACONCHAIN_ETH_STRAT || strategy === this.eigenStrategy)) revert('InvalidStrategy');
    const setKey = operatorSetKey(operatorSet);
    const current = this.#operatorSetStrategies.get(setKey) ?? [];
    if (current.includes(strategy)) revert('StrategyAlreadyInOperatorSet');
    this.#operatorSetStrategies.set(setKey, [...current, strategy]);
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _updateSlasher
  #updateSlasher(operatorSet: OperatorSet, slasher: Address, instantEffectBlock: boolean, block: number): void {
    if (slasher === ZERO_ADDRESS) revert('InputAddressZero');
    const setKey = operatorSetKey(operatorSet);
    let params = this.#slashers.get(setKey) ?? { slasher: ZERO_ADDRESS, pendingSlasher: ZERO_ADDRESS, effectBlock: 0 };
    if (params.effectBlock !== 0 && block >= params.effectBlock) params = { ...params, slasher: params.pendingSlasher };
    const effectBlock = instantEffectBlock ? block : block + this.ALLOCATION_CONFIGURATION_DELAY + 1;
    this.#slashers.set(setKey, { ...params, pendingSlasher: slasher, effectBlock });
  }

  // Port of eigenlayer-contracts src/contracts/core/AllocationManager.sol _isAllocationSlashable
  #isAllocationSlashable(operatorSet: OperatorSet, strategy: Address, allocation: Allocation, operatorIsSlashable: boolean): boolean {
    return (
      (this.#operatorSetStrategies.get(operatorSetKey(operatorSet))?.includes(strategy) ?? false) &&
      operatorIsSlashable &&
      allocation.currentMagnitude !== 0n
    );
  }
}
