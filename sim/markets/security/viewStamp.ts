// When may the security market keep a view it derived (planned stakes for yield rankings, the stake
// securing each service) from one block to the next? While nothing it is computed from has moved.
// A stamp names every such input:
// - the restaking contracts' state the view reads: a count every write to it and every rollback
//   moves (the journal's version for views of shares and delegations; the AllocationManager's write
//   clock for views of allocations and magnitudes alone);
// - what a share is worth: the strategy's token balance, which the journal does not see (views that
//   value no shares leave it constant);
// - the market's own bookkeeping beside the contracts (commissions, registrations, services' terms,
//   corruption, stake in transit between operators), which the market counts as it changes it;
// - the contagion model's own state beside the contracts (the elastic model's fractions);
// - the block: a pending allocation change is viewed as applied from its effect block on, with no
//   write at all, so a stamp holds only below the next effect block of a pending change.
// test/markets/securityViewStamp.test.ts goes red when ViewStamps leaves one of these out. The
// market's side of the wiring, a bump of its count at every change to its bookkeeping, is tested
// there only through corruption: a new kind of bookkeeping must bump the count and say so in a test.
import type { AllocationManager } from '../../contracts/restaking/AllocationManager.js';

export interface ViewStamp {
  readonly contractsVersion: number;
  readonly shareValue: bigint;
  readonly marketChanges: number;
  readonly modelVersion: number;
  /** The stamp holds at blocks below this one (the next effect block of a pending allocation change). */
  readonly validBelowBlock: number;
}

export interface ViewInputs {
  /** A count that every write to the contracts' state the views read, and every rollback, moves. */
  contractsVersion(): number;
  /** The strategy's token balance for views that value shares; a constant for views that do not. */
  shareValue(): bigint;
  /** Its allocations() (records with their pending changes) and its write clock, which every change to them moves. */
  readonly allocationManager: Pick<AllocationManager, 'allocations' | 'writes'>;
  /** A count the market moves with every change to its own bookkeeping that views read. */
  marketChanges(): number;
  /** A count the contagion model moves with every change to its own state. */
  modelVersion(): number;
}

export class ViewStamps {
  readonly #inputs: ViewInputs;
  /**
   * The next effect block last found, the AllocationManager's write clock it was found at and the
   * block it was found from: while no allocation is written, every block from `from` up to `next`
   * has the same next effect block, so takes in between (one a block while stakers join) need not
   * copy and walk every allocation again.
   */
  #effects = { writes: -1, from: 0, next: 0 };

  constructor(inputs: ViewInputs) {
    this.#inputs = inputs;
  }

  /** The stamp of the state as it is now, at `block`. */
  take(block: number): ViewStamp {
    const inputs = this.#inputs;
    return {
      contractsVersion: inputs.contractsVersion(),
      shareValue: inputs.shareValue(),
      marketChanges: inputs.marketChanges(),
      modelVersion: inputs.modelVersion(),
      validBelowBlock: this.#nextEffectBlock(block),
    };
  }

  /** Whether a view computed under `stamp` is what the state gives now, at `block`. */
  holds(stamp: ViewStamp, block: number): boolean {
    const inputs = this.#inputs;
    return (
      block < stamp.validBelowBlock &&
      stamp.contractsVersion === inputs.contractsVersion() &&
      stamp.marketChanges === inputs.marketChanges() &&
      stamp.modelVersion === inputs.modelVersion() &&
      stamp.shareValue === inputs.shareValue()
    );
  }

  /** The first block after `block` at which a pending allocation change takes effect (Infinity: none pending). */
  #nextEffectBlock(block: number): number {
    const writes = this.#inputs.allocationManager.writes;
    const kept = this.#effects;
    if (kept.writes === writes && block >= kept.from && block < kept.next) return kept.next;
    let next = Infinity;
    for (const { allocation } of this.#inputs.allocationManager.allocations()) {
      if (allocation.effectBlock > block && allocation.effectBlock < next) next = allocation.effectBlock;
    }
    this.#effects = { writes, from: block, next };
    return next;
  }
}
