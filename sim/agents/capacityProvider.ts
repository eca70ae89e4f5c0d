// A provider selling through the intent market: it lists its GPUs on the capacity desk at cost plus
// its markup, and tells the desk (by transaction) when an outage takes it down and when it is back.
// Solvers buy from the listing; the desk ends the reservations an outage interrupts.
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { IntentAuctionMarket } from '../markets/intents/intentAuction.js';
import { OutageCount, scheduleOutages, type Host } from './outages.js';
import { persist } from '../markets/persistence.js';

export interface CapacityProviderConfig {
  readonly index: number;
  readonly address: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  readonly costPerGpuHour: number;
  /** Its asking price over cost (0.2 = 20%). */
  readonly markup: number;
  readonly mtbf: number;
  readonly mttr: number;
}

export class CapacityProviderAgent implements Host {
  readonly config: CapacityProviderConfig;
  readonly #ctx: MarketContext;
  readonly #market: IntentAuctionMarket;
  readonly availability = new OutageCount();
  outageCount = 0;
  /** The desk refuses availability reports before the listing is on chain. */
  #listed = false;

  constructor(ctx: MarketContext, market: IntentAuctionMarket, config: CapacityProviderConfig) {
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
  }

  get up(): boolean {
    return this.availability.up;
  }

  /** Lists its GPUs (retried as SETUP_PERSISTENCE says); a provider that cannot list stays out of the market. */
  start(): void {
    const { address, gpuModel, gpus, costPerGpuHour, markup, mtbf, mttr } = this.config;
    persist(this.#ctx, (done) => this.#market.listCapacity(address, gpuModel, gpus, costPerGpuHour * (1 + markup), done), {
      succeeded: () => {
        this.#listed = true;
        // An outage that began before the listing was on chain is reported now.
        if (!this.up) this.#market.setAvailability(address, false, ignore);
      },
      gaveUp: () => {},
    });
    scheduleOutages(this.#ctx.kernel, this.#ctx.rng.get(`provider-failures/${this.config.index}`), mtbf, mttr, [this]);
  }

  beginOutage(): void {
    if (!this.availability.begin()) return;
    this.outageCount++;
    if (this.#listed) this.#market.setAvailability(this.config.address, false, ignore);
  }

  endOutage(): void {
    if (this.availability.end() && this.#listed) this.#market.setAvailability(this.config.address, true, ignore);
  }
}

function ignore(): void {}
