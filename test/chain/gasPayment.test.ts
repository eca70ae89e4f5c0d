// Gas paid in the native currency: base fee burned, tip to the proposer, senders who cannot cover
// gas · maxFee turned away at inclusion, and no token created or lost on the way.
import { describe, expect, it } from 'vitest';
import { Chain } from '../../sim/chain/chain.js';
import { feeOf, type Receipt } from '../../sim/chain/transaction.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import { Counter } from './counterContract.js';
import { ListKernel } from './testKernel.js';

const PROTOCOL = 'protocol';
const PROPOSER = 'proposer';

function setup() {
  const kernel = new ListKernel();
  const eth = new ERC20('Ether', 'ETH', 18, PROTOCOL);
  const chain = new Chain(kernel, {
    gasTable: { 'Counter.add': 100_000 },
    initialBaseFee: 100n,
    proposer: PROPOSER,
    nativeCurrency: eth,
  });
  const mint = (to: string, amount: bigint) => eth.mint(chain.context(PROTOCOL), to, amount);
  const blocks = (n: number) => kernel.run(kernel.now() + n * chain.blockTime);
  return { eth, chain, mint, blocks };
}

describe('gas payment', () => {
  it('burns the base fee, pays the tip, keeps it on revert, and turns away who cannot pay', () => {
    const { eth, chain, mint, blocks } = setup();
    const counter = new Counter(5n);
    mint('alice', 1_000_000_000n);
    mint('bob', 50_000_000n); // needs 100k gas x maxFee 1000 = 1e8 to be let in
    mint('carol', 100_000_000n); // exactly 1e8: enough
    const receipts: Receipt<bigint>[] = [];
    const onReceipt = (r: Receipt<bigint>) => receipts.push(r);
    chain.submit({ from: 'alice', method: 'Counter.add', call: (ctx) => counter.add(ctx, 1n), maxFeePerGas: 1_000n, maxPriorityFeePerGas: 5n, onReceipt });
    chain.submit({ from: 'bob', method: 'Counter.add', call: (ctx) => counter.add(ctx, 1n), maxFeePerGas: 1_000n, maxPriorityFeePerGas: 4n, onReceipt });
    chain.submit({ from: 'carol', method: 'Counter.add', call: (ctx) => counter.add(ctx, 9n), maxFeePerGas: 1_000n, maxPriorityFeePerGas: 3n, onReceipt });
    let gasUsed = 0;
    chain.onBlock((b) => (gasUsed = b.gasUsed));
    blocks(1);

    // Base fee 100. alice: 100k x (100 + 5) = 10,500,000 (10,000,000 burned, 500,000 tip).
    // carol reverts (1 + 9 > cap 5) and still pays 100k x (100 + 3) = 10,300,000.
    // bob is rejected: no gas used, nothing paid, his call never runs.
    expect(receipts.map((r) => r.status)).toEqual(['success', 'dropped', 'reverted']);
    expect(receipts[1]).toMatchObject({ from: 'bob', reason: 'insufficient funds for gas' });
    expect(receipts[2]).toMatchObject({ index: 1, priorityFeePerGas: 3n, error: 'CapExceeded' });
    expect(receipts.map((r) => (r.status === 'dropped' ? 0n : feeOf(r)))).toEqual([10_500_000n, 0n, 10_300_000n]);
    expect(counter.value).toBe(1n);
    expect(gasUsed).toBe(200_000);
    expect(eth.balanceOf('alice')).toBe(989_500_000n);
    expect(eth.balanceOf('bob')).toBe(50_000_000n);
    expect(eth.balanceOf('carol')).toBe(89_700_000n);
    expect(eth.balanceOf(PROPOSER)).toBe(800_000n);
    expect(chain.burned).toBe(20_000_000n);
    expect(eth.totalSupply).toBe(1_150_000_000n - 20_000_000n);
    expect(chain.counters()).toMatchObject({ transactions: 2, reverts: 1, rejected: 1, gasUsed: 200_000 });
  });

  it('reverts a ported contract call (ERC-20 transfer beyond balance) with its error name and no change', () => {
    const { eth, chain, mint, blocks } = setup();
    const usd = new ERC20('USD Coin', 'USDC', 6, PROTOCOL);
    usd.mint(chain.context(PROTOCOL), 'alice', 70n);
    mint('alice', 1_000_000_000n);
    const receipts: Receipt<true>[] = [];
    const transfer = (amount: bigint) =>
      chain.submit({
        from: 'alice',
        method: 'ERC20.transfer',
        call: (ctx) => usd.transfer(ctx, 'bob', amount),
        maxFeePerGas: 1_000n,
        maxPriorityFeePerGas: 1n,
        onReceipt: (r) => receipts.push(r),
      });
    transfer(50n);
    transfer(50n); // 20 left: OZ v5 reverts ERC20InsufficientBalance
    blocks(1);
    expect(receipts.map((r) => (r.status === 'reverted' ? r.error : r.status))).toEqual(['success', 'ERC20InsufficientBalance']);
    expect([usd.balanceOf('alice'), usd.balanceOf('bob'), usd.totalSupply]).toEqual([20n, 50n, 70n]);
    // Both paid for 50,000 gas (the default ERC20.transfer) at 100 + 1 wei.
    expect(eth.balanceOf('alice')).toBe(1_000_000_000n - 2n * 50_000n * 101n);
  });

  it('conserves the native currency: minted = balances + burned, and fees = burned + tips', () => {
    const { eth, chain, mint, blocks } = setup();
    const counter = new Counter(40n);
    const senders = ['a', 'b', 'c', 'd', 'e'];
    let minted = 0n;
    senders.forEach((s, i) => {
      const amount = BigInt(i) * 150_000_000n; // 'a' holds nothing: always rejected
      if (amount > 0n) mint(s, amount);
      minted += amount;
    });
    let fees = 0n;
    const onReceipt = (r: Receipt<bigint>) => {
      if (r.status !== 'dropped') fees += feeOf(r);
    };
    // 400 transactions over 10 full blocks of 300 (30M / 100k): tips and fee caps vary, the counter
    // hits its cap after 40 successes so later calls revert, poorer senders run dry and are rejected.
    for (let i = 0; i < 400; i++) {
      chain.submit({
        from: senders[i % senders.length]!,
        method: 'Counter.add',
        call: (ctx) => counter.add(ctx, 1n),
        maxFeePerGas: 200n + BigInt((i * 37) % 300),
        maxPriorityFeePerGas: BigInt(i % 7),
        onReceipt,
      });
    }
    blocks(12);
    const counters = chain.counters();
    expect(counters.reverts).toBeGreaterThan(0);
    expect(counters.rejected).toBeGreaterThan(0);
    const held = [...eth.holders().values()].reduce((a, b) => a + b, 0n);
    expect(held + chain.burned).toBe(minted);
    expect(eth.totalSupply).toBe(minted - chain.burned);
    expect(fees).toBe(chain.burned + chain.tips);
    expect(eth.balanceOf(PROPOSER)).toBe(chain.tips);
  });
});
