// The posted-price protocol's keeper, an agent the world builds and funds: it pokes the posted price as soon as each interval has passed, like a
// price-oracle updater. Its poke is an ordinary transaction with a normal tip, so a congested chain
// delays the adjustment (and the window it closes grows by the delay). It aims each poke at the
// first block at or after the next adjustment time; a poke that reverts (someone else poked first)
// is aimed at the new time, one that is dropped is tried again an interval later.
import { feeOf, type Receipt } from '../chain/transaction.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { PostedPriceMarket } from '../markets/posted/postedPrice.js';
import type { PriceUpdate } from '../markets/posted/contract.js';

export class PriceKeeperAgent {
  readonly address: Address;
  readonly #ctx: MarketContext;
  readonly #market: PostedPriceMarket;

  // Counters the world reads for metrics.
  pokes = 0;
  failedPokes = 0;
  /** Seconds from each adjustment's earliest time to the block that made it, summed. */
  delaySeconds = 0;
  /** Gas fees paid, in wei. */
  gasPaid = 0n;

  constructor(ctx: MarketContext, market: PostedPriceMarket, address: Address) {
    this.#ctx = ctx;
    this.#market = market;
    this.address = address;
  }

  start(): void {
    this.#scheduleNext();
  }

  #scheduleNext(): void {
    const at = this.#market.clock.timeAt(this.#market.contract.nextAdjustmentAt);
    this.#ctx.kernel.schedule(Math.max(0, at - this.#ctx.kernel.now()), () => this.#poke());
  }

  #poke(): void {
    const due = this.#market.contract.nextAdjustmentAt;
    this.#market.poke(this.address, (r: Receipt<PriceUpdate>) => {
      if (r.status !== 'dropped') this.gasPaid += feeOf(r);
      if (r.status === 'success') {
        this.pokes++;
        this.delaySeconds += r.timestamp - due;
        this.#scheduleNext();
        return;
      }
      this.failedPokes++;
      // A dropped poke (no gas money, or expired) waits an interval rather than retrying every block.
      if (r.status === 'dropped') this.#ctx.kernel.schedule(this.#market.contract.adjustInterval, () => this.#poke());
      else this.#scheduleNext();
    });
  }
}
