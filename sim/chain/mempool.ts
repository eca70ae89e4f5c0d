// Transactions waiting for a block. Nothing leaves the pool except by being included, rejected
// at inclusion, or expiring with a receipt: a transaction priced below the base fee just waits.
//
// A congested run can leave 100,000 transactions waiting while each block takes a few hundred, so
// building a block costs O(taken · log pool), never a pass over the pool. The ranking key, EIP-1559's
// effective tip min(maxTip, maxFee − baseFee), depends on the base fee, but only through which term
// is the smaller, and that is decided by one number per transaction, its threshold maxFee − maxTip:
//   - at a base fee ≤ threshold the tip binds: the effective tip is maxTip, fixed;
//   - above it the fee binds: the effective tip is maxFee − baseFee, so these rank by maxFee alone,
//     and those whose maxFee is below the base fee (the tail of that order) are not candidates.
// So the pool keeps two heaps with fixed keys, tip-bound by maxTip and fee-bound by maxFee, and when
// the base fee moves it moves between them only the transactions whose threshold it crossed.
// Block building merges the two heaps' tops. Keys are bigints: exact at any fee.
import type { Tx, TxId } from './transaction.js';

export interface PendingTx {
  readonly id: TxId;
  readonly tx: Tx<unknown>;
  readonly gas: number;
  /** The chain's head when it was submitted; it can first be included in the block after. */
  readonly submittedAtBlock: number;
}

/** EIP-1559's effective priority fee: the tip, capped by what is left of maxFee after the base fee. */
export function effectiveTip(tx: Tx<unknown>, baseFee: bigint): bigint {
  const headroom = tx.maxFeePerGas - baseFee;
  return tx.maxPriorityFeePerGas < headroom ? tx.maxPriorityFeePerGas : headroom;
}

type Side = 'tip' | 'fee';

interface Waiting {
  readonly pending: PendingTx;
  /** Submission order, the tie-break among equal effective tips. */
  readonly seq: number;
  /** maxFee − maxTip: the highest base fee at which the tip, not the fee, binds. */
  readonly threshold: bigint;
  side: Side;
  /** Bumped on every move and on leaving, so a heap entry pushed before then is stale. */
  generation: number;
  live: boolean;
}

/** A heap entry: the transaction and its generation when pushed; stale once they differ. */
interface Entry {
  readonly w: Waiting;
  readonly generation: number;
}

const fresh = (e: Entry) => e.w.live && e.w.generation === e.generation;
const entry = (w: Waiting): Entry => ({ w, generation: w.generation });

export class Mempool {
  /**
   * @param staleSlack stale heap entries tolerated beyond four per waiting transaction before the
   *   heaps are rebuilt; a test sets 0 to rebuild at nearly every removal.
   */
  constructor(private readonly staleSlack = 1024) {}

