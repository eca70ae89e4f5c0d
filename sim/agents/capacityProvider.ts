// A provider selling through the intent market: it lists its GPUs on the capacity desk at cost plus
// its markup, and tells the desk (by transaction) when an outage takes it down and when it is back.
// Solvers buy from the listing; the desk ends the reservations an outage interrupts. Its exit policy
// (sim/agents/exitPolicy.ts) weighs what solvers recently paid providers of its GPU model: below its
// cost for long enough, it closes its listing, lets its reservations run out and leaves; when those
// prices recover it reopens.
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { IntentAuctionMarket } from '../markets/intents/intentAuction.js';
import { persist } from '../markets/persistence.js';
import type { ExitSettings } from './exitPolicy.js';
import { AvailabilityReport } from './availabilityReport.js';
import { scheduleOutages, type Host } from './outages.js';
import { ProviderAccount } from './providerBooks.js';

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
  readonly exit: ExitSettings;
}

export class CapacityProviderAgent implements Host {
  readonly config: CapacityProviderConfig;
  /** Its books: availability, exit policy, what it earned and what its machines cost. */
  readonly account: ProviderAccount;
  readonly #ctx: MarketContext;
  readonly #market: IntentAuctionMarket;
  outageCount = 0;
  /** The desk refuses availability reports before the listing is on chain. */
  #listed = false;
  readonly #availabilityReport: AvailabilityReport;

  constructor(ctx: MarketContext, market: IntentAuctionMarket, config: CapacityProviderConfig) {
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    market.capacityTrades.keepWindow(config.exit.window);
    // A down report that lands changes the work the provider holds (the desk ends its reservations).
    this.#availabilityReport = new AvailabilityReport(
      () => this.account.up,
      (up, landed) =>
        market.setAvailability(config.address, up, () => {
          if (!up) this.account.exitPolicy.workChanged();
          landed();
        }),
    );
    this.account = new ProviderAccount(ctx.kernel, config, {
      revenueMicro: () => market.earnedBy(config.address),
      busyGpuSeconds: () => market.desk.heldGpuSeconds(config.address, ctx.chain.timestamp),
      expectedPrice: () => market.capacityTrades.meanSince(config.gpuModel, ctx.kernel.now() - config.exit.window),
      stopOffering: (done) => market.setListingOpen(config.address, false, (r) => done(r.status === 'success')),
      resumeOffering: (done) => market.setListingOpen(config.address, true, (r) => done(r.status === 'success')),
      workEndsAt: () => {
        const until = market.desk.holdsUntil(config.address, market.clock.firstBlockFrom(ctx.kernel.now()));
        return until === undefined ? undefined : market.clock.timeAt(until);
      },
    });
  }

  get availability(): ProviderAccount['availability'] {
    return this.account.availability;
  }

  get up(): boolean {
    return this.account.up;
  }

  /** Lists its GPUs (retried as SETUP_PERSISTENCE says); a provider that cannot list stays out of the market. */
  start(): void {
    const { address, gpuModel, gpus, costPerGpuHour, markup, mtbf, mttr } = this.config;
    persist(this.#ctx, (done) => this.#market.listCapacity(address, gpuModel, gpus, costPerGpuHour * (1 + markup), done), {
      succeeded: () => {
        this.#listed = true;
        this.account.joined();
        // An outage that began before the listing was on chain is reported now.
        this.#availabilityReport.report();
      },
      gaveUp: () => this.account.exitPolicy.leaveForGood(),
    });
    scheduleOutages(this.#ctx.kernel, this.#ctx.rng.get(`provider-failures/${this.config.index}`), mtbf, mttr, [this]);
    this.account.exitPolicy.start();
  }

  beginOutage(): void {
    if (!this.account.availability.begin()) return;
    this.outageCount++;
    if (this.#listed) this.#availabilityReport.report();
  }

  endOutage(): void {
    if (this.account.availability.end() && this.#listed) this.#availabilityReport.report();
  }
}
