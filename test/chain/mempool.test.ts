// Ranking in the mempool, including fees beyond 2^53 wei per gas where doubles stop being exact
// (a base fee that runs away for a few hundred full blocks gets there).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { effectiveTip, Mempool, type PendingTx } from '../../sim/chain/mempool.js';
import type { Tx, TxId } from '../../sim/chain/transaction.js';

function pool(fees: [maxFee: bigint, maxTip: bigint][]): Mempool {
  const mempool = new Mempool();
  fees.forEach(([maxFeePerGas, maxPriorityFeePerGas], i) => {
    const tx: Tx<unknown> = { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas, maxPriorityFeePerGas };
    mempool.add({ id: i + 1, tx, gas: 1, submittedAtBlock: 0 });
  });
  return mempool;
}

const order = (mempool: Mempool, baseFee: bigint) => [...mempool.candidates(baseFee)].map((p) => p.id);

describe('mempool ranking', () => {
  it('orders by min(maxPriority, maxFee - baseFee), ties by submission, and leaves out maxFee < baseFee', () => {
    // At base fee 100: tips 5, min(9, 3) = 3, -, 5, 0.
    const mempool = pool([[200n, 5n], [103n, 9n], [99n, 50n], [105n, 5n], [100n, 7n]]);
    expect(order(mempool, 100n)).toEqual([1, 4, 2, 5]);
    // At base fee 0 every tip is uncapped: 50, 9, 7, 5, 5.
    expect(order(mempool, 0n)).toEqual([3, 2, 5, 1, 4]);
  });

  it('ranks exactly above 2^53, where neighbouring tips round to the same double', () => {
    const big = 1n << 60n; // doubles near 2^60 are 256 apart
    expect(Number(big + 1n)).toBe(Number(big + 2n));
    // Tips at base fee 1: 2^60, 2^60 + 1, 2^60 + 1 (tie: submission order), and a small exact one.
    const mempool = pool([[big + 1n, big + 1n], [big + 2n, big + 2n], [big + 2n, big + 5n], [1_000n, 10n]]);
    expect(order(mempool, 1n)).toEqual([2, 3, 1, 4]);
    // A base fee beyond 2^53 leaves only the big ones, ranked by maxFee - baseFee.
    expect(order(mempool, big)).toEqual([2, 3, 1]);
    expect(effectiveTip({ from: 'a', method: 'X.f', call: () => 0, maxFeePerGas: big + 2n, maxPriorityFeePerGas: big }, big)).toBe(2n);
  });

  it('removes what was taken and expires what waited too long, in submission order', () => {
    const mempool = new Mempool();
    const tx: Tx<unknown> = { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n };
    [5, 7, 5, 9].forEach((block, i) => mempool.add({ id: i + 1, tx, gas: 1, submittedAtBlock: block }));
    mempool.remove(new Set([2]));
    // At head 8 with at most 2 blocks of waiting: submitted at 5 (waited 3) go, 9 stays.
    expect(mempool.takeExpired(8, 2).map((p) => p.id)).toEqual([1, 3]);
    expect(order(mempool, 0n)).toEqual([4]);
    expect(mempool.size).toBe(1);
  });
});

// The pool keeps its order incrementally across base fees; the reference ranks everything afresh
// at each block, as the pool did before. They must choose the same transactions in the same order.
function referenceOrder(waiting: PendingTx[], baseFee: bigint): TxId[] {
  return waiting
    .map((p, position) => ({ p, position }))
    .filter(({ p }) => p.tx.maxFeePerGas >= baseFee)
    .sort((a, b) => {
      const ta = effectiveTip(a.p.tx, baseFee);
      const tb = effectiveTip(b.p.tx, baseFee);
      return ta !== tb ? (ta > tb ? -1 : 1) : a.position - b.position;
    })
    .map(({ p }) => p.id);
}

// Fees from a few small values (many ties and threshold crossings) and some beyond 2^53.
const fee = fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 1n << 60n, max: (1n << 60n) + 40n }));
const step = fc.record({
  arrivals: fc.array(fc.tuple(fee, fee, fc.integer({ min: 1, max: 4 })), { maxLength: 12 }),
  baseFee: fee,
  gasLimit: fc.integer({ min: 0, max: 10 }),
  // Some blocks are only looked at, not taken from, and some expire what waited too long.
  take: fc.boolean(),
  expireAfter: fc.option(fc.integer({ min: 0, max: 4 })),
});

describe('the incremental pool against ranking afresh', () => {
  // Slack 0 rebuilds the heaps at nearly every removal, the default almost never in so small a pool.
  it.each([1024, 0])('selects the same transactions in the same order, block after block (stale slack %i)', (slack) => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const mempool = new Mempool(slack);
        let reference: PendingTx[] = [];
        let nextId = 1;
        steps.forEach((s, block) => {
          for (const [a, b, gas] of s.arrivals) {
            const [maxPriorityFeePerGas, maxFeePerGas] = a <= b ? [a, b] : [b, a];
            const tx: Tx<unknown> = { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas, maxPriorityFeePerGas };
            const pending = { id: nextId++, tx, gas, submittedAtBlock: block };
            mempool.add(pending);
            reference.push(pending);
          }
          // As the chain builds a block: take in order until the next would overflow.
          const expected = referenceOrder(reference, s.baseFee);
          const taken: TxId[] = [];
          let gas = 0;
          for (const p of mempool.candidates(s.baseFee)) {
            if (gas + p.gas > s.gasLimit) break;
            gas += p.gas;
            taken.push(p.id);
          }
          expect(taken).toEqual(expected.slice(0, taken.length));
          const next = expected[taken.length];
          if (next !== undefined) expect(gas + reference.find((p) => p.id === next)!.gas).toBeGreaterThan(s.gasLimit);
          if (s.take) {
            mempool.remove(new Set(taken));
            reference = reference.filter((p) => !taken.includes(p.id));
          }
          if (s.expireAfter !== null) {
            const expired = mempool.takeExpired(block, s.expireAfter).map((p) => p.id);
            const stale = reference.filter((p) => block - p.submittedAtBlock > s.expireAfter!).map((p) => p.id);
            expect(expired).toEqual(stale);
            reference = reference.filter((p) => !stale.includes(p.id));
          }
          expect(mempool.size).toBe(reference.length);
          expect(order(mempool, s.baseFee)).toEqual(referenceOrder(reference, s.baseFee));
        });
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
