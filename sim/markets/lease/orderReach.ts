// Who hears a new order: the bid engines of at most `reach` providers, drawn at random among the
// providers of the order's GPU model that offer capacity and have the GPUs free to serve it.
//
// The modelling decision (DESIGN.md, "Who hears an order"): on Akash every provider's bid engine
// watches the chain, but an order accepts only OrderMaxBids bids and the tenant picks within its
// bid window, so what decides a lease is the handful of engines that answer first. Which engines
// those are is not tied to cost, so the lab models them as a uniform draw of `reach` among the
// providers that could serve the order. Full providers' engines stay quiet (they would not bid).
// With no more able providers than `reach`, every one of them hears the order, as before; above
// it, the cost of an order no longer grows with the number of providers.
//
// The index holds each listening provider in a bucket by its free GPUs, so a draw among those with
// at least `need` free costs O(reach + buckets), whatever the number of providers.
import type { RandomStream } from '../../engine/random.js';

interface Slot<L> {
  readonly model: string;
  free: number;
  position: number;
  readonly listener: L;
}

export class OrderReach<L> {
  /** By GPU model: buckets by free GPUs, each an array whose slots know their position. */
  readonly #models = new Map<string, Slot<L>[][]>();
  readonly #slots = new Map<L, Slot<L>>();

  /**
   * Sets how many GPUs `listener` offers for new orders of `model` (0: it hears none: full, down,
   * or leaving). O(1).
   */
  offer(listener: L, model: string, freeGpus: number): void {
    const slot = this.#slots.get(listener);
    if (slot !== undefined) {
      if (slot.free === freeGpus) return;
      this.#remove(slot);
    }
    if (freeGpus <= 0) return;
    const buckets = this.#models.get(model) ?? this.#newModel(model);
    while (buckets.length <= freeGpus) buckets.push([]);
    const bucket = buckets[freeGpus]!;
    const added: Slot<L> = slot ?? { model, free: freeGpus, position: 0, listener };
    added.free = freeGpus;
    added.position = bucket.length;
    bucket.push(added);
    this.#slots.set(listener, added);
  }

  /**
   * The listeners that hear an order of `model` needing `need` GPUs: all of those with that many
   * free if they are at most `reach`, else `reach` of them uniformly without replacement (Floyd's
   * algorithm on the buckets laid end to end, drawing from `stream`).
   */
  draw(model: string, need: number, reach: number, stream: RandomStream): L[] {
    const buckets = this.#models.get(model);
    if (buckets === undefined) return [];
    // The able buckets are those from `first` on; walked in place (no copied arrays: an order is drawn
    // for every deployment, and most draws hear every able provider).
    const first = Math.max(need, 1);
    let total = 0;
    for (let f = first; f < buckets.length; f++) total += buckets[f]!.length;
    const heard: L[] = [];
    if (total <= reach) {
      for (let f = first; f < buckets.length; f++) for (const s of buckets[f]!) heard.push(s.listener);
      return heard;
    }
    const chosen = new Set<number>();
    for (let j = total - reach; j < total; j++) {
      const t = Math.floor(stream.next() * (j + 1));
      chosen.add(chosen.has(t) ? j : t);
    }
    for (const index of chosen) heard.push(at(buckets, first, index));
    return heard;
  }

  #newModel(model: string): Slot<L>[][] {
    const buckets: Slot<L>[][] = [];
    this.#models.set(model, buckets);
    return buckets;
  }

  /** Swap-remove: the bucket's last slot takes the removed one's place. */
  #remove(slot: Slot<L>): void {
    const bucket = this.#models.get(slot.model)![slot.free]!;
    const last = bucket.pop()!;
    if (last !== slot) {
      last.position = slot.position;
      bucket[slot.position] = last;
    }
    this.#slots.delete(slot.listener);
  }
}

/** The listener at `index` of the buckets from `first` on, laid end to end. */
function at<L>(buckets: readonly Slot<L>[][], first: number, index: number): L {
  let i = index;
  for (let f = first; f < buckets.length; f++) {
    const b = buckets[f]!;
    if (i < b.length) return b[i]!.listener;
    i -= b.length;
  }
  throw new RangeError(`order reach: index ${index} beyond the listeners`);
}
