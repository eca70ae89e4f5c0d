// Port of eigenlayer-contracts src/contracts/libraries/Snapshots.sol: a history of (block, value)
// checkpoints with ascending keys. `DefaultWadHistory` (max magnitudes) reads WAD when empty and
// `DefaultZeroHistory` (cumulative scaled shares) reads 0.
import { revert } from '../errors.js';
import { WAD } from '../math.js';
import type { Journal, WriteClock } from './Journal.js';

export class Snapshots {
  readonly #journal: Journal;
  readonly #clock: WriteClock | undefined;
  readonly #default: bigint;
  readonly #keys: number[] = [];
  readonly #values: bigint[] = [];

  private constructor(journal: Journal, defaultValue: bigint, clock: WriteClock | undefined) {
    this.#journal = journal;
    this.#clock = clock;
    this.#default = defaultValue;
  }

  /** `clock`: the owning contract's write clock (Journal.clock), if it keeps one. */
  static defaultWadHistory(journal: Journal, clock?: WriteClock): Snapshots {
    return new Snapshots(journal, WAD, clock);
  }

  static defaultZeroHistory(journal: Journal, clock?: WriteClock): Snapshots {
    return new Snapshots(journal, 0n, clock);
  }

  get length(): number {
    return this.#keys.length;
  }

  // Port of eigenlayer-contracts src/contracts/libraries/Snapshots.sol push (_insert)
  push(key: number, value: bigint): void {
    const n = this.#keys.length;
    if (n > 0) {
      const lastKey = this.#keys[n - 1]!;
      if (lastKey > key) revert('InvalidSnapshotOrdering');
      if (lastKey === key) {
        const old = this.#values[n - 1]!;
        this.#journal.record(() => {
          this.#values[n - 1] = old;
        }, this.#clock);
        this.#values[n - 1] = value;
        return;
      }
    }
    this.#journal.record(() => {
      this.#keys.pop();
      this.#values.pop();
    }, this.#clock);
    this.#keys.push(key);
    this.#values.push(value);
  }

  // Port of eigenlayer-contracts src/contracts/libraries/Snapshots.sol upperLookup
  upperLookup(key: number): bigint {
    // The last checkpoint whose key is <= `key`: binary search for the first key above it.
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]! > key) hi = mid;
      else lo = mid + 1;
    }
    return lo === 0 ? this.#default : this.#values[lo - 1]!;
  }

  // Port of eigenlayer-contracts src/contracts/libraries/Snapshots.sol latest
  latest(): bigint {
    const n = this.#values.length;
    return n === 0 ? this.#default : this.#values[n - 1]!;
  }

  dump(): { keys: number[]; values: bigint[] } {
    return { keys: [...this.#keys], values: [...this.#values] };
  }
}
