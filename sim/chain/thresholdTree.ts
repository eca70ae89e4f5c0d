// The mempool's ranking structure: waiting transactions in a search tree keyed by (threshold, seq),
// where threshold = maxFee − maxTip, the highest base fee at which the tip binds. Each node also
// holds the best transaction of its subtree by tip and the best by fee, so at any base fee b
//   - the best tip-bound transaction (threshold ≥ b) is one walk from the root, and
//   - the best fee-bound transaction (threshold < b) another,
// and nothing moves when the base fee does. Balance is a treap's: node priorities are a hash of the
// submission sequence, deterministic, so the shape (and the cost) is the same on every run; the
// answers do not depend on the shape at all, only on the rules in `augment`.

export interface TreeNode {
  /** maxFeePerGas − maxPriorityFeePerGas. */
  readonly threshold: bigint;
  /** Submission order: the key's tie-break and every ranking's. */
  readonly seq: number;
  readonly maxTip: bigint;
  readonly maxFee: bigint;
  /** The treap's heap priority: a hash of seq. */
  readonly priority: number;
  left: this | undefined;
  right: this | undefined;
  /** The best of this subtree by maxTip (ties: lower seq), and by maxFee. */
  bestTip: this;
  bestFee: this;
  inTree: boolean;
}

/** A well-mixed 32-bit hash of the submission sequence (murmur3's finalizer): the node's priority. */
export function treapPriority(seq: number): number {
  let h = Math.imul(seq, 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Higher key first, then earlier submission. */
export function outranks(keyA: bigint, keyB: bigint, seqA: number, seqB: number): boolean {
  return keyA !== keyB ? keyA > keyB : seqA < seqB;
}

const keyBefore = (a: TreeNode, b: TreeNode) => (a.threshold !== b.threshold ? a.threshold < b.threshold : a.seq < b.seq);

export class ThresholdTree<N extends TreeNode> {
  #root: N | undefined;

  insert(node: N): void {
    node.left = node.right = undefined;
    node.bestTip = node.bestFee = node;
    node.inTree = true;
    this.#root = this.#insert(this.#root, node);
  }

  delete(node: N): void {
    if (!node.inTree) return;
    this.#root = this.#delete(this.#root, node);
    node.inTree = false;
  }

  /** The best by tip among those whose threshold is at least `baseFee`: where the tip binds. */
  bestTipBound(baseFee: bigint): N | undefined {
    let best: N | undefined;
    for (let n = this.#root; n; ) {
      if (n.threshold >= baseFee) {
        // n and everything to its right qualify.
        best = this.#betterByTip(best, n);
        if (n.right) best = this.#betterByTip(best, n.right.bestTip);
        n = n.left;
      } else n = n.right;
    }
    return best;
  }

  /** The best by maxFee among those whose threshold is below `baseFee`: where the fee binds. */
  bestFeeBound(baseFee: bigint): N | undefined {
    let best: N | undefined;
    for (let n = this.#root; n; ) {
      if (n.threshold < baseFee) {
        // n and everything to its left qualify.
        best = this.#betterByFee(best, n);
        if (n.left) best = this.#betterByFee(best, n.left.bestFee);
        n = n.right;
      } else n = n.left;
    }
    return best;
  }

  #betterByTip(a: N | undefined, b: N): N {
    return a === undefined || outranks(b.maxTip, a.maxTip, b.seq, a.seq) ? b : a;
  }

  #betterByFee(a: N | undefined, b: N): N {
    return a === undefined || outranks(b.maxFee, a.maxFee, b.seq, a.seq) ? b : a;
  }

  /** Recomputes a node's subtree bests from its own and its children's. */
  protected augment(n: N): void {
    let tip = n;
    let fee = n;
    const { left, right } = n;
    if (left) {
      tip = this.#betterByTip(tip, left.bestTip);
      fee = this.#betterByFee(fee, left.bestFee);
    }
    if (right) {
      tip = this.#betterByTip(tip, right.bestTip);
      fee = this.#betterByFee(fee, right.bestFee);
    }
    n.bestTip = tip;
    n.bestFee = fee;
  }

  #insert(t: N | undefined, node: N): N {
    if (!t) return node;
    if (keyBefore(node, t)) {
      const left = this.#insert(t.left, node);
      t.left = left;
      if (left.priority > t.priority) return this.#rotateRight(t);
    } else {
      const right = this.#insert(t.right, node);
      t.right = right;
      if (right.priority > t.priority) return this.#rotateLeft(t);
    }
    this.augment(t);
    return t;
  }

  #delete(t: N | undefined, node: N): N | undefined {
    if (!t) return undefined;
    if (t === node) return this.#merge(t.left, t.right);
    if (keyBefore(node, t)) t.left = this.#delete(t.left, node);
    else t.right = this.#delete(t.right, node);
    this.augment(t);
    return t;
  }

  /** Joins two treaps, every key of `a` before every key of `b`. */
  #merge(a: N | undefined, b: N | undefined): N | undefined {
    if (!a) return b;
    if (!b) return a;
    if (a.priority > b.priority) {
      a.right = this.#merge(a.right, b);
      this.augment(a);
      return a;
    }
    b.left = this.#merge(a, b.left);
    this.augment(b);
    return b;
  }

  #rotateRight(t: N): N {
    const l = t.left!;
    t.left = l.right;
    this.augment(t);
    l.right = t;
    this.augment(l);
    return l;
  }

  #rotateLeft(t: N): N {
    const r = t.right!;
    t.right = r.left;
    this.augment(t);
    r.left = t;
    this.augment(r);
    return r;
  }
}
