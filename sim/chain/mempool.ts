// Transactions waiting for a block. Nothing leaves the pool except by being included, rejected
// at inclusion, or expiring with a receipt: a transaction priced below the base fee just waits.
//
// A congested run can leave 100,000 transactions waiting while each block takes a few hundred, so
// building a block costs O(taken · log pool), never a pass over the pool, however the base fee moves.
// The ranking key, EIP-1559's effective tip min(maxTip, maxFee − baseFee), depends on the base fee,
// but only through which term is the smaller, and that is decided by one number per transaction, its
// threshold maxFee − maxTip:
//   - at a base fee ≤ threshold the tip binds: the effective tip is maxTip, fixed;
//   - above it the fee binds: the effective tip is maxFee − baseFee, so these rank by maxFee alone,
//     and those whose maxFee is below the base fee are not candidates.
// So the pool keeps one search tree keyed by threshold (thresholdTree.ts), each node knowing the
// best of its subtree by tip and by fee: at a base fee b the best tip-bound transaction is the best
// by tip among thresholds ≥ b, the best fee-bound the best by fee among thresholds < b, each one walk
// from the root, and a block takes the better of the two, again and again. Nothing is moved when the
// base fee moves. (Two heaps between which the crossed transactions moved did that before: a base
// fee swinging over many orders of magnitude every few blocks, fuzz 2031-1915, moved the whole pool
// at each swing.) Expiry keeps a heap by submission. Keys are bigints: exact at any fee.
import type { Tx, TxId } from './transaction.js';
import { outranks, ThresholdTree, treapPriority, type TreeNode } from './thresholdTree.js';

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

class Waiting implements TreeNode {
  readonly threshold: bigint;
  readonly maxTip: bigint;
  readonly maxFee: bigint;
  readonly priority: number;
  left: this | undefined = undefined;
  right: this | undefined = undefined;
  bestTip: this = this;
  bestFee: this = this;
  inTree = false;
  /** Still in the pool: not yet included, rejected or expired. */
  live = true;
  /** The pool's transactions in submission order, a list threaded through them. */
  older: Waiting | undefined = undefined;
  newer: Waiting | undefined = undefined;

  constructor(
    readonly pending: PendingTx,
    readonly seq: number,
  ) {
    this.maxTip = pending.tx.maxPriorityFeePerGas;
    this.maxFee = pending.tx.maxFeePerGas;
    this.threshold = this.maxFee - this.maxTip;
    this.priority = treapPriority(seq);
  }
}

export class Mempool {
  /**
   * @param staleSlack entries of the expiry heap for transactions gone from the pool tolerated beyond
   *   one per waiting transaction before the heap is rebuilt; a test sets 0 to rebuild at nearly
   *   every removal.
   */
  constructor(private readonly staleSlack = 1024) {}

  // Every transaction in the pool, oldest first, linked through the transactions themselves: a
  // block empties the pool about as fast as it fills, and a Map of ids, deleting as many entries as
  // it added, rebuilt its table every few transactions.
  #oldest: Waiting | undefined;
  #newest: Waiting | undefined;
  #size = 0;
  #seq = 0;
  readonly #ranked = new ThresholdTree<Waiting>();
  // By (submitted block, submission): what expires first on top. Entries of transactions that have
  // left are skipped at the top and dropped when the heap is rebuilt. Built at the first call of
  // takeExpired: a chain whose transactions never expire (the worlds') keeps no heap at all.
  #bySubmission: Heap<Waiting> | undefined;
  // The block being built: whether one is, its base fee, the best of each side of the tree found so
  // far, and what was added meanwhile (not candidates of that block, as they were not in the pool it
  // ranked). Kept in fields rather than in a generator's frame: a block takes its transactions one
  // call at a time, with no iterator result per transaction.
  #building = false;
  #blockBaseFee = 0n;
  #tipTop: Waiting | undefined;
  #feeTop: Waiting | undefined;
  #arrivedDuringBlock: Waiting[] = [];
  /** The candidate `nextCandidate` returned last, which `takeCandidate` removes; its effective tip stays after. */
  #offered: Waiting | undefined;
  #offeredTip = 0n;
  // The last block's candidates, out of the tree since, in slots 0 to #lookedAtCount - 1: most are
  // taken right after, so the rest go back only when the pool is next ranked. One array reused from
  // block to block, each slot cleared as it is read back.
  readonly #lookedAt: (Waiting | undefined)[] = [];
  #lookedAtCount = 0;

  get size(): number {
    return this.#size;
  }

