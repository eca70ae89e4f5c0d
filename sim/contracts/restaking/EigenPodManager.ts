// Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol: beacon-chain ETH as shares of
// the pseudo-strategy BEACONCHAIN_ETH_STRAT, and each pod owner's beacon chain slashing factor (BCSF,
// contracts spec §1.7). EigenPods themselves (proofs, validators, ETH custody) are not modelled: the
// world registers a pod per owner and reports checkpoint results from the pod's address.
import { revert } from '../errors.js';
import { mulDiv, sub, WAD } from '../math.js';
import type { ERC20 } from '../token/ERC20.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';
import { BEACONCHAIN_ETH_STRAT, callFrom, GWEI_TO_WEI, type OperatorSet } from './common.js';
import type { CoreRef, ShareManager } from './core.js';
import { StateCell, StateMap, type Journal } from './Journal.js';

export class EigenPodManager implements ShareManager {
  readonly #ref: CoreRef;
  readonly #journal: Journal;
  readonly #ownerToPod: StateMap<Address, Address>;
  // int256 in the original: negative balances are a legacy of pre-slashing withdrawals.
  readonly #podOwnerDepositShares: StateMap<Address, bigint>;
  readonly #beaconChainSlashingFactor: StateMap<Address, bigint>;
  readonly #burnableETHShares: StateCell<bigint>;
  // What pods have paid out to stakers who completed withdrawals as tokens (wei).
  readonly #withdrawnWei: StateMap<Address, bigint>;

