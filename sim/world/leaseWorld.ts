// The lease-auction world: providers with GPUs and outages, tenants arriving with jobs, and the
// Akash-style market between them, all on one chain. Builds every agent from the parameters and
// starts it; the caller runs the kernel and reads the views below for metrics and invariants.
import { Demand } from '../agents/demand.js';
import { ProviderAgent, type BiddingPolicy } from '../agents/provider.js';
import { TenantAgent, type JobReport } from '../agents/tenant.js';
import type { RandomStream } from '../engine/random.js';
import type { MarketContext } from '../markets/context.js';
import { LeaseAuctionMarket } from '../markets/leaseAuction.js';
import { USD_UNITS, usdToUnits } from '../markets/prices.js';
import type { Funding } from './funding.js';
import type { WorldParams } from './params.js';

/** Gas money each new account receives from outside the model: enough for hundreds of transactions. */
const GAS_ALLOWANCE = 10n ** 18n;
/** USD a provider holds for bid deposits (refunded when a bid closes). */
const PROVIDER_FLOAT_USD = 1_000;

export class LeaseWorld {
  readonly market: LeaseAuctionMarket;
  readonly providers: ProviderAgent[] = [];
  readonly outcomes = { arrived: 0, completed: 0, unserved: 0, failed: 0, interruptions: 0, started: 0, waitSum: 0, leases: 0, priceSum: 0 };
  /** Prices (USD per GPU-hour) of the leases started since the recorder last took them. */
  #newPrices: number[] = [];
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    const lease = params.market.leaseAuction;
    this.market = new LeaseAuctionMarket(ctx, {
      bidMinDeposit: usdToUnits(lease.bidMinDeposit),
      minDeposit: usdToUnits(lease.minDeposit),
      orderMaxBids: lease.orderMaxBids,
      takeRatePercent: lease.takeRatePercent,
    });
  }

  start(): void {
    this.#startProviders();
    this.#startFailureGroups();
    const { users, providers, market } = this.#params;
    const demand = new Demand(this.#ctx, { ...users, gpuTypes: providers.gpuTypes });
    const settings = {
      bidWindow: market.leaseAuction.bidWindow,
      depositCover: users.budget.depositCover,
      minDeposit: usdToUnits(market.leaseAuction.minDeposit),
    };
    demand.start((job) => {
      this.outcomes.arrived++;
      const tenant = new TenantAgent(this.#ctx, this.market, `tenant:${job.id}`, job, settings, (r) => this.#record(r));
      this.#funding.fund(tenant.address, { usd: tenant.budget(), native: GAS_ALLOWANCE });
      tenant.start();
    });
  }

  /** Prices of the leases whose jobs finished since the last call. */
  takeNewPrices(): number[] {
    const prices = this.#newPrices;
    this.#newPrices = [];
    return prices;
  }

  #record(report: JobReport): void {
    const o = this.outcomes;
    o[report.outcome]++;
    o.interruptions += report.interruptions;
    if (Number.isFinite(report.wait)) {
      o.started++;
      o.waitSum += report.wait;
    }
    for (const price of report.prices) {
      o.leases++;
      o.priceSum += price;
      this.#newPrices.push(price);
    }
  }

  #startProviders(): void {
    const { providers } = this.#params;
    const assignment = this.#ctx.rng.get('providers/setup');
    const sigma = Math.sqrt(Math.log(1 + providers.costCv * providers.costCv));
    const types = Array.from({ length: providers.count }, () => providers.gpuTypes[assignment.weightedChoice(providers.gpuTypes.map((t) => t.share))]!);
    for (let index = 0; index < providers.count; index++) {
      const type = types[index]!;
      // A mean-one lognormal spread, so the model's cost stays the providers' average.
      const cost = type.costPerGpuHour * assignment.lognormal(-(sigma * sigma) / 2, sigma);
      const agent = new ProviderAgent(this.#ctx, this.market, {
        index,
        address: `provider:${index}`,
        gpuModel: type.name,
        gpus: providers.gpus,
        costPerGpuHour: cost,
        bidLatency: providers.bidding.latency,
        takeRate: this.#params.market.leaseAuction.takeRatePercent / 100,
        bidding: this.#biddingPolicy(types.filter((t) => t === type).length),
        withdrawInterval: providers.withdrawInterval,
        mtbf: providers.failures.mtbf,
        mttr: providers.failures.mttr,
      });
      this.#funding.fund(agent.config.address, { usd: BigInt(PROVIDER_FLOAT_USD * USD_UNITS), native: GAS_ALLOWANCE });
      this.providers.push(agent);
      agent.start();
    }
  }

  /** `rivals`: providers of the same GPU model, the bidders an equilibrium bidder expects. */
  #biddingPolicy(rivals: number): BiddingPolicy {
    const { bidding } = this.#params.providers;
    switch (bidding.policy) {
      case 'truthful':
        return { kind: 'truthful' };
      case 'cost-plus':
        return { kind: 'cost-plus', markup: bidding.markup };
      case 'equilibrium':
        return { kind: 'equilibrium', bidders: rivals };
    }
  }

  /** Correlated outages: providers are spread round-robin over groups; a group outage takes all of its members down. */
  #startFailureGroups(): void {
    const { groups, groupMtbf, groupMttr } = this.#params.providers.failures;
    if (groups <= 0 || !(groupMtbf > 0 && Number.isFinite(groupMtbf))) return;
    for (let g = 0; g < groups; g++) {
      const members = this.providers.filter((p) => p.config.index % groups === g);
      const rng = this.#ctx.rng.get(`failure-group/${g}`);
      this.#scheduleGroupOutage(rng, members, groupMtbf, groupMttr);
    }
  }

  #scheduleGroupOutage(rng: RandomStream, members: ProviderAgent[], mtbf: number, mttr: number): void {
    const kernel = this.#ctx.kernel;
    kernel.schedule(rng.exponential(1 / mtbf), () => {
      for (const p of members) p.beginOutage();
      kernel.schedule(rng.exponential(1 / mttr), () => {
        for (const p of members) p.endOutage();
        this.#scheduleGroupOutage(rng, members, mtbf, mttr);
      });
    });
  }
}