  add(pending: PendingTx): void {
    const w = new Waiting(pending, this.#seq++);
    this.#link(w);
    this.#bySubmission?.push(w);
    if (this.#building) this.#arrivedDuringBlock.push(w);
    else this.#ranked.insert(w);
  }

  /**
   * Starts looking at the pool for a block at `baseFee`: `nextCandidate` then gives the transactions
   * it may include, `takeCandidate` removes the one just given, and `closeBlock` ends the look.
   * Looking changes nothing else: what was given and not taken stays in the pool, and what is added
   * meanwhile waits for the next block.
   */
  openBlock(baseFee: bigint): void {
    if (this.#building) throw new Error('mempool: a block is already being built');
    this.#putBackLookedAt();
    this.#building = true;
    this.#blockBaseFee = baseFee;
    this.#tipTop = this.#feeTop = this.#offered = undefined;
  }

  /** The open block's next candidate, best effective tip first, ties by submission; undefined when none is left. */
  nextCandidate(): PendingTx | undefined {
    const baseFee = this.#blockBaseFee;
    // The side not taken from keeps its best (the two sides are disjoint), unless removed meanwhile.
    let tipTop = this.#tipTop;
    let feeTop = this.#feeTop;
    if (!tipTop?.inTree) this.#tipTop = tipTop = this.#ranked.bestTipBound(baseFee);
    if (!feeTop?.inTree) this.#feeTop = feeTop = this.#ranked.bestFeeBound(baseFee);
    const feeCandidate = feeTop && feeTop.maxFee >= baseFee ? feeTop : undefined;
    if (!tipTop && !feeCandidate) return (this.#offered = undefined);
    const feeTip = feeCandidate === undefined ? undefined : feeCandidate.maxFee - baseFee;
    let best: Waiting;
    if (tipTop !== undefined && (feeTip === undefined || outranks(tipTop.maxTip, feeTip, tipTop.seq, feeCandidate!.seq))) {
      best = tipTop;
      this.#offeredTip = tipTop.maxTip;
    } else {
      best = feeCandidate!;
      this.#offeredTip = feeTip!;
    }
    this.#ranked.delete(best);
    this.#lookedAt[this.#lookedAtCount++] = best;
    this.#offered = best;
    return best.pending;
  }

  /**
   * The effective tip of the candidate `nextCandidate` gave last, at the open block's base fee: what
   * `effectiveTip` gives, known from the side of the tree it came from (its maxTip where the tip
   * binds), so the block need not subtract again.
   */
  get offeredTip(): bigint {
    return this.#offeredTip;
  }

  /** Removes from the pool the candidate `nextCandidate` gave last: the block took it (included, or rejected at inclusion). */
  takeCandidate(): void {
    const w = this.#offered;
    if (w === undefined) throw new Error('mempool: no candidate to take');
    this.#offered = undefined;
    this.#unlink(w);
  }

  /** Ends the open block's look: what was added meanwhile joins the pool. */
  closeBlock(): void {
    this.#building = false;
    this.#tipTop = this.#feeTop = this.#offered = undefined;
    const arrived = this.#arrivedDuringBlock;
    if (arrived.length > 0) {
      for (const w of arrived) if (w.live) this.#ranked.insert(w);
      this.#arrivedDuringBlock = [];
    }
    this.#compactIfStale();
  }

  /** The transactions a block may include at this base fee, best effective tip first, ties by submission (the look of openBlock as a generator). */
  *candidates(baseFee: bigint): Generator<PendingTx> {
    this.openBlock(baseFee);
    try {
      for (let next = this.nextCandidate(); next !== undefined; next = this.nextCandidate()) yield next;
    } finally {
      this.closeBlock();
    }
  }

  /** Removes and returns, in submission order, what has been passed over by more than `maxWaitBlocks` blocks. */
  takeExpired(headBlock: number, maxWaitBlocks: number): PendingTx[] {
    const bySubmission = (this.#bySubmission ??= this.#submissionHeap());
    const expired: Waiting[] = [];
    const oldest = () => topFresh(bySubmission, (w) => w.live);
    for (let top = oldest(); top && headBlock - top.pending.submittedAtBlock > maxWaitBlocks; top = oldest()) {
      expired.push(bySubmission.pop()!);
    }
    expired.sort((a, b) => a.seq - b.seq);
    for (const w of expired) this.#drop(w);
    this.#compactIfStale();
    return expired.map((w) => w.pending);
  }

  #link(w: Waiting): void {
    w.older = this.#newest;
    if (this.#newest === undefined) this.#oldest = w;
    else this.#newest.newer = w;
    this.#newest = w;
    this.#size++;
  }

  /** Takes `w` out of the pool's list; it is out of the tree already, or `#drop` takes it out. */
  #unlink(w: Waiting): void {
    w.live = false;
    const { older, newer } = w;
    if (older === undefined) this.#oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.#newest = older;
    else newer.older = older;
    w.older = w.newer = undefined;
    this.#size--;
  }

  /** Takes `w` out of the pool, wherever it waits. */
  #drop(w: Waiting): void {
    this.#ranked.delete(w);
    this.#unlink(w);
  }

  #putBackLookedAt(): void {
    const lookedAt = this.#lookedAt;
    for (let i = 0; i < this.#lookedAtCount; i++) {
      const w = lookedAt[i]!;
      lookedAt[i] = undefined;
      if (w.live) this.#ranked.insert(w);
    }
    this.#lookedAtCount = 0;
  }

  // Entries of removed transactions are skipped at the top; once they outnumber the live ones the
  // heap is rebuilt, which amortizes to O(1) a removal.
  #compactIfStale(): void {
    if (this.#bySubmission === undefined || this.#bySubmission.size <= 2 * this.#size + this.staleSlack) return;
    this.#bySubmission = this.#submissionHeap();
  }

  /** The expiry heap of the transactions in the pool now. */
  #submissionHeap(): Heap<Waiting> {
    const heap = new Heap<Waiting>((a, b) =>
      a.pending.submittedAtBlock !== b.pending.submittedAtBlock ? a.pending.submittedAtBlock < b.pending.submittedAtBlock : a.seq < b.seq,
    );
    for (let w = this.#oldest; w !== undefined; w = w.newer) heap.push(w);
    return heap;
  }
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
