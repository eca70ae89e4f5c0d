// When may the security market keep a view it derived (planned stakes for yield rankings, the stake
// securing each service) from one block to the next? While nothing it is computed from has moved.
// A stamp names every such input:
// - the restaking contracts' journal version (every journaled write and rollback moves it: shares,
//   delegations, allocations, magnitudes, queued withdrawals);
// - the strategy's token balance (the share price's one input the journal does not see);
// - the market's own bookkeeping beside the contracts (commissions, registrations, services' terms,
//   corruption, stake in transit between operators), which the market counts as it changes it;
// - the contagion model's own state beside the contracts (the elastic model's fractions);
// - the block: a pending allocation change is viewed as applied from its effect block on, with no
//   write at all, so a stamp holds only below the next effect block of a pending change.
// A stamp that leaves one out is caught by test/markets/securityViewStamp.test.ts.
import type { AllocationManager } from '../../contracts/restaking/AllocationManager.js';
import type { Journal } from '../../contracts/restaking/Journal.js';
import type { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address } from '../../contracts/types.js';

export interface ViewStamp {
  readonly journalVersion: number;
  readonly strategyBalance: bigint;
  readonly marketChanges: number;
  readonly modelVersion: number;
  /** The stamp holds at blocks below this one (the next effect block of a pending allocation change). */
  readonly validBelowBlock: number;
}

export interface ViewInputs {
  readonly journal: Journal;
  readonly token: ERC20;
  readonly strategy: Address;
  /** Its allocations() (records with their pending changes). */
  readonly allocationManager: Pick<AllocationManager, 'allocations'>;
  /** A count the market moves with every change to its own bookkeeping that views read. */
  marketChanges(): number;
  /** A count the contagion model moves with every change to its own state. */
  modelVersion(): number;
}

export class ViewStamps {
  readonly #inputs: ViewInputs;

  constructor(inputs: ViewInputs) {
    this.#inputs = inputs;
  }

  /** The stamp of the state as it is now, at `block`. */
  take(block: number): ViewStamp {
    const { journal, token, strategy } = this.#inputs;
    return {
      journalVersion: journal.version,
      strategyBalance: token.balanceOf(strategy),
      marketChanges: this.#inputs.marketChanges(),
      modelVersion: this.#inputs.modelVersion(),
      validBelowBlock: this.#nextEffectBlock(block),
    };
  }

  /** Whether a view computed under `stamp` is what the state gives now, at `block`. */
  holds(stamp: ViewStamp, block: number): boolean {
    const { journal, token, strategy } = this.#inputs;
    return (
      block < stamp.validBelowBlock &&
      stamp.journalVersion === journal.version &&
      stamp.marketChanges === this.#inputs.marketChanges() &&
      stamp.modelVersion === this.#inputs.modelVersion() &&
      stamp.strategyBalance === token.balanceOf(strategy)
    );
  }

  /** The first block after `block` at which a pending allocation change takes effect (Infinity: none pending). */
  #nextEffectBlock(block: number): number {
    let next = Infinity;
    for (const { allocation } of this.#inputs.allocationManager.allocations()) {
      if (allocation.effectBlock > block && allocation.effectBlock < next) next = allocation.effectBlock;
    }
    return next;
  }
}
