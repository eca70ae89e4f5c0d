// Views of the restaking contracts that only a transaction can change, kept between transactions.
// The world reads stakes far more often than they change (each hour every staker's stake for the
// mean loss and the withdrawable-shares invariant, each day every staker's ranking of operators),
// while a month of the baseline changes restaking state in about one hour in ten. A value computed
// from the contracts' state is kept until that state moves (RestakingState below), compared at every
// read, so a stale value is never returned.
import type { Journal } from '../../contracts/restaking/Journal.js';
import type { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address } from '../../contracts/types.js';

/**
 * The restaking state a kept view of stakes depends on: the journal's version (every journaled write
 * and rollback moves it) and what a share is worth, the strategy's token balance (the one input the
 * journal does not see: the ERC-20 ledger). One definition for every such cache: RestakingMemo, the
 * security market's view stamps and the stakers' loss mean.
 */
export class RestakingState {
  readonly #journal: Journal;
  readonly #token: ERC20;
  readonly #holder: Address;

  /** The state of `journal`'s contracts, whose shares are backed by what `holder` holds of `token`. */
  constructor(journal: Journal, token: ERC20, holder: Address) {
    this.#journal = journal;
    this.#token = token;
    this.#holder = holder;
  }

  get version(): number {
    return this.#journal.version;
  }

  get shareValue(): bigint {
    return this.#token.balanceOf(this.#holder);
  }
}

export class RestakingMemo<K, V> {
  readonly #state: RestakingState;
  readonly #values = new Map<K, V>();
  #version = -1;
  #balance = -1n;

  /** Values computed from `state`, kept while it stands. */
  constructor(state: RestakingState) {
    this.#state = state;
  }

  /** The value for `key` as `compute` gives it from the state as it is now. */
  get(key: K, compute: (key: K) => V): V {
    const version = this.#state.version;
    const balance = this.#state.shareValue;
    if (version !== this.#version || balance !== this.#balance) {
      this.#values.clear();
      this.#version = version;
      this.#balance = balance;
    }
    let value = this.#values.get(key);
    if (value === undefined) {
      value = compute(key);
      this.#values.set(key, value);
    }
    return value;
  }
}
