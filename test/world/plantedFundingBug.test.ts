// A planted accounting bug in a copy of the world: its Funding mints the first tenant's budget
// without counting it, as an on-ramp that forgot its books would. The unmodified runMarketWorld
// runs on top of it (the module is swapped for this file only), and its usd_conservation
// invariant must name the first block after the mint and the uncounted amount; the runner must
// then report the run as failed. The unmodified world's clean run is in marketWorld.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { Address } from '../../sim/contracts/types.js';
import type { MarketContext } from '../../sim/markets/context.js';
import { runModel } from '../../sim/models.js';
import { runMarketWorld } from '../../sim/world/marketWorld.js';
import { smallMarketParams, smallMarketSpec } from './smallMarket.js';

const planted = vi.hoisted(() => ({ mints: [] as { amount: bigint; headBlock: number; time: number }[] }));

vi.mock('../../sim/world/funding.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../sim/world/funding.js')>();
  class FundingThatForgetsOneMint extends real.Funding {
    readonly #ctx: MarketContext;
    #forgotten = false;

    constructor(ctx: MarketContext) {
      super(ctx);
      this.#ctx = ctx;
    }

    override fund(to: Address, amounts: { readonly usd?: bigint; readonly native?: bigint }): void {
      if (this.#forgotten || !to.startsWith('tenant:') || amounts.usd === undefined) return super.fund(to, amounts);
      this.#forgotten = true;
      const { chain, kernel, tokens, treasury } = this.#ctx;
      tokens.usd.mint({ sender: treasury, block: chain.blockNumber, timestamp: chain.timestamp }, to, amounts.usd);
      planted.mints.push({ amount: amounts.usd, headBlock: chain.blockNumber, time: kernel.now() });
      super.fund(to, { ...(amounts.native === undefined ? {} : { native: amounts.native }) });
    }
  }
  return { ...real, Funding: FundingThatForgetsOneMint };
});

describe('a planted funding bug', () => {
  it('is caught by usd_conservation at the first block after the uncounted mint, with the gap in its values', () => {
    planted.mints.length = 0;
    const outcome = runMarketWorld(smallMarketParams(), smallMarketSpec().seed, { kernel: 'heap' });
    expect(planted.mints).toHaveLength(1);
    const [{ amount, headBlock, time }] = planted.mints as [(typeof planted.mints)[number]];
    // Blocks come every 12 s from t = 0, numbered from the chain's start block.
    const startBlock = smallMarketParams().chain.startBlock;
    expect(Math.floor(time / 12)).toBe(headBlock - startBlock + 1);

    const first = outcome.invariants.violations[0]!;
    expect([first.invariant, first.block, first.time]).toEqual(['usd_conservation', headBlock + 1, 12 * (headBlock - startBlock + 2)]);
    const { minted, totalSupply } = first.values as { minted: string; totalSupply: string };
    expect(BigInt(totalSupply) - BigInt(minted)).toBe(amount);
    // The gap never closes, so every later check fails too, and nothing else does.
    expect(new Set(outcome.invariants.violations.map((v) => v.invariant))).toEqual(new Set(['usd_conservation']));
    expect(outcome.invariants.violationCount).toBe(outcome.invariants.checks - (headBlock - startBlock + 1));
  });

  it('makes the runner report the run as failed with the count of violations', () => {
    const result = runModel(smallMarketSpec());
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ name: 'InvariantViolation', message: `${result.summary['invariant_violations']} invariant violation(s)` });
    expect(result.summary['invariant_violations']).toBeGreaterThan(0);
  });
});
