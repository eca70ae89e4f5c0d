// The chain must behave identically on every kernel: same blocks, same inclusion, same fees. The
// workload submits at times that fall between blocks and exactly on block times (which must make
// that block: blocks seal after every other event of their instant). Three 300k transactions fit a
// block and four arrive per block, so a backlog builds and the base fee climbs to the 1,500 fee cap
// and oscillates under it: inclusion and pricing both matter to the trace.
import { describe, expect, it } from 'vitest';
import { Chain } from '../../sim/chain/chain.js';
import { createKernel } from '../../sim/engine/index.js';
import type { Kernel } from '../../sim/engine/kernel.js';
import { ListKernel } from './testKernel.js';

function trace(kernel: Kernel): string[] {
  const chain = new Chain(kernel, { gasLimit: 1_000_000, gasTable: { 'X.f': 300_000 }, initialBaseFee: 1_000n });
  const log: string[] = [];
  chain.onBlock((b) => log.push(`block ${b.number} t=${b.time} gas=${b.gasUsed} fee=${b.baseFeePerGas}`));
  for (let i = 0; i < 60; i++) {
    // Times 0, 3, 6, ... 177: every fourth lands exactly on a block time.
    kernel.schedule(i * 3, () => {
      chain.submit({
        from: `agent${i % 4}`,
        method: 'X.f',
        call: () => i,
        maxFeePerGas: 1_500n,
        maxPriorityFeePerGas: BigInt((i * 7) % 5),
        onReceipt: (r) => log.push(`tx ${r.txId} ${r.status} in ${r.block} at ${kernel.now()}`),
      });
    });
  }
  kernel.run(240);
  return log;
}

describe('chain on the real kernels', () => {
  it('gives the same trace on the heap, simjs and the test kernel', () => {
    const reference = trace(new ListKernel());
    expect(trace(createKernel('heap'))).toEqual(reference);
    expect(trace(createKernel('simjs'))).toEqual(reference);
  });

  it('includes a transaction submitted exactly at a block time in that block', () => {
    const log = trace(createKernel('heap'));
    // Transaction 5 is submitted at t = 12, the first block's time, with tip 3; of the five waiting
    // (tips 0, 2, 4, 1, 3) the block takes the three best: ids 3, 5 and 2.
    expect(log).toContain('tx 5 success in 20000000 at 12');
  });
});
