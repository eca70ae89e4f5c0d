// Transactions waiting for a block. Nothing leaves the pool except by being included, rejected
// at inclusion, or expiring with a receipt: a transaction priced below the base fee just waits.
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

export class Mempool {
  // In submission order (ids ascending), which is also the tie-break among equal tips.
  #pending: PendingTx[] = [];

  get size(): number {
    return this.#pending.length;
  }

  add(entry: PendingTx): void {
    this.#pending.push(entry);
  }

  /** The transactions a block may include at this base fee, best tip first, ties by submission. */
  candidates(baseFee: bigint): PendingTx[] {
    const payable = this.#pending.filter((p) => p.tx.maxFeePerGas >= baseFee);
    const tips = new Map(payable.map((p) => [p.id, effectiveTip(p.tx, baseFee)]));
    return payable.sort((a, b) => {
      const ta = tips.get(a.id)!;
      const tb = tips.get(b.id)!;
      return ta === tb ? a.id - b.id : ta > tb ? -1 : 1;
    });
  }

  remove(ids: ReadonlySet<TxId>): void {
    if (ids.size > 0) this.#pending = this.#pending.filter((p) => !ids.has(p.id));
  }

  /** Removes and returns, in submission order, what has been passed over by more than `maxWaitBlocks` blocks. */
  takeExpired(headBlock: number, maxWaitBlocks: number): PendingTx[] {
    const expired = this.#pending.filter((p) => headBlock - p.submittedAtBlock > maxWaitBlocks);
    this.remove(new Set(expired.map((p) => p.id)));
    return expired;
  }
}
