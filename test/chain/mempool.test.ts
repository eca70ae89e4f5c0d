// Ranking in the mempool, including fees beyond 2^53 wei per gas where doubles stop being exact
// (a base fee that runs away for a few hundred full blocks gets there).
import { describe, expect, it } from 'vitest';
import { effectiveTip, Mempool } from '../../sim/chain/mempool.js';
import type { Tx } from '../../sim/chain/transaction.js';
import { agreesWithRankingAfresh, order, smallOrHugeFee, swingingFee } from './mempoolProperty.js';

function pool(fees: [maxFee: bigint, maxTip: bigint][]): Mempool {
  const mempool = new Mempool();
  fees.forEach(([maxFeePerGas, maxPriorityFeePerGas], i) => {
    const tx: Tx<unknown> = { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas, maxPriorityFeePerGas };
    mempool.add({ id: i + 1, tx, gas: 1, submittedAtBlock: 0 });
  });
  return mempool;
}

/** A block at `baseFee` that takes the transactions `ids`, as the chain builds one, and passes over the rest. */
function blockTaking(mempool: Mempool, baseFee: bigint, ids: readonly number[]): void {
  mempool.openBlock(baseFee);
  for (let p = mempool.nextCandidate(); p !== undefined; p = mempool.nextCandidate()) if (ids.includes(p.id)) mempool.takeCandidate();
  mempool.closeBlock();
}

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
    blockTaking(mempool, 0n, [2]);
    // At head 8 with at most 2 blocks of waiting: submitted at 5 (waited 3) go, 9 stays.
    expect(mempool.takeExpired(8, 2).map((p) => p.id)).toEqual([1, 3]);
    expect(order(mempool, 0n)).toEqual([4]);
    expect(mempool.size).toBe(1);
  });
});

describe('a block being built', () => {
  it('does not offer what arrives meanwhile; it waits for the next block, and what was looked at stays', () => {
    const mempool = pool([[10n, 3n], [10n, 2n]]);
    const offered: number[] = [];
    for (const p of mempool.candidates(0n)) {
      offered.push(p.id);
      if (p.id === 1) mempool.add({ id: 3, tx: { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas: 10n, maxPriorityFeePerGas: 9n }, gas: 1, submittedAtBlock: 0 });
    }
    expect(offered).toEqual([1, 2]);
    expect(order(mempool, 0n)).toEqual([3, 1, 2]);
    blockTaking(mempool, 0n, [1]);
    expect(order(mempool, 0n)).toEqual([3, 2]);
  });
});

describe('the pool against ranking afresh', () => {
  // Slack 0 rebuilds the expiry heap at nearly every removal, the default almost never in so small a pool.
  it.each([1024, 0])('selects the same transactions in the same order, block after block (stale slack %i)', (slack) => {
    agreesWithRankingAfresh({ fee: smallOrHugeFee, baseFee: smallOrHugeFee, slack, numRuns: 300, seed: 13 });
  });

  // Fuzz 2031-1915: a base fee cycling 0, 1, 320,000, 1e11, 3.3e16 every five blocks, crossing the
  // threshold of nearly every waiting transaction at each step.
  it('selects the same under a base fee swinging over many orders of magnitude', () => {
    agreesWithRankingAfresh({ fee: swingingFee, baseFee: swingingFee, slack: 1024, numRuns: 300, seed: 1915 });
  });
});
