// What a provider holds: the GPUs it has put behind each open bid or active lease, with the running
// total that utilization reads for every provider at each sample.
import { sameBid, type BidId } from '../contracts/leasing/ids.js';

export interface Held {
  readonly id: BidId;
  readonly gpus: number;
  readonly pricePerGpuHour: number;
}

/**
 * GPUs held per bid or lease, in the order they were taken (as a Map by key would keep them). A
 * provider holds a handful at a time (at most one per GPU), so a scan comparing ids costs less than
 * building and hashing a key string at every event about a bid, which the Map by bid key did.
 */
export class Holdings {
  readonly #held: Held[] = [];
  /** The GPUs of everything held, kept as entries come and go: utilization reads it for every provider at each sample. */
  #gpus = 0;

  get size(): number {
    return this.#held.length;
  }

  get(id: BidId): Held | undefined {
    return this.#held[this.#indexOf(id)];
  }

  /** Holds `held` under its id: in place of what was held under that id, or after everything held. */
  set(held: Held): void {
    const at = this.#indexOf(held.id);
    if (at < 0) this.#held.push(held);
    else {
      this.#gpus -= this.#held[at]!.gpus;
      this.#held[at] = held;
    }
    this.#gpus += held.gpus;
  }

  delete(id: BidId): Held | undefined {
    const at = this.#indexOf(id);
    if (at < 0) return undefined;
    const [held] = this.#held.splice(at, 1);
    this.#gpus -= held!.gpus;
    return held;
  }

  /** The GPUs held, in all. */
  gpus(): number {
    return this.#gpus;
  }

  /** What is held now, in order: a copy, so the caller may let go of entries as it walks. */
  values(): Held[] {
    return [...this.#held];
  }

  /** What is held now, in order, as held: for walks that take and let go of nothing while they walk. */
  live(): readonly Held[] {
    return this.#held;
  }

  #indexOf(id: BidId): number {
    const held = this.#held;
    for (let i = 0; i < held.length; i++) if (sameBid(held[i]!.id, id)) return i;
    return -1;
  }
}