  readonly #byId = new Map<TxId, Waiting>();
  #seq = 0;
  /** The base fee the two sides are sorted for. */
  #baseFee = 0n;
  // Ranking: best effective tip first, ties by submission.
  readonly #tipBound = new Heap<Entry>((a, b) => outranks(a.w.pending.tx.maxPriorityFeePerGas, b.w.pending.tx.maxPriorityFeePerGas, a, b));
  readonly #feeBound = new Heap<Entry>((a, b) => outranks(a.w.pending.tx.maxFeePerGas, b.w.pending.tx.maxFeePerGas, a, b));
  // Crossing: the tip-bound with the lowest threshold leave first when the base fee rises, the
  // fee-bound with the highest first when it falls.
  readonly #tipBoundThresholds = new Heap<Entry>((a, b) => a.w.threshold < b.w.threshold);
  readonly #feeBoundThresholds = new Heap<Entry>((a, b) => a.w.threshold > b.w.threshold);
  // By (submitted block, submission): what expires first on top.
  // Moving sides does not touch it, so its entries are stale only once the transaction has left.
  readonly #bySubmission = new Heap<Waiting>((a, b) =>
    a.pending.submittedAtBlock !== b.pending.submittedAtBlock ? a.pending.submittedAtBlock < b.pending.submittedAtBlock : a.seq < b.seq,
  );
  // Added while a block is being built: not candidates of that block, as they were not in the pool it ranked.
  #arrivedDuringBlock: Waiting[] | undefined;

  get size(): number {
    return this.#byId.size;
  }

  add(pending: PendingTx): void {
    const { maxFeePerGas, maxPriorityFeePerGas } = pending.tx;
    const w: Waiting = { pending, seq: this.#seq++, threshold: maxFeePerGas - maxPriorityFeePerGas, side: 'tip', generation: 0, live: true };
    this.#byId.set(pending.id, w);
    this.#bySubmission.push(w);
    if (this.#arrivedDuringBlock) this.#arrivedDuringBlock.push(w);
    else this.#place(w);
  }

  /** The transactions a block may include at this base fee, best effective tip first, ties by submission. */
  *candidates(baseFee: bigint): Generator<PendingTx> {
    this.#sortFor(baseFee);
    const yielded: Waiting[] = [];
    this.#arrivedDuringBlock = [];
    try {
      for (;;) {
        const tipTop = topFresh(this.#tipBound, fresh);
        let feeTop = topFresh(this.#feeBound, fresh);
        if (feeTop && feeTop.w.pending.tx.maxFeePerGas < baseFee) feeTop = undefined;
        if (!tipTop && !feeTop) return;
        const takeTip =
          tipTop !== undefined &&
          (feeTop === undefined || outranks(tipTop.w.pending.tx.maxPriorityFeePerGas, feeTop.w.pending.tx.maxFeePerGas - baseFee, tipTop, feeTop));
        const best = (takeTip ? this.#tipBound : this.#feeBound).pop()!;
        yielded.push(best.w);
        yield best.w.pending;
      }
    } finally {
      // The pool is unchanged by looking: what was yielded goes back unless it has been removed since.
      for (const w of yielded) if (w.live) this.#rank(w).push(entry(w));
      const arrived = this.#arrivedDuringBlock;
      this.#arrivedDuringBlock = undefined;
      for (const w of arrived) if (w.live) this.#place(w);
      this.#compactIfStale();
    }
  }

  remove(ids: Iterable<TxId>): void {
    for (const id of ids) {
      const w = this.#byId.get(id);
      if (!w) continue;
      w.live = false;
      w.generation += 1;
      this.#byId.delete(id);
    }
    this.#compactIfStale();
  }

  /** Removes and returns, in submission order, what has been passed over by more than `maxWaitBlocks` blocks. */
  takeExpired(headBlock: number, maxWaitBlocks: number): PendingTx[] {
    const expired: Waiting[] = [];
    const oldest = () => topFresh(this.#bySubmission, (w) => w.live);
    for (let top = oldest(); top && headBlock - top.pending.submittedAtBlock > maxWaitBlocks; top = oldest()) {
      expired.push(this.#bySubmission.pop()!);
    }
    expired.sort((a, b) => a.seq - b.seq);
    this.remove(expired.map((w) => w.pending.id));
    return expired.map((w) => w.pending);
  }

  #rank(w: Waiting): Heap<Entry> {
    return w.side === 'tip' ? this.#tipBound : this.#feeBound;
  }

  /** Puts a transaction on the side the current base fee gives it. */
  #place(w: Waiting): void {
    w.side = w.threshold >= this.#baseFee ? 'tip' : 'fee';
    const e = entry(w);
    this.#rank(w).push(e);
    (w.side === 'tip' ? this.#tipBoundThresholds : this.#feeBoundThresholds).push(e);
  }

  /** Moves across only the transactions whose threshold lies between the old base fee and the new. */
  #sortFor(baseFee: bigint): void {
    this.#baseFee = baseFee;
    const cross = (from: Heap<Entry>, crosses: (threshold: bigint) => boolean) => {
      for (let top = topFresh(from, fresh); top && crosses(top.w.threshold); top = topFresh(from, fresh)) {
        from.pop();
        top.w.generation += 1;
        this.#place(top.w);
      }
    };
    cross(this.#tipBoundThresholds, (threshold) => threshold < baseFee);
    cross(this.#feeBoundThresholds, (threshold) => threshold >= baseFee);
  }

  // Stale entries (removed, or moved to the other side) are skipped at the top; once they
  // outnumber the live ones the heaps are rebuilt, which amortizes to O(1) a removal.
  #compactIfStale(): void {
    const heaps: { readonly size: number; clear(): void }[] = [this.#tipBound, this.#feeBound, this.#tipBoundThresholds, this.#feeBoundThresholds, this.#bySubmission];
    const entries = heaps.reduce((n, h) => n + h.size, 0);
    if (this.#arrivedDuringBlock || entries <= 4 * this.#byId.size + this.staleSlack) return;
    for (const heap of heaps) heap.clear();
    for (const w of this.#byId.values()) {
      w.generation += 1;
      this.#bySubmission.push(w);
      this.#place(w);
    }
  }
}

/** Higher key first, then earlier submission. */
function outranks(keyA: bigint, keyB: bigint, a: Entry, b: Entry): boolean {
  return keyA !== keyB ? keyA > keyB : a.w.seq < b.w.seq;
}

/** Drops stale entries off the top and returns the first fresh one. */
function topFresh<T>(heap: Heap<T>, isFresh: (item: T) => boolean): T | undefined {
  for (let top = heap.peek(); top; top = heap.peek()) {
    if (isFresh(top)) return top;
    heap.pop();
  }
  return undefined;
}

/** A binary heap; `before(a, b)` says a comes out first. */
class Heap<T> {
  #items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  clear(): void {
    this.#items = [];
  }

  // Both sifts move a hole rather than swapping pairs: a destructuring swap allocated an array per
  // level in the profile of the month (the mempool's pop was 2.5% of what the month allocated).
  push(item: T): void {
    const items = this.#items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (!this.before(item, above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    const size = items.length;
    if (size === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(items[right]!, items[left]!) ? right : left;
      const below = items[child]!;
      if (!this.before(below, last)) break;
      items[i] = below;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
