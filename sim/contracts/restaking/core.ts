// The contracts of one deployment, as each of them sees the others (the originals' immutable
// references). `deployRestaking` in index.ts builds and binds them.
import type { ERC20 } from '../token/ERC20.js';
import type { Address, TxContext } from '../types.js';
import type { AllocationManager } from './AllocationManager.js';
import type { OperatorSet } from './common.js';
import type { DelegationManager } from './DelegationManager.js';
import type { EigenPodManager } from './EigenPodManager.js';
import type { Journal } from './Journal.js';
import type { StrategyManager } from './StrategyManager.js';

export interface RestakingCore {
  readonly journal: Journal;
  readonly strategyManager: StrategyManager;
  readonly delegationManager: DelegationManager;
  readonly allocationManager: AllocationManager;
  readonly eigenPodManager: EigenPodManager;
}

/** Port of eigenlayer-contracts src/contracts/interfaces/IShareManager.sol: what the DelegationManager calls. */
export interface ShareManager {
  stakerDepositShares(staker: Address, strategy: Address): bigint;
  addShares(ctx: TxContext, staker: Address, strategy: Address, shares: bigint): readonly [prevDepositShares: bigint, addedShares: bigint];
  removeDepositShares(ctx: TxContext, staker: Address, strategy: Address, depositSharesToRemove: bigint): bigint;
  withdrawSharesAsTokens(ctx: TxContext, staker: Address, strategy: Address, token: ERC20 | null, shares: bigint): void;
  increaseBurnOrRedistributableShares(
    ctx: TxContext,
    operatorSet: OperatorSet,
    slashId: bigint,
    strategy: Address,
    addedSharesToBurn: bigint,
  ): void;
}

/** A late-bound reference: contracts are constructed first, then wired together. */
export class CoreRef {
  #core: RestakingCore | undefined;

  bind(core: RestakingCore): void {
    if (this.#core !== undefined) throw new Error('restaking core already bound');
    this.#core = core;
  }

  get core(): RestakingCore {
    if (this.#core === undefined) throw new Error('restaking core used before deployRestaking bound it');
    return this.#core;
  }
}
