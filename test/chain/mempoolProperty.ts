// The mempool's property: block after block, with arrivals, blocks taken from or only looked at,
// and expiry, it chooses the same transactions in the same order as ranking the whole pool afresh
// at each block by effective tip (as the pool did once). Shared by mempool.test.ts and the planted
// bugs of plantedMempoolBug.test.ts, which must turn it red.
import fc from 'fast-check';
import { expect } from 'vitest';
import { effectiveTip, Mempool, type PendingTx } from '../../sim/chain/mempool.js';
import type { Tx, TxId } from '../../sim/chain/transaction.js';

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

/** The ids a block would consider at `baseFee`, best first. */
export const order = (mempool: Mempool, baseFee: bigint) => [...mempool.candidates(baseFee)].map((p) => p.id);

/** Fees from a few small values (many ties and threshold crossings) and some beyond 2^53. */
export const smallOrHugeFee = fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 1n << 60n, max: (1n << 60n) + 40n }));

/**
 * Fees near every power of ten up to 10^18 and 2^60 (a few apart, so with ties), and the base fees
 * fuzz 2031-1915 cycled through: each base fee drawn from these lands above some thresholds and
 * below others by many orders of magnitude, and consecutive ones swing far.
 */
export const swingingFee = fc.oneof(
  fc.constantFrom(0n, 1n, 320_000n, 100_000_000_000n, 33_000_000_000_000_000n),
  fc.integer({ min: 0, max: 18 }).chain((k) => fc.bigInt({ min: 10n ** BigInt(k), max: 10n ** BigInt(k) + 8n })),
  fc.bigInt({ min: 1n << 60n, max: (1n << 60n) + 8n }),
);

interface PropertyOptions {
  readonly fee: fc.Arbitrary<bigint>;
  readonly baseFee: fc.Arbitrary<bigint>;
  /** The pool's staleSlack. */
  readonly slack: number;
  readonly numRuns: number;
  readonly seed: number;
}

/** Asserts (fast-check, throwing with the shrunk counterexample) that the pool ranks as the reference does. */
export function agreesWithRankingAfresh({ fee, baseFee, slack, numRuns, seed }: PropertyOptions): void {
  const step = fc.record({
    arrivals: fc.array(fc.tuple(fee, fee, fc.integer({ min: 1, max: 4 })), { maxLength: 12 }),
    baseFee,
    gasLimit: fc.integer({ min: 0, max: 10 }),
    // Some blocks are only looked at, not taken from, and some expire what waited too long.
    take: fc.boolean(),
    expireAfter: fc.option(fc.integer({ min: 0, max: 4 })),
  });
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
        // Take in order until the next would overflow: as the chain builds a block (openBlock,
        // nextCandidate, takeCandidate, closeBlock), with a transaction arriving while the block is
        // open (it would rank first, but waits for the next block); or only look (candidates).
        const expected = referenceOrder(reference, s.baseFee);
        const taken: TxId[] = [];
        let gas = 0;
        if (s.take) {
          const lateTx: Tx<unknown> = { from: 'a', method: 'X.f', call: () => 0, maxFeePerGas: 1n << 62n, maxPriorityFeePerGas: 1n << 62n };
          const late = { id: nextId++, tx: lateTx, gas: 1, submittedAtBlock: block };
          mempool.openBlock(s.baseFee);
          for (let p = mempool.nextCandidate(); p !== undefined; p = mempool.nextCandidate()) {
            if (gas + p.gas > s.gasLimit) break;
            mempool.takeCandidate();
            // The tip the chain charges is the one the pool ranked it by.
            expect(mempool.offeredTip).toBe(effectiveTip(p.tx, s.baseFee));
            if (taken.length === 0) mempool.add(late);
            gas += p.gas;
            taken.push(p.id);
          }
          mempool.closeBlock();
          reference = reference.filter((p) => !taken.includes(p.id));
          if (taken.length > 0) reference.push(late);
        } else {
          for (const p of mempool.candidates(s.baseFee)) {
            if (gas + p.gas > s.gasLimit) break;
            gas += p.gas;
            taken.push(p.id);
          }
        }
        expect(taken).toEqual(expected.slice(0, taken.length));
        const next = expected[taken.length];
        if (next !== undefined) expect(gas + reference.find((p) => p.id === next)!.gas).toBeGreaterThan(s.gasLimit);
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
    { numRuns, seed },
  );
}
