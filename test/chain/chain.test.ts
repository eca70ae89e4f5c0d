// The chain's block building, pricing and revert semantics, on setups small enough that every
// expected number below is worked out by hand in the comment beside it. Base-fee arithmetic is the
// EIP-1559 rule of specs/contracts.md section 4 (go-ethereum CalcBaseFee): over target the fee rises
// by floor((gasUsed - target) * fee / target / 8), under target it falls by the mirror amount.
import { describe, expect, it } from 'vitest';
import { Chain, type BlockInfo, type ChainParams } from '../../sim/chain/chain.js';
import { effectiveGasPrice, type Receipt, type Tx } from '../../sim/chain/transaction.js';
import { Counter } from './counterContract.js';
import { ListKernel } from './testKernel.js';

/** Number of the first block produced (the default start block). */
const START = 20_000_000;
const GAS = { 'Counter.add': 100_000, 'Counter.big': 400_000, 'Counter.mid': 300_000 };

function setup(params: ChainParams = {}) {
  const kernel = new ListKernel();
  const chain = new Chain(kernel, { gasTable: GAS, initialBaseFee: 100n, ...params });
  const receipts: Receipt<bigint>[] = [];
  /** Runs the kernel through `n` more blocks. */
  const blocks = (n: number) => kernel.run(kernel.now() + n * chain.blockTime);
  const tx = (over: Partial<Tx<bigint>> = {}): Tx<bigint> => ({
    from: 'alice',
    method: 'Counter.add',
    call: () => 0n,
    maxFeePerGas: 1_000n,
    maxPriorityFeePerGas: 1n,
    onReceipt: (r) => receipts.push(r),
    ...over,
  });
  return { kernel, chain, receipts, blocks, tx };
}

describe('block clock', () => {
  it('advances block number and timestamp together, one block per blockTime', () => {
    const { chain, blocks, kernel } = setup({ blockTime: 6, genesisTimestamp: 1_000 });
    const seen: BlockInfo[] = [];
    chain.onBlock((b) => seen.push(b));
    expect([chain.blockNumber, chain.timestamp]).toEqual([START - 1, 1_000]);
    blocks(3);
    expect(seen.map((b) => [b.number, b.timestamp, b.time])).toEqual([
      [START, 1_006, 6],
      [START + 1, 1_012, 12],
      [START + 2, 1_018, 18],
    ]);
    expect([chain.blockNumber, chain.timestamp, kernel.now()]).toEqual([START + 2, 1_018, 18]);
  });

  it('calls block listeners in registration order, after the receipts', () => {
    const { chain, blocks, tx } = setup();
    const log: string[] = [];
    chain.onBlock(() => log.push('first'));
    chain.onBlock(() => log.push('second'));
    chain.submit(tx({ onReceipt: () => log.push('receipt') }));
    blocks(1);
    expect(log).toEqual(['receipt', 'first', 'second']);
  });

  it('takes any whole start block (the restaking floor is the scenario\'s rule), not a negative one', () => {
    expect(() => new Chain(new ListKernel(), { startBlock: -1 })).toThrow(/startBlock must be a whole number >= 0/);
    expect(() => new Chain(new ListKernel(), { startBlock: 0 })).not.toThrow();
  });

  it('drops a transaction larger than a block at the next block, with a receipt that says so', () => {
    const { chain, tx, kernel, receipts } = setup({ gasLimit: 350_000 });
    chain.submit(tx({ method: 'Counter.big' }));
    expect(chain.mempoolSize).toBe(0);
    kernel.run(12);
    expect(receipts).toEqual([expect.objectContaining({ status: 'dropped', reason: 'exceeds the block gas limit', method: 'Counter.big' })]);
    expect(chain.counters()).toMatchObject({ oversized: 1, transactions: 0 });
  });

  it('fails the run when a receipt callback throws, naming the agent and its transaction', () => {
    const { chain, tx, kernel } = setup();
    chain.submit(
      tx({
        from: 'staker:7',
        onReceipt: () => {
          throw new Error('not handled');
        },
      }),
    );
    expect(() => kernel.run(12)).toThrow(
      "the receipt callback of staker:7 threw on its 'Counter.add' transaction (ok): Error: not handled",
    );
  });

  it('refuses malformed transactions, with a readable reason', () => {
    const { chain, tx } = setup({ gasLimit: 350_000 });
    expect(() => chain.submit(tx({ method: 'Counter.nope' }))).toThrow(/no gas cost for method 'Counter.nope'/);
    expect(() => chain.submit(tx({ maxFeePerGas: 5n, maxPriorityFeePerGas: 6n }))).toThrow(/maxPriorityFeePerGas/);
    expect(() => chain.submit(tx({ maxFeePerGas: 1000 as unknown as bigint }))).toThrow(/need bigint wei/);
    expect(chain.mempoolSize).toBe(0);
  });
});

