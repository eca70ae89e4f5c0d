// Money entering the model from outside it: users' budgets and everyone's gas money. Minting is the
// treasury's act at the edge of the world (an on-ramp), not a transaction of any agent; every mint
// is counted, so conservation can be checked to the base unit.
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';

/** Gas money each new account receives: 1 ETH, hundreds of transactions at a few gwei. */
export const GAS_ALLOWANCE = 10n ** 18n;

export class Funding {
  mintedUsd = 0n;
  mintedNative = 0n;
  readonly #ctx: MarketContext;

  constructor(ctx: MarketContext) {
    this.#ctx = ctx;
  }

  fund(to: Address, amounts: { readonly usd?: bigint; readonly native?: bigint }): void {
    const { usd, native } = this.#ctx.tokens;
    const at = { sender: this.#ctx.treasury, block: this.#ctx.chain.blockNumber, timestamp: this.#ctx.chain.timestamp };
    if (amounts.usd !== undefined && amounts.usd > 0n) {
      usd.mint(at, to, amounts.usd);
      this.mintedUsd += amounts.usd;
    }
    if (amounts.native !== undefined && amounts.native > 0n) {
      native.mint(at, to, amounts.native);
      this.mintedNative += amounts.native;
    }
  }
}
