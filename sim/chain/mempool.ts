// Transactions waiting for a block. Nothing leaves the pool except by being included, rejected
// at inclusion, or expiring with a receipt: a transaction priced below the base fee just waits.
//
// Ranking is the hot path of a congested run (a bank run can leave 100,000 transactions waiting,
// and every block re-ranks them at its own base fee), so it works on doubles, which are exact for
// fees below 2^53 wei per gas (9 million gwei), and keeps the bigint only for the rare fee above.
// A block takes a few hundred transactions, so the pool is heapified (linear) and popped lazily
// rather than sorted.
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

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

interface Waiting {
  readonly pending: PendingTx;
  /** maxFeePerGas and maxPriorityFeePerGas as doubles; NaN when maxFee is beyond exact doubles. */
  readonly maxFee: number;
  readonly maxTip: number;
}

export class Mempool {
  // In submission order (ids ascending), so a position is also the tie-break among equal tips.
  #waiting: Waiting[] = [];
  // One heap for every block, grown as needed: allocating its typed arrays anew cost more than ranking.
  readonly #heap = new TipHeap();

  get size(): number {
    return this.#waiting.length;
  }

  add(pending: PendingTx): void {
    const { maxFeePerGas, maxPriorityFeePerGas } = pending.tx;
    const exact = maxFeePerGas <= MAX_EXACT; // and so is the tip, which is at most maxFee
    this.#waiting.push({
      pending,
      maxFee: exact ? Number(maxFeePerGas) : Number.NaN,
      maxTip: exact ? Number(maxPriorityFeePerGas) : Number.NaN,
    });
  }

  /** The transactions a block may include at this base fee, best effective tip first, ties by submission. */
  *candidates(baseFee: bigint): Generator<PendingTx> {
    const waiting = this.#waiting;
    const base = baseFee <= MAX_EXACT ? Number(baseFee) : Number.NaN;
    const heap = this.#heap;
    heap.reset(waiting.length);
    for (let position = 0; position < waiting.length; position++) {
      const w = waiting[position]!;
      if (w.maxFee >= base) {
        // Both exact integers below 2^53, so the difference is exact too.
        heap.push(position, Math.min(w.maxTip, w.maxFee - base));
      } else if (Number.isNaN(w.maxFee) || Number.isNaN(base)) {
        const tx = w.pending.tx;
        if (tx.maxFeePerGas >= baseFee) heap.push(position, effectiveTip(tx, baseFee));
      }
    }
    heap.heapify();
    for (let position = heap.pop(); position !== undefined; position = heap.pop()) {
      yield waiting[position]!.pending;
    }
  }

  remove(ids: ReadonlySet<TxId>): void {
    if (ids.size > 0) this.#waiting = this.#waiting.filter((w) => !ids.has(w.pending.id));
  }

  /** Removes and returns, in submission order, what has been passed over by more than `maxWaitBlocks` blocks. */
  takeExpired(headBlock: number, maxWaitBlocks: number): PendingTx[] {
    const expired = this.#waiting
      .filter((w) => headBlock - w.pending.submittedAtBlock > maxWaitBlocks)
      .map((w) => w.pending);
    this.remove(new Set(expired.map((p) => p.id)));
    return expired;
  }
}

/** Pool positions in a max-heap by (effective tip descending, position ascending). */
class TipHeap {
  #tips = new Float64Array(0);
  #heap = new Int32Array(0);
  // Exact tips of fees beyond 2^53, where two different tips may round to the same double.
  readonly #exactTips = new Map<number, bigint>();
  #size = 0;

  /** Empties the heap, with room for pool positions 0 .. capacity - 1. */
  reset(capacity: number): void {
    if (capacity > this.#heap.length) {
      const room = Math.max(capacity, 2 * this.#heap.length);
      this.#tips = new Float64Array(room);
      this.#heap = new Int32Array(room);
    }
    this.#exactTips.clear();
    this.#size = 0;
  }

  push(position: number, tip: number | bigint): void {
    if (typeof tip === 'bigint') this.#exactTips.set(position, tip);
    this.#tips[position] = Number(tip);
    this.#heap[this.#size++] = position;
  }

  heapify(): void {
    for (let i = (this.#size >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  pop(): number | undefined {
    if (this.#size === 0) return undefined;
    const best = this.#heap[0]!;
    this.#size -= 1;
    if (this.#size > 0) {
      this.#heap[0] = this.#heap[this.#size]!;
      this.#siftDown(0);
    }
    return best;
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.#size) return;
      const right = left + 1;
      const child = right < this.#size && this.#outranks(heap[right]!, heap[left]!) ? right : left;
      if (!this.#outranks(heap[child]!, heap[i]!)) return;
      [heap[i], heap[child]] = [heap[child]!, heap[i]!];
      i = child;
    }
  }

  #outranks(a: number, b: number): boolean {
    const ta = this.#tips[a]!;
    const tb = this.#tips[b]!;
    if (ta !== tb) return ta > tb;
    if (this.#exactTips.size > 0) {
      const ea = this.#exactTips.get(a) ?? BigInt(ta);
      const eb = this.#exactTips.get(b) ?? BigInt(tb);
      if (ea !== eb) return ea > eb;
    }
    return a < b;
  }
}
