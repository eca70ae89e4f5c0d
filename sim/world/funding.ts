// Money entering the model from outside it, and leaving it: users' budgets and everyone's gas money.
// Minting is the treasury's act at the edge of the world (an on-ramp), not a transaction of any
// agent; so is taking back what a user whose job is over has left (an off-ramp: a burn), after which
// the ledgers forget the user, so that a month of users does not stay in memory. Every mint and every
// burn is counted, so conservation can be checked to the base unit.
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';

/** Gas money each new account receives: 1 ETH, hundreds of transactions at a few gwei. */
export const GAS_ALLOWANCE = 10n ** 18n;

export class Funding {
  mintedUsd = 0n;
  mintedNative = 0n;
  withdrawnUsd = 0n;
  withdrawnNative = 0n;
  readonly #ctx: MarketContext;

  constructor(ctx: MarketContext) {
    this.#ctx = ctx;
  }

  fund(to: Address, amounts: { readonly usd?: bigint; readonly native?: bigint }): void {
    const { usd, native } = this.#ctx.tokens;
    const at = this.#ctx.chain.context(this.#ctx.treasury);
    if (amounts.usd !== undefined && amounts.usd > 0n) {
      usd.mint(at, to, amounts.usd);
      this.mintedUsd += amounts.usd;
    }
    if (amounts.native !== undefined && amounts.native > 0n) {
      native.mint(at, to, amounts.native);
      this.mintedNative += amounts.native;
    }
  }

  /**
   * A user whose job is over leaves the model: what it holds goes back out through the treasury,
   * and the ledgers forget it (its approvals included). Only for an address that will never act
   * again. Returns what it took out.
   */
  withdrawAll(from: Address): { readonly usd: bigint; readonly native: bigint } {
    const { usd, native } = this.#ctx.tokens;
    const at = this.#ctx.chain.context(this.#ctx.treasury);
    const taken = { usd: usd.balanceOf(from), native: native.balanceOf(from) };
    if (taken.usd > 0n) usd.burn(at, from, taken.usd);
    if (taken.native > 0n) native.burn(at, from, taken.native);
    usd.forget(from);
    native.forget(from);
    this.withdrawnUsd += taken.usd;
    this.withdrawnNative += taken.native;
    return taken;
  }
}
