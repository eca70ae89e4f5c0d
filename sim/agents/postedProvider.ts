// A provider selling through the posted-price market: it lists its GPUs (declaring its cost, which
// orders who gets the next job), reports its outages and repairs by transaction as they happen, and
// weighs the posted price of its GPU model, net of the protocol fee, against its cost: below it for
// long enough, it closes its listing, lets its jobs run out and leaves; when the price has recovered
// for long enough it reopens (sim/agents/exitPolicy.ts).
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import { persist } from '../markets/persistence.js';
import type { PostedPriceMarket } from '../markets/posted/postedPrice.js';
import type { ExitSettings } from './exitPolicy.js';
import { AvailabilityReport } from './availabilityReport.js';
import { scheduleOutages, type Host } from './outages.js';
import { ProviderAccount } from './providerBooks.js';

export interface PostedProviderConfig {
  readonly index: number;
  readonly address: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** USD per GPU-hour its GPUs cost while in service. */
  readonly costPerGpuHour: number;
  readonly mtbf: number;
  readonly mttr: number;
  readonly exit: ExitSettings;
}

export class PostedProviderAgent implements Host {
  readonly config: PostedProviderConfig;
  /** Its books: availability, exit policy, what it earned and what its machines cost. */
  readonly account: ProviderAccount;
  outageCount = 0;
  readonly #ctx: MarketContext;
  readonly #market: PostedPriceMarket;
  /** Availability reports wait until the listing is on chain. */
  #listed = false;
  readonly #availabilityReport: AvailabilityReport;

  constructor(ctx: MarketContext, market: PostedPriceMarket, config: PostedProviderConfig) {
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    const feeShare = market.params.protocolFeeBps / 10_000;
    this.account = new ProviderAccount(ctx.kernel, config, {
      revenueMicro: () => market.earnedBy(config.address),
      busyGpuSeconds: () => Number(market.contract.pool.busyIntegralOf(config.address, ctx.chain.timestamp)),
      expectedPrice: () => market.priceUsd(config.gpuModel) * (1 - feeShare),
      stopOffering: (done) => market.setOpen(config.address, false, (r) => done(r.status === 'success')),
      resumeOffering: (done) => market.setOpen(config.address, true, (r) => done(r.status === 'success')),
      workEndsAt: () => {
        const until = market.contract.pool.heldUntil(config.address, market.clock.firstBlockFrom(ctx.kernel.now()));
        return until === undefined ? undefined : market.clock.timeAt(until);
      },
    });
    this.#availabilityReport = new AvailabilityReport(
      () => this.account.up,
      (up, landed) => market.setAvailability(config.address, up, landed),
    );
    this.account.availability.watch((up) => {
      this.#report();
      if (!up) this.account.exitPolicy.workChanged();
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
    const { address, gpuModel, gpus, costPerGpuHour, mtbf, mttr, index } = this.config;
    persist(this.#ctx, (done) => this.#market.listProvider(address, gpuModel, gpus, costPerGpuHour, done), {
      succeeded: () => {
        this.#listed = true;
        this.account.joined();
        // An outage that began before the listing was on chain is reported now.
        this.#report();
      },
      gaveUp: () => this.account.exitPolicy.leaveForGood(),
    });
    scheduleOutages(this.#ctx.kernel, this.#ctx.rng.get(`provider-failures/${index}`), mtbf, mttr, [this]);
    this.account.exitPolicy.start();
  }

  beginOutage(): void {
    if (this.account.availability.begin()) this.outageCount++;
  }

  endOutage(): void {
    this.account.availability.end();
  }

  /** Sends the machine's state if it differs from what the chain last heard (once listed). */
  #report(): void {
    if (this.#listed) this.#availabilityReport.report();
  }
}