describe('block building', () => {
  it('includes by effective tip, ties in submission order', () => {
    const { chain, receipts, blocks, tx } = setup({ initialBaseFee: 100n });
    // Effective tip = min(maxPriority, maxFee - baseFee): 5, 1, 3, 3, and min(9, 104 - 100) = 4.
    const a = chain.submit(tx({ maxPriorityFeePerGas: 5n }));
    const b = chain.submit(tx({ maxPriorityFeePerGas: 1n }));
    const c = chain.submit(tx({ maxPriorityFeePerGas: 3n }));
    const d = chain.submit(tx({ maxPriorityFeePerGas: 3n }));
    const e = chain.submit(tx({ maxPriorityFeePerGas: 9n, maxFeePerGas: 104n }));
    blocks(1);
    expect(receipts.map((r) => r.txId)).toEqual([a, e, c, d, b]);
    expect(receipts.map((r) => (r.status === 'dropped' ? -1 : r.index))).toEqual([0, 1, 2, 3, 4]);
    expect(receipts.map((r) => (r.status === 'dropped' ? -1n : effectiveGasPrice(r)))).toEqual([105n, 104n, 103n, 103n, 101n]);
    // Without a ledger nothing is debited, but the totals are kept: 5 x 100k gas x base fee 100
    // burned, and 100k x (5 + 4 + 3 + 3 + 1) in tips.
    expect([chain.burned, chain.tips]).toEqual([50_000_000n, 1_600_000n]);
  });

  it('packs up to the gas limit and stops at the first transaction that does not fit', () => {
    const { chain, receipts, blocks, tx } = setup({ gasLimit: 1_000_000 });
    // A 400k, B 400k, C 300k, D 100k by tip. Block 1: A + B = 800k; C would make 1.1M, so the block
    // closes there, although D alone would have fitted. Block 2: C + D = 400k.
    const a = chain.submit(tx({ method: 'Counter.big', maxPriorityFeePerGas: 4n }));
    const b = chain.submit(tx({ method: 'Counter.big', maxPriorityFeePerGas: 3n }));
    const c = chain.submit(tx({ method: 'Counter.mid', maxPriorityFeePerGas: 2n }));
    const d = chain.submit(tx({ method: 'Counter.add', maxPriorityFeePerGas: 1n }));
    const gasPerBlock: number[] = [];
    chain.onBlock((blk) => gasPerBlock.push(blk.gasUsed));
    blocks(2);
    expect(receipts.map((r) => [r.txId, r.block])).toEqual([
      [a, START],
      [b, START],
      [c, START + 1],
      [d, START + 1],
    ]);
    expect(gasPerBlock).toEqual([800_000, 400_000]);
  });

  it('keeps a transaction priced under the base fee waiting until the fee falls to it', () => {
    const { chain, receipts, blocks, tx } = setup({ initialBaseFee: 1_000n });
    // Empty blocks cut the fee by floor(fee/8): 1000 -> 875 -> 766 -> 671. A maxFee of 800 first
    // clears the fee of block 3 (766), with tip min(10, 800 - 766) = 10.
    chain.submit(tx({ maxFeePerGas: 800n, maxPriorityFeePerGas: 10n }));
    blocks(2);
    expect(receipts).toEqual([]);
    expect(chain.mempoolSize).toBe(1);
    expect(chain.baseFee).toBe(766n);
    blocks(1);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'success', block: START + 2, baseFeePerGas: 766n, priorityFeePerGas: 10n });
    expect(receipts[0]!.status !== 'dropped' && effectiveGasPrice(receipts[0]!)).toBe(776n);
    expect(chain.mempoolSize).toBe(0);
  });

  it('raises the base fee by exactly 12.5% per full block', () => {
    const { chain, blocks, tx } = setup({ gasLimit: 1_000_000, initialBaseFee: 1_000_000_000n });
    for (let i = 0; i < 40; i++) chain.submit(tx({ maxFeePerGas: 10_000_000_000n }));
    const fees: bigint[] = [];
    chain.onBlock((b) => fees.push(b.nextBaseFeePerGas));
    blocks(5);
    // Ten 100k transactions fill each 1M block, so gasUsed - target = target and the rise is
    // floor(fee/8): 1e9 -> 1,125,000,000 -> 1,265,625,000 -> 1,423,828,125 -> 1,601,806,640
    // (1,423,828,125 / 8 = 177,978,515.6, floored). The fifth block is empty: 1,601,806,640 -
    // floor(1,601,806,640 / 8) = 1,601,806,640 - 200,225,830 = 1,401,580,810.
    expect(fees).toEqual([1_125_000_000n, 1_265_625_000n, 1_423_828_125n, 1_601_806_640n, 1_401_580_810n]);
  });

  it('passes its elasticity and change denominator to the base fee rule', () => {
    const { chain, blocks, tx } = setup({ gasLimit: 400_000, initialBaseFee: 1_000n, elasticityMultiplier: 4, baseFeeChangeDenominator: 4 });
    // Target 400k / 4 = 100k. Four 100k transactions fill the block: the rise is
    // floor((400k - 100k) x 1000 / 100k / 4) = 750, so 1000 -> 1750.
    for (let i = 0; i < 4; i++) chain.submit(tx({ maxFeePerGas: 5_000n }));
    blocks(1);
    expect(chain.baseFee).toBe(1_750n);
    expect(() => setup({ gasLimit: 3, elasticityMultiplier: 4 })).toThrow(/gasLimit must be a whole number >= 4/);
  });

  it('counts background traffic toward the base fee, behind the model\'s transactions', () => {
    // Background at the target (500k of 1M) holds the fee flat on its own: 1000 -> 1000.
    const flat = setup({ gasLimit: 1_000_000, backgroundGas: 500_000, initialBaseFee: 1_000n });
    flat.blocks(1);
    expect(flat.chain.baseFee).toBe(1_000n);
    // A 300k transaction goes first; the background fills 500k more: 800k, so the fee rises by
    // floor(300k x 1000 / 500k / 8) = 75.
    flat.chain.submit(flat.tx({ method: 'Counter.mid', maxFeePerGas: 5_000n }));
    const seen: [number, number][] = [];
    flat.chain.onBlock((b) => seen.push([b.gasUsed, b.backgroundGasUsed]));
    flat.blocks(1);
    expect(seen).toEqual([[800_000, 500_000]]);
    expect(flat.chain.baseFee).toBe(1_075n);
    expect(flat.chain.counters().gasUsed).toBe(300_000);
    // Background of 900k only gets the 700k left by the transaction: a full block, +12.5%.
    const busy = setup({ gasLimit: 1_000_000, backgroundGas: 900_000, initialBaseFee: 1_000n });
    busy.chain.submit(busy.tx({ method: 'Counter.mid', maxFeePerGas: 5_000n }));
    busy.blocks(1);
    expect(busy.chain.baseFee).toBe(1_125n);
    expect(() => setup({ gasLimit: 1_000_000, backgroundGas: 1_000_001 })).toThrow(/backgroundGas 1000001 exceeds the gas limit/);
  });

  it('delays a low-tip transaction behind congestion by the number of blocks it takes to clear', () => {
    const { chain, receipts, blocks, tx } = setup({ gasLimit: 1_000_000 });
    // Ten 100k transactions fit a block. The low-tip one is submitted first, then 35 with a higher
    // tip: those take blocks 1-3 whole (30) and 5 slots of block 4, so it lands in block 4 at index 5.
    const low = chain.submit(tx({ maxPriorityFeePerGas: 1n, maxFeePerGas: 100_000n }));
    for (let i = 0; i < 35; i++) chain.submit(tx({ maxPriorityFeePerGas: 2n, maxFeePerGas: 100_000n }));
    blocks(4);
    const mine = receipts.find((r) => r.txId === low);
    expect(mine).toMatchObject({ status: 'success', block: START + 3, index: 5 });
    expect(receipts).toHaveLength(36);
  });

  it('prices and delays a bank run of withdrawals with the default gas table and limits', () => {
    const kernel = new ListKernel();
    const chain = new Chain(kernel);
    const receipts: Receipt[] = [];
    // 500 queueWithdrawals at 150,000 gas: 200 fit a 30M block, so they take blocks 1, 2 and 3
    // (200 + 200 + 100). The first two blocks are full, so the base fee goes 1 gwei -> 1.125 gwei
    // -> 1.265625 gwei, and the last 100 stakers pay 26.6% more per gas than the first 200.
    for (let i = 0; i < 500; i++) {
      chain.submit({
        from: `staker${i}`,
        method: 'DelegationManager.queueWithdrawals',
        call: () => undefined,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 0n,
        onReceipt: (r) => receipts.push(r),
      });
    }
    kernel.run(3 * 12);
    const perBlock = new Map<number, bigint>();
    for (const r of receipts) if (r.status === 'success') perBlock.set(r.block, r.baseFeePerGas);
    expect(receipts.filter((r) => r.block === START)).toHaveLength(200);
    expect(receipts.filter((r) => r.block === START + 2)).toHaveLength(100);
    expect([...perBlock]).toEqual([
      [START, 1_000_000_000n],
      [START + 1, 1_125_000_000n],
      [START + 2, 1_265_625_000n],
    ]);
  });

  it('drops a transaction passed over by more than the expiry, with a receipt', () => {
    const { chain, receipts, blocks, tx } = setup({ initialBaseFee: 1_000n, mempoolExpiryBlocks: 2 });
    // Never payable (maxFee 10 < 671, the lowest fee in these blocks): passed over by blocks 1 and
    // 2, and by block 3 it has waited more than 2 blocks.
    chain.submit(tx({ maxFeePerGas: 10n, maxPriorityFeePerGas: 0n }));
    blocks(2);
    expect(receipts).toEqual([]);
    blocks(1);
    expect(receipts).toEqual([
      { status: 'dropped', txId: 1, from: 'alice', method: 'Counter.add', block: START + 2, timestamp: 1_700_000_036, reason: 'expired' },
    ]);
    expect(chain.counters()).toMatchObject({ expired: 1, transactions: 0, mempoolSize: 0 });
  });
});