  constructor(journal: Journal, ref: CoreRef, readonly address: Address) {
    this.#journal = journal;
    this.#ref = ref;
    this.#ownerToPod = new StateMap(journal, 'EigenPodManager.ownerToPod');
    this.#podOwnerDepositShares = new StateMap(journal, 'EigenPodManager.podOwnerDepositShares');
    this.#beaconChainSlashingFactor = new StateMap(journal, 'EigenPodManager.beaconChainSlashingFactor');
    this.#burnableETHShares = new StateCell(journal, 'EigenPodManager.burnableETHShares', 0n);
    this.#withdrawnWei = new StateMap(journal, 'EigenPodManager.withdrawnWei');
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol createPod: the pod's address is `${owner}/eigenpod`.
  createPod(ctx: TxContext): Address {
    return this.#journal.atomic(() => {
      if (this.#ownerToPod.has(ctx.sender)) revert('EigenPodAlreadyExists');
      const pod = `${ctx.sender}/eigenpod`;
      this.#ownerToPod.set(ctx.sender, pod);
      return pod;
    });
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol recordBeaconChainETHBalanceUpdate
  recordBeaconChainETHBalanceUpdate(
    ctx: TxContext,
    podOwner: Address,
    prevRestakedBalanceWei: bigint,
    balanceDeltaWei: bigint,
  ): void {
    this.#journal.atomic(() => {
      if (podOwner === ZERO_ADDRESS) revert('InputAddressZero');
      if (this.#ownerToPod.get(podOwner) !== ctx.sender) revert('OnlyEigenPod');
      if (balanceDeltaWei % GWEI_TO_WEI !== 0n) revert('SharesNotMultipleOfGwei');
      const currentDepositShares = this.#podOwnerDepositShares.get(podOwner) ?? 0n;
      if (currentDepositShares < 0n) revert('LegacyWithdrawalsNotCompleted');
      const delegation = this.#ref.core.delegationManager;
      if (balanceDeltaWei > 0n) {
        const [prevDepositShares, addedShares] = this.#addShares(podOwner, balanceDeltaWei);
        delegation.increaseDelegatedShares(callFrom(ctx, this.address), podOwner, BEACONCHAIN_ETH_STRAT, prevDepositShares, addedShares);
      } else if (balanceDeltaWei < 0n) {
        const decrease = this.#reduceSlashingFactor(podOwner, prevRestakedBalanceWei, -balanceDeltaWei);
        delegation.decreaseDelegatedShares(callFrom(ctx, this.address), podOwner, currentDepositShares, decrease);
      }
    });
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol addShares
  addShares(ctx: TxContext, staker: Address, strategy: Address, shares: bigint): readonly [bigint, bigint] {
    return this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      if (strategy !== BEACONCHAIN_ETH_STRAT) revert('InvalidStrategy');
      return this.#addShares(staker, shares);
    });
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol removeDepositShares
  removeDepositShares(ctx: TxContext, staker: Address, strategy: Address, depositSharesToRemove: bigint): bigint {
    return this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      if (strategy !== BEACONCHAIN_ETH_STRAT) revert('InvalidStrategy');
      const updated = (this.#podOwnerDepositShares.get(staker) ?? 0n) - depositSharesToRemove;
      if (updated < 0n) revert('SharesNegative');
      this.#podOwnerDepositShares.set(staker, updated);
      return updated;
    });
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol withdrawSharesAsTokens
  // (the pod's withdrawRestakedBeaconChainETH is recorded as wei paid to the staker).
  withdrawSharesAsTokens(ctx: TxContext, staker: Address, strategy: Address, _token: ERC20 | null, shares: bigint): void {
    this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      if (strategy !== BEACONCHAIN_ETH_STRAT) revert('InvalidStrategy');
      if (staker === ZERO_ADDRESS) revert('InputAddressZero');
      this.#withdrawnWei.set(staker, (this.#withdrawnWei.get(staker) ?? 0n) + shares);
    });
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol increaseBurnOrRedistributableShares
  increaseBurnOrRedistributableShares(
    ctx: TxContext,
    _operatorSet: OperatorSet,
    _slashId: bigint,
    _strategy: Address,
    addedSharesToBurn: bigint,
  ): void {
    this.#journal.atomic(() => {
      this.#onlyDelegationManager(ctx);
      // There is no mechanism to burn these: the ETH stays in the pods.
      this.#burnableETHShares.set(this.#burnableETHShares.value + addedSharesToBurn);
    });
  }

  // ---- views ----

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol stakerDepositShares
  stakerDepositShares(staker: Address, strategy: Address): bigint {
    if (strategy !== BEACONCHAIN_ETH_STRAT) revert('InvalidStrategy');
    const shares = this.#podOwnerDepositShares.get(staker) ?? 0n;
    return shares < 0n ? 0n : shares;
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol beaconChainSlashingFactor
  beaconChainSlashingFactor(podOwner: Address): bigint {
    return this.#beaconChainSlashingFactor.get(podOwner) ?? WAD;
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol podOwnerDepositShares
  podOwnerDepositShares(podOwner: Address): bigint {
    return this.#podOwnerDepositShares.get(podOwner) ?? 0n;
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol getPod (undefined where the original predicts an address)
  getPod(podOwner: Address): Address | undefined {
    return this.#ownerToPod.get(podOwner);
  }

  get burnableETHShares(): bigint {
    return this.#burnableETHShares.value;
  }

  withdrawnWei(staker: Address): bigint {
    return this.#withdrawnWei.get(staker) ?? 0n;
  }

  /** Every pod owner that ever held beacon-chain shares. */
  podOwners(): Address[] {
    return [...this.#podOwnerDepositShares.keys()];
  }

  // ---- internals ----

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol _addShares
  #addShares(staker: Address, shares: bigint): readonly [bigint, bigint] {
    if (staker === ZERO_ADDRESS) revert('InputAddressZero');
    if (shares < 0n) revert('SharesNegative');
    const prevDepositShares = this.#podOwnerDepositShares.get(staker) ?? 0n;
    this.#podOwnerDepositShares.set(staker, prevDepositShares + shares);
    return [prevDepositShares < 0n ? 0n : prevDepositShares, shares];
  }

  // Port of eigenlayer-contracts src/contracts/pods/EigenPodManager.sol _reduceSlashingFactor
  #reduceSlashingFactor(podOwner: Address, prevRestakedBalanceWei: bigint, balanceDecreasedWei: bigint): bigint {
    const newRestakedBalanceWei = sub(prevRestakedBalanceWei, balanceDecreasedWei);
    const prevBeaconSlashingFactor = this.beaconChainSlashingFactor(podOwner);
    const newBeaconSlashingFactor = mulDiv(prevBeaconSlashingFactor, newRestakedBalanceWei, prevRestakedBalanceWei);
    this.#beaconChainSlashingFactor.set(podOwner, newBeaconSlashingFactor);
    return prevBeaconSlashingFactor - newBeaconSlashingFactor;
  }

  #onlyDelegationManager(ctx: TxContext): void {
    if (ctx.sender !== this.#ref.core.delegationManager.address) revert('OnlyDelegationManager');
  }
}