describe('execution', () => {
  it('runs the call with the block as context and returns its value', () => {
    const { chain, receipts, blocks, tx } = setup({ genesisTimestamp: 500 });
    const counter = new Counter(10n);
    let seen = {};
    chain.submit(tx({ from: 'bob', call: (ctx) => ((seen = ctx), counter.add(ctx, 4n)) }));
    blocks(1);
    expect(seen).toEqual({ sender: 'bob', block: START, timestamp: 512 });
    expect(receipts[0]).toMatchObject({ status: 'success', value: 4n });
    expect(counter.lastCaller).toBe('bob');
  });

  it('reports a revert by its error name, changes nothing, and still uses the gas', () => {
    const { chain, receipts, blocks, tx } = setup();
    const counter = new Counter(10n);
    chain.submit(tx({ call: (ctx) => counter.add(ctx, 7n) }));
    chain.submit(tx({ call: (ctx) => counter.add(ctx, 7n) })); // 14 > cap 10
    chain.submit(tx({ call: (ctx) => counter.add(ctx, -1n) }));
    const gas: number[] = [];
    chain.onBlock((b) => gas.push(b.gasUsed, b.transactions, b.reverts));
    blocks(1);
    expect(receipts.map((r) => r.status)).toEqual(['success', 'reverted', 'reverted']);
    expect(receipts.map((r) => (r.status === 'reverted' ? r.error : ''))).toEqual(['', 'CapExceeded', 'Panic(0x11)']);
    expect(counter.value).toBe(7n);
    expect(gas).toEqual([300_000, 3, 2]);
    expect(chain.counters()).toMatchObject({ blocks: 1, transactions: 3, reverts: 2, gasUsed: 300_000 });
  });

  it('lets an exception that is not a contract error propagate: it is a bug in the model', () => {
    const { chain, blocks, tx } = setup();
    chain.submit(
      tx({
        call: () => {
          throw new TypeError('agent bug');
        },
      }),
    );
    expect(() => blocks(1)).toThrow('agent bug');
  });

  it('puts transactions submitted from a receipt or a block listener into the next block', () => {
    const { chain, receipts, blocks, tx } = setup();
    chain.onBlock((b) => {
      if (b.number === START) chain.submit(tx());
    });
    chain.submit(tx({ onReceipt: (r) => (receipts.push(r), chain.submit(tx())) }));
    blocks(2);
    expect(receipts.map((r) => [r.txId, r.block])).toEqual([
      [1, START],
      [2, START + 1],
      [3, START + 1],
    ]);
  });
});
